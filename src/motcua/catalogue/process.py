"""Internal processes: the steps a dossier of a procedure version goes through, and their checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.catalogue.models import Channel, ProcedureVersion, ProcessStep
from motcua.organisation.models import Agency, StaffRole


def hours_per_working_day() -> Decimal:
    """Working hours in a working day, from the centre's office hours (8 with the default 07:00–11:30,
    13:30–17:00): a limit in working days is that many of the centre's days, whatever its hours."""
    from motcua.workdays.services import calendar_load

    return Decimal(calendar_load().minutes_per_day) / 60


# Share of the statutory limit each step of the default process gets.
DEFAULT_PROCESS = (
    (ProcessStep.Kind.RECEIVE, "Tiếp nhận hồ sơ", StaffRole.Role.RECEIVING_CLERK, Decimal("0.10")),
    (ProcessStep.Kind.APPRAISE, "Thẩm định hồ sơ", StaffRole.Role.OFFICER, Decimal("0.60")),
    (ProcessStep.Kind.APPROVE, "Phê duyệt kết quả", StaffRole.Role.APPROVER, Decimal("0.20")),
    (ProcessStep.Kind.RETURN, "Trả kết quả", StaffRole.Role.RECEIVING_CLERK, Decimal("0.10")),
)


@dataclass(frozen=True)
class PlannedStep:
    """A step as a dossier will run it (from the version's process or the default one)."""

    position: int
    name: str
    kind: str
    role: str
    budget_minutes: int
    agency: Agency | None  # None: the agency that carries out the procedure
    parallel_group: str
    step: ProcessStep | None


def statutory_hours(channel: Channel, hours_per_day: Decimal | None = None) -> Decimal | None:
    """The channel's time limit in working hours, when it is expressed in working time (working days
    count the office hours' day, ``hours_per_working_day()``, unless ``hours_per_day`` is given)."""
    if channel.time_limit is None:
        return None
    if channel.time_unit == "working_day":
        return channel.time_limit * (hours_per_day if hours_per_day is not None else hours_per_working_day())
    if channel.time_unit == "hour":
        return channel.time_limit
    return None


_STEPS: dict[tuple[int, object], list[ProcessStep]] = {}


def version_steps(version: ProcedureVersion) -> list[ProcessStep]:
    """The version's process steps, cached per process and keyed by the version's ``updated_at`` (editing
    the process in the admin saves the version too, which gives a new key)."""
    key = (version.pk, version.updated_at)
    cached = _STEPS.get(key)
    if cached is None:
        cached = list(version.process_steps.select_related("agency").order_by("position", "id"))
        if len(_STEPS) > 2000:
            _STEPS.clear()
        _STEPS[key] = cached
    return cached


def planned_steps(version: ProcedureVersion, *, total_minutes: int) -> list[PlannedStep]:
    steps = version_steps(version)
    if steps:
        return [
            PlannedStep(
                position=s.position,
                name=s.name,
                kind=s.kind,
                role=s.role,
                budget_minutes=int(s.budget_hours * 60),
                agency=s.agency,
                parallel_group=s.parallel_group,
                step=s,
            )
            for s in steps
        ]
    return [
        PlannedStep(
            position=i + 1,
            name=name,
            kind=kind,
            role=role,
            budget_minutes=max(1, int(total_minutes * share)),
            agency=None,
            parallel_group="",
            step=None,
        )
        for i, (kind, name, role, share) in enumerate(DEFAULT_PROCESS)
    ]


def process_lead_problems(steps: list[ProcessStep]) -> list[str]:
    """Electronic liên thông sends a dossier to all the agencies of a parallel group at once "with the
    lead named" (domain.md §3): a group of several steps has exactly one lead step (``is_lead``), and a
    lead step belongs to a group."""
    groups: dict[str, list[ProcessStep]] = {}
    problems = []
    for s in steps:
        if s.parallel_group:
            groups.setdefault(s.parallel_group, []).append(s)
        elif s.is_lead:
            problems.append(
                _("Step %(position)d (%(step)s) is marked as the lead but runs in no parallel group.")
                % {"position": s.position, "step": s.name}
            )
    for name, members in groups.items():
        leads = sum(1 for s in members if s.is_lead)
        if len(members) > 1 and leads != 1:
            problems.append(
                _("The parallel group %(group)s needs exactly one lead step; it has %(count)d.")
                % {"group": name, "count": leads}
            )
    return problems


