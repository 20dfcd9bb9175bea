from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.feedback.models import Feedback, FeedbackTransfer


class TransferInline(admin.TabularInline[FeedbackTransfer, Feedback]):
    model = FeedbackTransfer
    extra = 0
    readonly_fields = ("from_agency", "to_agency", "reason", "at", "actor", "on_time")
    can_delete = False


@admin.register(Feedback)
class FeedbackAdmin(AuditedAdminMixin, admin.ModelAdmin[Feedback]):
    list_display = ("pk", "subject", "channel", "agency", "kind", "status", "received_at")
    list_filter = ("status", "kind", "channel")
    search_fields = ("subject",)
    readonly_fields = ("rating_token",)
    inlines = [TransferInline]
