from django.contrib import admin
from django.http import HttpRequest

from motcua.core.admin import AuditedAdminMixin
from motcua.engagement.models import (
    GuidanceRequest,
    GuidanceSession,
    GuidanceTopic,
    GuidanceTransfer,
    HotlineCall,
    Survey,
)


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
    list_display = ["at", "satisfaction", "attitude", "dossier", "source", "officer", "counter"]
    list_filter = ["satisfaction", "attitude", "source"]
    raw_id_fields = ["dossier", "officer", "counter", "agency"]
    date_hierarchy = "at"


@admin.register(GuidanceTopic)
class GuidanceTopicAdmin(AuditedAdminMixin, admin.ModelAdmin[GuidanceTopic]):
    """The configurable list of guidance topics."""

    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]


class GuidanceTransferInline(admin.TabularInline[GuidanceTransfer, GuidanceRequest]):
    model = GuidanceTransfer
    extra = 0
    can_delete = False
    fields = ["at", "from_user", "to_user", "reason", "status", "decided_at"]
    readonly_fields = ["at", "from_user", "to_user", "reason", "status", "decided_at"]

    def has_add_permission(self, request: HttpRequest, obj: GuidanceRequest | None = None) -> bool:
        return False


@admin.register(GuidanceRequest)
class GuidanceRequestAdmin(admin.ModelAdmin[GuidanceRequest]):
    """Read only: requests change hands through the guidance log's services (transfer, accept, close)."""

    list_display = ["pk", "question", "owner", "status", "callback_due_at"]
    list_filter = ["status"]
    inlines = [GuidanceTransferInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: GuidanceRequest | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: GuidanceRequest | None = None) -> bool:
        return False
