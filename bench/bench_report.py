"""The statistics report (``report_figures``) over 1 M dossiers on PostgreSQL, against one hand-written
SQL aggregate computing the same dossier figures, in the same run. Goal: ratio report/SQL ≤ 1.5.

Dossiers are received over 2025 (one every ~30 s), a third online, 90 % finished (one in ten late),
a quarter of the finished with an electronic result; the report covers the whole year.

    .venv/bin/python bench/bench_report.py [--count 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import _setup


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


SQL = """
SELECT count(*) AS received,
  count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < %(until)s) AS resolved,
  count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < %(until)s
                   AND (d.due_at IS NULL OR d.finished_at <= d.due_at)) AS on_time,
  count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < %(until)s AND d.finished_at > d.due_at) AS late,
  count(*) FILTER (WHERE d.channel = 'online') AS online,
  count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < %(until)s AND d.outcome <> 'refused'
                   AND EXISTS (SELECT 1 FROM dossiers_dossierdocument r
                               WHERE r.dossier_id = d.id AND r.kind = 'result')) AS signed
FROM dossiers_dossier d
WHERE d.received_at >= %(since)s AND d.received_at < %(until)s AND d.status NOT IN (1, 3)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    _setup.create_database()
    _setup.django_setup()
    cast = _setup.make_cast()
    _setup.insert_dossiers(
        cast,
        args.count,
        status=10,
        received_sql="timestamptz '2025-01-01 01:00+00' + ((g::bigint * 7919) %% 1000000) * interval '31 seconds'",
        due_sql="r + interval '10 days'",
    )
    from django.db import connection

    from motcua.reports.figures import period_bounds, report_figures

    with connection.cursor() as cursor:
        cursor.execute("UPDATE dossiers_dossier SET channel = 'online' WHERE id % 3 = 0")
        cursor.execute("UPDATE dossiers_dossier SET status = 4 WHERE id % 10 = 0")
        cursor.execute(
            "UPDATE dossiers_dossier SET finished_at = CASE WHEN id % 10 = 1 THEN due_at + interval '2 days' "
            "ELSE received_at + interval '3 days' END WHERE status = 10"
        )
        cursor.execute(
            "INSERT INTO dossiers_dossierdocument (dossier_id, kind, name, originals, copies, file, content_type, "
            "size, sha256) SELECT id, 'result', 'KQ', 0, 0, '', 'application/pdf', 0, '' FROM dossiers_dossier "
            "WHERE status = 10 AND id % 4 = 0"
        )
        cursor.execute("VACUUM ANALYZE")
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    since, until = period_bounds(start, end)
    figures = report_figures(start=start, end=end)

    def raw() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(SQL, {"since": since, "until": until})
            return tuple(cursor.fetchone())

    row = raw()
    d = figures["dossiers"]
    assert row == (
        d["received"],
        d["resolved"],
        d["on_time_or_early"],
        d["late"],
        d["online"],
        figures["signed_results"],
    ), (row, d)
    ms_report = timed(lambda: report_figures(start=start, end=end))
    ms_sql = timed(raw)
    print(f"dossiers: {args.count:,}; received in 2025: {d['received']:,}")
    print(f"report_figures: {ms_report:.0f} ms; hand-written SQL aggregate: {ms_sql:.0f} ms")
    print(f"ratio report/SQL: {ms_report / ms_sql:.2f} (goal ≤ 1.5)")


if __name__ == "__main__":
    main()
