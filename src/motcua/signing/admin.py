from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.signing.models import SigningKey


@admin.register(SigningKey)
class SigningKeyAdmin(AuditedAdminMixin, admin.ModelAdmin[SigningKey]):
    list_display = ["label", "agency", "kind", "signer_name", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "signer_name", "agency__name"]
    autocomplete_fields = ["agency"]
