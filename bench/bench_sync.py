"""National sync catch-up (``sync_catch_up``) of 250 k status events on PostgreSQL, pushed over HTTP to a
stand-in portal in another process, against a raw keyset SELECT + JSON of the same events (psycopg, the
same joins, the same batch size, no HTTP), in the same run. Goal: ratio raw/catch-up ≥ 0.5.

50 k dossiers with five status changes each (→ 2 → 4 → 5 → 9 → 10) and one note that is no change, over
2025; the catch-up covers the year.

    .venv/bin/python bench/bench_sync.py [--events 250000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time

import _setup

SINK = r"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
count = 0
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""

RAW = """
SELECT t.id, t.at, t.from_status, t.to_status, t.action, d.code, a.identifier
FROM dossiers_transition t JOIN dossiers_dossier d ON d.id = t.dossier_id
  JOIN organisation_agency a ON a.id = d.agency_id
WHERE t.at >= %s AND t.at < %s AND (t.from_status IS NULL OR t.from_status <> t.to_status) AND t.id > %s
ORDER BY t.id LIMIT %s
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=250_000)
    args = parser.parse_args()
    _setup.create_database()
    sink = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        run(args.events, sink)
    finally:
        sink.terminate()


def run(events: int, sink: subprocess.Popen[str]) -> None:
    dossiers = events // 5
    assert sink.stdout is not None
    port = int(sink.stdout.readline())
    import os

    os.environ["MOTCUA_NATIONAL_SYNC_URL"] = f"http://127.0.0.1:{port}/dong-bo"
    _setup.django_setup()
    cast = _setup.make_cast()
    _setup.insert_dossiers(
        cast,
        dossiers,
        status=10,
        received_sql="timestamptz '2025-01-01 01:00+00' + ((g::bigint * 7919) %% 1000000) * interval '31 seconds'",
        due_sql="r + interval '10 days'",
    )
    from django.conf import settings
    from django.db import connection

    from motcua.reports.figures import period_bounds
    from motcua.sync.services import sync_catch_up

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO dossiers_transition (dossier_id, action, at, from_status, to_status, agency_id, verdict,
              note, authority)
            SELECT d.id, s.action, d.received_at + s.n * interval '1 hour', s.f, s.t, d.agency_id, '', '', ''
            FROM dossiers_dossier d, (VALUES (0, 'received', NULL, 2), (1, 'assigned', 2, 4),
              (2, 'fees_requested', 4, 5), (3, 'fees_paid', 5, 9), (4, 'returned', 9, 10), (5, 'noted', 10, 10))
              AS s(n, action, f, t)
            ORDER BY d.received_at, s.n
            """
        )
        cursor.execute("VACUUM ANALYZE")
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    since, until = period_bounds(start, end)
    size = int(settings.NATIONAL_SYNC_BATCH)

    def raw() -> int:
        sent, last = 0, 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(RAW, [since, until, last, size])
                rows = cursor.fetchall()
                if not rows:
                    return sent
                last = rows[-1][0]
                body = json.dumps(
                    [
                        {
                            "id": f"status-{r[0]}",
                            "type": "status",
                            "dossier": r[5],
                            "agency": r[6],
                            "status": r[3],
                            "previous": r[2],
                            "action": r[4],
                            "at": r[1].isoformat(),
                        }
                        for r in rows
                    ]
                ).encode()
                assert body
                sent += len(rows)

    def catch_up() -> int:
        run = sync_catch_up(date_from=start, date_to=end)
        assert not run.error, run.error
        return run.events

    def timed(fn):  # type: ignore[no-untyped-def]
        best, result = float("inf"), 0
        for _ in range(3):
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        return best, result

    s_raw, n_raw = timed(raw)
    s_sync, n_sync = timed(catch_up)
    assert n_raw == n_sync, (n_raw, n_sync)
    print(f"status events in 2025: {n_sync:,} (batches of {size})")
    print(f"sync_catch_up over HTTP: {s_sync:.2f} s; raw keyset SELECT + JSON: {s_raw:.2f} s")
    print(f"ratio raw/catch-up: {s_raw / s_sync:.2f} (goal ≥ 0.5)")


if __name__ == "__main__":
    main()
