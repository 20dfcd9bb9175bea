"""Reliability check (issue #14): 8 parallel receivers × 1,000 dossiers for ONE agency on PostgreSQL.

Each receiver is its own OS process calling ``dossier_receive`` (the service the API, the back office and
the commands share). One attempt in 25 is rolled back on purpose after the reception succeeded (an
error later in the same request): its number must come back. At the end:

* 8,000 dossiers, 8,000 unique codes, numbers 1..8,000 without a gap;
* every code a receiver was given is in the database (nothing lost) and nothing else is;
* each dossier has its reception transition, its two tasks and its audit entry.

    .venv/bin/python scripts/stress_reception.py [--receivers 8] [--count 1000]

The database (MOTCUA_STRESS_DATABASE_URL, default postgres://motcua:motcua@127.0.0.1:5432/motcua_stress)
is dropped and created again.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

URL = os.environ.get("MOTCUA_STRESS_DATABASE_URL", "postgres://motcua:motcua@127.0.0.1:5432/motcua_stress")
SRC = str(Path(__file__).resolve().parent.parent / "src")
ROLLBACK_EVERY = 25


class _RolledBack(Exception):
    pass


def _django() -> None:
    sys.path.insert(0, SRC)
    os.environ["MOTCUA_DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def _create_database() -> None:
    import psycopg

    parts = urlsplit(URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres", query="").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _cast(receivers: int) -> tuple[int, int, list[int]]:
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from motcua.catalogue.records import ChannelRecord, ProcedureRecord
    from motcua.catalogue.services import procedure_import
    from motcua.organisation.models import Agency, StaffRole

    agency = Agency.objects.create(identifier="000.00.20.H49", name="Sở Tư pháp")
    clerks = []
    for n in range(receivers):
        clerk = get_user_model().objects.create(username=f"clerk{n}")
        StaffRole.objects.create(user=clerk, agency=agency, role=StaffRole.Role.RECEIVING_CLERK)
        clerks.append(clerk.pk)
    version = procedure_import(
        record=ProcedureRecord(
            code="2.000488",
            name="Thủ tục cấp Phiếu lý lịch tư pháp",
            levels=["province"],
            agency_identifiers=[agency.identifier],
            channels=[ChannelRecord(channel="in_person", time_limit=Decimal(10), fee_amount=Decimal(200000))],
        )
    ).version
    return agency.pk, version.pk, clerks


def receiver(args: tuple[int, int, int, int]) -> tuple[list[str], int]:
    """``count`` committed receptions by one clerk; returns their codes and the attempts rolled back."""
    _django()
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from motcua.catalogue.models import ProcedureVersion
    from motcua.dossiers.services import Applicant, dossier_receive
    from motcua.organisation.models import Agency

    clerk_id, version_id, agency_id, count = args
    clerk = get_user_model().objects.get(pk=clerk_id)
    version = ProcedureVersion.objects.get(pk=version_id)
    agency = Agency.objects.get(pk=agency_id)
    received_at = dt.datetime(2027, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    applicant = Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912 345 678")
    codes: list[str] = []
    rolled_back = attempt = 0
    while len(codes) < count:
        attempt += 1
        try:
            with transaction.atomic():
                dossier = dossier_receive(
                    actor=clerk, version=version, agency=agency, applicant=applicant, received_at=received_at
                )
                if attempt % ROLLBACK_EVERY == 0:
                    raise _RolledBack
        except _RolledBack:
            rolled_back += 1
            continue
        codes.append(str(dossier.code))
    return codes, rolled_back


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--receivers", type=int, default=8)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    _create_database()
    _django()
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", verbosity=0)
    agency_id, version_id, clerks = _cast(args.receivers)
    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.receivers) as pool:
        results = pool.map(receiver, [(clerk, version_id, agency_id, args.count) for clerk in clerks])
    elapsed = time.perf_counter() - started
    given = [code for codes, _ in results for code in codes]
    rolled_back = sum(n for _, n in results)
    expected = args.receivers * args.count
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM dossiers_dossier")
        stored = [code for (code,) in cursor.fetchall()]
        cursor.execute(
            """SELECT
                 (SELECT count(*) FROM dossiers_dossier d WHERE NOT EXISTS (SELECT 1 FROM dossiers_transition t
                    WHERE t.dossier_id = d.id AND t.action = 'received')),
                 (SELECT count(*) FROM dossiers_dossier d WHERE (SELECT count(*) FROM dossiers_task t
                    WHERE t.dossier_id = d.id) <> 2),
                 (SELECT count(*) FROM dossiers_dossier d WHERE NOT EXISTS (SELECT 1 FROM core_auditlog a
                    WHERE a.action = 'dossier.received' AND a.object_id = d.id::text))"""
        )
        without_transition, without_tasks, without_audit = cursor.fetchone()
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in stored)
    checks = {
        f"{expected:,} receptions committed": len(given) == expected,
        f"{expected:,} dossiers stored": len(stored) == expected,
        "every code unique": len(set(stored)) == len(stored),
        f"numbers 1..{expected:,} without a gap": numbers == list(range(1, expected + 1)),
        "every code given is stored, nothing else": sorted(given) == sorted(stored),
        "each dossier has its transition, 2 tasks and audit entry": (without_transition, without_tasks, without_audit)
        == (0, 0, 0),
    }
    print(
        f"{args.receivers} receivers x {args.count:,} dossiers for one agency on PostgreSQL: {elapsed:.1f} s "
        f"({expected / elapsed:.0f} receptions/s), {rolled_back} attempts rolled back on purpose"
    )
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
