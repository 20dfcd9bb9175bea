"""Public lookup over HTTP: gunicorn (2 sync workers by default) on loopback serving
``GET /api/v1/lookup`` on a PostgreSQL
database holding N dossiers (default 1 M, each with its reception history row), against a bare Django
view returning JSON of the same size, in the same run, with wrk as the load tool.

    .venv/bin/python bench/bench_lookup.py [--count 1000000] [--seconds 15]
Goals: ratio lookup/bare ≥ 0.7; p99 latency < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import _setup

HERE = Path(__file__).resolve().parent
PORT = 8911


def generate(cast: dict, count: int) -> None:
    from django.db import connection

    _setup.insert_dossiers(cast, count, status=2, received_sql="now()", due_sql="now() + interval '14 days'")
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO dossiers_transition (dossier_id, action, at, actor_id, from_status, to_status, agency_id,
               step_deadline, verdict, note, authority)
               SELECT id, 'received', now(), %s, NULL, 2, agency_id, due_at, '', '', '' FROM dossiers_dossier""",
            [cast["clerk"].pk],
        )
        cursor.execute("ANALYZE")


def _reusable(count: int) -> bool:
    """The benchmark database exists and holds exactly ``count`` dossiers with their history."""
    import psycopg

    try:
        with psycopg.connect(_setup.raw_url()) as conn:
            row = conn.execute("SELECT count(*), (SELECT count(*) FROM dossiers_transition) FROM dossiers_dossier")
            return row.fetchone() == (count, count)
    except psycopg.Error:
        return False


def wrk(path_script: str, seconds: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{seconds}s", "--latency", "-s", path_script, f"http://127.0.0.1:{PORT}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99_text = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99_text, out
    p99 = float(p99_text.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99_text.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{non2xx.group(1)} failed responses:\n{out}")
    return rate, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the dossiers of the previous run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    if not (args.reuse and _reusable(args.count)):
        _setup.create_database()
        _setup.django_setup()
        cast = _setup.make_cast()
        start = time.perf_counter()
        generate(cast, args.count)
        print(f"generated {args.count:,} dossiers with history in {time.perf_counter() - start:.0f} s")
    else:
        _setup.django_setup()
        print(f"reusing the {args.count:,} dossiers of the previous run")

    from django.test import Client

    body = Client().get("/api/v1/lookup", {"code": "BENCH-1", "secret": "0912345678"}).content
    assert b'"status_code": 2' in body, body
    env = {
        **os.environ,
        "MOTCUA_DATABASE_URL": _setup.URL,
        "DJANGO_SETTINGS_MODULE": "lookup_bench.settings",
        "PYTHONPATH": f"{HERE}:{HERE.parent / 'src'}",
        "BENCH_BARE_SIZE": str(len(body)),
        "MOTCUA_ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "motcua.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bare", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as tmp:
            lookup = Path(tmp, "lookup.lua")
            lookup.write_text(
                f"math.randomseed(7)\nrequest = function()\n  local n = math.random(1, {args.count})\n"
                '  return wrk.format("GET", "/api/v1/lookup?code=BENCH-" .. n .. "&secret=0912345678")\nend\n'
            )
            bare = Path(tmp, "bare.lua")
            bare.write_text('request = function()\n  return wrk.format("GET", "/bare")\nend\n')
            wrk(str(bare), 3)  # warm-up both workers
            wrk(str(lookup), 3)
            lookup_rate, lookup_p99 = wrk(str(lookup), args.seconds)
            bare_rate, bare_p99 = wrk(str(bare), args.seconds)
    finally:
        server.terminate()
        server.wait()
    print(f"answer size: {len(body)} bytes")
    print(f"lookup  (GET /api/v1/lookup, {args.count:,} dossiers): {lookup_rate:8.0f} req/s  p99 {lookup_p99:6.1f} ms")
    print(f"bare Django JSON view, same size:                  {bare_rate:8.0f} req/s  p99 {bare_p99:6.1f} ms")
    print(f"ratio lookup/bare: {lookup_rate / bare_rate:.2f} (goal >= 0.7); lookup p99 {lookup_p99:.1f} ms (goal < 50)")


if __name__ == "__main__":
    main()
