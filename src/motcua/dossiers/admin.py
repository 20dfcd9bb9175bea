from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import AuditedAdminMixin
from motcua.core.audit import audit_read
from motcua.dossiers.models import Authorisation, Dossier, Task, Transition
from motcua.dossiers.recompute import dossier_due_dates_recompute
from motcua.dossiers.services import authorisation_grant, authorisation_revoke


@admin.register(Authorisation)
class AuthorisationAdmin(AuditedAdminMixin, admin.ModelAdmin[Authorisation]):
    list_display = [
        "decision_number",
        "grantee",
        "grantor_agency",
        "can_appraise",
        "can_approve",
        "valid_from",
        "valid_to",
        "revoked_at",
    ]
    list_filter = ["grantor_agency", "can_approve", "can_appraise"]
    search_fields = ["decision_number", "grantee__username", "grantee__last_name"]
    autocomplete_fields = ["grantee", "grantor_agency"]
    filter_horizontal = ["procedures"]

    def save_model(self, request: HttpRequest, obj: Authorisation, form: Any, change: bool) -> None:
        """Grant through the service (an audit entry ``authorisation.granted``); revoking a granted one is
        ``authorisation.revoked``; other corrections are audited by the mixin."""
        data = form.cleaned_data
        if not change:
            authorisation_grant(
                actor=request.user,
                decision_number=data["decision_number"],
                grantor_agency=data["grantor_agency"],
                grantee=data["grantee"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                can_appraise=data.get("can_appraise", False),
                can_approve=data.get("can_approve", False),
                procedures=data.get("procedures") or (),
                instance=obj,
            )
            return
        if "revoked_at" in form.changed_data and data.get("revoked_at") and form.initial.get("revoked_at") is None:
            obj.revoked_at = None
            super().save_model(request, obj, form, change)
            authorisation_revoke(actor=request.user, authorisation=obj, at=data["revoked_at"])
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)


class TransitionInline(admin.TabularInline[Transition, Dossier]):
    model = Transition
    extra = 0
    can_delete = False
    fields = (
        "at",
        "action",
        "actor",
        "from_status",
        "to_status",
        "agency",
        "step_deadline",
        "verdict",
        "note",
        "authority",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TaskInline(admin.TabularInline[Task, Dossier]):
    model = Task
    extra = 0
    can_delete = False
    fields = (
        "position",
        "name",
        "agency",
        "assignee",
        "started_at",
        "deadline",
        "finished_at",
        "used_minutes",
        "verdict",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin[Dossier]):
    """Read-only: dossiers change only through their actions (back office, API)."""

    list_display = ["code", "applicant_name", "agency", "status", "received_at", "due_at"]
    list_filter = ["status", "channel", "agency"]
    search_fields = ["code", "applicant_name_folded", "applicant_id_number", "applicant_phone"]
    inlines = [TaskInline, TransitionInline]
    actions = ["recompute_due_dates"]
    show_full_result_count = False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        dossier = Dossier.objects.filter(pk=object_id).only("pk", "code").first() if object_id.isdigit() else None
        if response.status_code == 200 and dossier is not None:
            audit_read(action="dossier.viewed", actor=request.user, obj=dossier, code=dossier.code, via="admin")
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        query = request.GET.get("q", "").strip()
        if query and response.status_code == 200:
            audit_read(action="dossier.searched", actor=request.user, query=query[:100], via="admin")
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("recompute_due_dates", None)
        return actions

    @admin.action(description=_("Recompute the due dates of all open dossiers (after a calendar change)"))
    def recompute_due_dates(self, request: HttpRequest, queryset: QuerySet[Dossier]) -> None:
        result = dossier_due_dates_recompute(actor=request.user)
        self.message_user(
            request,
            _("%(changed)d of %(checked)d open dossiers got a new due date.") % result.__dict__,
            messages.SUCCESS,
        )
