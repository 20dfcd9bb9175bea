from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.backoffice import engagement, feedback, floor, postfees, register, reports, views

app_name = "backoffice"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("", views.home, name="inbox"),
    path("hop-thu/<str:scope>/", views.inbox, name="inbox-scope"),
    path("tiep-nhan/", views.reception, name="reception"),
    path("tiep-nhan/<str:code>/", views.reception_form, name="reception-form"),
    path("tim-kiem/", views.search, name="search"),
    path("giam-sat/", views.supervisor, name="supervisor"),
    path("bao-cao/", reports.statistics, name="statistics"),
    path("so-theo-doi/", register.register, name="register"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/", views.dossier_act, name="act"),
    path("ho-so/<str:code>/ket-qua/", views.dossier_result, name="result"),
    path("ho-so/<str:code>/phieu/<str:kind>.pdf", views.slip, name="slip"),
    path("ho-so/<str:code>/tai-lieu/<int:pk>/", views.document_file, name="document"),
    # The centre floor: counter console, queue times, visitors of epidemic mode.
    path("quay/", floor.counter_console, name="floor-counter"),
    path("quay/<int:counter_id>/", floor.counter_act, name="floor-counter-act"),
    path("hang-doi/thoi-gian/", floor.queue_report, name="floor-report"),
    path("khach/", floor.visits, name="floor-visits"),
    path("khach/<int:pk>/", floor.visit_act, name="floor-visit-act"),
    path("khach/<int:pk>/truy-vet/", floor.visit_trace, name="floor-trace"),
    path("quay/<int:counter_id>/khao-sat/", engagement.counter_survey, name="counter-survey"),
    # Guidance and the hotline: one owner per request; the supervisor's overdue callbacks and surveys.
    path("huong-dan/", engagement.guidance_log, name="guidance"),
    path("huong-dan/yeu-cau/<int:pk>/", engagement.guidance_request_act, name="guidance-request"),
    path("huong-dan/chuyen/<int:pk>/", engagement.guidance_transfer_act, name="guidance-transfer"),
    path("tong-dai/", engagement.hotline_log, name="hotline"),
    path("giam-sat/huong-dan/", engagement.engagement_supervision, name="engagement-supervision"),
    # Feedback and petitions (PAKN).
    path("phan-anh/", feedback.inbox, name="feedback-inbox"),
    path("phan-anh/moi/", feedback.intake, name="feedback-intake"),
    path("phan-anh/<int:pk>/", feedback.detail, name="feedback"),
    path("phan-anh/<int:pk>/thao-tac/", feedback.act, name="feedback-act"),
    path("ho-so/<str:code>/buu-chinh/", postfees.post_handover, name="post-handover"),
    path("ho-so/<str:code>/buu-chinh/den/", postfees.post_incoming, name="post-incoming"),
    path("ho-so/<str:code>/thu-phi/", postfees.payment_counter, name="payment"),
    path("ho-so/<str:code>/hoan-phi/", postfees.payment_refund_view, name="refund"),
    path("ho-so/<str:code>/bien-lai/<int:pk>.pdf", postfees.payment_receipt, name="receipt"),
    path("buu-chinh/", postfees.post_page, name="post"),
    path("buu-chinh/<str:day>/ban-giao.<str:fmt>", postfees.post_handover_list, name="post-list"),
    path("buu-chinh/buu-gui/<int:pk>/trang-thai/", postfees.post_status, name="post-status"),
]
