"""Recompute the due dates of every open dossier after the working calendar changed.

Built for a province's whole open stock (≈1 M rows): rows are read in chunks as tuples, due dates are
computed in bulk on working-minute ordinals, and only the changed rows are written, in batches, with
one UPDATE ... FROM (VALUES ...) per batch on PostgreSQL.
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
from motcua.dossiers.models import Dossier
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.services import calendar_load

CHUNK = 20_000
# Paused dossiers (supplement) get a fresh due date when they come back; apologised ones keep the date
# a person promised.
RECOMPUTED_STATUSES = (Dossier.Status.RECEIVED, Dossier.Status.IN_PROCESS, Dossier.Status.FEES_DUE)


@dataclass
class RecomputeResult:
    checked: int
    changed: int


Row = tuple[int, dt.datetime, Decimal, str, bool, int, dt.datetime | None]


def _row(raw: tuple[Any, ...]) -> Row:
    """PostgreSQL returns aware datetimes; SQLite returns naive UTC ones (or text) and text numbers."""
    pk, started, limit, unit, after_15h, paused, due = raw
    return pk, _utc(started), Decimal(str(limit)), unit, bool(after_15h), int(paused), _utc(due) if due else None


def _utc(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _compute(cal: WorkCalendar, rows: list[Row]) -> list[tuple[int, dt.datetime]]:
    groups: dict[tuple[str, bool], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row[3], row[4])].append(row)
    changed: list[tuple[int, dt.datetime]] = []
    for (unit, after_15h), group in groups.items():
        dues = cal.due_dates_bulk([r[1] for r in group], [r[2] for r in group], unit, after_15h=after_15h)
        for row, due in zip(group, dues, strict=True):
            if row[5]:
                due = cal.add_working_minutes(due, row[5])
            if row[6] != due:
                changed.append((row[0], due))
    return changed


def _write(changed: list[tuple[int, dt.datetime]]) -> None:
    table = Dossier._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for start in range(0, len(changed), 5_000):
                batch = changed[start : start + 5_000]
                values = ", ".join(["(%s::bigint, %s::timestamptz)"] * len(batch))
                params: list[Any] = [item for pair in batch for item in pair]
                cursor.execute(
                    f"UPDATE {table} AS d SET due_at = v.due FROM (VALUES {values}) AS v(id, due) WHERE d.id = v.id",  # noqa: S608
                    params,
                )
        else:
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"UPDATE {table} SET due_at = %s WHERE id = %s",  # noqa: S608
                [(adapt(due), pk) for pk, due in changed],
            )


def dossier_due_dates_recompute(*, actor: Any = None, progress: Callable[[int], None] | None = None) -> RecomputeResult:
    """Recompute the due date of every open dossier with the current calendar; returns the counts."""
    cal = calendar_load()
    dossiers = Dossier._meta.db_table
    versions = Dossier._meta.get_field("version").related_model._meta.db_table  # type: ignore[union-attr]
    statuses = ", ".join(str(int(s)) for s in RECOMPUTED_STATUSES)
    # A plain cursor, not the ORM: a million rows go through no per-row model converters.
    sql = (
        f"SELECT d.id, d.clock_started_at, d.time_limit, d.time_unit, v.after_15h_next_day, d.paused_minutes, "  # noqa: S608
        f"d.due_at FROM {dossiers} d JOIN {versions} v ON v.id = d.version_id "
        f"WHERE d.id > %s AND d.id <= %s AND d.status IN ({statuses}) AND NOT d.apologised "
        "AND d.clock_started_at IS NOT NULL AND d.time_limit IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {dossiers}")  # noqa: S608
        max_pk = cursor.fetchone()[0]
    checked = changed_count = 0
    # Walk primary-key ranges: a range scan on the primary key whatever the table statistics say.
    for low in range(0, max_pk, CHUNK):
        with connection.cursor() as cursor:
            cursor.execute(sql, [low, low + CHUNK])
            rows: list[Row] = [_row(r) for r in cursor.fetchall()]
        if not rows:
            continue
        changed = _compute(cal, rows)
        if changed:
            with transaction.atomic():
                _write(changed)
        checked += len(rows)
        changed_count += len(changed)
        if progress:
            progress(checked)
    audit_log(action="dossier.due_dates_recomputed", actor=actor, checked=checked, changed=changed_count)
    return RecomputeResult(checked=checked, changed=changed_count)
