"""Recompute the due dates of every open dossier after the working calendar changed.

Built for a province's whole open stock (≈1 M rows): rows are read in chunks as tuples, due dates are
computed in bulk on working-minute ordinals, and only the changed rows are written, in batches, with
one UPDATE ... FROM (VALUES ...) per batch on PostgreSQL. The open steps' deadlines move with them.

A dossier is written only if nobody acted on it since it was read (its ``lock_version`` is unchanged):
on PostgreSQL the batch's unchanged rows are locked first (``SELECT ... FOR UPDATE``), on SQLite each
row is updated under a ``lock_version`` condition. Dossiers that moved meanwhile are read again and
recomputed in a later pass, so a concurrent action is never overwritten with a stale date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from motcua.core.audit import audit_log
from motcua.dossiers.models import Dossier, Task
from motcua.dossiers.services import task_deadline
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.services import calendar_load

CHUNK = 20_000
# Paused dossiers (supplement) get a fresh due date when they come back; apologised ones keep the date
# a person promised.
RECOMPUTED_STATUSES = (Dossier.Status.RECEIVED, Dossier.Status.IN_PROCESS, Dossier.Status.FEES_DUE)


RETRY_PASSES = 3


@dataclass
class RecomputeResult:
    checked: int
    changed: int
    tasks_changed: int = 0
    retried: int = 0


# id, clock started, time limit, unit, after-15h rule, paused minutes, due date (None: apologised, the
# promised date stays), lock version
Row = tuple[int, dt.datetime, Decimal, str, bool, int, dt.datetime | None, bool, int]
# id, dossier id, started, budget minutes, paused minutes, deadline, clock start, planned minutes
TaskRow = tuple[int, int, dt.datetime, int, int, dt.datetime, dt.datetime | None, int | None]


def _row(raw: tuple[Any, ...]) -> Row:
    """PostgreSQL returns aware datetimes; SQLite returns naive UTC ones (or text) and text numbers."""
    pk, started, limit, unit, after_15h, paused, due, apologised, version = raw
    return (
        pk,
        _utc(started),
        Decimal(str(limit)),
        unit,
        bool(after_15h),
        int(paused),
        _utc(due) if due else None,
        bool(apologised),
        int(version),
    )


def _task_row(raw: tuple[Any, ...]) -> TaskRow:
    pk, dossier_id, started, budget, paused, deadline, clock_start, planned = raw
    return (
        pk,
        dossier_id,
        _utc(started),
        int(budget),
        int(paused),
        _utc(deadline),
        _utc(clock_start) if clock_start else None,
        int(planned) if planned is not None else None,
    )


def _utc(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _compute(cal: WorkCalendar, rows: list[Row]) -> dict[int, dt.datetime]:
    groups: dict[tuple[str, bool], list[Row]] = defaultdict(list)
    for row in rows:
        if not row[7]:  # an apologised dossier keeps the date a person promised
            groups[(row[3], row[4])].append(row)
    changed: dict[int, dt.datetime] = {}
    for (unit, after_15h), group in groups.items():
        dues = cal.due_dates_bulk([r[1] for r in group], [r[2] for r in group], unit, after_15h=after_15h)
        for row, due in zip(group, dues, strict=True):
            if row[5]:
                due = cal.add_working_minutes(due, row[5])
            if row[6] != due:
                changed[row[0]] = due
    return changed


def _compute_tasks(cal: WorkCalendar, rows: list[TaskRow]) -> dict[int, tuple[int, dt.datetime]]:
    changed: dict[int, tuple[int, dt.datetime]] = {}
    for pk, dossier_id, started, budget, paused, deadline, clock_start, planned in rows:
        new = task_deadline(
            cal, started_at=started, budget=budget, clock_start=clock_start, planned=planned, paused=paused
        )
        if new != deadline:
            changed[pk] = (dossier_id, new)
    return changed


def _values(count: int, *types: str) -> str:
    one = "(" + ", ".join(f"%s::{t}" for t in types) + ")"
    return ", ".join([one] * count)


def _update_instants(cursor: Any, table: str, column: str, rows: list[tuple[int, dt.datetime]]) -> None:
    """``UPDATE table SET column = ...`` for (id, instant) pairs, one statement per 5,000 rows."""
    for start in range(0, len(rows), 5_000):
        part = rows[start : start + 5_000]
        cursor.execute(
            f"UPDATE {table} AS x SET {column} = v.value "  # noqa: S608
            f"FROM (VALUES {_values(len(part), 'bigint', 'timestamptz')}) AS v(id, value) WHERE x.id = v.id",
            [x for pair in part for x in pair],
        )


def _write_postgresql(
    versions: dict[int, int], dues: dict[int, dt.datetime], deadlines: dict[int, tuple[int, dt.datetime]]
) -> set[int]:
    """Lock the rows still at the version read, write them; returns the dossiers written."""
    dossiers = Dossier._meta.db_table
    written: set[int] = set()
    ids = list(versions)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5_000):
            batch = ids[start : start + 5_000]
            cursor.execute(
                f"SELECT d.id FROM {dossiers} d JOIN (VALUES {_values(len(batch), 'bigint', 'integer')}) "  # noqa: S608
                "AS v(id, lv) ON d.id = v.id AND d.lock_version = v.lv FOR UPDATE OF d",
                [x for pk in batch for x in (pk, versions[pk])],
            )
            written.update(r[0] for r in cursor.fetchall())
        _update_instants(cursor, dossiers, "due_at", [(pk, due) for pk, due in dues.items() if pk in written])
        _update_instants(
            cursor,
            Task._meta.db_table,
            "deadline",
            [(pk, deadline) for pk, (dossier_id, deadline) in deadlines.items() if dossier_id in written],
        )
    return written


def _write_sqlite(
    versions: dict[int, int], dues: dict[int, dt.datetime], deadlines: dict[int, tuple[int, dt.datetime]]
) -> set[int]:
    """One conditional statement per row: SQLite has one writer at a time, so each is atomic."""
    dossiers, tasks = Dossier._meta.db_table, Task._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    skipped: set[int] = set()
    with connection.cursor() as cursor:
        for pk, due in dues.items():
            cursor.execute(
                f"UPDATE {dossiers} SET due_at = %s WHERE id = %s AND lock_version = %s",  # noqa: S608
                [adapt(due), pk, versions[pk]],
            )
            if cursor.rowcount != 1:
                skipped.add(pk)
        for pk, (dossier_id, deadline) in deadlines.items():
            if dossier_id in skipped:
                continue
            cursor.execute(
                f"UPDATE {tasks} SET deadline = %s WHERE id = %s AND "  # noqa: S608
                f"(SELECT lock_version FROM {dossiers} WHERE id = %s) = %s",
                [adapt(deadline), pk, dossier_id, versions[dossier_id]],
            )
            if cursor.rowcount != 1:
                skipped.add(dossier_id)
    return set(versions) - skipped


def _sql() -> tuple[str, str]:
    dossiers, tasks = Dossier._meta.db_table, Task._meta.db_table
    versions = Dossier._meta.get_field("version").related_model._meta.db_table  # type: ignore[union-attr]
    statuses = ", ".join(str(int(s)) for s in RECOMPUTED_STATUSES)
    # A plain cursor, not the ORM: a million rows go through no per-row model converters.
    dossier_sql = (
        f"SELECT d.id, d.clock_started_at, d.time_limit, d.time_unit, v.after_15h_next_day, d.paused_minutes, "  # noqa: S608
        f"d.due_at, d.apologised, d.lock_version FROM {dossiers} d JOIN {versions} v ON v.id = d.version_id "
        f"WHERE {{where}} AND d.status IN ({statuses}) "
        "AND d.clock_started_at IS NOT NULL AND d.time_limit IS NOT NULL"
    )
    task_sql = (
        f"SELECT t.id, t.dossier_id, t.started_at, t.budget_minutes, t.paused_minutes, t.deadline, "  # noqa: S608
        "d.clock_started_at, t.planned_minutes "
        f"FROM {tasks} t JOIN {dossiers} d ON d.id = t.dossier_id "
        f"WHERE {{where}} AND t.finished_at IS NULL AND d.status IN ({statuses})"
    )
    return dossier_sql, task_sql


def _pass(cal: WorkCalendar, where: str, params: list[Any]) -> tuple[int, int, int, set[int]]:
    """Recompute the dossiers matching ``where``: (checked, dossiers changed, tasks changed, moved ids)."""
    dossier_sql, task_sql = _sql()
    with connection.cursor() as cursor:
        cursor.execute(dossier_sql.format(where=where), params)
        rows = [_row(r) for r in cursor.fetchall()]
        if not rows:
            return 0, 0, 0, set()
        cursor.execute(task_sql.format(where=where), params)
        task_rows = [_task_row(r) for r in cursor.fetchall()]
    dues = _compute(cal, rows)
    deadlines = _compute_tasks(cal, task_rows)
    touched = set(dues) | {dossier_id for dossier_id, _deadline in deadlines.values()}
    versions = {row[0]: row[8] for row in rows if row[0] in touched}
    if not versions:
        return len(rows), 0, 0, set()
    with transaction.atomic():
        write = _write_postgresql if connection.vendor == "postgresql" else _write_sqlite
        written = write(versions, dues, deadlines)
    moved = set(versions) - written
    changed = sum(1 for pk in dues if pk in written)
    tasks_changed = sum(1 for dossier_id, _deadline in deadlines.values() if dossier_id in written)
    return len(rows), changed, tasks_changed, moved


def dossier_due_dates_recompute(*, actor: Any = None, progress: Callable[[int], None] | None = None) -> RecomputeResult:
    """Recompute the due date of every open dossier and the deadline of its open steps with the current
    calendar, never overwriting a dossier someone acted on meanwhile; returns the counts."""
    cal = calendar_load()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Dossier._meta.db_table}")  # noqa: S608
        max_pk = cursor.fetchone()[0]
    result = RecomputeResult(checked=0, changed=0)
    moved: set[int] = set()
    # Walk primary-key ranges: a range scan on the primary key whatever the table statistics say.
    for low in range(0, max_pk, CHUNK):
        checked, changed, tasks_changed, chunk_moved = _pass(cal, "d.id > %s AND d.id <= %s", [low, low + CHUNK])
        result.checked += checked
        result.changed += changed
        result.tasks_changed += tasks_changed
        moved |= chunk_moved
        if progress:
            progress(result.checked)
    for _attempt in range(RETRY_PASSES):
        if not moved:
            break
        result.retried += len(moved)
        ids = sorted(moved)
        moved = set()
        for start in range(0, len(ids), 900):
            batch = ids[start : start + 900]
            _checked, changed, tasks_changed, again = _pass(cal, f"d.id IN ({', '.join(['%s'] * len(batch))})", batch)
            result.changed += changed
            result.tasks_changed += tasks_changed
            moved |= again
    audit_log(
        action="dossier.due_dates_recomputed",
        actor=actor,
        checked=result.checked,
        changed=result.changed,
        tasks_changed=result.tasks_changed,
        retried=result.retried,
        left_moving=len(moved),
    )
    return result
