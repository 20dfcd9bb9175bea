"""Inbox paging with 1 M dossiers on PostgreSQL: the back office's "my agency" inbox (first page and the
next one through the keyset cursor), against raw SQL reading the same page from the same index, in the
same run. 5 % of the dossiers are open (50,000 in one agency), the rest returned.

    .venv/bin/python bench/bench_inbox.py [--count 1000000]
"""

from __future__ import annotations

import argparse
import time

import _setup


def timed(fn, repeat: int = 20) -> float:  # type: ignore[no-untyped-def]
    fn()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1000


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
        status=2,
        received_sql="timestamptz '2027-01-04 01:00+00' + ((g::bigint * 7919) %% 8640) * interval '1 hour'",
        due_sql="r + interval '14 days'",
    )
    from django.db import connection

    from motcua.backoffice.views import _page
    from motcua.dossiers.selectors import inbox_parts

    with connection.cursor() as cursor:
        cursor.execute("UPDATE dossiers_dossier SET status = 10 WHERE id % 20 <> 0")
        cursor.execute("VACUUM ANALYZE dossiers_dossier")
    officer = cast["officer"]
    parts = inbox_parts(officer, "agency")
    first, cursor_text = _page(parts, "due", "")
    assert len(first) == 50 and cursor_text

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.*, v.name FROM dossiers_dossier d JOIN catalogue_procedureversion v ON v.id = d.version_id "
                "WHERE d.agency_id = %s AND d.status IN (2, 4, 5, 6) AND d.due_at IS NOT NULL "
                "ORDER BY d.due_at, d.id LIMIT 51",
                [cast["agency"].pk],
            )
            cursor.fetchall()

    page_ms = timed(lambda: _page(inbox_parts(officer, "agency"), "due", ""))
    next_ms = timed(lambda: _page(inbox_parts(officer, "agency"), "due", cursor_text))
    raw_ms = timed(raw)
    print(f"{args.count:,} dossiers, {args.count // 20:,} open in the agency")
    print(f"inbox first page: {page_ms:.1f} ms; next page (keyset): {next_ms:.1f} ms")
    print(f"raw SQL, same page from the same index: {raw_ms:.1f} ms; ratio raw/inbox {raw_ms / page_ms:.2f}")


if __name__ == "__main__":
    main()
