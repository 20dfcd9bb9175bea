"""Writes to the working calendar, and the cached :class:`WorkCalendar` built from the database.

Every write bumps ``OfficeHours.revision`` (a random token, so it also reverts with a rolled-back
transaction) and clears this process's cache; other processes see the new revision on their next
``calendar_load()`` (one single-row query) and rebuild.
"""

from __future__ import annotations

import uuid
from datetime import date as date_type
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.core.audit import audit_log
from motcua.workdays.calendar import DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR, Unit, WorkCalendar
from motcua.workdays.models import CalendarDay, OfficeHours

_cache: tuple[str, WorkCalendar] | None = None


def calendar_build() -> WorkCalendar:
    """A new :class:`WorkCalendar` from the office hours and the calendar-day table (no cache)."""
    hours = OfficeHours.objects.filter(pk=OfficeHours.SINGLETON_PK).first() or OfficeHours()
    days_off: dict[date_type, str] = {}
    working: set[date_type] = set()
    rows = CalendarDay.objects.filter(
        date__gte=date_type(DEFAULT_FIRST_YEAR, 1, 1), date__lte=date_type(DEFAULT_LAST_YEAR, 12, 31)
    ).values_list("date", "kind", "name")
    for day, kind, name in rows:
        if kind == CalendarDay.Kind.WORKING_DAY:
            working.add(day)
        else:
            days_off[day] = name
    return WorkCalendar(
        schedule=hours.to_schedule(),
        extra_days_off=days_off,
        extra_working_days=working,
        first_year=DEFAULT_FIRST_YEAR,
        last_year=DEFAULT_LAST_YEAR,
    )


def _current_revision() -> str:
    revision = OfficeHours.objects.filter(pk=OfficeHours.SINGLETON_PK).values_list("revision", flat=True).first()
    return revision or ""


def calendar_load(revision: str | None = None) -> WorkCalendar:
    """The centre's working calendar, cached per process. Costs one single-row query to check the
    revision unless the caller read ``revision`` already (the dossier actions read it with the row they
    lock); call it once per request or batch and pass the calendar around."""
    global _cache
    if revision is None:
        revision = _current_revision()
    cached = _cache
    if cached is not None and cached[0] == revision:
        return cached[1]
    cal = calendar_build()
    _cache = (revision, cal)
    return cal


def calendar_cache_clear() -> None:
    """Forget this process's cached calendar."""
    global _cache
    _cache = None


def _calendar_changed() -> None:
    OfficeHours.load()
    OfficeHours.objects.filter(pk=OfficeHours.SINGLETON_PK).update(revision=uuid.uuid4().hex)
    calendar_cache_clear()


def calendar_day_add(*, date: date_type, kind: str, name: str = "", actor: Any = None) -> CalendarDay:
    """Mark ``date`` as an extra day off or a make-up working day (replacing what the table said
    about that date before), and log ``calendar.day_added`` (or ``calendar.day_changed``)."""
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(date=date).first()
        action = "calendar.day_changed" if row is not None else "calendar.day_added"
        if row is None:
            row = CalendarDay(date=date)
        row.kind = kind
        row.name = name
        row.full_clean()
        row.save()
        _calendar_changed()
        audit_log(action=action, actor=actor, obj=row, date=str(date), kind=str(kind), name=name)
    return row


def calendar_day_remove(*, date: date_type, actor: Any = None) -> bool:
    """Remove ``date`` from the table (it follows the ``holidays`` calendar again) and log
    ``calendar.day_removed``. Returns whether there was a row."""
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(date=date).first()
        if row is None:
            return False
        audit_log(action="calendar.day_removed", actor=actor, obj=row, date=str(date), kind=row.kind, name=row.name)
        row.delete()
        _calendar_changed()
    return True


def office_hours_update(
    *,
    morning_start: time | None = None,
    morning_end: time | None = None,
    afternoon_start: time | None = None,
    afternoon_end: time | None = None,
    late_cutoff: time | None = None,
    actor: Any = None,
) -> OfficeHours:
    """Change the office hours (fields left ``None`` keep their value) and log
    ``calendar.office_hours_changed``. Raises ``ValidationError`` for inconsistent hours."""
    values = {
        "morning_start": morning_start,
        "morning_end": morning_end,
        "afternoon_start": afternoon_start,
        "afternoon_end": afternoon_end,
        "late_cutoff": late_cutoff,
    }
    with transaction.atomic():
        OfficeHours.load()
        row = OfficeHours.objects.select_for_update().get(pk=OfficeHours.SINGLETON_PK)
        changes: dict[str, list[str]] = {}
        for field, value in values.items():
            if value is not None and value != getattr(row, field):
                changes[field] = [getattr(row, field).strftime("%H:%M"), value.strftime("%H:%M")]
                setattr(row, field, value)
        if not changes:
            return row
        row.full_clean()
        row.save()
        _calendar_changed()
        row.refresh_from_db()
        audit_log(action="calendar.office_hours_changed", actor=actor, obj=row, changes=changes)
    return row


def due_date_compute(
    *, received: datetime, limit: int | float | Decimal, unit: Unit | str, after_15h: bool = False
) -> datetime:
    """Due date of a dossier with the centre's current calendar (see ``WorkCalendar.due_date``)."""
    return calendar_load().due_date(received, limit, unit, after_15h=after_15h)
