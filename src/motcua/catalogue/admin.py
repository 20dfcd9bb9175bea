from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import (
    Channel,
    Field,
    LegalAmendment,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from motcua.catalogue.services import legal_basis_amend, procedure_publish, process_step_delete, process_step_save
from motcua.core.admin import AuditedAdminMixin


@admin.register(Field)
class FieldAdmin(AuditedAdminMixin, admin.ModelAdmin[Field]):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class VersionInline(admin.TabularInline[ProcedureVersion, Procedure]):
    model = ProcedureVersion
    fields = ("name", "status", "decision_number", "effective_from", "effective_to")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdminMixin, admin.ModelAdmin[Procedure]):
    list_display = ["code", "__str__", "owner_agency", "review_date", "needs_review", "updated_at"]
    list_filter = ["needs_review"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionInline]


@admin.register(LegalAmendment)
class LegalAmendmentAdmin(admin.ModelAdmin[LegalAmendment]):
    """Entering an amendment here flags the procedures citing the amended document (legal_basis_amend, which
    writes the audit entry); recorded amendments are not edited."""

    list_display = ["number", "kind", "new_number", "decided_on", "flagged", "created_at"]
    fields = ["number", "kind", "new_number", "new_title", "decided_on"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: LegalAmendment, form: Any, change: bool) -> None:
        saved = legal_basis_amend(
            actor=request.user,
            number=obj.number,
            new_number=obj.new_number,
            new_title=obj.new_title,
            kind=obj.kind,
            decided_on=obj.decided_on,
        )
        obj.pk, obj.flagged = saved.pk, saved.flagged


class ChannelInline(admin.TabularInline[Channel, ProcedureVersion]):
    model = Channel
    extra = 0


class DocumentInline(admin.TabularInline[RequiredDocument, ProcedureVersion]):
    model = RequiredDocument
    extra = 0


class LegalBasisInline(admin.TabularInline[LegalBasis, ProcedureVersion]):
    model = LegalBasis
    extra = 0


class ProcessStepInline(admin.TabularInline[ProcessStep, ProcedureVersion]):
    model = ProcessStep
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["position", "parallel_group", "name", "kind", "agency", "role", "budget_hours", "is_lead"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AuditedAdminMixin, admin.ModelAdmin[ProcedureVersion]):
    list_display = ["procedure", "name", "status", "field", "online_level", "five_on_site", "decision_number"]
    list_filter = ["status", "process_needs_review", "online_level", "five_on_site", "field"]
    search_fields = ["procedure__code", "name"]
    autocomplete_fields = ["procedure", "lead_agency", "field"]
    filter_horizontal = ["competent_agencies", "cooperating_agencies"]
    readonly_fields = ["status", "review_notes", "source", "source_url"]
    inlines = [ChannelInline, DocumentInline, LegalBasisInline, ProcessStepInline]
    actions = ["publish"]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Process steps are written through process_step_save / process_step_delete (their own audit
        entries); the other inlines through the audited mixin."""
        if formset.model is not ProcessStep:
            super().save_formset(request, form, formset, change)
            return
        deleted = {id(row) for row in formset.deleted_forms}
        for row in formset.deleted_forms:
            if row.instance.pk is not None:
                process_step_delete(actor=request.user, step=row.instance)
        for row in formset.forms:
            if id(row) in deleted or not row.has_changed():
                continue
            step = row.save(commit=False)
            step.version = form.instance
            process_step_save(actor=request.user, step=step)

    @admin.action(description=_("Publish the selected versions"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset:
            try:
                procedure_publish(version=version, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{version.procedure.code}: {'; '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(code)s published.") % {"code": version.procedure.code})
