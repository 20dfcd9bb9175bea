from django.urls import path

from motcua.portal import submission, tracking, verification, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
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
    # The QR code of a signed result's stamp.
    path("xac-thuc/<str:verification_id>/", verification.verify, name="verify"),
]
