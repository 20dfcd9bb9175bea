"""Reads over dossiers for reports: time used per step and agency, who made a dossier late, and the
authority every approval relied on."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

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
        used = (
            task.used_minutes
            if task.used_minutes is not None
            else max(cal.working_minutes_between(task.started_at, now), 0)
        )
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
