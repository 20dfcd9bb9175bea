"""Reads over dossiers for reports: time used per step and agency, who made a dossier late, and the
authority every approval relied on."""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.models import Dossier, Task, Transition


@dataclass
class AgencyTime:
    agency: str
    identifier: str
    budget_minutes: int = 0
    used_minutes: int = 0
    late_steps: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return (
            Dossier.Verdict.LATE
            if self.late_steps or self.used_minutes > self.budget_minutes
            else Dossier.Verdict.ON_TIME
        )


def dossier_time_by_agency(dossier: Dossier, now: dt.datetime | None = None) -> list[AgencyTime]:
    """Working time each agency used on ``dossier`` against its budget (open steps count up to now)."""
    from motcua.workdays.services import calendar_load

    cal = calendar_load()
    now = now or timezone.now()
    result: OrderedDict[int, AgencyTime] = OrderedDict()
    for task in dossier.tasks.select_related("agency").order_by("position", "id"):
        entry = result.setdefault(task.agency_id, AgencyTime(task.agency.name, task.agency.identifier))
        entry.budget_minutes += task.budget_minutes
        used = task.used_minutes if task.used_minutes is not None else _minutes_between(cal, task.started_at, now)
        entry.used_minutes += used
        late = task.verdict == Dossier.Verdict.LATE or (task.finished_at is None and now > task.deadline)
        if late:
            entry.late_steps.append(task.name)
    return list(result.values())


def dossier_late_agencies(dossier: Dossier, now: dt.datetime | None = None) -> list[str]:
    """Identifiers of the agencies whose steps ran past their deadlines."""
    return [a.identifier for a in dossier_time_by_agency(dossier, now) if a.late_steps]


def late_tasks() -> QuerySet[Task]:
    """Finished steps that ran late, for the per-agency delay report of inter-agency chains."""
    return Task.objects.filter(verdict=Dossier.Verdict.LATE).select_related("agency", "dossier")


def approvals(start: dt.datetime, end: dt.datetime) -> QuerySet[Transition]:
    """Every approval and refusal decision in [start, end) with who decided and on what authority."""
    return (
        Transition.objects.filter(action__in=["approved", "rejected"], at__gte=start, at__lt=end)
        .select_related("dossier__version__procedure", "actor", "agency")
        .order_by("at", "id")
    )


