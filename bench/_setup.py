"""Shared set-up for the database benchmarks: a dedicated PostgreSQL database, migrated, with a small
cast (one agency, one clerk, one officer, the head) and one published procedure.

The database URL comes from MOTCUA_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/motcua_bench).
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

URL = os.environ.get("MOTCUA_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def create_database() -> None:
    import psycopg

    parts = urlsplit(URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres", query="").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def raw_url() -> str:
    """The URL without Django-only options, for psycopg."""
    return urlsplit(URL)._replace(query="").geturl()


def django_setup() -> None:
    os.environ["MOTCUA_DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_cast() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from motcua.catalogue.records import ChannelRecord, ProcedureRecord
    from motcua.catalogue.services import procedure_import
    from motcua.organisation.models import Agency, StaffRole

    agency = Agency.objects.create(identifier="000.00.20.H49", name="Sở Tư pháp")
    users = {}
    for name, role in [("clerk", "receiving_clerk"), ("officer", "officer"), ("head", "agency_head")]:
        user = get_user_model().objects.create(username=name)
        StaffRole.objects.create(user=user, agency=agency, role=role)
        users[name] = user
    version = procedure_import(
        record=ProcedureRecord(
            code="2.000488",
            name="Thủ tục cấp Phiếu lý lịch tư pháp",
            levels=["province"],
            agency_identifiers=[agency.identifier],
            channels=[ChannelRecord(channel="in_person", time_limit=Decimal(10), fee_amount=Decimal(200000))],
        )
    ).version
    return {"agency": agency, "version": version, **users}


def insert_dossiers(cast: dict[str, Any], count: int, *, status: int, received_sql: str, due_sql: str) -> None:
    """``count`` dossiers in one INSERT ... SELECT generate_series; ``g`` is the row number in the SQL
    expressions for the reception instant and the due date. Codes are ``BENCH-<g>``, the phone
    0912 345 678."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO dossiers_dossier (code, version_id, agency_id, channel, status, lock_version, applicant_kind,
              applicant_name, applicant_name_folded, applicant_id_number, applicant_phone, applicant_email,
              applicant_address, proxy_name, proxy_id_number, proxy_phone, received_at, clock_started_at, due_at,
              time_limit, time_unit, paused_minutes, apologised, supplement_count, outcome, result_collected_by,
              result_delivery, fee_amount, fee_currency, fee_exempt, fee_exemption_reason, fee_paid, created_at,
              late_before_supplement)
            SELECT 'BENCH-' || g, %s, %s, 'in_person', %s, 0, 'person', 'Nguyễn Văn An', 'nguyen van an',
              '001090012345', '+84912345678', '', '', '', '', '', r, r, {due_sql},
              1 + (g %% 30), 'working_day', 0, false, 0, '', '', 'counter', 0, 'VND', false, '', true, now(),
              false
            FROM generate_series(1, %s) AS g, LATERAL (SELECT {received_sql} AS r) AS t
            """,  # noqa: S608 (the SQL expressions come from the benchmark scripts, not from input)
            [cast["version"].pk, cast["agency"].pk, status, count],
        )
