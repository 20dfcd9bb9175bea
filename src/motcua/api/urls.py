from django.urls import path, re_path

from motcua.api import dossiers, notices, openapi, payments, postal, views

app_name = "api"
urlpatterns = [
    path("procedures", views.procedure_list, name="procedures"),
    path("procedures/<str:code>", views.procedure_detail, name="procedure"),
    path("agencies", views.agency_list, name="agencies"),
    path("lookup", views.dossier_lookup, name="lookup"),
    path("dossiers", dossiers.dossier_create, name="dossiers"),
    path("dossiers/<str:code>", dossiers.dossier_detail, name="dossier"),
    path("dossiers/<str:code>/actions", dossiers.dossier_action, name="dossier-actions"),
    path("dossiers/<str:code>/results", dossiers.dossier_result, name="dossier-results"),
    path("dossiers/<str:code>/slips/<str:kind>.pdf", dossiers.dossier_slip, name="dossier-slip"),
    path("notices/receipts", notices.notice_receipt_callback, name="notice-receipts"),
    path("postal/callback", postal.postal_callback, name="postal-callback"),
    path("payments/notify", payments.payment_notify, name="payment-notify"),
    path("openapi.json", openapi.schema, name="openapi"),
    re_path(r"", views.not_found),  # last: any other path under /api/v1/ is a JSON 404, not an HTML page
]
