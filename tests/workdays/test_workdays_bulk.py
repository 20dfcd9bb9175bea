"""The bulk API agrees with the scalar one, and both agree with a naive day-by-day walk over the
``holidays`` package."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
import pytest

from motcua.workdays.calendar import OfficeSchedule, WorkCalendar

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VN = holidays.country_holidays("VN", years=range(2015, 2041))


def random_instants(rng: random.Random, n: int) -> list[datetime]:
    start = datetime(2026, 1, 1)
    span = int((datetime(2029, 1, 1) - start).total_seconds())
    return [start + timedelta(seconds=rng.randrange(span)) for _ in range(n)]


def naive_due(received: datetime, minutes: int, *, after_15h: bool, schedule: OfficeSchedule) -> datetime:
    """Walk day by day and segment by segment, consuming working minutes."""

    def working(d: date) -> bool:
        return d not in VN and (d.weekday() < 5 or d in VN.weekend_workdays)

    def mins(t: time) -> int:
        return t.hour * 60 + t.minute

    segments = [
        (mins(schedule.morning_start), mins(schedule.morning_end)),
        (mins(schedule.afternoon_start), mins(schedule.afternoon_end)),
    ]
    day, now = received.date(), received.hour * 60 + received.minute
    if after_15h and now >= mins(schedule.late_cutoff):
        day, now = day + timedelta(days=1), 0
    left = minutes
    while True:
        if working(day):
            for begin, end in segments:
                cur = max(now, begin)
                if cur >= end:
                    continue
                if left == 0 or left <= end - cur:
                    return datetime.combine(day, time(0)) + timedelta(minutes=cur + left)
                left -= end - cur
        day, now = day + timedelta(days=1), 0


@pytest.mark.parametrize("after_15h", [False, True])
@pytest.mark.parametrize("unit", ["working_day", "hour"])
def test_bulk_agrees_with_scalar_on_random_instants(default_calendar: WorkCalendar, unit: str, after_15h: bool) -> None:
    rng = random.Random(f"bulk-{unit}-{after_15h}")
    received = random_instants(rng, 3000)
    limits = [rng.choice([0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 0.5, 1.5, Decimal("2.25")]) for _ in received]
    bulk = default_calendar.due_dates_bulk(received, limits, unit, after_15h=after_15h)
    scalar = [
        default_calendar.due_date(r, lim, unit, after_15h=after_15h) for r, lim in zip(received, limits, strict=True)
    ]
    assert bulk == scalar


@pytest.mark.parametrize("unit", ["day", "month"])
def test_bulk_agrees_with_scalar_for_calendar_units(default_calendar: WorkCalendar, unit: str) -> None:
    rng = random.Random(f"bulk-{unit}")
    received = random_instants(rng, 1000)
    for after_15h in (False, True):
        bulk = default_calendar.due_dates_bulk(received, 3, unit, after_15h=after_15h)
        assert bulk == [default_calendar.due_date(r, 3, unit, after_15h=after_15h) for r in received]


def test_bulk_takes_one_after_15h_flag_per_dossier(default_calendar: WorkCalendar) -> None:
    rng = random.Random("mixed-flags")
    received = random_instants(rng, 2000)
    limits = [rng.randint(1, 30) for _ in received]
    late = [rng.random() < 0.5 for _ in received]
    bulk = default_calendar.due_dates_bulk(received, limits, "working_day", after_15h=late)
    assert bulk == [
        default_calendar.due_date(r, lim, "working_day", after_15h=f)
        for r, lim, f in zip(received, limits, late, strict=True)
    ]
    assert default_calendar.due_dates_bulk(received[:50], 2, "day", after_15h=late[:50]) == [
        default_calendar.due_date(r, 2, "day", after_15h=f) for r, f in zip(received[:50], late[:50], strict=True)
    ]


def test_bulk_accepts_aware_instants(default_calendar: WorkCalendar) -> None:
    rng = random.Random("aware")
    received = [r.replace(tzinfo=HCM).astimezone(ZoneInfo("UTC")) for r in random_instants(rng, 500)]
    bulk = default_calendar.due_dates_bulk(received, 4, "working_day")
    assert bulk == [default_calendar.due_date(r, 4, "working_day") for r in received]
    assert all(d.tzinfo is not None for d in bulk)


def test_bulk_needs_one_limit_and_flag_per_dossier(default_calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="limits"):
        default_calendar.due_dates_bulk([datetime(2027, 3, 3, 9)] * 3, [1, 2], "hour")
    with pytest.raises(ValueError, match="after_15h"):
        default_calendar.due_dates_bulk([datetime(2027, 3, 3, 9)] * 3, 1, "hour", after_15h=[True])


@pytest.mark.parametrize("after_15h", [False, True])
def test_due_dates_agree_with_a_naive_walk_over_the_holidays_package(
    default_calendar: WorkCalendar, after_15h: bool
) -> None:
    rng = random.Random(f"naive-{after_15h}")
    received = random_instants(rng, 2000)
    minutes = [rng.choice([0, 1, 30, 240, 480, 481, 2400, 14400]) for _ in received]
    schedule = default_calendar.schedule
    for r, m in zip(received, minutes, strict=True):
        expected = naive_due(r, m, after_15h=after_15h, schedule=schedule)
        assert default_calendar.due_date(r, Decimal(m) / 60, "hour", after_15h=after_15h) == expected, (r, m)


def test_naive_walk_agrees_on_other_office_hours() -> None:
    schedule = OfficeSchedule(
        morning_start=time(7, 30), morning_end=time(11, 45), afternoon_start=time(13), afternoon_end=time(16, 45)
    )
    cal = WorkCalendar(schedule=schedule)
    rng = random.Random("other-hours")
    for r in random_instants(rng, 1000):
        m = rng.randrange(0, 6000)
        assert cal.add_working_minutes(r, m) == naive_due(r, m, after_15h=False, schedule=schedule), (r, m)
