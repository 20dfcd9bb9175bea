"""Writes to the catalogue. Each function is one atomic change with an audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import (
    Channel,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from motcua.catalogue.process import process_agency_problems, process_budget_problems
from motcua.catalogue.records import ProcedureRecord
from motcua.core.audit import audit_log
from motcua.core.text import fold, nfc, squash
from motcua.organisation.models import Agency


def procedure_version_publish_problems(version: ProcedureVersion) -> list[str]:
    """Why ``version`` may not be published (empty list when it may)."""
    problems: list[str] = []
    if not version.name.strip():
        problems.append(_("The procedure has no name."))
    channels = list(version.channels.all())
    if not channels:
        problems.append(_("No submission channel is given."))
    for channel in channels:
        if channel.time_limit is None:
            problems.append(
                _("The %(channel)s channel has no time limit.") % {"channel": channel.get_channel_display()}
            )
    problems.extend(process_budget_problems(version))
    problems.extend(process_agency_problems(version, timezone.localdate()))
    return problems


@transaction.atomic
def procedure_publish(*, version: ProcedureVersion, actor: Any = None, today: dt.date | None = None) -> None:
    """Publish ``version``; the version published before it becomes superseded."""
    problems = procedure_version_publish_problems(version)
    if problems:
        raise ValidationError(problems)
    today = today or timezone.localdate()
    previous = (
        ProcedureVersion.objects.select_for_update()
        .filter(procedure_id=version.procedure_id, status=ProcedureVersion.Status.PUBLISHED)
        .exclude(pk=version.pk)
    )
    for old in previous:
        old.status = ProcedureVersion.Status.SUPERSEDED
        old.effective_to = old.effective_to or today
        old.save(update_fields=["status", "effective_to", "updated_at", "search_text"])
    version.status = ProcedureVersion.Status.PUBLISHED
    version.effective_from = version.effective_from or today
    version.save()
    audit_log(action="procedure.published", actor=actor, obj=version, code=version.procedure.code)


@transaction.atomic
def process_step_save(*, actor: Any, step: ProcessStep) -> ProcessStep:
    """Add or change one step of a version's internal process (the admin calls this): a positive budget,
    an agency that still operates; the version is touched so cached plans are read again."""
    if step.budget_hours is None or step.budget_hours <= 0:
        raise ValidationError(_("A step needs a positive time budget."), code="budget_hours")
    if step.agency is not None and not step.agency.is_active_on(timezone.localdate()):
        raise ValidationError(
            _("%(agency)s stopped operating on %(end)s.") % {"agency": step.agency.name, "end": step.agency.active_to},
            code="agency",
        )
    step.name = squash(step.name)[:255]
    changes = {}
    if step.pk is not None:
        before: dict[str, Any] = dict(ProcessStep.objects.filter(pk=step.pk).values().first() or {})
        changes = {
            name: [str(old), str(getattr(step, name))]
            for name, old in before.items()
            if name != "id" and str(old) != str(getattr(step, name))
        }
    created = step.pk is None
    step.save()
    step.version.save(update_fields=["updated_at", "search_text"])
    audit_log(
        action="process_step.added" if created else "process_step.changed",
        actor=actor,
        obj=step,
        code=step.version.procedure.code,
        version=step.version_id,
        position=step.position,
        changes=changes,
    )
    return step


@transaction.atomic
def process_step_delete(*, actor: Any, step: ProcessStep) -> None:
    """Remove one step of a version's internal process (the admin calls this)."""
    version = step.version
    audit_log(
        action="process_step.deleted",
        actor=actor,
        obj=step,
        code=version.procedure.code,
        version=version.pk,
        position=step.position,
        name=step.name,
    )
    step.delete()
    version.save(update_fields=["updated_at", "search_text"])


@transaction.atomic
def procedure_repeal(*, version: ProcedureVersion, actor: Any = None, today: dt.date | None = None) -> None:
    version.status = ProcedureVersion.Status.REPEALED
    version.effective_to = today or timezone.localdate()
    version.save()
    audit_log(action="procedure.repealed", actor=actor, obj=version, code=version.procedure.code)


@dataclass
class ImportOutcome:
    code: str
    result: str  # "created" | "updated" | "unchanged"
    version: ProcedureVersion
    needs_review: list[str]


@transaction.atomic
def procedure_import(*, record: ProcedureRecord, actor: Any = None) -> ImportOutcome:
    """Create or update the procedure ``record.code`` from an imported record (idempotent).

    A version is matched by its announcing decision number: the same decision updates that version in
    place, a new decision creates a new version. A record with review notes is kept as a draft; any
    other is published, superseding the previously published version.
    """
    code = squash(record.code)
    if not code:
        raise ValidationError(_("The record has no procedure code."))
    if not squash(record.name):
        raise ValidationError(_("Procedure %(code)s has no name.") % {"code": code})
    procedure, procedure_created = Procedure.objects.get_or_create(code=code)
    fingerprint = record.fingerprint()
    version = (
        ProcedureVersion.objects.select_for_update()
        .filter(procedure=procedure, decision_number=squash(record.decision_number))
        .exclude(status=ProcedureVersion.Status.REPEALED)
        .order_by("-id")
        .first()
    )
    wanted_status = _wanted_status(record)
    if version is not None and version.fingerprint == fingerprint and version.status == wanted_status:
        return ImportOutcome(code, "unchanged", version, list(version.review_notes))
    is_new_version = version is None
    if version is None:
        version = ProcedureVersion(procedure=procedure)
    _fill_version(version, record, fingerprint)
    if wanted_status != ProcedureVersion.Status.PUBLISHED:
        version.status = wanted_status
    version.save()
    _replace_children(version, record)
    carried = _carry_process_forward(version) if is_new_version else 0
    if wanted_status == ProcedureVersion.Status.PUBLISHED:
        problems = procedure_version_publish_problems(version)
        if problems:
            version.status = ProcedureVersion.Status.DRAFT
            version.review_notes = [*version.review_notes, *problems]
            version.save()
        elif version.status != ProcedureVersion.Status.PUBLISHED:
            procedure_publish(version=version, actor=actor)
    procedure.save(update_fields=["updated_at"])
    audit_log(
        action="procedure.imported",
        actor=actor,
        obj=version,
        code=code,
        source=record.source,
        new_version=is_new_version,
        process_steps_carried=carried,
    )
    result = "created" if procedure_created else "updated"
    return ImportOutcome(code, result, version, list(version.review_notes))


