"""Reception throughput on PostgreSQL: ``dossier_receive`` (the service layer) against raw psycopg
writing the same rows — sequence row locked and bumped, dossier, its two task rows, the transition and
the audit entry — one transaction per dossier, in the same run and the same database.

    .venv/bin/python bench/bench_reception.py [--count 2000]
Goal: ratio service/raw ≥ 0.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time

import _setup


def run_service(cast: dict, count: int) -> float:
    from motcua.dossiers.services import Applicant, dossier_receive

    applicant = Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678")
    received_at = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
    start = time.perf_counter()
    for _ in range(count):
        dossier_receive(
            actor=cast["clerk"],
            version=cast["version"],
            agency=cast["agency"],
            applicant=applicant,
            received_at=received_at,
        )
    return count / (time.perf_counter() - start)


RAW_ROUND = [0]


def run_raw(cast: dict, count: int) -> float:
    import psycopg

    agency_id, version_id, clerk_id = cast["agency"].pk, cast["version"].pk, cast["clerk"].pk
    RAW_ROUND[0] += 1
    day = dt.date(2027, 3, 1) + dt.timedelta(days=RAW_ROUND[0])  # another day: its own numbering
    received = dt.datetime(2027, 3, 2, 1, 0, tzinfo=dt.UTC)
    due = received + dt.timedelta(days=14)
    with psycopg.connect(_setup.raw_url()) as conn:
        start = time.perf_counter()
        for _ in range(count):
            with conn.transaction():
                conn.execute(
                    "INSERT INTO dossiers_dossiersequence (agency_id, day, last_number) VALUES (%s, %s, 0) "
                    "ON CONFLICT DO NOTHING",
                    [agency_id, day],
                )
                number = conn.execute(
                    "UPDATE dossiers_dossiersequence SET last_number = last_number + 1 "
                    "WHERE agency_id = %s AND day = %s RETURNING last_number",
                    [agency_id, day],
                ).fetchone()[0]
                code = f"000.00.20.H49-{day:%y%m%d}-{number:04d}"
                dossier_id = conn.execute(
                    """INSERT INTO dossiers_dossier (code, version_id, agency_id, channel, status, lock_version,
                    applicant_kind, applicant_name, applicant_name_folded, applicant_id_number, applicant_phone,
                    applicant_email, applicant_address, proxy_name, proxy_id_number, proxy_phone, received_at,
                    clock_started_at, due_at, original_due_at, time_limit, time_unit, paused_minutes, apologised,
                    supplement_count, outcome, result_collected_by, result_delivery, fee_amount, fee_currency,
                    fee_exempt, fee_exemption_reason, fee_paid, current_position, created_at, created_by_id)
                    VALUES (%s,%s,%s,'in_person',2,1,'person','Nguyễn Văn An','nguyen van an','001090012345',
                    '+84912345678','','','','','',%s,%s,%s,%s,10,'working_day',0,false,0,'','','counter',200000,
                    'VND',false,'',false,2,now(),%s) RETURNING id""",
                    [code, version_id, agency_id, received, received, due, due, clerk_id],
                ).fetchone()[0]
                for position, kind, role, finished in [
                    (1, "receive", "receiving_clerk", received),
                    (2, "appraise", "officer", None),
                ]:
                    conn.execute(
                        """INSERT INTO dossiers_task (dossier_id, position, name, kind, agency_id, role, budget_minutes,
                        started_at, deadline, finished_at, used_minutes, verdict, is_consultation, note, assignee_id)
                        VALUES (%s,%s,'Bước',%s,%s,%s,480,%s,%s,%s,%s,'pending',false,'',%s)""",
                        [
                            dossier_id,
                            position,
                            kind,
                            agency_id,
                            role,
                            received,
                            due,
                            finished,
                            0 if finished else None,
                            clerk_id if finished else None,
                        ],
                    )
                conn.execute(
                    """INSERT INTO dossiers_transition (dossier_id, action, at, actor_id, from_status, to_status,
                    agency_id, step_deadline, verdict, note, authority)
                    VALUES (%s,'received',%s,%s,NULL,2,%s,%s,'','','')""",
                    [dossier_id, received, clerk_id, agency_id, due],
                )
                conn.execute(
                    "INSERT INTO core_auditlog (at, actor_id, action, object_type, object_id, data) "
                    "VALUES (now(), %s, 'dossier.received', 'dossiers.dossier', %s, %s)",
                    [clerk_id, str(dossier_id), json.dumps({"code": code, "status": 2})],
                )
        return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    _setup.create_database()
    _setup.django_setup()
    cast = _setup.make_cast()
    run_service(cast, 50)  # warm-up: caches, prepared plans
    # Alternate the two in rounds so that machine noise hits both alike; report the best of each.
    services, raws = [], []
    cpu = {"service": 0.0, "raw": 0.0}
    for _ in range(args.rounds):
        for name, run, rates in (("service", run_service, services), ("raw", run_raw, raws)):
            started = time.process_time()
            rates.append(run(cast, args.count))
            cpu[name] += time.process_time() - started
    service, raw = max(services), max(raws)
    per = {name: seconds * 1000 / (args.rounds * args.count) for name, seconds in cpu.items()}
    print(f"service layer (dossier_receive): {service:8.0f} dossiers/s  rounds: {[round(x) for x in services]}")
    print(f"raw psycopg, same rows:          {raw:8.0f} dossiers/s  rounds: {[round(x) for x in raws]}")
    # Where the difference lies: this process's CPU per dossier (Python, ORM, psycopg); the rest of the
    # wall time is waiting for PostgreSQL.
    print(f"client CPU per dossier: service {per['service']:.2f} ms, raw {per['raw']:.2f} ms")
    print(f"ratio service/raw: {service / raw:.2f} (goal >= 0.5)")


if __name__ == "__main__":
    main()
