"""Morning rush over HTTP: 64 concurrent clients receiving dossiers through ``POST /api/v1/dossiers``
on a real server (gunicorn, threaded workers) and PostgreSQL — all for ONE agency (every reception
numbers its code from the same per-agency sequence row) against the same load spread over 64 agencies
(one sequence row each), in the same run. Issue #14, benchmark 2.

    .venv/bin/python bench/bench_rush.py [--clients 64] [--seconds 15] [--rounds 2] [--workers 4] [--threads 1]
Goals: throughput one agency / 64 agencies ≥ 0.8; p99 < 200 ms.

Each client is a thread with its own keep-alive connection and its own clerk's bearer token; it sends
the next reception as soon as the previous answer arrives. The server runs ``workers × threads``
requests at once (the rest wait in its accept queue, as behind a proxy): by default 4 sync workers, as
docs/operations.md deploys it. With threaded workers (``--threads 16``) the thread holding the agency's
sequence row competes for its process's GIL with the others, which makes the one-agency case queue.
Every answer must be 201; at the end every code must be unique and each agency's numbers must run 1..n
without a gap.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import _setup

HERE = Path(__file__).resolve().parent
PORT = 8913
PROCEDURE = "2.000488"
BODY = {
    "procedure": PROCEDURE,
    "channel": "in_person",
    "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912 345 678"},
}


def make_agencies(count: int) -> list[tuple[str, list[str]]]:
    """``count`` agencies with a receiving clerk holding an API token each (the first agency ``count``
    of them, so that in the one-agency phase every client still acts as its own clerk), and one
    procedure all of them receive.
    Returns [(agency identifier, [tokens])]."""
    from django.contrib.auth import get_user_model

    from motcua.catalogue.records import ChannelRecord, ProcedureRecord
    from motcua.catalogue.services import procedure_import
    from motcua.core.tokens import api_token_create
    from motcua.organisation.models import Agency, StaffRole

    User = get_user_model()
    agencies = [Agency.objects.create(identifier=f"000.00.{i:02d}.H49", name=f"Sở {i}") for i in range(1, count + 1)]
    out = []
    for agency in agencies:
        tokens = []
        for n in range(count if agency is agencies[0] else 1):
            user = User.objects.create(username=f"clerk-{agency.identifier}-{n}")
            StaffRole.objects.create(user=user, agency=agency, role=StaffRole.Role.RECEIVING_CLERK)
            tokens.append(api_token_create(user=user))
        out.append((agency.identifier, tokens))
    procedure_import(
        record=ProcedureRecord(
            code=PROCEDURE,
            name="Thủ tục cấp Phiếu lý lịch tư pháp",
            levels=["province"],
            agency_identifiers=[a.identifier for a in agencies],
            channels=[ChannelRecord(channel="in_person", time_limit=Decimal(10), fee_amount=Decimal(200000))],
        )
    )
    return out


def client(token: str, agency: str, stop_at: float, latencies: list[float], failures: list[str]) -> None:
    body = json.dumps({**BODY, "agency": agency}, ensure_ascii=False).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept-Language": "en"}
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    while time.perf_counter() < stop_at:
        started = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/dossiers", body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as exc:
            failures.append(repr(exc))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            continue
        if response.status != 201:
            failures.append(f"{response.status} {answer[:200]!r}")
            continue
        latencies.append(time.perf_counter() - started)
    conn.close()


def phase(assignments: list[tuple[str, str]], seconds: float) -> tuple[float, float, float, int]:
    """Run one client per (token, agency) for ``seconds``: receptions/s, p50 and p99 in ms, failures."""
    latencies: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=client, args=(token, agency, stop_at, latencies, failures))
        for token, agency in assignments
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, e.g. {failures[:3]}")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return len(latencies) / elapsed, statistics.median(ordered) * 1000, p99, len(latencies)


def check_codes() -> tuple[int, int]:
    """Every code unique, each agency's numbers 1..n per day without a gap. Returns (dossiers, agencies)."""
    import psycopg

    with psycopg.connect(_setup.raw_url()) as conn:
        rows = conn.execute("SELECT code FROM dossiers_dossier").fetchall()
    codes = [code for (code,) in rows]
    assert len(codes) == len(set(codes)), "a code was issued twice"
    numbers: dict[str, list[int]] = {}
    for code in codes:
        prefix, number = code.rsplit("-", 1)
        numbers.setdefault(prefix, []).append(int(number))
    for prefix, issued in numbers.items():
        assert sorted(issued) == list(range(1, len(issued) + 1)), f"gap in {prefix}"
    return len(codes), len(numbers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="as docs/operations.md deploys it")
    parser.add_argument("--threads", type=int, default=1, help="> 1: gthread workers")
    args = parser.parse_args()
    _setup.create_database()
    _setup.django_setup()
    agencies = make_agencies(args.clients)
    one = [(agencies[0][1][n], agencies[0][0]) for n in range(args.clients)]  # 64 clerks of one agency
    spread = [(tokens[0], identifier) for identifier, tokens in agencies]  # one clerk of each of 64 agencies
    env = {
        **os.environ,
        "MOTCUA_DATABASE_URL": _setup.URL,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "PYTHONPATH": str(HERE.parent / "src"),
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
            "-k",
            "gthread" if args.threads > 1 else "sync",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/agencies", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        phase(spread, 3)  # warm-up: every worker thread's connection, prepared plans
        phase(one, 3)
        ones, spreads = [], []
        for _ in range(args.rounds):  # alternate so that machine noise hits both alike
            ones.append(phase(one, args.seconds))
            spreads.append(phase(spread, args.seconds))
    finally:
        server.terminate()
        server.wait()
    dossiers, prefixes = check_codes()
    best_one, best_spread = max(ones), max(spreads)
    kind = (
        f"{args.workers} gthread workers x {args.threads} threads"
        if args.threads > 1
        else f"{args.workers} sync workers"
    )
    concurrency = f"{args.clients} clients, gunicorn {kind}"
    print(f"rush hour: POST /api/v1/dossiers, {concurrency}, {args.seconds:.0f} s per phase")
    for name, runs, best in (("one agency:   ", ones, best_one), ("64 agencies:  ", spreads, best_spread)):
        print(
            f"{name} {best[0]:7.1f} receptions/s  p50 {best[1]:6.1f} ms  p99 {best[2]:6.1f} ms"
            f"  rounds: {[round(r[0], 1) for r in runs]}"
        )
    print(f"codes: {dossiers:,} dossiers, all unique, numbers without a gap in each of {prefixes} agency-days")
    worst_p99 = max(r[2] for r in ones + spreads)
    print(
        f"ratio one/64 agencies: {best_one[0] / best_spread[0]:.2f} (goal >= 0.8);"
        f" worst p99 {worst_p99:.0f} ms (goal < 200)"
    )


if __name__ == "__main__":
    main()
