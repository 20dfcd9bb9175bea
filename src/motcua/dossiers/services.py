"""Writes to dossiers. Each action is one atomic change that locks the dossier row, checks the rule and
the user's right, and writes a Transition row (the process control slip reads those).

Actions happen at the server's time. The ``at`` argument is for trusted callers only — the demo loader
and tests; the API and the back office never pass a time taken from a request (``action_arguments``
refuses one), so authority is checked at the present. The one time a request may give is the
``received_at`` of a new desk reception (POST /api/v1/dossiers), bounded to the calendar's years."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Channel, ProcedureVersion, ProcessStep
from motcua.catalogue.process import planned_steps
from motcua.core.audit import audit_log
from motcua.core.inputs import bounded_decimal, datetime_in_range
from motcua.core.text import fold, nfc, squash
from motcua.dossiers.errors import Conflict, DossierError, IllegalTransition, NotPermitted
from motcua.dossiers.hooks import transition_hooks_run
from motcua.dossiers.identity import normalize_id_number, normalize_phone
from motcua.dossiers.models import (
    OPEN_STATUSES,
    RESULT_STATUSES,
    Authorisation,
    Dossier,
    DossierDocument,
    DossierSequence,
    ReceptionKey,
    Task,
    Transition,
)
from motcua.dossiers.permissions import can_act_on_task, holds_role, is_agency_staff, user_roles
from motcua.dossiers.uploads import document_store
from motcua.organisation.models import Agency, ServicePoint, StaffRole
from motcua.workdays.calendar import CalendarRangeError, WorkCalendar
from motcua.workdays.models import OfficeHours
from motcua.workdays.services import calendar_load

S = Dossier.Status
Role = StaffRole.Role
Kind = ProcessStep.Kind
T = TypeVar("T")
# Working hours a consultation may be given (a refused value is a 400, never a calendar overflow).
CONSULTATION_HOURS = (Decimal("0.5"), Decimal(800))


# --- inputs ---------------------------------------------------------------------------------------


@dataclass
class Applicant:
    name: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = Dossier.ApplicantKind.PERSON
    proxy_name: str = ""
    proxy_id_number: str = ""
    proxy_phone: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Applicant:
        """From cleaned form or JSON data; missing or empty optional fields become ''."""
        values = {name: str(data.get(name) or "") for name in cls.__dataclass_fields__}
        values["kind"] = values["kind"] or Dossier.ApplicantKind.PERSON
        return cls(**values)


@dataclass
class SupplementFile:
    """One file the applicant uploads to complete an online dossier."""

    upload: UploadedFile
    name: str
    required_id: int | None = None


@dataclass
class ReceivedDocument:
    name: str
    originals: int = 0
    copies: int = 0
    required_id: int | None = None


# --- codes ----------------------------------------------------------------------------------------


DEFAULT_CODE_FORMAT = "{agency}-{day:%y%m%d}-{number:04d}"
# The day a sequence row stands for when numbering does not restart every day.
CONTINUOUS_SEQUENCE_DAY = dt.date(1970, 1, 1)


def _code_pattern() -> str:
    return str(getattr(settings, "DOSSIER_CODE_FORMAT", DEFAULT_CODE_FORMAT))


def dossier_code_format(agency: Agency, day: dt.date, number: int) -> str:
    """``<receiving agency identifier>-<YYMMDD>-<NNNN>`` (Circular 01/2018); the one place to change it."""
    return _code_pattern().format(agency=agency.identifier, day=day, number=number)


def code_numbering_scope(pattern: str | None = None) -> str:
    """When numbers restart, read from the code format: ``day`` when the code shows the day of the
    month (or the whole date), ``month``, ``year``, or ``continuous`` when it shows no date at all, so
    two dossiers can never get the same code."""
    fields = [(name, spec) for _text, name, spec, _conv in string.Formatter().parse(pattern or _code_pattern()) if name]
    specs = [spec or "" for name, spec in fields if name == "day"]
    if not specs:
        return "continuous"
    if any(spec == "" or re.search(r"%[djxcDF]", spec) for spec in specs):
        return "day"
    if any(re.search(r"%[mbB]", spec) for spec in specs):
        return "month"
    if any(re.search(r"%[yYG]", spec) for spec in specs):
        return "year"
    return "continuous"


def dossier_sequence_day(day: dt.date, scope: str | None = None) -> dt.date:
    """The key of the sequence row that numbers a dossier received on ``day``."""
    scope = scope or code_numbering_scope()
    if scope == "day":
        return day
    if scope == "month":
        return day.replace(day=1)
    if scope == "year":
        return dt.date(day.year, 1, 1)
    return CONTINUOUS_SEQUENCE_DAY


def dossier_code_issue(*, agency: Agency, day: dt.date) -> str:
    """The next code of ``agency`` on ``day``. Must run inside the transaction that saves the dossier:
    the upsert locks the sequence row until it commits, and a rollback returns the number (no gaps)."""
    return _code_issue(agency, day)[0]


def _code_issue(agency: Agency, day: dt.date) -> tuple[str, str]:
    """The next code, and the working calendar's revision read in the same statement (reception needs
    both, and one round trip fewer is a tenth of a reception)."""
    table, calendar = DossierSequence._meta.db_table, OfficeHours._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last_number) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last_number = {table}.last_number + 1 "
            f"RETURNING last_number, (SELECT revision FROM {calendar} WHERE id = %s)",
            [agency.pk, dossier_sequence_day(day), OfficeHours.SINGLETON_PK],
        )
        number, revision = cursor.fetchone()
    return dossier_code_format(agency, day, number), revision or ""


# --- helpers --------------------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def _lock(dossier: Dossier, expected_lock_version: int | None) -> Dossier:
    # Lock only the dossier row; read its version, its agency and the calendar's revision in the same
    # query, and remember the row as read so that _save writes only what the action changed.
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version", "version__procedure", "agency")
        .annotate(
            calendar_revision=Subquery(OfficeHours.objects.filter(pk=OfficeHours.SINGLETON_PK).values("revision"))
        )
        .get(pk=dossier.pk)
    )
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise Conflict(_("Somebody else changed this dossier first. Reload it and try again."))
    locked._as_read = _row_values(locked)  # type: ignore[attr-defined]
    return locked


def _row_values(dossier: Dossier) -> dict[str, Any]:
    return {f.attname: getattr(dossier, f.attname) for f in Dossier._meta.concrete_fields if not f.primary_key}


def _calendar(locked: Dossier) -> WorkCalendar:
    """The working calendar, without a query: _lock read the calendar's revision with the row."""
    return calendar_load(revision=locked.calendar_revision or "")  # type: ignore[attr-defined]


def _channels(version: ProcedureVersion) -> list[Channel]:
    cached: list[Channel] | None = getattr(version, "_channels_cache", None)
    if cached is None:
        cached = list(version.channels.all())
        version._channels_cache = cached  # type: ignore[attr-defined]
    return cached


def _channel_limit(version: ProcedureVersion, channel: str) -> tuple[Decimal, str]:
    channels = {c.channel: c for c in _channels(version)}
    chosen = channels.get(channel) or channels.get("in_person") or next(iter(channels.values()), None)
    if chosen is None or chosen.time_limit is None:
        raise DossierError(_("This procedure has no time limit for the chosen channel."))
    return chosen.time_limit, chosen.time_unit


def _verdict(finished: dt.datetime, deadline: dt.datetime) -> str:
    if finished > deadline:
        return Dossier.Verdict.LATE
    if _local_day(finished) < _local_day(deadline):
        return Dossier.Verdict.EARLY
    return Dossier.Verdict.ON_TIME