def quality_late(dossiers: QuerySet[Dossier], now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of ``dossiers`` that count as late in the national service-quality index (Decision
    766/QĐ-TTg): finished after the due date, still open past it (a paused clock stops at the pause),
    late before a supplement request, or sent back for supplements more than once."""
    from django.db.models import F, Q

    now = now or timezone.now()
    open_late = Q(status__in=WORKING_STATUSES, due_at__lt=now) & (
        Q(paused_at__isnull=True) | Q(paused_at__gt=F("due_at"))
    )
    return dossiers.filter(
        Q(finished_at__gt=F("due_at")) | open_late | Q(late_before_supplement=True) | Q(supplement_count__gt=1)
    )


def supplement_summary(dossiers: QuerySet[Dossier]) -> dict[str, int]:
    """For the quality report: how many dossiers were sent back for supplements, how many more than
    once (each of those counts as late), and how many requests there were in all."""
    from django.db.models import Count, Q, Sum

    row = dossiers.aggregate(
        supplemented=Count("id", filter=Q(supplement_count__gt=0)),
        more_than_once=Count("id", filter=Q(supplement_count__gt=1)),
        requests=Sum("supplement_count"),
    )
    return {key: int(value or 0) for key, value in row.items()}


# --- inboxes ---------------------------------------------------------------------------------------

INBOX_SCOPES = ("mine", "agency", "new", "supplements", "approval", "return", "all")
WORKING_STATUSES = (
    Dossier.Status.RECEIVED,
    Dossier.Status.IN_PROCESS,
    Dossier.Status.SUPPLEMENT,
    Dossier.Status.FEES_DUE,
)


def inbox_queryset(user: Any, scope: str) -> QuerySet[Dossier]:
    """The dossiers of one inbox tab, before filters, sorting and paging."""
    from django.db.models import Q

    from motcua.dossiers.permissions import dossiers_visible_to, is_supervisor, user_roles
    from motcua.organisation.models import StaffRole

    roles = user_roles(user)
    agencies = {agency for agency, _ in roles}
    visible = dossiers_visible_to(user)
    if scope == "all":
        return visible.filter(status__in=WORKING_STATUSES) if is_supervisor(user) else visible.none()
    if scope == "new":
        waiting = (Dossier.Status.SUBMITTED, Dossier.Status.SUPPLEMENT)
        return visible.filter(status__in=waiting, agency_id__in=agencies)
    if scope == "supplements":  # sent back, completed online by the applicant, not yet taken up by staff
        return visible.filter(supplement_received_at__isnull=False, agency_id__in=agencies)
    if scope == "return":
        return visible.filter(status=Dossier.Status.FINISHED, agency_id__in=agencies)
    open_tasks = Task.objects.filter(finished_at__isnull=True, agency_id__in=agencies)
    if scope == "approval":
        leader = {a for a, r in roles if r in (StaffRole.Role.AGENCY_HEAD, StaffRole.Role.APPROVER)}
        ids = open_tasks.filter(kind="approve", agency_id__in=leader).values("dossier_id")
        return visible.filter(pk__in=ids, status__in=WORKING_STATUSES)
    if scope == "mine":
        held = Q()
        for agency, role in roles:
            held |= Q(agency_id=agency, role=role, assignee__isnull=True)
        mine = open_tasks.filter(Q(assignee=user) | held) if held else open_tasks.filter(assignee=user)
        return visible.filter(pk__in=mine.values("dossier_id"), status__in=WORKING_STATUSES)
    return visible.filter(status__in=WORKING_STATUSES)


def inbox_parts(user: Any, scope: str) -> list[QuerySet[Dossier]]:
    """The inbox as disjoint-ish parts that each page on an index (the caller merges them): for "my
    agency", the dossiers received by my agencies and, apart, those received elsewhere with an open step
    here. One OR over both would make PostgreSQL read and sort every open dossier of the agency."""
    if scope == "new":  # submissions, then supplements: each part pages on (agency, status, …)
        waiting = inbox_queryset(user, scope)
        return [waiting.filter(status=Dossier.Status.SUBMITTED), waiting.filter(status=Dossier.Status.SUPPLEMENT)]
    if scope != "agency":
        return [inbox_queryset(user, scope)]
    from motcua.dossiers.permissions import tasks_opening_dossiers_to, user_roles

    agencies = {agency for agency, _ in user_roles(user)}
    received_here = Dossier.objects.filter(agency_id__in=agencies, status__in=WORKING_STATUSES)
    # Open steps here; a consultation only for the consulted officers (the same rule as the dossier page).
    open_here = (
        tasks_opening_dossiers_to(user).filter(finished_at__isnull=True, agency_id__in=agencies).values("dossier_id")
    )
    worked_here = Dossier.objects.filter(pk__in=open_here, status__in=WORKING_STATUSES).exclude(agency_id__in=agencies)
    return [received_here, worked_here]


def assignable_users(user: Any, dossier: Dossier) -> list[Any]:
    """Whom ``user`` may give the dossier's current step to (the step ``dossier_assign`` picks: the first
    open one of an agency ``user`` leads): the active users holding the step's role in its agency."""
    from django.contrib.auth import get_user_model

    from motcua.dossiers.permissions import holds_role
    from motcua.organisation.models import StaffRole

    leads = (StaffRole.Role.AGENCY_HEAD, StaffRole.Role.APPROVER)
    open_tasks = dossier.tasks.filter(finished_at__isnull=True, is_consultation=False).order_by("position", "id")
    task = next((t for t in open_tasks if any(holds_role(user, t.agency_id, role) for role in leads)), None)
    if task is None:
        return []
    holders = StaffRole.objects.filter(agency_id=task.agency_id, role=task.role).values("user_id")
    return list(get_user_model().objects.filter(pk__in=holders, is_active=True).order_by("last_name", "first_name"))


def forward_step(user: Any, dossier: Dossier) -> Task | None:
    """The open step ``user`` would complete by forwarding (the one ``dossier_forward`` picks), or None."""
    from motcua.catalogue.models import ProcessStep
    from motcua.dossiers.permissions import can_act_on_task

    kinds = (ProcessStep.Kind.APPRAISE, ProcessStep.Kind.INTER_AGENCY, ProcessStep.Kind.RECEIVE)
    open_tasks = dossier.tasks.filter(finished_at__isnull=True, is_consultation=False).order_by("position", "id")
    return next((t for t in open_tasks if t.kind in kinds and can_act_on_task(user, t)), None)


def _minutes_between(cal: Any, start: dt.datetime, end: dt.datetime) -> int:
    """Working minutes from ``start`` to ``end`` for display: 0 when either lies outside the working
    calendar's years (a stored date is shown whatever it is; only writes are bounded)."""
    try:
        return max(int(cal.working_minutes_between(start, end)), 0)
    except (ValueError, OverflowError):  # CalendarRangeError is a ValueError
        return 0


