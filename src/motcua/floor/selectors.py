"""Reads of the centre floor: slots, the display board, wait and service times, counters a user may
serve, the contact tracing of a visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import mean
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.floor.models import AppointmentSlot, ServiceArea, Ticket, Visit
from motcua.organisation.models import Counter, StaffRole
from motcua.workdays.calendar import OfficeSchedule

BOARD_ROWS = 8


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def slot_starts(area: ServiceArea, schedule: OfficeSchedule) -> list[dt.time]:
    """The start times of the area's appointment slots: every ``slot_minutes`` from the start of the
    morning and of the afternoon, each slot ending within office hours."""
    starts: list[dt.time] = []
    step = max(area.slot_minutes, 5)
    for begin, end in (
        (schedule.morning_start, schedule.morning_end),
        (schedule.afternoon_start, schedule.afternoon_end),
    ):
        minute = _minutes(begin)
        while minute + step <= _minutes(end):
            starts.append(dt.time(minute // 60, minute % 60))
            minute += step
    return starts


@dataclass(frozen=True)
class SlotView:
    start: dt.time
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


def slots_for(area: ServiceArea, day: dt.date, schedule: OfficeSchedule, *, now: dt.datetime) -> list[SlotView]:
    """The area's slots on ``day`` that have not started, with their free places."""
    rows = {s.start: s for s in AppointmentSlot.objects.filter(area=area, day=day)}
    views = []
    for start in slot_starts(area, schedule):
        if timezone.make_aware(dt.datetime.combine(day, start)) <= now:
            continue
        row = rows.get(start)
        views.append(SlotView(start, row.capacity if row else area.slot_capacity, row.booked if row else 0))
    return views


def board(service_point_id: int, day: dt.date) -> dict[str, Any]:
    """What the display board shows: the latest calls (newest first) and how many wait per area."""
    called = (
        Ticket.objects.filter(area__service_point_id=service_point_id, day=day, status=Ticket.Status.CALLED)
        .select_related("area", "counter")
        .order_by("-announced_at", "-pk")[:BOARD_ROWS]
    )
    waiting = (
        ServiceArea.objects.filter(service_point_id=service_point_id, is_active=True)
        .annotate(waiting=Count("tickets", filter=Q(tickets__day=day, tickets__status=Ticket.Status.WAITING)))
        .order_by("code")
    )
    return {
        "calls": [
            {
                "ticket": t.label,
                "counter": t.counter.number if t.counter else None,
                "counter_name": t.counter.name if t.counter else "",
                "announced": t.announced_at.isoformat() if t.announced_at else "",
                "calls": t.calls,
            }
            for t in called
        ],
        "waiting": [{"area": a.code, "name": a.name, "count": a.waiting} for a in waiting],
    }


def counters_for(user: Any) -> QuerySet[Counter]:
    """The counters a staff member may serve: those of their agencies and of the service points their
    roles are posted to (a superuser: every counter)."""
    qs = Counter.objects.select_related("service_point").order_by("service_point__name", "number")
    if getattr(user, "is_superuser", False):
        return qs
    roles = StaffRole.objects.filter(user=user)
    return qs.filter(
        Q(agency__in=roles.values("agency"))
        | Q(service_point__in=roles.exclude(service_point=None).values("service_point"))
    ).distinct()


@dataclass(frozen=True)
class Times:
    key: str
    served: int
    wait_minutes: float | None
    service_minutes: float | None
    to_receipt_minutes: float | None


def _times(rows: list[tuple[Any, ...]]) -> dict[str, Times]:
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault(str(row[0]), []).append(row)
    out = {}
    for key, items in sorted(groups.items()):
        waits = [(c - i).total_seconds() / 60 for _k, i, c, _f, _r in items if c]
        services = [(f - c).total_seconds() / 60 for _k, _i, c, f, _r in items if c and f]
        receipts = [(r - i).total_seconds() / 60 for _k, i, _c, _f, r in items if r]
        out[key] = Times(
            key,
            len(services),
            round(mean(waits), 1) if waits else None,
            round(mean(services), 1) if services else None,
            round(mean(receipts), 1) if receipts else None,
        )
    return out


def queue_times(service_point_id: int, first: dt.date, last: dt.date) -> dict[str, dict[str, Times]]:
    """Average wait (issue → first call), service (call → end) and ticket → dossier receipt, in minutes,
    per counter and per area, over the days ``first..last``."""
    base = Ticket.objects.filter(area__service_point_id=service_point_id, day__gte=first, day__lte=last).exclude(
        called_at=None
    )
    fields = ("issued_at", "called_at", "finished_at", "dossier__received_at")
    return {
        "counters": _times(list(base.exclude(counter=None).values_list("counter__number", *fields))),
        "areas": _times(list(base.values_list("area__code", *fields))),
    }


@dataclass(frozen=True)
class Contact:
    visit: Visit
    same_counter: bool
    overlap_minutes: int


def _presence(visit: Visit) -> tuple[dt.datetime, dt.datetime]:
    end = visit.left_at or visit.arrived_at + dt.timedelta(minutes=settings.FLOOR_VISIT_STAY_MINUTES)
    return visit.arrived_at, end


def _counter_time(visit: Visit) -> tuple[int, dt.datetime, dt.datetime] | None:
    ticket = visit.ticket
    if ticket is None or ticket.counter_id is None or ticket.called_at is None:
        return None
    end = ticket.finished_at or ticket.called_at + dt.timedelta(minutes=30)
    return ticket.counter_id, ticket.called_at, end


def visits_trace(index: Visit, *, window_minutes: int) -> list[Contact]:
    """Everyone present at the index case's service point while it was there, widened by
    ``window_minutes`` on each side; ``same_counter`` when they were served at the same counter at
    overlapping times (widened the same way). Closest contacts first."""
    window = dt.timedelta(minutes=window_minutes)
    index = Visit.objects.select_related("ticket").get(pk=index.pk)
    start, end = _presence(index)
    start, end = start - window, end + window
    index_counter = _counter_time(index)
    candidates = (
        Visit.objects.filter(service_point_id=index.service_point_id, arrived_at__lt=end)
        .exclude(pk=index.pk)
        .select_related("ticket", "ticket__counter")
        .order_by("arrived_at")
    )
    contacts = []
    for visit in candidates:
        v_start, v_end = _presence(visit)
        overlap = min(v_end, end) - max(v_start, start)
        if overlap.total_seconds() <= 0:
            continue
        same = False
        theirs = _counter_time(visit)
        if index_counter and theirs and theirs[0] == index_counter[0]:
            same = min(theirs[2], index_counter[2] + window) > max(theirs[1], index_counter[1] - window)
        contacts.append(Contact(visit, same, int(overlap.total_seconds() // 60)))
    contacts.sort(key=lambda c: (not c.same_counter, -c.overlap_minutes, c.visit.arrived_at))
    return contacts