def dossier_verdict(dossier: Dossier, now: dt.datetime | None = None) -> str:
    """early / on_time / late for a finished dossier; late or pending for a running one. A dossier that
    was already late when it was sent back for supplements stays late (the fresh clock does not undo it)."""
    if dossier.late_before_supplement:
        return Dossier.Verdict.LATE
    if dossier.due_at is None:
        return Dossier.Verdict.PENDING
    if dossier.finished_at is not None:
        return _verdict(dossier.finished_at, dossier.due_at)
    # A paused clock (supplement, fees) stops at the pause: paused after the due date, still late.
    if dossier.status in OPEN_STATUSES and (dossier.paused_at or _now(now)) > dossier.due_at:
        return Dossier.Verdict.LATE
    return Dossier.Verdict.PENDING


def _record(
    dossier: Dossier,
    *,
    action: str,
    actor: Any,
    at: dt.datetime,
    from_status: int | None,
    task: Task | None = None,
    note: str = "",
    authority: str = "",
    verdict: str = "",
) -> Transition:
    row = Transition.objects.create(
        dossier=dossier,
        action=action,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=dossier.status,
        task=task,
        agency=task.agency if task else dossier.agency,
        step_deadline=task.deadline if task else dossier.due_at,
        verdict=verdict,
        note=nfc(note),
        authority=authority,
    )
    audit_log(action=f"dossier.{action}", actor=actor, obj=dossier, code=dossier.code, status=dossier.status)
    if dossier.supplement_received_at is not None and row.actor_id is not None:
        # A staff action takes up a supplement the applicant sent online: it leaves that inbox.
        dossier.supplement_received_at = None
        Dossier.objects.filter(pk=dossier.pk).update(supplement_received_at=None)
        as_read: dict[str, Any] | None = getattr(dossier, "_as_read", None)
        if as_read is not None:
            as_read["supplement_received_at"] = None
    transition_hooks_run(row)  # notices: queued in this same transaction
    return row


def _save(dossier: Dossier) -> None:
    """Write the dossier with its lock version bumped: the changed columns only when it was locked by
    _lock (the row cannot have changed underneath), the whole row for a new dossier."""
    dossier.lock_version += 1
    as_read: dict[str, Any] | None = getattr(dossier, "_as_read", None)
    if as_read is None:
        dossier.save()
    else:
        now = _row_values(dossier)
        dossier.save(update_fields=[name for name, value in now.items() if as_read.get(name) != value])
        dossier._as_read = now  # type: ignore[attr-defined]


def _close(dossier: Dossier, *, status: int, action: str, actor: Any, at: dt.datetime, note: str) -> Dossier:
    """End the dossier's processing (refused, stopped, withdrawn): one final transition row."""
    from_status = dossier.status
    dossier.status = status
    dossier.finished_at = at
    _save(dossier)
    _record(dossier, action=action, actor=actor, at=at, from_status=from_status, note=note)
    return dossier


def _task_agency(dossier: Dossier, step_agency: Agency | None, kind: str) -> Agency:
    if kind in {Kind.RECEIVE, Kind.RETURN}:
        return dossier.agency
    if step_agency is not None:
        return step_agency
    version = dossier.version
    if version.lead_agency_id is not None:
        return version.lead_agency  # type: ignore[return-value]
    return dossier.agency


def _unfinished(dossier: Dossier) -> list[Task]:
    """The dossier's unfinished tasks (consultations included), read once per action: the helpers below
    finish tasks and open new ones on this list as they go."""
    cached: list[Task] | None = getattr(dossier, "_unfinished_cache", None)
    if cached is None:
        cached = list(
            dossier.tasks.select_related("agency").filter(finished_at__isnull=True).order_by("position", "id")
        )
        dossier._unfinished_cache = cached  # type: ignore[attr-defined]
    return cached


def _open_tasks(dossier: Dossier) -> list[Task]:
    return [t for t in _unfinished(dossier) if t.finished_at is None and not t.is_consultation]


def task_deadline(
    cal: WorkCalendar,
    *,
    started_at: dt.datetime,
    budget: int,
    clock_start: dt.datetime | None,
    planned: int | None,
    paused: int = 0,
) -> dt.datetime:
    """A step's deadline: its own budget from its start, or the plan's deadline for it (clock start plus
    the budgets up to it) when that is later; both moved by the working time it stood still for fees."""
    own = cal.add_working_minutes(started_at, budget + paused)
    if clock_start is None or planned is None:
        return own
    try:
        return max(own, cal.add_working_minutes(clock_start, planned + paused))
    except CalendarRangeError:
        return own


def _plan_position(
    dossier: Dossier, position: int, at: dt.datetime, cal: WorkCalendar, *, done_by: Any = None
) -> list[Task]:
    """Unsaved tasks of the steps at ``position`` (several when they run in parallel); with ``done_by``
    they are already completed at ``at`` (the reception step)."""
    start = dossier.clock_started_at or at
    try:
        total = max(cal.working_minutes_between(start, dossier.due_at or at), 60)
    except CalendarRangeError:  # a due date stored outside the calendar: plan on the statutory one
        try:
            total = max(cal.working_minutes_between(start, dossier.original_due_at or at), 60)
        except CalendarRangeError:
            total = 60
    plan = planned_steps(dossier.version, total_minutes=total)
    steps = [s for s in plan if s.position == position]
    # The plan's deadline for this position: the clock start plus the budgets of every position up to it
    # (parallel steps count once, with their longest budget). A step that starts early keeps the rest
    # of the planned window, so the deadlines of successive steps never go backwards.
    longest: dict[int, int] = {}
    for s in plan:
        if s.position <= position:
            longest[s.position] = max(longest.get(s.position, 0), s.budget_minutes)
    planned_minutes = sum(longest.values())
    tasks = []
    for s in steps:
        deadline = task_deadline(
            cal, started_at=at, budget=s.budget_minutes, clock_start=start, planned=planned_minutes
        )
        agency = _task_agency(dossier, s.agency, s.kind)
        _require_active(agency, at)
        task = Task(
            dossier=dossier,
            step=s.step,
            position=s.position,
            name=s.name,
            kind=s.kind,
            agency=agency,
            role=s.role,
            budget_minutes=s.budget_minutes,
            planned_minutes=planned_minutes,
            started_at=at,
            deadline=deadline,
        )
        if done_by is not None:
            task.finished_at, task.used_minutes, task.verdict = at, 0, _verdict(at, deadline)
            task.assignee = done_by if getattr(done_by, "is_authenticated", False) else None
        tasks.append(task)
    return tasks


def _require_active(agency: Agency, at: dt.datetime) -> None:
    """An agency past its ``active_to`` (or before its ``active_from``) neither receives dossiers nor is
    given steps: the procedure's process must name its successor first."""
    if not agency.is_active_on(_local_day(at)):
        raise DossierError(
            _("%(agency)s does not operate on %(day)s: it cannot receive dossiers or be given steps.")
            % {"agency": agency.name, "day": f"{_local_day(at):%d/%m/%Y}"}
        )


def _start_position(dossier: Dossier, position: int, at: dt.datetime, cal: WorkCalendar) -> list[Task]:
    """Open the tasks of the steps at ``position``."""
    tasks = Task.objects.bulk_create(_plan_position(dossier, position, at, cal))
    dossier.current_position = position
    _unfinished(dossier).extend(tasks)
    return tasks


def _next_position(dossier: Dossier, after: int) -> int | None:
    total = 480
    positions = sorted({s.position for s in planned_steps(dossier.version, total_minutes=total)})
    later = [p for p in positions if p > after]
    return later[0] if later else None


def _step_kinds_after(dossier: Dossier, after: int) -> set[str]:
    return {s.kind for s in planned_steps(dossier.version, total_minutes=480) if s.position > after}


def _finish_task(task: Task, at: dt.datetime, cal: WorkCalendar, actor: Any, note: str = "") -> None:
    task.finished_at = at
    task.used_minutes = max(cal.working_minutes_between(task.started_at, at), 0)
    task.verdict = _verdict(at, task.deadline)
    if task.assignee_id is None and getattr(actor, "is_authenticated", False):
        task.assignee = actor
    if note:
        task.note = nfc(note)
    task.save(update_fields=["finished_at", "used_minutes", "verdict", "assignee", "note"])