def _carry_process_forward(version: ProcedureVersion) -> int:
    """A new announcing decision makes a version without an internal process; without one, dossiers
    would silently run the default process instead of the agency's. Copy the process of the version it
    follows (the latest other one that has steps) and flag it for review. Returns the steps copied."""
    previous = (
        ProcedureVersion.objects.filter(procedure_id=version.procedure_id, process_steps__isnull=False)
        .exclude(pk=version.pk)
        .order_by("-id")
        .first()
    )
    if previous is None or version.process_steps.exists():
        return 0
    steps = [
        ProcessStep(
            version=version,
            position=s.position,
            parallel_group=s.parallel_group,
            name=s.name,
            kind=s.kind,
            agency_id=s.agency_id,
            role=s.role,
            budget_hours=s.budget_hours,
            is_lead=s.is_lead,
        )
        for s in previous.process_steps.order_by("position", "id")
    ]
    ProcessStep.objects.bulk_create(steps)
    version.process_needs_review = True
    version.save(update_fields=["process_needs_review", "updated_at", "search_text"])
    return len(steps)


def _wanted_status(record: ProcedureRecord) -> str:
    if record.review_notes:
        return ProcedureVersion.Status.DRAFT
    if record.status in ProcedureVersion.Status.values:
        return record.status
    return ProcedureVersion.Status.PUBLISHED


def _fill_version(version: ProcedureVersion, record: ProcedureRecord, fingerprint: str) -> None:
    version.name = squash(record.name)
    version.set_levels(record.levels)
    field_name = squash(record.field_name)
    version.field = Field.objects.get_or_create(name=field_name)[0] if field_name else None
    version.kind = squash(record.kind)[:255]
    version.applicants = nfc(record.applicants)
    version.competent_agency_text = nfc(record.competent_agency_text)
    version.cooperating_agency_text = nfc(record.cooperating_agency_text)
    version.authorised_agency_text = nfc(record.authorised_agency_text)
    version.receiving_address = nfc(record.receiving_address)
    version.related_procedures = nfc(record.related_procedures)
    version.issuing_body = squash(record.issuing_body)[:255]
    version.steps = nfc(record.steps)
    version.requirements = nfc(record.requirements)
    version.result_name = nfc(record.result_name)
    version.result_code = squash(record.result_code)[:80]
    version.online_level = record.online_level if record.online_level in {"full", "partial", "none"} else "none"
    version.legacy_online_level = record.legacy_online_level
    version.five_on_site = record.five_on_site
    version.after_15h_next_day = record.after_15h_next_day
    version.decision_number = squash(record.decision_number)[:120]
    version.decision_date = record.decision_date
    version.decision_signer = squash(record.decision_signer)[:255]
    version.effective_from = record.effective_from or version.effective_from
    version.source = record.source[:40]
    version.source_url = record.source_url[:500]
    version.review_notes = list(record.review_notes)
    version.fingerprint = fingerprint
    version.lead_agency = (
        Agency.objects.filter(identifier=record.lead_agency_identifier).first()
        if record.lead_agency_identifier
        else None
    )


def _replace_children(version: ProcedureVersion, record: ProcedureRecord) -> None:
    # Form templates are uploaded in the admin, not imported: a re-import of the same version keeps the
    # file of each document it lists again (same name and form name).
    templates = {(d.name, d.form_name): d.form_template.name for d in version.documents.exclude(form_template="")}
    version.channels.all().delete()
    version.documents.all().delete()
    version.legal_bases.all().delete()
    Channel.objects.bulk_create(
        Channel(
            version=version,
            channel=c.channel,
            time_limit=c.time_limit,
            time_unit=c.time_unit,
            time_note=nfc(c.time_note),
            fee_amount=c.fee_amount,
            fee_currency=c.fee_currency or "VND",
            fee_kind=c.fee_kind,
            fee_note=nfc(c.fee_note),
            description=nfc(c.description),
        )
        for c in record.channels
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            position=i,
            group=squash(d.group)[:500],
            name=nfc(d.name),
            form_name=squash(d.form_name)[:500],
            originals=d.originals,
            copies=d.copies,
            quantity_note=squash(d.quantity_note)[:255],
            form_template=templates.get((nfc(d.name), squash(d.form_name)[:500]), ""),
        )
        for i, d in enumerate(record.documents)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(version=version, position=i, title=nfc(b.title), number=squash(b.number)[:120])
        for i, b in enumerate(record.legal_bases)
    )
    agencies = list(Agency.objects.filter(identifier__in=record.agency_identifiers))
    version.competent_agencies.set(agencies)
    version.cooperating_agencies.set(agencies_named_in(record.cooperating_agency_text))


def agencies_named_in(text: str) -> list[Agency]:
    """The agencies of our tree whose full name appears in an announced text (the cooperating agencies
    of a national record are named, not identified)."""
    folded = fold(text)
    if not folded.strip():
        return []
    return [a for a in Agency.objects.only("pk", "name") if fold(a.name) and fold(a.name) in folded]
