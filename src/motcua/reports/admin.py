from __future__ import annotations

from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.reports.models import ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin[ReportTemplate]):
    list_display = ["code", "name", "form_number", "title", "updated_at"]
    search_fields = ["code", "name", "title"]