def may_work_on(user: Any, task: Task, at: dt.datetime) -> bool:
    """The user holds the step's role in its agency (or is its assignee), or — for an appraisal — holds
    a valid authorisation from that agency that lets them appraise (``Authorisation.can_appraise``)."""
    if can_act_on_task(user, task):
        return True
    if task.kind != Kind.APPRAISE or not getattr(user, "is_authenticated", False):
        return False
    version = task.dossier.version
    return authorisation_valid(user=user, agency=task.agency, version=version, at=at, appraise=True) is not None


def _my_task(dossier: Dossier, user: Any, kinds: Iterable[str] | None = None, at: dt.datetime | None = None) -> Task:
    wanted = set(kinds) if kinds is not None else None
    candidates = [t for t in _open_tasks(dossier) if wanted is None or t.kind in wanted]
    if not candidates:
        raise IllegalTransition(_("The dossier is not at a step where this action can be taken."))
    for task in candidates:
        if may_work_on(user, task, _now(at)):
            return task
    raise NotPermitted(_("This step belongs to another agency or role."))


def approval_authority(user: Any, task: Task, at: dt.datetime) -> str:
    """What lets ``user`` approve at ``task`` now, as a language-neutral record: ``head:<agency
    identifier>`` for the competent head, ``authorisation:<decision number>`` for a valid authorisation.
    Raises NotPermitted when neither holds."""
    if (task.agency_id, Role.AGENCY_HEAD) in user_roles(user):
        return f"head:{task.agency.identifier}"
    authorisation = authorisation_valid(user=user, agency=task.agency, version=task.dossier.version, at=at)
    if authorisation is not None:
        return f"authorisation:{authorisation.decision_number}"
    raise NotPermitted(
        _("Only the head of %(agency)s or a person holding a valid authorisation may approve this dossier.")
        % {"agency": task.agency.name}
    )


def authorisation_valid(
    *, user: Any, agency: Agency, version: ProcedureVersion, at: dt.datetime, appraise: bool = False
) -> Authorisation | None:
    """A valid authorisation of ``user`` by ``agency`` covering the procedure at ``at``, if any."""
    candidates = Authorisation.objects.filter(
        grantee=user, grantor_agency=agency, valid_from__lte=at, valid_to__gte=at
    ).prefetch_related("procedures")
    for authorisation in candidates:
        if authorisation.revoked_at is not None and authorisation.revoked_at <= at:
            continue
        if appraise and not authorisation.can_appraise:
            continue
        if not appraise and not authorisation.can_approve:
            continue
        covered = {p.pk for p in authorisation.procedures.all()}
        if covered and version.procedure_id not in covered:
            continue
        return authorisation
    return None


def _require_status(dossier: Dossier, allowed: Iterable[int], action_label: str) -> None:
    if dossier.status not in set(allowed):
        raise IllegalTransition(
            _("A dossier that is “%(status)s” cannot be %(action)s.")
            % {"status": dossier.get_status_display(), "action": action_label}
        )


def _require_clerk(user: Any, dossier: Dossier) -> None:
    if not holds_role(user, dossier.agency_id, Role.RECEIVING_CLERK):
        raise NotPermitted(_("Only a receiving clerk of %(agency)s may do this.") % {"agency": dossier.agency.name})


def _bounded(parse: Callable[..., T], value: Any, field: str, **limits: Any) -> T:
    """``parse(value)`` from core.inputs, its refusal re-raised with the field as the error code (the
    convention of the errors services raise about one input)."""
    try:
        return parse(value, field=field, **limits)
    except ValidationError as exc:
        raise ValidationError(exc.messages[0], code=field) from None


def _fit(value: str, field: str, limit: int) -> str:
    """``value`` as stored (already NFC), refused when longer than its column: NFC can lengthen a string,
    and PostgreSQL refuses what does not fit (a 500 otherwise)."""
    if len(value) > limit:
        raise ValidationError(
            _("Ensure this value has at most %(limit)d characters (it has %(count)d).")
            % {"limit": limit, "count": len(value)},
            code=field,
        )
    return value


def _clean_applicant(applicant: Applicant) -> Applicant:
    organisation = applicant.kind == Dossier.ApplicantKind.ORGANISATION
    for field, limit in (("name", 255), ("email", 254), ("address", 500), ("proxy_name", 255)):
        _fit(squash(getattr(applicant, field)), field, limit)
    return Applicant(
        name=squash(applicant.name),
        id_number=normalize_id_number(applicant.id_number, organisation=organisation),
        phone=normalize_phone(applicant.phone) if applicant.phone else "",
        email=squash(applicant.email).lower(),
        address=squash(applicant.address),
        kind=applicant.kind,
        proxy_name=squash(applicant.proxy_name),
        proxy_id_number=normalize_id_number(applicant.proxy_id_number) if applicant.proxy_id_number else "",
        proxy_phone=normalize_phone(applicant.proxy_phone) if applicant.proxy_phone else "",
    )


def documents_check(version: ProcedureVersion, documents: Sequence[ReceivedDocument]) -> list[str]:
    """Everything missing from ``documents`` against the version's required list, in one go: required
    documents not received, and documents received with fewer originals or copies than required.
    Documents listed under a case (``group``, e.g. "Trường hợp …") apply only in that case: not checked."""
    received = {d.required_id: d for d in documents if d.required_id is not None}
    problems: list[str] = []
    for required in version.documents.all():
        if required.group:
            continue
        got = received.get(required.pk)
        if got is None:
            problems.append(_("missing: %(name)s") % {"name": required.name})
        elif got.originals < required.originals or got.copies < required.copies:
            problems.append(
                _("%(name)s: %(originals)d original(s) and %(copies)d copy(ies) required")
                % {"name": required.name, "originals": required.originals, "copies": required.copies}
            )
    return problems


