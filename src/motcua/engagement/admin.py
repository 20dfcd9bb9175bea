from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.engagement.models import GuidanceSession, HotlineCall, Survey


@admin.register(GuidanceSession)
class GuidanceSessionAdmin(AuditedAdminMixin, admin.ModelAdmin[GuidanceSession]):
    list_display = ["at", "topic", "channel", "staff_name"]
    date_hierarchy = "at"


@admin.register(HotlineCall)
class HotlineCallAdmin(AuditedAdminMixin, admin.ModelAdmin[HotlineCall]):
    list_display = ["at", "topic", "duration_seconds", "outcome"]
    date_hierarchy = "at"


@admin.register(Survey)
class SurveyAdmin(AuditedAdminMixin, admin.ModelAdmin[Survey]):
    list_display = ["at", "satisfaction", "attitude", "dossier"]
    list_filter = ["satisfaction", "attitude"]
    raw_id_fields = ["dossier"]
    date_hierarchy = "at"
