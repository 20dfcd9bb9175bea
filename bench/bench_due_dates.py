"""How fast can the due dates of every open dossier be recomputed when the calendar changes?

Computes 1,000,000 due dates (random reception instants over 2026–2028, random limits of 1–30 working
days, half of the procedures with "received after 15:00 counts from the next working day") with
``WorkCalendar.due_dates_bulk``, and compares with a naive day-by-day walk over the ``holidays``
package on a sample, checking that both give the same due dates. No database needed.

    .venv/bin/python bench/bench_due_dates.py [--count 1000000] [--sample 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date, datetime, timedelta

import holidays

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

from motcua.workdays.calendar import OfficeSchedule, WorkCalendar  # noqa: E402


def naive_due(
    received: datetime, days: int, *, after_15h: bool, vn: holidays.HolidayBase, schedule: OfficeSchedule
) -> datetime:
    """The obvious algorithm: walk day by day, check weekend and holiday, consume the working
    minutes of each half-day."""
    mins = [
        schedule.morning_start.hour * 60 + schedule.morning_start.minute,
        schedule.morning_end.hour * 60 + schedule.morning_end.minute,
        schedule.afternoon_start.hour * 60 + schedule.afternoon_start.minute,
        schedule.afternoon_end.hour * 60 + schedule.afternoon_end.minute,
    ]
    segments = [(mins[0], mins[1]), (mins[2], mins[3])]
    left = days * (mins[1] - mins[0] + mins[3] - mins[2])
    day, now = received.date(), received.hour * 60 + received.minute
    if after_15h and now >= schedule.late_cutoff.hour * 60 + schedule.late_cutoff.minute:
        day, now = day + timedelta(days=1), 0
    while True:
        if day not in vn and (day.weekday() < 5 or day in vn.weekend_workdays):
            for begin, end in segments:
                cur = max(now, begin)
                if cur >= end:
                    continue
                if left == 0 or left <= end - cur:
                    return datetime(day.year, day.month, day.day) + timedelta(minutes=cur + left)
                left -= end - cur
        day, now = day + timedelta(days=1), 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--seed", default="motcua-due-dates")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start, span = datetime(2026, 1, 1), int((datetime(2029, 1, 1) - datetime(2026, 1, 1)).total_seconds() // 60)
    received = [start + timedelta(minutes=rng.randrange(span)) for _ in range(args.count)]
    limits = [rng.randint(1, 30) for _ in range(args.count)]
    late = [rng.random() < 0.5 for _ in range(args.count)]

    t0 = time.perf_counter()
    cal = WorkCalendar()
    build = time.perf_counter() - t0

    t0 = time.perf_counter()
    due = cal.due_dates_bulk(received, limits, "working_day", after_15h=late)
    fast = time.perf_counter() - t0
    fast_rate = args.count / fast

    vn = holidays.country_holidays("VN", years=range(2015, 2041))
    sample = min(args.sample, args.count)
    t0 = time.perf_counter()
    naive = [naive_due(received[i], limits[i], after_15h=late[i], vn=vn, schedule=cal.schedule) for i in range(sample)]
    slow = time.perf_counter() - t0
    naive_rate = sample / slow

    t0 = time.perf_counter()
    scalar = [cal.due_date(received[i], limits[i], "working_day", after_15h=late[i]) for i in range(sample)]
    scalar_rate = sample / (time.perf_counter() - t0)

    mismatches = [i for i in range(sample) if naive[i] != due[i] or scalar[i] != due[i]]
    assert not mismatches, (
        f"{len(mismatches)} disagreements, first: {received[mismatches[0]]} + {limits[mismatches[0]]}"
    )
    assert len(due) == args.count and min(due).date() >= date(2026, 1, 1)

    print(
        f"calendar built (2015–2040, {len(cal.working_days(date(2015, 1, 1), date(2040, 12, 31)))} working days)"
        f" in {build * 1000:.0f} ms"
    )
    print(
        f"fast  (bulk, working-minute ordinals): {args.count:>9,} due dates in {fast:6.2f} s = {fast_rate:>12,.0f} /s"
    )
    print(f"scalar (WorkCalendar.due_date):        {sample:>9,} due dates            = {scalar_rate:>12,.0f} /s")
    print(f"naive (day-by-day over holidays):      {sample:>9,} due dates in {slow:6.2f} s = {naive_rate:>12,.0f} /s")
    print(f"agreement on the sample: {sample:,}/{sample:,}")
    print(f"ratio fast/naive: {fast_rate / naive_rate:.1f}x")


if __name__ == "__main__":
    main()