def _new_dossier(
    *,
    version: ProcedureVersion,
    agency: Agency,
    channel: str,
    applicant: Applicant,
    status: int,
    actor: Any,
    service_point: ServicePoint | None,
    result_delivery: str,
    documents: Sequence[ReceivedDocument],
    fee_exempt: bool,
    fee_exemption_reason: str,
    fee_paid: bool,
) -> Dossier:
    if version.status != ProcedureVersion.Status.PUBLISHED:
        raise DossierError(_("Only a published procedure can receive dossiers."))
    if not squash(applicant.name):
        raise DossierError(_("The applicant's name is required."))
    if fee_exempt and not squash(fee_exemption_reason):
        raise DossierError(_("Give the reason for the fee exemption."))
    clean = _clean_applicant(applicant)
    if documents:
        problems = documents_check(version, documents)
        if problems:
            raise DossierError(_("The dossier is incomplete: %(problems)s.") % {"problems": "; ".join(problems)})
    fee = next((c.fee_amount for c in _channels(version) if c.channel == channel), None) or Decimal(0)
    dossier = Dossier(
        version=version,
        agency=agency,
        service_point=service_point,
        channel=channel,
        status=status,
        applicant_kind=clean.kind,
        applicant_name=clean.name,
        applicant_name_folded=fold(clean.name)[:255],
        applicant_id_number=clean.id_number,
        applicant_phone=clean.phone,
        applicant_email=clean.email,
        applicant_address=clean.address,
        proxy_name=clean.proxy_name,
        proxy_id_number=clean.proxy_id_number,
        proxy_phone=clean.proxy_phone,
        result_delivery=result_delivery,
        fee_amount=Decimal(0) if fee_exempt else fee,
        fee_exempt=fee_exempt,
        fee_exemption_reason=squash(fee_exemption_reason),
        fee_paid=fee_paid or fee == 0 or fee_exempt,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return dossier


def _save_documents(dossier: Dossier, documents: Sequence[ReceivedDocument]) -> None:
    if documents:
        DossierDocument.objects.bulk_create(
            DossierDocument(
                dossier=dossier, name=nfc(d.name), originals=d.originals, copies=d.copies, required_id=d.required_id
            )
            for d in documents
        )


# --- actions --------------------------------------------------------------------------------------


@transaction.atomic
def dossier_submit(
    *,
    version: ProcedureVersion,
    agency: Agency,
    applicant: Applicant,
    submitted_at: dt.datetime | None = None,
    result_delivery: str = Dossier.Delivery.ONLINE,
    documents: Sequence[ReceivedDocument] = (),
    channel: str = Dossier.Channel.ONLINE,
    actor: Any = None,
) -> Dossier:
    """A submission not yet received (national status 1): an online one, or a counter one the clerk is
    about to send back for supplements or refuse (it still gets a record). The code is issued now, the
    due date at reception."""
    at = _now(submitted_at)
    _require_active(agency, at)
    dossier = _new_dossier(
        version=version,
        agency=agency,
        channel=channel,
        applicant=applicant,
        status=S.SUBMITTED,
        actor=actor,
        service_point=None,
        result_delivery=result_delivery,
        documents=documents,
        fee_exempt=False,
        fee_exemption_reason="",
        fee_paid=False,
    )
    dossier.submitted_at = at
    dossier.code = dossier_code_issue(agency=agency, day=_local_day(at))
    dossier.save()
    _save_documents(dossier, documents)
    _record(dossier, action="submitted", actor=actor, at=at, from_status=None)
    return dossier


def _start_clock(dossier: Dossier, at: dt.datetime, cal: WorkCalendar) -> None:
    limit, unit = _channel_limit(dossier.version, dossier.channel)
    dossier.time_limit, dossier.time_unit = limit, unit
    dossier.clock_started_at = at
    try:
        dossier.due_at = cal.due_date(at, limit, unit, after_15h=dossier.version.after_15h_next_day)
    except CalendarRangeError as exc:
        raise DossierError(str(exc)) from None
    dossier.original_due_at = dossier.original_due_at or dossier.due_at


def dossier_receive(
    *,
    actor: Any,
    dossier: Dossier | None = None,
    version: ProcedureVersion | None = None,
    agency: Agency | None = None,
    channel: str = Dossier.Channel.IN_PERSON,
    applicant: Applicant | None = None,
    received_at: dt.datetime | None = None,
    service_point: ServicePoint | None = None,
    result_delivery: str = Dossier.Delivery.COUNTER,
    documents: Sequence[ReceivedDocument] = (),
    fee_exempt: bool = False,
    fee_exemption_reason: str = "",
    fee_paid: bool = False,
    expected_lock_version: int | None = None,
    request_key: str = "",
) -> Dossier:
    """Receive a dossier at the desk (new) or an online submission (``dossier`` in status 1): issue the
    code, compute the due date, complete the reception step and hand it to the next step. A new dossier
    is only received by a receiving clerk of an agency that carries out the procedure.

    ``request_key`` makes a new reception idempotent: the same user retrying with the same key and the
    same arguments gets the dossier of the first attempt; the same key with other arguments is a Conflict.
    Two retries racing both miss the key; the loser's insert of the key fails, its whole reception —
    code number included — rolls back (the inner transaction), and it answers with the winner's dossier."""
    arguments: dict[str, Any] = {
        "actor": actor,
        "dossier": dossier,
        "version": version,
        "agency": agency,
        "channel": channel,
        "applicant": applicant,
        "received_at": received_at,
        "service_point": service_point,
        "result_delivery": result_delivery,
        "documents": documents,
        "fee_exempt": fee_exempt,
        "fee_exemption_reason": fee_exemption_reason,
        "fee_paid": fee_paid,
        "expected_lock_version": expected_lock_version,
    }
    key = request_key.strip()[:100]
    if dossier is not None or not key:
        return _receive(**arguments)
    fingerprint = _reception_fingerprint(arguments)
    replay = _reception_replay(actor, key, fingerprint)
    if replay is not None:
        return replay
    try:
        return _receive(**arguments, request_key=key, fingerprint=fingerprint)
    except IntegrityError:
        replay = _reception_replay(actor, key, fingerprint)
        if replay is None:
            raise
        return replay


def _reception_fingerprint(arguments: Mapping[str, Any]) -> str:
    """SHA-256 of what a new reception was asked to do (the actor and the key aside), as given."""

    def plain(value: Any) -> Any:
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if is_dataclass(value) and not isinstance(value, type):
            return asdict(value)
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    payload = {name: plain(value) for name, value in arguments.items() if name not in {"actor", "dossier"}}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _reception_replay(actor: Any, key: str, fingerprint: str) -> Dossier | None:
    """The dossier an earlier reception with ``key`` made; Conflict when it was asked with other arguments."""
    row = ReceptionKey.objects.filter(user=actor, key=key).select_related("dossier").first()
    if row is None:
        return None
    if row.fingerprint and not hmac.compare_digest(row.fingerprint, fingerprint):
        raise Conflict(
            _("This Idempotency-Key was already used for a different reception. Use a new key for a new request.")
        )
    return row.dossier


@transaction.atomic
def _receive(
    *,
    actor: Any,
    dossier: Dossier | None,
    version: ProcedureVersion | None,
    agency: Agency | None,
    channel: str,
    applicant: Applicant | None,
    received_at: dt.datetime | None,
    service_point: ServicePoint | None,
    result_delivery: str,
    documents: Sequence[ReceivedDocument],
    fee_exempt: bool,
    fee_exemption_reason: str,
    fee_paid: bool,
    expected_lock_version: int | None,
    request_key: str = "",
    fingerprint: str = "",
) -> Dossier:
    at = _now(received_at if received_at is None else _bounded(datetime_in_range, received_at, "received_at"))
    if dossier is None:
        if version is None or agency is None or applicant is None:
            raise DossierError(_("Procedure, receiving agency and applicant are required."))
        if not holds_role(actor, agency.pk, Role.RECEIVING_CLERK):
            raise NotPermitted(_("Only a receiving clerk of %(agency)s may do this.") % {"agency": agency.name})
        _require_receives(version, agency)
        _require_active(agency, at)
        dossier = _new_dossier(
            version=version,
            agency=agency,
            channel=channel,
            applicant=applicant,
            status=S.RECEIVED,
            actor=actor,
            service_point=service_point,
            result_delivery=result_delivery,
            documents=documents,
            fee_exempt=fee_exempt,
            fee_exemption_reason=fee_exemption_reason,
            fee_paid=fee_paid,
        )
        dossier.code, revision = _code_issue(agency, _local_day(at))
        cal = calendar_load(revision=revision)
        from_status = None
    else:
        dossier = _lock(dossier, expected_lock_version)
        cal = _calendar(dossier)
        _require_clerk(actor, dossier)
        _require_status(dossier, {S.SUBMITTED}, _("received"))
        _require_active(dossier.agency, at)
        from_status = dossier.status
        dossier.status = S.RECEIVED
        if service_point is not None:
            dossier.service_point = service_point
    dossier.received_at = at
    _start_clock(dossier, at, cal)
    first_position = _first_position(dossier)
    following = _next_position(dossier, first_position)
    dossier.current_position = following if following is not None else first_position
    _save(dossier)
    if from_status is None:
        _save_documents(dossier, documents)
    tasks = _plan_position(dossier, first_position, at, cal, done_by=actor)
    if following is not None:
        tasks += _plan_position(dossier, following, at, cal)
    tasks = Task.objects.bulk_create(tasks)
    _record(dossier, action="received", actor=actor, at=at, from_status=from_status, task=tasks[0] if tasks else None)
    if request_key and from_status is None:
        ReceptionKey.objects.create(user=actor, key=request_key, dossier=dossier, fingerprint=fingerprint)
    return dossier


def _require_receives(version: ProcedureVersion, agency: Agency) -> None:
    """The agency carries out the procedure (one of the version's competent agencies): the back-office
    reception desk offers only those, and the API may not receive anything else either."""
    if not version.competent_agencies.filter(pk=agency.pk).exists():
        raise NotPermitted(
            _("%(agency)s does not receive dossiers for the procedure %(procedure)s.")
            % {"agency": agency.name, "procedure": version.procedure.code}
        )


def _first_position(dossier: Dossier) -> int:
    return min(s.position for s in planned_steps(dossier.version, total_minutes=480))


@transaction.atomic
def dossier_refuse(
    *,
    actor: Any,
    reason: str,
    dossier: Dossier,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Refuse an online submission at reception (status 3) with a reason."""
    when = _now(at)
    if not squash(reason):
        raise DossierError(_("Give the reason for the refusal."))
    dossier = _lock(dossier, expected_lock_version)
    _require_clerk(actor, dossier)
    _require_status(dossier, {S.SUBMITTED}, _("refused at reception"))
    dossier.outcome = "refused"
    return _close(dossier, status=S.REFUSED, action="refused", actor=actor, at=when, note=reason)


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: Any,
    dossier: Dossier,
    missing: str,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Ask the applicant to complete the dossier, listing everything missing in one go. The clock stops;
    it restarts from zero when the complete dossier comes back."""
    when = _now(at)
    if not squash(missing):
        raise DossierError(_("List the documents or information that are missing."))
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.SUBMITTED, S.RECEIVED, S.IN_PROCESS}, _("sent back for supplements"))
    task = None
    if dossier.status == S.SUBMITTED:
        _require_clerk(actor, dossier)
    else:
        task = _my_task(dossier, actor, at=when)
        _require_supplement_window(dossier, when)
    from_status = dossier.status
    dossier.resume_status = dossier.status
    dossier.status = S.SUPPLEMENT
    dossier.paused_at = when
    dossier.supplement_count += 1
    if dossier.due_at is not None and when > dossier.due_at:
        dossier.late_before_supplement = True
    _save(dossier)
    _record(
        dossier, action="supplement_requested", actor=actor, at=when, from_status=from_status, task=task, note=missing
    )
    return dossier


