"""The dossier's indexes serve the queries that need them, and no index is kept that no query uses
(issue #14; EXPLAIN ANALYZE figures over 300,000 dossiers in migration 0011). PostgreSQL only."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.backoffice.views import _search
from motcua.dossiers.models import Dossier

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL plans and index kinds"),
]


def _plan(q: str) -> str:
    sql, params = _search(Dossier.objects.all(), q)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table: make the planner show its index
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_code_typed_into_the_search_is_found_through_an_index() -> None:
    assert "dossier_code_upper_prefix" in _plan("000.00.20.h49-270301-0012")


def test_an_id_number_or_a_phone_typed_into_the_search_is_found_through_indexes() -> None:
    plan = _plan("0912 345 678")
    assert "dossier_id_number" in plan and "dossier_phone" in plan


def test_the_dossier_keeps_no_index_that_no_query_uses() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier'")
        indexes = dict(cursor.fetchall())
    assert not [name for name, definition in indexes.items() if "varchar_pattern_ops" in definition]
    assert not [name for name, definition in indexes.items() if "applicant_name_folded" in definition]
    assert "dossier_code_unique" in indexes
