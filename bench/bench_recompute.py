"""Recompute the due dates of 1 M open dossiers on PostgreSQL after the calendar changed.

Generates the dossiers with one INSERT ... SELECT generate_series (received over 2027, limits of 1–30
working days), adds a day off in the middle of the year, and times ``dossier_due_dates_recompute``.
As a baseline in the same run it times a plain SELECT of the same columns (the floor any
recomputation must pay to read the rows).

    .venv/bin/python bench/bench_recompute.py [--count 1000000]
Goal: < 60 s for 1 M.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import _setup


def generate(cast: dict, count: int) -> None:
    from django.db import connection

    from motcua.dossiers.recompute import dossier_due_dates_recompute

    _setup.insert_dossiers(
        cast,
        count,
        status=4,
        received_sql="timestamptz '2027-01-04 01:00+00' + ((g::bigint * 7919) %% 8640) * interval '1 hour'"
        " + ((g * 31) %% 60) * interval '1 minute'",
        due_sql="NULL",
    )
    dossier_due_dates_recompute()  # first fill of due_at
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE dossiers_dossier")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    _setup.create_database()
    _setup.django_setup()
    cast = _setup.make_cast()
    start = time.perf_counter()
    generate(cast, args.count)
    print(f"generated {args.count:,} open dossiers with due dates in {time.perf_counter() - start:.1f} s")

    from django.db import connection

    from motcua.dossiers.recompute import dossier_due_dates_recompute
    from motcua.workdays.services import calendar_day_add

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, clock_started_at, time_limit, time_unit, paused_minutes, due_at FROM dossiers_dossier"
        )
        rows = len(cursor.fetchall())
    floor = time.perf_counter() - start
    calendar_day_add(date=dt.date(2027, 6, 15), kind="day_off", name="Ngày nghỉ đột xuất")
    start = time.perf_counter()
    result = dossier_due_dates_recompute()
    seconds = time.perf_counter() - start
    print(f"baseline: plain SELECT of the same {rows:,} rows: {floor:.1f} s")
    print(
        f"recompute after a new day off: {result.checked:,} checked, {result.changed:,} changed in {seconds:.1f} s "
        f"({result.checked / seconds:,.0f} dossiers/s; {seconds / floor:.1f}x the plain read) — goal < 60 s"
    )


if __name__ == "__main__":
    main()