def supplement_window_days() -> int:
    """Working days after reception within which more documents may be asked for (3 by default)."""
    return max(int(getattr(settings, "SUPPLEMENT_WINDOW_DAYS", 3)), 0)


def supplement_window_end(dossier: Dossier, cal: WorkCalendar) -> dt.datetime | None:
    """The last instant a request for more documents may be made: the window counts from the reception
    of the (complete) dossier, that is from when its clock last started."""
    if dossier.clock_started_at is None:
        return None
    return cal.add_working_minutes(dossier.clock_started_at, supplement_window_days() * cal.minutes_per_day)


def _require_supplement_window(dossier: Dossier, when: dt.datetime) -> None:
    end = supplement_window_end(dossier, _calendar(dossier))
    if end is not None and when > end:
        raise IllegalTransition(
            _(
                "More documents may be asked for only within %(days)d working days of reception (until "
                "%(end)s). Process the dossier as it is, or refuse it with the reason."
            )
            % {"days": supplement_window_days(), "end": timezone.localtime(end).strftime("%H:%M %d/%m/%Y")}
        )


@transaction.atomic
def dossier_resubmit(
    *,
    actor: Any,
    dossier: Dossier,
    at: dt.datetime | None = None,
    note: str = "",
    expected_lock_version: int | None = None,
) -> Dossier:
    """The completed dossier comes back: the clock restarts from zero and the open steps start again."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_clerk(actor, dossier)
    _require_status(dossier, {S.SUPPLEMENT}, _("resubmitted"))
    from_status = dossier.status
    _resume_complete(dossier, when)
    _save(dossier)
    _record(dossier, action="resubmitted", actor=actor, at=when, from_status=from_status, note=note)
    return dossier


def _resume_complete(dossier: Dossier, when: dt.datetime) -> None:
    """The complete dossier is back at ``when``: back to the status it was sent back from; a received
    dossier's clock and its open steps restart from zero (supplement time never counts)."""
    cal = _calendar(dossier)
    dossier.status = dossier.resume_status or S.IN_PROCESS
    dossier.resume_status = None
    dossier.paused_at = None
    if dossier.received_at is not None:
        _start_clock(dossier, when, cal)
        for task in _open_tasks(dossier):
            task.started_at = when
            task.paused_minutes = 0
            task.deadline = task_deadline(
                cal,
                started_at=when,
                budget=task.budget_minutes,
                clock_start=dossier.clock_started_at,
                planned=task.planned_minutes,
            )
            task.save(update_fields=["started_at", "deadline", "paused_minutes"])


ONLINE_SUPPLEMENT_FILES = 20  # files one online resubmission may carry


@transaction.atomic
def dossier_resubmit_online(
    *,
    dossier: Dossier,
    files: Sequence[SupplementFile],
    note: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The applicant of an online dossier sent back for supplements uploads the missing documents and
    resubmits it from the tracking page (the caller checked their second factor). The scans are checked
    and stored, and the dossier resumes as with ``dossier_resubmit``: the clock restarts from zero now (a
    dossier sent back at reception returns to the submissions and starts its clock when received). It
    waits in the receiving clerk's "supplements received" inbox until staff act on it."""
    when = _now(at)
    if not files:
        raise DossierError(_("Upload at least one of the missing documents."))
    if len(files) > ONLINE_SUPPLEMENT_FILES:
        raise DossierError(_("Upload at most %(count)d files at once.") % {"count": ONLINE_SUPPLEMENT_FILES})
    note = _fit(squash(note), "note", 1000)
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.SUPPLEMENT}, _("resubmitted"))
    if dossier.channel != Dossier.Channel.ONLINE:
        raise DossierError(
            _("This dossier was submitted at the counter: bring the missing documents to the receiving agency.")
        )
    for file in files:
        document_store(
            dossier=dossier,
            upload=file.upload,
            name=_fit(nfc(file.name), "name", 500),
            at=when,
            required_id=file.required_id,
        )
    from_status = dossier.status
    _resume_complete(dossier, when)
    dossier.supplement_received_at = when
    _save(dossier)
    _record(dossier, action="supplement_received", actor=None, at=when, from_status=from_status, note=note)
    return dossier


