from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.models import ApiToken, AuditLog
from motcua.core.tokens import api_token_revoke


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin[AuditLog]):
    list_display = ["at", "action", "actor", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created with ``motcua api-token`` (the secret is shown once, there); here they are
    listed and revoked. The digest is never shown."""

    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at", "state"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "user__username"]
    fields = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("state"))
    def state(self, obj: ApiToken) -> str:
        if obj.revoked_at is not None:
            return str(_("revoked"))
        if not obj.is_usable(timezone.now()):
            return str(_("expired"))
        return str(_("valid"))

    @admin.action(description=_("Revoke the selected API tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = sum(api_token_revoke(token=token, actor=request.user) for token in queryset)
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
        self.message_user(request, message % {"count": count})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
