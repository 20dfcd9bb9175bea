from django.urls import path

from motcua.portal import feedback, floor, paygate, submission, survey, tracking, verification, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/mau/<int:document_id>/", views.form_template, name="form_template"),
    path("co-quan/", views.agencies, name="agencies"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Online submission, one question per page.
    path("nop-ho-so/<str:code>/", submission.submit_start, name="submit_start"),
    path("nop-ho-so/<str:code>/nguoi-nop/", submission.submit_applicant, name="submit_applicant"),
    path("nop-ho-so/<str:code>/co-quan/", submission.submit_agency, name="submit_agency"),
    path("nop-ho-so/<str:code>/giay-to/", submission.submit_documents, name="submit_documents"),
    path("nop-ho-so/<str:code>/nhan-ket-qua/", submission.submit_delivery, name="submit_delivery"),
    path("nop-ho-so/<str:code>/kiem-tra/", submission.submit_check, name="submit_check"),
    path("nop-ho-so/<str:code>/da-nop/", submission.submit_done, name="submit_done"),
    # Tracking (the receipt's QR code opens /tra-cuu/?ma=<code>).
    path("tra-cuu/", tracking.track, name="track"),
    path("tra-cuu/ket-thuc/", tracking.track_finish, name="track_finish"),  # before <code>
    path("tra-cuu/<str:code>/", tracking.track_detail, name="track_detail"),
    path("tra-cuu/<str:code>/ket-qua/", tracking.track_result, name="track_result"),
    path("tra-cuu/<str:code>/bo-sung/", tracking.track_supplement, name="track_supplement"),
    path("tra-cuu/<str:code>/phieu-bo-sung/", tracking.track_slip, name="track_slip"),
    path("tra-cuu/<str:code>/khao-sat/", survey.track_survey, name="track_survey"),
    # The satisfaction survey from the result notice's link (MOTCUA_NOTICE_SURVEY_URL + token).
    path("khao-sat/<str:token>/", survey.survey_link, name="survey"),
    # The centre floor: kiosk and tickets, display board, appointments, visitor check-in.
    path("lay-so/<int:point_id>/", floor.kiosk, name="floor_kiosk"),
    path("lay-so/ve/<str:token>/", floor.ticket_page, name="floor_ticket"),
    path("man-hinh/<int:point_id>/", floor.display, name="floor_display"),
    path("man-hinh/<int:point_id>/du-lieu.json", floor.display_data, name="floor_display_data"),
    path("dat-lich/<int:point_id>/", floor.book, name="floor_book"),
    path("dat-lich/xac-nhan/<str:confirmation>/", floor.booked, name="floor_booked"),
    path("khai-bao/<int:point_id>/", floor.check_in, name="floor_check_in"),
    path("tra-cuu/<str:code>/thanh-toan/", tracking.track_pay, name="track_pay"),
    path("tra-cuu/<str:code>/bien-lai/<int:pk>.pdf", tracking.track_receipt, name="track_receipt"),
    # Feedback and petitions (PAKN): the form, the citizen's link, the published answers.
    path("phan-anh/", feedback.feedback_form, name="feedback"),
    path("phan-anh/theo-doi/<str:token>/", feedback.feedback_follow, name="feedback_follow"),
    path("phan-anh/cong-khai/", feedback.feedback_public, name="feedback_public"),
    path("phan-anh/cong-khai/<int:pk>/", feedback.feedback_public_detail, name="feedback_public_detail"),
    # The stand-in payment gateway (MOTCUA_PAYMENT_GATEWAY=local only; a 404 otherwise).
    path("cong-thanh-toan-thu/", paygate.paygate, name="paygate"),
    # The QR code of a signed result's stamp.
    path("xac-thuc/<str:verification_id>/", verification.verify, name="verify"),
]