@transaction.atomic
def dossier_request_fees(
    *,
    actor: Any,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The applicant must pay a fee or meet a financial obligation (status 6): the clock pauses."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.RECEIVED, S.IN_PROCESS}, _("put on hold for fees"))
    task = _my_task(dossier, actor, at=when)
    from_status = dossier.status
    dossier.resume_status = dossier.status
    dossier.status = S.FEES_DUE
    dossier.paused_at = when
    _save(dossier)
    _record(dossier, action="fees_requested", actor=actor, at=when, from_status=from_status, task=task, note=note)
    return dossier


@transaction.atomic
def dossier_pay_fees(
    *,
    actor: Any,
    dossier: Dossier,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
    payment_reference: str = "",
) -> Dossier:
    """The fees are paid: the clock resumes and every deadline moves by the paused working time.

    ``payment_reference`` is for the payments app only (never a request field: ``actions`` does not pass
    it): a payment it has recorded in its ledger — a gateway's verified notification or a counter payment
    — so no receiving clerk's hand is needed, and a dossier that was not put on hold for fees just gets
    its fee marked paid (a "fees_paid" row, the status unchanged)."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    reference = squash(payment_reference)
    if not reference:
        _require_clerk(actor, dossier)
    elif dossier.status != S.FEES_DUE:
        _require_status(dossier, {*OPEN_STATUSES, *RESULT_STATUSES}, _("marked paid"))
        from_status = dossier.status
        dossier.fee_paid = True
        _save(dossier)
        _record(dossier, action="fees_paid", actor=actor, at=when, from_status=from_status, note=reference)
        return dossier
    _require_status(dossier, {S.FEES_DUE}, _("resumed"))
    cal = _calendar(dossier)
    paused = max(cal.working_minutes_between(dossier.paused_at or when, when), 0)
    from_status = dossier.status
    dossier.status = dossier.resume_status or S.IN_PROCESS
    dossier.resume_status = None
    dossier.paused_at = None
    dossier.paused_minutes += paused
    dossier.fee_paid = True
    if dossier.due_at is not None and paused:
        dossier.due_at = cal.add_working_minutes(dossier.due_at, paused)
    for task in _open_tasks(dossier):
        if paused:
            task.paused_minutes += paused
            task.deadline = cal.add_working_minutes(task.deadline, paused)
            task.save(update_fields=["deadline", "paused_minutes"])
    _save(dossier)
    _record(dossier, action="fees_paid", actor=actor, at=when, from_status=from_status, note=reference)
    return dossier


@transaction.atomic
def dossier_assign(
    *,
    actor: Any,
    dossier: Dossier,
    assignee: Any,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The agency head (or a leader) gives the current step to an officer."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.RECEIVED, S.IN_PROCESS}, _("assigned"))
    tasks = _open_tasks(dossier)
    task = next(
        (
            t
            for t in tasks
            if holds_role(actor, t.agency_id, Role.AGENCY_HEAD) or holds_role(actor, t.agency_id, Role.APPROVER)
        ),
        None,
    )
    if task is None:
        raise NotPermitted(_("Only a leader of the agency holding the step may assign it."))
    if not holds_role(assignee, task.agency_id, task.role):
        raise DossierError(
            _("The assignee does not hold the role this step needs in %(agency)s.") % {"agency": task.agency.name}
        )
    task.assignee = assignee
    task.save(update_fields=["assignee"])
    from_status = dossier.status
    dossier.status = S.IN_PROCESS
    _save(dossier)
    _record(dossier, action="assigned", actor=actor, at=when, from_status=from_status, task=task, note=str(assignee))
    return dossier


def _advance(dossier: Dossier, task: Task, when: dt.datetime, cal: WorkCalendar) -> None:
    """After ``task`` is done: when every task of its position is done, open the next position."""
    if any(t.position == task.position for t in _open_tasks(dossier)):
        return
    following = _next_position(dossier, task.position)
    if following is None:
        return
    opened = _start_position(dossier, following, when, cal)
    if any(t.kind == Kind.RETURN for t in opened):
        dossier.status = S.FINISHED
        dossier.finished_at = when
        dossier.outcome = dossier.outcome or "granted"


@transaction.atomic
def dossier_forward(
    *,
    actor: Any,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Complete the user's current step (appraisal, an inter-agency task) and hand the dossier on."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.RECEIVED, S.IN_PROCESS}, _("forwarded"))
    task = _my_task(dossier, actor, kinds={Kind.APPRAISE, Kind.INTER_AGENCY, Kind.RECEIVE}, at=when)
    if any(t.is_consultation and t.finished_at is None for t in _unfinished(dossier)):
        raise IllegalTransition(_("A consultation is still waiting for its reply."))
    cal = _calendar(dossier)
    _finish_task(task, when, cal, actor, note)
    from_status = dossier.status
    dossier.status = S.IN_PROCESS
    _advance(dossier, task, when, cal)
    _save(dossier)
    _record(
        dossier,
        action="forwarded",
        actor=actor,
        at=when,
        from_status=from_status,
        task=task,
        note=note,
        verdict=task.verdict,
    )
    return dossier


@transaction.atomic
def dossier_consult(
    *,
    actor: Any,
    dossier: Dossier,
    agency: Agency,
    question: str,
    hours: Decimal | int = 8,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Ask another unit for its opinion, with its own deadline; the main step keeps running."""
    when = _now(at)
    if not squash(question):
        raise DossierError(_("Write the question for the consulted unit."))
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.RECEIVED, S.IN_PROCESS}, _("sent for consultation"))
    task = _my_task(dossier, actor, kinds={Kind.APPRAISE, Kind.INTER_AGENCY}, at=when)
    _require_active(agency, when)
    cal = _calendar(dossier)
    low, high = CONSULTATION_HOURS
    minutes = int(_bounded(bounded_decimal, hours, "hours", minimum=low, maximum=high) * 60)
    consult = Task.objects.create(
        dossier=dossier,
        position=task.position,
        name=_("Consultation: %(question)s") % {"question": squash(question)[:200]},
        kind=Kind.INTER_AGENCY,
        agency=agency,
        role=Role.OFFICER,
        budget_minutes=minutes,
        started_at=when,
        deadline=cal.add_working_minutes(when, minutes),
        is_consultation=True,
        note=nfc(question),
    )
    from_status = dossier.status
    _save(dossier)
    _record(dossier, action="consulted", actor=actor, at=when, from_status=from_status, task=consult, note=question)
    return dossier


@transaction.atomic
def dossier_reply(
    *,
    actor: Any,
    dossier: Dossier,
    answer: str,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The consulted unit answers, while the dossier is still open (a finished, refused, withdrawn or
    stopped dossier takes no more answers)."""
    when = _now(at)
    if not squash(answer):
        raise DossierError(_("Write the answer."))
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, OPEN_STATUSES, _("given a consultation answer"))
    consults = list(dossier.tasks.select_related("agency").filter(finished_at__isnull=True, is_consultation=True))
    task = next((t for t in consults if holds_role(actor, t.agency_id, Role.OFFICER)), None)
    if task is None:
        if consults:
            raise NotPermitted(_("Only the consulted unit may reply."))
        raise IllegalTransition(_("No consultation is waiting for a reply."))
    cal = _calendar(dossier)
    _finish_task(task, when, cal, actor, f"{task.note}\n— {answer}")
    from_status = dossier.status
    _save(dossier)
    _record(
        dossier,
        action="replied",
        actor=actor,
        at=when,
        from_status=from_status,
        task=task,
        note=answer,
        verdict=task.verdict,
    )
    return dossier


def _decide(
    *, actor: Any, dossier: Dossier, outcome: str, note: str, at: dt.datetime | None, expected_lock_version: int | None
) -> Dossier:
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.RECEIVED, S.IN_PROCESS}, _("approved") if outcome == "granted" else _("rejected"))
    kinds = {Kind.APPROVE} if outcome == "granted" else {Kind.APPROVE, Kind.APPRAISE}
    candidates = [t for t in _open_tasks(dossier) if t.kind in kinds]
    if not candidates:
        raise IllegalTransition(_("The dossier is not at its approval step."))
    task = candidates[0]
    authority = approval_authority(actor, task, when)
    cal = _calendar(dossier)
    _finish_task(task, when, cal, actor, note)
    from_status = dossier.status
    dossier.outcome = outcome
    if outcome == "refused":
        for other in _open_tasks(dossier):
            _finish_task(other, when, cal, None, _("closed by the refusal"))
        returning = [s for s in planned_steps(dossier.version, total_minutes=480) if s.kind == Kind.RETURN]
        if returning:
            _start_position(dossier, returning[0].position, when, cal)
        dossier.status = S.FINISHED
        dossier.finished_at = when
    else:
        dossier.status = S.IN_PROCESS
        _advance(dossier, task, when, cal)
    _save(dossier)
    _record(
        dossier,
        action="approved" if outcome == "granted" else "rejected",
        actor=actor,
        at=when,
        from_status=from_status,
        task=task,
        note=note,
        authority=authority,
        verdict=task.verdict,
    )
    return dossier


@transaction.atomic
def dossier_approve(
    *,
    actor: Any,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Approve the result. Only the competent head or a holder of a valid authorisation may."""
    return _decide(
        actor=actor, dossier=dossier, outcome="granted", note=note, at=at, expected_lock_version=expected_lock_version
    )


@transaction.atomic
def dossier_reject(
    *,
    actor: Any,
    dossier: Dossier,
    reason: str,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Refuse the request after appraisal (not eligible), with the reason, within the time limit."""
    if not squash(reason):
        raise DossierError(_("Give the reason for the refusal."))
    return _decide(
        actor=actor, dossier=dossier, outcome="refused", note=reason, at=at, expected_lock_version=expected_lock_version
    )


@transaction.atomic
def dossier_finish(
    *,
    actor: Any,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Complete the last processing step of a process that has no approval step left."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, {S.RECEIVED, S.IN_PROCESS}, _("finished"))
    task = _my_task(dossier, actor, kinds={Kind.APPRAISE, Kind.INTER_AGENCY}, at=when)
    if Kind.APPROVE in _step_kinds_after(dossier, task.position):
        raise IllegalTransition(_("This dossier still needs an approval."))
    return dossier_forward(actor=actor, dossier=dossier, note=note, at=when)


@transaction.atomic
def dossier_apologise(
    *,
    actor: Any,
    dossier: Dossier,
    reason: str,
    new_due_at: dt.datetime,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Apology letter (form 04) with the reason and a new due date in working time; allowed once per
    dossier, at least ``APOLOGY_LEAD_DAYS`` working days before the due date, and signed by the head of
    the agency holding the dossier or by a person that head authorised."""
    when = _now(at)
    if not squash(reason):
        raise DossierError(_("Give the reason for the delay."))
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, OPEN_STATUSES, _("given a new due date"))
    if dossier.apologised:
        raise IllegalTransition(_("The due date may be reset only once."))
    authority = apology_authority(actor, dossier, when)
    new_due_at = _bounded(datetime_in_range, new_due_at, "new_due_at")
    if dossier.due_at is None or new_due_at <= dossier.due_at:
        raise DossierError(_("The new due date must be later than the current one."))
    cal = _calendar(dossier)
    if not cal.is_working_time(new_due_at):
        raise ValidationError(_("The new due date must fall in office hours of a working day."), code="new_due_at")
    if not apology_in_time(dossier, when, cal):
        raise IllegalTransition(
            _("An apology must be issued at least %(days)d working day(s) before the due date (%(due)s).")
            % {"days": apology_lead_days(), "due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")}
        )
    from_status = dossier.status
    dossier.apologised = True
    dossier.due_at = new_due_at
    _save(dossier)
    _record(
        dossier, action="apologised", actor=actor, at=when, from_status=from_status, note=reason, authority=authority
    )
    return dossier


