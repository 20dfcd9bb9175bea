from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.audit import audit_log
from motcua.core.models import ApiToken, AuditLog
from motcua.core.tokens import api_token_revoke

HIDDEN = "(hidden)"


def _is_secret(name: str) -> bool:
    return "password" in name or name in {"digest", "token", "secret"}


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a form or model value: objects by primary key, dates as ISO text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return value.pk if isinstance(value.pk, (int, str)) else str(value.pk)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (QuerySet, list, tuple, set, frozenset)):
        return sorted((_plain(v) for v in value), key=str)
    if hasattr(value, "name") and not callable(value.name):  # a file
        return str(value.name)
    return str(value)


def form_changes(form: ModelForm[Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` for every field the admin form changed; secrets only say that they changed."""
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if _is_secret(name):
            changes[name] = HIDDEN
        else:
            changes[name] = [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
    return changes


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Every concrete and many-to-many field of ``obj`` (what a deletion takes away), secrets hidden."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.name] = HIDDEN if _is_secret(field.name) else _plain(field.value_from_object(obj))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = _plain(m2m.value_from_object(obj))
    return data


class AuditedAdminMixin:
    """Every add, change and delete made in the Django admin goes to the audit log as
    ``<model>.admin_added`` / ``.admin_changed`` / ``.admin_deleted`` with the changed fields (old and new
    values; secrets hidden), including the rows of inlines. Put it first among the bases."""

    def _action(self, obj: models.Model, verb: str) -> str:
        return f"{obj._meta.model_name}.admin_{verb}"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit_log(
            action=self._action(obj, "changed" if change else "added"),
            actor=request.user,
            obj=obj,
            object=str(obj),
            changes=form_changes(form),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, BaseModelFormSet):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        parent = {"parent_type": form.instance._meta.label_lower, "parent_id": str(form.instance.pk)}
        deleted = {id(f) for f in formset.deleted_forms}
        for row in formset.deleted_forms:
            if row.instance.pk is not None:
                audit_log(
                    action=self._action(row.instance, "deleted"),
                    actor=request.user,
                    obj=row.instance,
                    object=str(row.instance),
                    fields=snapshot(row.instance),
                    **parent,
                )
        changed = [
            (row, row.instance.pk is not None, form_changes(row))
            for row in formset.forms
            if id(row) not in deleted and row.has_changed()
        ]
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for row, existed, changes in changed:
            if row.instance.pk is not None:
                audit_log(
                    action=self._action(row.instance, "changed" if existed else "added"),
                    actor=request.user,
                    obj=row.instance,
                    object=str(row.instance),
                    changes=changes,
                    **parent,
                )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_log(
                action=self._action(obj, "deleted"), actor=request.user, obj=obj, object=str(obj), fields=snapshot(obj)
            )
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_log(
                    action=self._action(obj, "deleted"),
                    actor=request.user,
                    obj=obj,
                    object=str(obj),
                    fields=snapshot(obj),
                )
            super().delete_queryset(request, queryset)  # type: ignore[misc]


User = get_user_model()


class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):  # type: ignore[type-arg]
    """Accounts: who became staff or superuser, got which groups and permissions, lost their account."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            target = User._default_manager.filter(pk=id).first()
            if target is not None:
                audit_log(action="user.admin_password_set", actor=request.user, obj=target, object=str(target))
        return response


class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    pass


for _model, _admin in ((User, AuditedUserAdmin), (Group, AuditedGroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin[AuditLog]):
    list_display = ["at", "action", "actor_username", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_id", "actor_username"]

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