def process_agency_problems(version: ProcedureVersion, day: dt.date) -> list[str]:
    """Steps given to an agency that no longer operates on ``day`` (past its ``active_to``, such as the
    district agencies abolished on 1 July 2025), and a lead agency that no longer does."""
    problems = []
    for s in version.process_steps.select_related("agency"):
        if s.agency is not None and not s.agency.is_active_on(day):
            problems.append(
                _("Step %(position)d (%(step)s) is given to %(agency)s, which stopped operating on %(end)s.")
                % {"position": s.position, "step": s.name, "agency": s.agency.name, "end": s.agency.active_to}
            )
    lead = version.lead_agency
    if lead is not None and not lead.is_active_on(day):
        problems.append(
            _("The lead agency %(agency)s stopped operating on %(end)s.") % {"agency": lead.name, "end": lead.active_to}
        )
    return problems


def process_budget_problems(version: ProcedureVersion) -> list[str]:
    """Why the version's internal process does not fit its statutory time limits (empty when it does).

    Parallel steps (same position) count once, with their longest budget.
    """
    steps = list(version.process_steps.all())
    if not steps:
        return []
    by_position: dict[int, Decimal] = {}
    for s in steps:
        by_position[s.position] = max(by_position.get(s.position, Decimal(0)), s.budget_hours)
    total = sum(by_position.values(), Decimal(0))
    problems = []
    problems.extend(process_lead_problems(steps))
    if not any(s.kind == ProcessStep.Kind.RECEIVE for s in steps) or not any(
        s.kind == ProcessStep.Kind.RETURN for s in steps
    ):
        problems.append(_("The internal process must start with reception and end with the return of the result."))
    per_day = hours_per_working_day()
    for channel in version.channels.all():
        limit = statutory_hours(channel, per_day)
        if limit is not None and total > limit:
            problems.append(
                _(
                    "The internal process needs %(total)s working hours but the %(channel)s time limit is "
                    "%(limit)s working hours."
                )
                % {
                    "total": f"{total.normalize():f}",
                    "channel": channel.get_channel_display(),
                    "limit": f"{limit.normalize():f}",
                }
            )
    return problems


def is_inter_agency(version: ProcedureVersion) -> bool:
    """A procedure carried out by several agencies: cooperating agencies of our tree, an inter-agency
    step, or steps given by name to more than one agency (an unnamed step is the carrying agency's)."""
    steps = list(version.process_steps.all())
    if any(s.kind == ProcessStep.Kind.INTER_AGENCY for s in steps):
        return True
    if len({s.agency_id for s in steps if s.agency_id is not None}) > 1:
        return True
    return version.cooperating_agencies.exists()


def inter_agency_limit_problems(version: ProcedureVersion) -> list[str]:
    """An inter-agency procedure is published only with a time limit for each agency at every step: an
    internal process whose every step names its agency and has a positive budget, and a step for each
    cooperating agency (issue #13)."""
    if not is_inter_agency(version):
        return []
    steps = list(version.process_steps.select_related("agency").order_by("position", "id"))
    if not steps:
        return [_("An inter-agency procedure needs an internal process with a time limit for each agency.")]
    problems = []
    for s in steps:
        if s.agency_id is None:
            problems.append(
                _("Step %(position)d (%(step)s) of an inter-agency procedure does not name its agency.")
                % {"position": s.position, "step": s.name}
            )
        elif s.budget_hours is None or s.budget_hours <= 0:
            problems.append(
                _("Step %(position)d (%(step)s) has no time limit for %(agency)s.")
                % {"position": s.position, "step": s.name, "agency": s.agency.name if s.agency else ""}
            )
    with_steps = {s.agency_id for s in steps}
    for agency in version.cooperating_agencies.order_by("identifier"):
        if agency.pk not in with_steps:
            problems.append(
                _("The cooperating agency %(agency)s has no step and no time limit in the internal process.")
                % {"agency": agency.name}
            )
    return problems