def apology_lead_days() -> int:
    """Working days before the due date by which the apology must be issued (1 by default)."""
    return max(int(getattr(settings, "APOLOGY_LEAD_DAYS", 1)), 0)


def apology_last_moment(dossier: Dossier, cal: WorkCalendar) -> dt.datetime | None:
    """The last instant an apology may be issued: the lead time before the due date (None without one
    or for a due date outside the calendar)."""
    if dossier.due_at is None:
        return None
    try:
        ordinal = cal.working_ordinal(dossier.due_at) - apology_lead_days() * cal.minutes_per_day
        return cal.from_working_ordinal(max(ordinal, 0), aware=True)
    except CalendarRangeError:
        return None


def apology_in_time(dossier: Dossier, when: dt.datetime, cal: WorkCalendar) -> bool:
    """Whether an apology issued at ``when`` is at least the lead time before the dossier's due date."""
    if dossier.due_at is None:
        return False
    try:
        left = cal.working_minutes_between(when, dossier.due_at)
    except CalendarRangeError:
        return False
    return left >= apology_lead_days() * cal.minutes_per_day and when < dossier.due_at


def apology_authority(user: Any, dossier: Dossier, at: dt.datetime) -> str:
    """Who may sign the apology: the head of an agency holding the dossier (one with an open step, or
    the receiving agency), ``head:<identifier>``, or the holder of a valid authorisation from it,
    ``authorisation:<decision number>``. Raises NotPermitted otherwise."""
    agencies = [t.agency for t in _open_tasks(dossier)] + [dossier.agency]
    roles = user_roles(user)
    for agency in agencies:
        if (agency.pk, Role.AGENCY_HEAD) in roles:
            return f"head:{agency.identifier}"
    for agency in agencies:
        authorisation = authorisation_valid(user=user, agency=agency, version=dossier.version, at=at)
        if authorisation is not None:
            return f"authorisation:{authorisation.decision_number}"
    raise NotPermitted(
        _("Only the head of the agency holding the dossier, or a person holding a valid authorisation, may apologise.")
    )


