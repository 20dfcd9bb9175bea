"""Reception throughput on PostgreSQL: ``dossier_receive`` (the service layer) against raw psycopg
writing the same rows — sequence row locked and bumped, dossier, its two task rows, the transition, the
audit entry, the queued SMS notice and its background task — one transaction per dossier, in the same
run and the same database. The raw side sends them in the fewest round trips: one data-modifying CTE and
the COMMIT (issue #14: a fair baseline).

    .venv/bin/python bench/bench_reception.py [--count 2000]
Goal: ratio service/raw ≥ 0.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

# The raw side: every row a reception writes — the agency's sequence row bumped, the dossier, its two
# tasks, the transition, the audit entry, the queued SMS notice and its background task — in ONE
# data-modifying statement (the fewest round trips: that statement and the COMMIT). Codes and the
# notice's text are made in SQL.
RAW_RECEPTION = """
WITH s AS (
  INSERT INTO dossiers_dossiersequence (agency_id, day, last_number) VALUES (%(agency)s, %(day)s, 1)
  ON CONFLICT (agency_id, day) DO UPDATE SET last_number = dossiers_dossiersequence.last_number + 1
  RETURNING last_number
), d AS (
  INSERT INTO dossiers_dossier (code, version_id, agency_id, channel, status, lock_version, applicant_kind,
    applicant_name, applicant_name_folded, applicant_id_number, applicant_phone, applicant_email,
    applicant_address, proxy_name, proxy_id_number, proxy_phone, received_at, clock_started_at, due_at,
    original_due_at, time_limit, time_unit, paused_minutes, apologised, supplement_count, outcome,
    result_collected_by, result_delivery, fee_amount, fee_currency, fee_exempt, fee_exemption_reason, fee_paid,
    current_position, created_at, created_by_id, late_before_supplement)
  SELECT %(prefix)s || lpad(s.last_number::text, 4, '0'), %(version)s, %(agency)s, 'in_person', 2, 1, 'person',
    'Nguyễn Văn An', 'nguyen van an', '001090012345', '+84912345678', '', '', '', '', '', %(received)s,
    %(received)s, %(due)s, %(due)s, 10, 'working_day', 0, false, 0, '', '', 'counter', 200000, 'VND', false, '',
    false, 2, now(), %(clerk)s, false
  FROM s RETURNING id, code
), t AS (
  INSERT INTO dossiers_task (dossier_id, position, name, kind, agency_id, role, budget_minutes, started_at,
    deadline, finished_at, used_minutes, verdict, is_consultation, note, assignee_id, paused_minutes,
    planned_minutes)
  SELECT d.id, v.position, v.name, v.kind, %(agency)s, v.role, v.budget, %(received)s, v.deadline, v.finished,
    v.used, v.verdict, false, '', v.assignee, 0, v.planned
  FROM d, (VALUES
    (1, 'Tiếp nhận hồ sơ', 'receive', 'receiving_clerk', 480, %(step1)s::timestamptz, %(received)s::timestamptz,
     0, 'early', %(clerk)s::integer, 480),
    (2, 'Thẩm định hồ sơ', 'appraise', 'officer', 2880, %(due)s::timestamptz, NULL, NULL, 'pending', NULL, 3360)
  ) AS v(position, name, kind, role, budget, deadline, finished, used, verdict, assignee, planned)
  RETURNING id, position
), tr AS (
  INSERT INTO dossiers_transition (dossier_id, action, at, actor_id, from_status, to_status, task_id, agency_id,
    step_deadline, verdict, note, authority)
  SELECT d.id, 'received', %(received)s, %(clerk)s, NULL, 2, t.id, %(agency)s, %(step1)s, '', '', ''
  FROM d, t WHERE t.position = 1 RETURNING id
), a AS (
  INSERT INTO core_auditlog (at, actor_id, actor_username, action, object_type, object_id, data)
  SELECT now(), %(clerk)s, 'clerk', 'dossier.received', 'dossiers.dossier', d.id::text,
    jsonb_build_object('code', d.code, 'status', 2)
  FROM d
), n AS (
  INSERT INTO notices_notice (uuid, dossier_id, transition_id, event, channel, recipient, language, subject, text,
    sms_parts, priority, state, reason, attempts, next_attempt_at, enqueued_at, provider_message_id, created_at,
    updated_at)
  SELECT gen_random_uuid(), d.id, tr.id, 'received', 'sms', '+84912345678', 'vi', '',
    'Hồ sơ ' || d.code || %(text_middle)s || d.code, 3, true, 'queued', '', 0, NULL, %(received)s, '', now(), now()
  FROM d, tr RETURNING id
)
INSERT INTO django_tasks_database_dbtaskresult (id, status, enqueued_at, args_kwargs, priority, task_path,
  worker_ids, queue_name, backend_name, run_after, exception_class_path, traceback)
SELECT gen_random_uuid(), 'READY', now(), jsonb_build_object('args', '[]'::jsonb, 'kwargs',
  jsonb_build_object('notice_id', n.id)), 10, 'motcua.notices.tasks.notice_send', '[]'::jsonb, 'priority',
  'default', '9999-01-01 00:00:00+00', '', ''
FROM n
"""


def run_raw(cast: dict, count: int) -> float:
    import psycopg

    RAW_ROUND[0] += 1
    day = dt.date(2027, 3, 1) + dt.timedelta(days=RAW_ROUND[0])  # another day: its own numbering
    received = dt.datetime(2027, 3, 2, 1, 0, tzinfo=dt.UTC)
    params = {
        "agency": cast["agency"].pk,
        "version": cast["version"].pk,
        "clerk": cast["clerk"].pk,
        "day": day,
        "prefix": f"{cast['agency'].identifier}-{day:%y%m%d}-",
        "received": received,
        "step1": received + dt.timedelta(days=1),
        "due": received + dt.timedelta(days=14),
        "text_middle": " đã được tiếp nhận lúc 08:00 02/03/2027, hẹn trả kết quả 08:00 16/03/2027. "
        "Tra cứu: http://127.0.0.1:8000/tra-cuu/?ma=",
    }
    with psycopg.connect(_setup.raw_url(), prepare_threshold=0) as conn:
        start = time.perf_counter()
        for _ in range(count):
            with conn.transaction():
                conn.execute(RAW_RECEPTION, params)
        return count / (time.perf_counter() - start)


def check_rows() -> str:
    """Both sides wrote the same rows per reception: 2 tasks, a transition, an audit entry, a notice and
    its background task for each dossier."""
    import psycopg

    with psycopg.connect(_setup.raw_url()) as conn:
        row = conn.execute(
            """SELECT (SELECT count(*) FROM dossiers_dossier), (SELECT count(*) FROM dossiers_task),
                 (SELECT count(*) FROM dossiers_transition), (SELECT count(*) FROM core_auditlog
                  WHERE action = 'dossier.received'), (SELECT count(*) FROM notices_notice),
                 (SELECT count(*) FROM django_tasks_database_dbtaskresult)"""
        ).fetchone()
    dossiers, tasks, transitions, audits, notices, jobs = row
    assert (tasks, transitions, audits, notices, jobs) == (2 * dossiers, dossiers, dossiers, dossiers, dossiers), row
    return f"{dossiers:,} dossiers, each with 2 tasks, 1 transition, 1 audit entry, 1 notice, 1 background task"


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
    print(f"rows: {check_rows()}")
    print(f"ratio service/raw: {service / raw:.2f} (goal >= 0.5)")


if __name__ == "__main__":
    main()
