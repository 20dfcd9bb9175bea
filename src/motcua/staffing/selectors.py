"""Reads of the staffing records: the scorecards of officers and agencies for a period, counted with
database aggregates (the indices of the one-stop evaluation of Circular 01/2018/TT-VPCP: dossiers handled,
on time, late steps held, satisfaction and attitude from the surveys, violations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone

from motcua.dossiers.models import Task
from motcua.organisation.models import Agency, Counter, StaffRole
from motcua.staffing.models import Posting, RosterEntry, Violation


@dataclass
class Scorecard:
    officer_id: int | None
    name: str
    steps: int = 0
    dossiers: int = 0
    on_time: int = 0
    late_held: int = 0
    surveys: int | None = None
    satisfied: int | None = None
    polite: int | None = None
    violations: int = 0
    open_violations: int = 0
    agencies: list[int] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.steps, 1) if self.steps else None

    @property
    def satisfaction_rate(self) -> float | None:
        return round(100 * (self.satisfied or 0) / self.surveys, 1) if self.surveys else None

    @property
    def attitude_rate(self) -> float | None:
        return round(100 * (self.polite or 0) / self.surveys, 1) if self.surveys else None


def surveys_installed() -> bool:
    return apps.is_installed("motcua.engagement")


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def scorecards(*, officer_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, Scorecard]:
    """One scorecard per officer for the days ``start``..``end``: steps finished by the officer (and
    their dossiers), those finished by the step deadline, steps held late (finished after the deadline,
    or still open past a deadline that fell in the period), survey answers naming the officer,
    violations recorded in the period."""
    ids = list(officer_ids)
    first, after = _bounds(start, end)
    now = timezone.now()
    users = get_user_model().objects.filter(pk__in=ids)
    cards = {u.pk: Scorecard(officer_id=u.pk, name=u.get_full_name() or u.get_username()) for u in users}
    finished = (
        Task.objects.filter(assignee_id__in=ids, finished_at__gte=first, finished_at__lt=after)
        .values("assignee_id")
        .annotate(
            steps=Count("id"),
            dossiers=Count("dossier_id", distinct=True),
            on_time=Count("id", filter=Q(finished_at__lte=F("deadline"))),
            late=Count("id", filter=Q(finished_at__gt=F("deadline"))),
        )
    )
    for row in finished:
        card = cards[row["assignee_id"]]
        card.steps, card.dossiers = row["steps"], row["dossiers"]
        card.on_time, card.late_held = row["on_time"], row["late"]
    held = (
        Task.objects.filter(
            assignee_id__in=ids, finished_at__isnull=True, deadline__gte=first, deadline__lt=min(after, now)
        )
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    for row in held:
        cards[row["assignee_id"]].late_held += row["n"]
    if surveys_installed():
        Survey = apps.get_model("engagement", "Survey")
        for card in cards.values():
            card.surveys, card.satisfied, card.polite = 0, 0, 0
        answers = (
            Survey.objects.filter(officer_id__in=ids, at__gte=first, at__lt=after)
            .values("officer_id")
            .annotate(
                n=Count("id"),
                satisfied=Count("id", filter=Q(satisfaction__in=["very_satisfied", "satisfied"])),
                polite=Count("id", filter=Q(attitude__in=["very_polite", "normal"])),
            )
        )
        for row in answers:
            card = cards[row["officer_id"]]
            card.surveys, card.satisfied, card.polite = row["n"], row["satisfied"], row["polite"]
    breaches = (
        Violation.objects.filter(officer_id__in=ids, on__gte=start, on__lte=end)
        .values("officer_id")
        .annotate(n=Count("id"), still_open=Count("id", filter=Q(closed_at__isnull=True)))
    )
    for row in breaches:
        card = cards[row["officer_id"]]
        card.violations, card.open_violations = row["n"], row["still_open"]
    return cards


def officer_scorecard(*, officer: Any, start: dt.date, end: dt.date) -> Scorecard:
    return scorecards(officer_ids=[officer.pk], start=start, end=end)[officer.pk]


def agency_officer_ids(agency: Agency) -> set[int]:
    """The officers of an agency: its staff (supervisors and administrators aside) and the officers it
    seconded to the centre."""
    staff = set(
        StaffRole.objects.filter(agency=agency)
        .exclude(role__in=[StaffRole.Role.SUPERVISOR, StaffRole.Role.ADMINISTRATOR])
        .values_list("user_id", flat=True)
    )
    return staff | set(Posting.objects.filter(home_agency=agency).values_list("user_id", flat=True))


def total(cards: Iterable[Scorecard], name: str) -> Scorecard:
    out = Scorecard(officer_id=None, name=name)
    for card in cards:
        out.steps += card.steps
        out.dossiers += card.dossiers
        out.on_time += card.on_time
        out.late_held += card.late_held
        out.violations += card.violations
        out.open_violations += card.open_violations
        if card.surveys is not None:
            out.surveys = (out.surveys or 0) + card.surveys
            out.satisfied = (out.satisfied or 0) + (card.satisfied or 0)
            out.polite = (out.polite or 0) + (card.polite or 0)
    return out


def agency_scorecard(*, agency: Agency, start: dt.date, end: dt.date) -> tuple[Scorecard, list[Scorecard]]:
    """The agency's total and its officers' cards (by name)."""
    cards = sorted(
        scorecards(officer_ids=agency_officer_ids(agency), start=start, end=end).values(), key=lambda c: c.name
    )
    return total(cards, agency.name), cards


def agencies_with_officers() -> list[Agency]:
    ids = set(
        StaffRole.objects.exclude(role__in=[StaffRole.Role.SUPERVISOR, StaffRole.Role.ADMINISTRATOR]).values_list(
            "agency_id", flat=True
        )
    ) | set(Posting.objects.values_list("home_agency_id", flat=True))
    return list(Agency.objects.filter(pk__in=ids).order_by("identifier"))


SCORECARD_COLUMNS = [
    "name",
    "steps",
    "dossiers",
    "on_time",
    "on_time_rate",
    "late_held",
    "surveys",
    "satisfaction_rate",
    "attitude_rate",
    "violations",
    "open_violations",
]


def scorecard_values(card: Scorecard) -> list[Any]:
    return [getattr(card, column) for column in SCORECARD_COLUMNS]


def counter_of(user: Any, day: dt.date) -> Counter | None:
    """The counter ``user`` works at on ``day``: the roster's entry, else the counter of a posting running
    that day (None when neither says)."""
    entry = RosterEntry.objects.filter(user=user, day=day).select_related("counter").first()
    if entry is not None:
        return entry.counter
    posting = (
        Posting.objects.filter(user=user, starts_on__lte=day, counter__isnull=False)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("counter")
        .order_by("-starts_on")
        .first()
    )
    return posting.counter if posting is not None else None


def week_roster(*, monday: dt.date, counters: Iterable[Counter]) -> list[tuple[Counter, list[Any]]]:
    """Each counter with the officer rostered on each of the seven days from ``monday`` (None: nobody)."""
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    counters = list(counters)
    entries = {
        (e.counter_id, e.day): e.user
        for e in RosterEntry.objects.filter(counter__in=counters, day__gte=days[0], day__lte=days[-1]).select_related(
            "user"
        )
    }
    return [(c, [entries.get((c.pk, d)) for d in days]) for c in counters]


def officer_surveys(*, officer: Any, start: dt.date, end: dt.date) -> list[Any]:
    """The survey answers naming the officer in the period (empty without the engagement app)."""
    if not surveys_installed():
        return []
    Survey = apps.get_model("engagement", "Survey")
    first, after = _bounds(start, end)
    return list(
        Survey.objects.filter(officer=officer, at__gte=first, at__lt=after).select_related("dossier").order_by("-at")
    )