def due_band(dossier: Dossier, now: dt.datetime, cal: object) -> str:
    """overdue / due_soon (within one working day) / on_track / paused / none. Only a dossier still being
    worked on has a band: a finished, returned, refused, withdrawn or stopped one has none. A due date
    outside the working calendar's years (stored before dates were bounded) gives the neutral "none", not
    an error for every page that lists the dossier."""
    if dossier.due_at is None or dossier.status not in WORKING_STATUSES:
        return "none"
    if dossier.paused_at is not None:
        # Paused after the due date: the pause does not make it on time again.
        return "overdue" if dossier.paused_at > dossier.due_at else "paused"
    if now > dossier.due_at:
        return "overdue"
    try:
        minutes = cal.working_minutes_between(now, dossier.due_at)  # type: ignore[attr-defined]
    except (ValueError, OverflowError):  # CalendarRangeError is a ValueError
        return "none"
    return "due_soon" if minutes <= cal.minutes_per_day else "on_track"  # type: ignore[attr-defined]


def overdue_by_agency(now: dt.datetime | None = None) -> list[dict[str, object]]:
    """Open dossiers past their due date, counted per receiving agency (supervisor view). A dossier paused
    (supplement, fees) after it became overdue still counts."""
    from django.db.models import Count, F, Q

    now = now or timezone.now()
    return list(
        Dossier.objects.filter(status__in=WORKING_STATUSES, due_at__lt=now)
        .filter(Q(paused_at__isnull=True) | Q(paused_at__gt=F("due_at")))
        .values("agency__identifier", "agency__name")
        .annotate(count=Count("id"))
        .order_by("-count", "agency__name")
    )


def late_chains(now: dt.datetime | None = None, limit: int = 100) -> list[Task]:
    """Steps of open dossiers that are past their deadline, with the agency that holds them: who is
    making an inter-agency chain late."""
    now = now or timezone.now()
    return list(
        Task.objects.filter(finished_at__isnull=True, deadline__lt=now, dossier__status__in=WORKING_STATUSES)
        .select_related("agency", "dossier", "dossier__version", "dossier__agency")
        .order_by("deadline")[:limit]
    )


PUBLIC_FIELDS = (
    "id",
    "code",
    "status",
    "received_at",
    "due_at",
    "finished_at",
    "applicant_phone",
    "proxy_phone",
    "applicant_id_number",
    "version__name",
)


def public_status(code: str, secret: str) -> dict[str, Any] | None:
    """What the public lookup shows, when ``secret`` matches (see ``dossier_for_applicant``); None for a
    wrong combination or an unknown code, after the same work. This is the hottest public read of the
    system: on PostgreSQL one round trip (the history comes as a JSON array), elsewhere two narrow
    queries."""
    from types import SimpleNamespace

    from motcua.dossiers.permissions import NOBODY, secret_matches

    row = _public_row(code) if code else None
    matched = secret_matches(SimpleNamespace(**row) if row else NOBODY, secret)  # type: ignore[arg-type]
    if row is None or not matched:
        return None
    return row


def _public_row(code: str) -> dict[str, Any] | None:
    from django.db import connections, router

    connection = connections[router.db_for_read(Dossier)]  # a replica inside replica_reads(): raw SQL too
    if connection.vendor != "postgresql":
        row = next(iter(Dossier.objects.filter(code=code).values(*PUBLIC_FIELDS)[:1]), None)
        if row is not None:
            row["history"] = list(
                Transition.objects.filter(dossier_id=row["id"]).order_by("id").values_list("at", "action")
            )
        return row
    dossiers, versions = Dossier._meta.db_table, ProcedureVersion._meta.db_table
    transitions = Transition._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT d.id, d.code, d.status, d.received_at, d.due_at, d.finished_at, d.applicant_phone,
                   d.proxy_phone, d.applicant_id_number, v.name,
                   COALESCE((SELECT json_agg(json_build_array(t.at, t.action) ORDER BY t.id)
                             FROM {transitions} t WHERE t.dossier_id = d.id), '[]'::json)
                FROM {dossiers} d JOIN {versions} v ON v.id = d.version_id WHERE d.code = %s""",  # noqa: S608
            [code],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip([*PUBLIC_FIELDS, "history"], found, strict=True))
    history = row["history"] if isinstance(row["history"], list) else json.loads(row["history"])
    row["history"] = [(dt.datetime.fromisoformat(at), action) for at, action in history]
    return row