@transaction.atomic
def dossier_stop(
    *,
    actor: Any,
    dossier: Dossier,
    reason: str,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The agency stops processing (with notice to the applicant)."""
    when = _now(at)
    if not squash(reason):
        raise DossierError(_("Give the reason for stopping."))
    dossier = _lock(dossier, expected_lock_version)
    _require_status(dossier, OPEN_STATUSES, _("stopped"))
    agencies = {t.agency_id for t in _open_tasks(dossier)} | {dossier.agency_id}
    if not any(holds_role(actor, a, Role.APPROVER) for a in agencies):
        raise NotPermitted(_("Only a leader of the agency may stop processing."))
    return _close(dossier, status=S.STOPPED, action="stopped", actor=actor, at=when, note=reason)


@transaction.atomic
def dossier_withdraw(
    *,
    actor: Any,
    dossier: Dossier,
    reason: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The applicant withdraws the dossier (recorded by a receiving clerk)."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_clerk(actor, dossier)
    _require_status(dossier, {S.SUBMITTED, *OPEN_STATUSES}, _("withdrawn"))
    return _close(dossier, status=S.WITHDRAWN, action="withdrawn", actor=actor, at=when, note=reason)


@transaction.atomic
def dossier_return_result(
    *,
    actor: Any,
    dossier: Dossier,
    collected_by: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """Hand the result over (at the counter, by post or online) and record who collected it."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    _require_clerk(actor, dossier)
    _require_status(dossier, {S.FINISHED}, _("returned"))
    cal = _calendar(dossier)
    task = next((t for t in _open_tasks(dossier) if t.kind == Kind.RETURN), None)
    if task is not None:
        _finish_task(task, when, cal, actor)
    from_status = dossier.status
    dossier.status = S.RETURNED
    dossier.returned_at = when
    dossier.result_collected_by = _fit(squash(collected_by), "collected_by", 255) or dossier.applicant_name
    _save(dossier)
    _record(dossier, action="returned", actor=actor, at=when, from_status=from_status, task=task, note=collected_by)
    return dossier


@transaction.atomic
def dossier_hand_to_post(
    *,
    actor: Any,
    dossier: Dossier,
    tracking_number: str,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The result (or the refusal) is handed to the public postal service for the applicant who asked for it
    by post: the return step is done and the dossier is returned (10); ``dossier_post_returned`` reopens
    it when the post brings it back. The postal app calls this with the shipment it creates."""
    when = _now(at)
    tracking = _fit(squash(tracking_number), "tracking_number", 64)
    if not tracking:
        raise DossierError(_("Give the postal tracking number."))
    dossier = _lock(dossier, expected_lock_version)
    _require_clerk(actor, dossier)
    _require_status(dossier, {S.FINISHED}, _("handed to the post"))
    if dossier.result_delivery != Dossier.Delivery.POST:
        raise IllegalTransition(_("The applicant did not ask for the result by post."))
    cal = _calendar(dossier)
    task = next((t for t in _open_tasks(dossier) if t.kind == Kind.RETURN), None)
    if task is not None:
        _finish_task(task, when, cal, actor)
    from_status = dossier.status
    dossier.status = S.RETURNED
    dossier.returned_at = when
    dossier.result_collected_by = _fit(_("Public postal service, %(tracking)s") % {"tracking": tracking}, "note", 255)
    _save(dossier)
    _record(dossier, action="handed_to_post", actor=actor, at=when, from_status=from_status, task=task, note=tracking)
    return dossier


@transaction.atomic
def dossier_post_returned(
    *,
    actor: Any,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Dossier:
    """The post could not deliver the result and brought it back: the dossier is finished again (9) with
    its return step open, to be collected at the counter or posted again. ``actor`` is a receiving clerk
    entering it, or None for the postal service's verified callback (the postal app checks its signature)."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    if getattr(actor, "is_authenticated", False):
        _require_clerk(actor, dossier)
    _require_status(dossier, {S.RETURNED}, _("reopened for return"))
    last = dossier.transitions.filter(action__in=["returned", "handed_to_post"]).order_by("-at", "-id").first()
    if last is None or last.action != "handed_to_post":
        raise IllegalTransition(_("The result was not handed to the post."))
    cal = _calendar(dossier)
    returning = [s for s in planned_steps(dossier.version, total_minutes=480) if s.kind == Kind.RETURN]
    opened = _start_position(dossier, returning[0].position, when, cal) if returning else []
    from_status = dossier.status
    dossier.status = S.FINISHED
    dossier.returned_at = None
    dossier.result_collected_by = ""
    _save(dossier)
    _record(
        dossier,
        action="post_returned",
        actor=actor,
        at=when,
        from_status=from_status,
        task=opened[0] if opened else None,
        note=note,
    )
    return dossier


# --- electronic result ------------------------------------------------------------------------------

# Stored names are Vietnamese, like the printed forms; a result attached without a name gets this one.
RESULT_DEFAULT_NAME = "Kết quả giải quyết thủ tục hành chính"


@transaction.atomic
def dossier_result_attach(
    *,
    actor: Any,
    dossier: Dossier,
    upload: UploadedFile,
    name: str = "",
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> DossierDocument:
    """Attach the electronic result (a PDF, checked by its content) that the agency issues, to a finished
    or returned dossier that was not refused. Only staff of the receiving agency may. Attaching again
    replaces nothing: another result row is added, and the newest one is what the applicant downloads."""
    when = _now(at)
    dossier = _lock(dossier, expected_lock_version)
    if not is_agency_staff(actor, dossier.agency_id):
        raise NotPermitted(
            _("Only staff of %(agency)s may attach the electronic result.") % {"agency": dossier.agency.name}
        )
    _require_status(dossier, RESULT_STATUSES, _("given an electronic result"))
    if dossier.outcome == "refused":
        raise IllegalTransition(_("The request was refused: there is no result to attach."))
    from motcua.dossiers.uploads import upload_check_pdf
    from motcua.signing.pdf import pdf_refusal
    from motcua.signing.tasks import enqueue_result_sign

    upload_check_pdf(upload)  # size and type first: only a PDF of bounded size is parsed
    upload.seek(0)
    refusal = pdf_refusal(upload.read())
    upload.seek(0)
    if refusal is not None:
        raise ValidationError(refusal, code="pdf_refused")
    document = document_store(
        dossier=dossier,
        upload=upload,
        name=_fit(squash(name), "name", 255) or RESULT_DEFAULT_NAME,
        actor=actor,
        at=when,
        kind=DossierDocument.Kind.RESULT,
    )
    from_status = dossier.status
    _save(dossier)
    _record(dossier, action="result_attached", actor=actor, at=when, from_status=from_status, note=document.name)
    enqueue_result_sign(document.pk)  # signed by a worker, queued with this transaction
    return document


# --- authorisations (ủy quyền) ------------------------------------------------------------------------


@transaction.atomic
def authorisation_grant(
    *,
    actor: Any,
    decision_number: str,
    grantor_agency: Agency,
    grantee: Any,
    valid_from: dt.datetime,
    valid_to: dt.datetime,
    can_appraise: bool = False,
    can_approve: bool = True,
    procedures: Iterable[Any] = (),
    instance: Authorisation | None = None,
) -> Authorisation:
    """Record an authorisation decision: ``grantee`` may appraise and/or approve for ``grantor_agency``
    (all its procedures, or only ``procedures``) from ``valid_from`` to ``valid_to``. ``instance`` lets the
    admin hand over the row its form built."""
    number = _fit(squash(decision_number), "decision_number", 120)
    if not number:
        raise ValidationError(_("Give the number of the authorisation decision."), code="decision_number")
    if not (can_appraise or can_approve):
        raise ValidationError(_("An authorisation must let its holder appraise or approve."), code="can_approve")
    valid_from = _bounded(datetime_in_range, valid_from, "valid_from")
    valid_to = _bounded(datetime_in_range, valid_to, "valid_to")
    if valid_to <= valid_from:
        raise ValidationError(_("The authorisation must end after it starts."), code="valid_to")
    authorisation = instance if instance is not None else Authorisation()
    authorisation.decision_number = number
    authorisation.grantor_agency = grantor_agency
    authorisation.grantee = grantee
    authorisation.valid_from, authorisation.valid_to = valid_from, valid_to
    authorisation.can_appraise, authorisation.can_approve = can_appraise, can_approve
    authorisation.save()
    codes = [p.code for p in procedures]
    authorisation.procedures.set(list(procedures))
    audit_log(
        action="authorisation.granted",
        actor=actor,
        obj=authorisation,
        decision_number=number,
        agency=grantor_agency.identifier,
        grantee=getattr(grantee, "username", str(grantee)),
        can_appraise=can_appraise,
        can_approve=can_approve,
        valid_from=valid_from.isoformat(),
        valid_to=valid_to.isoformat(),
        procedures=codes,
    )
    return authorisation


@transaction.atomic
def authorisation_revoke(*, actor: Any, authorisation: Authorisation, at: dt.datetime | None = None) -> Authorisation:
    """End an authorisation from ``at`` (now): approvals and appraisals from then on no longer rely on it."""
    when = _now(at)
    authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    if authorisation.revoked_at is not None:
        raise IllegalTransition(_("This authorisation was already revoked."))
    authorisation.revoked_at = when
    authorisation.save(update_fields=["revoked_at"])
    audit_log(
        action="authorisation.revoked",
        actor=actor,
        obj=authorisation,
        decision_number=authorisation.decision_number,
        revoked_at=when.isoformat(),
    )
    return authorisation


@transaction.atomic
def dossier_result_signed(
    *,
    document: DossierDocument,
    signed_pdf: bytes,
    signer_name: str,
    fingerprint: str,
    level: str,
    verification_id: str,
    at: dt.datetime,
) -> DossierDocument:
    """Record the signed copy of a result (made by ``motcua.signing.services.result_sign``): the file,
    who signed, the certificate's fingerprint and the verification code, a Transition and an audit entry
    ``document.signed``. Idempotent: a result signed meanwhile (another worker) keeps its first signature.
    The dossier's lock version is untouched: signing changes no state a clerk is acting on."""
    from django.core.files.base import ContentFile

    locked = DossierDocument.objects.select_for_update().select_related("dossier").get(pk=document.pk)
    if locked.signed_file:
        return locked
    locked.signed_sha256 = hashlib.sha256(signed_pdf).hexdigest()
    locked.signed_at = at
    locked.signer_name = signer_name[:255]
    locked.signer_fingerprint = fingerprint
    locked.signature_level = level
    locked.verification_id = verification_id
    locked.signed_file.save(f"{locked.dossier_id}-ket-qua-da-ky.pdf", ContentFile(signed_pdf), save=False)
    locked.save()
    dossier = locked.dossier
    _record(dossier, action="result_signed", actor=None, at=at, from_status=dossier.status, note=signer_name)
    audit_log(
        action="document.signed",
        obj=locked,
        code=dossier.code,
        signer=signer_name,
        fingerprint=fingerprint,
        level=level,
        verification_id=verification_id,
        sha256=locked.signed_sha256,
    )
    return locked
