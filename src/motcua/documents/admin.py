from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.documents.models import SlipTemplate


@admin.register(SlipTemplate)
class SlipTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin[SlipTemplate]):
    list_display = ["kind", "form_number", "circular", "title"]
