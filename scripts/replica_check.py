"""The check scripts/replica-test.sh runs against a real streaming replica (MOTCUA_DATABASE_URL = primary,
MOTCUA_DATABASE_REPLICA_URL = standby): a write lands on the primary, the router sends an opted-in read to
the standby, which returns the row once it has replayed the primary's WAL; the standby refuses writes; a
read-your-writes block stays on the primary. Exits non-zero with a message on the first broken rule."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError, connections, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from motcua.core.replicas import replica_reads, work_scope  # noqa: E402
from motcua.organisation.models import Agency  # noqa: E402
from motcua.organisation.services import agency_import  # noqa: E402


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"replica_check: FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def scalar(alias: str, sql: str, *params: object) -> object:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def main() -> None:
    check("replica" in connections.settings and os.environ.get("MOTCUA_DATABASE_REPLICA_URL", "") != "", "no replica")
    check(scalar("default", "SELECT pg_is_in_recovery()") is False, "the primary is in recovery")
    check(scalar("replica", "SELECT pg_is_in_recovery()") is True, "the replica alias is not a standby")
    port = connections["replica"].settings_dict["PORT"]
    check(str(scalar("replica", "SELECT inet_server_port()")) == str(port), "the replica alias reached another server")

    with transaction.atomic():
        agency, _ = agency_import(
            identifier="000.00.00.H99",
            name=f"Replica check {time.time_ns()}",
            kind="peoples_committee",
            level="province",
        )
    written_at = scalar("default", "SELECT pg_current_wal_lsn()::text")

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        behind = scalar("replica", "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", written_at)
        if behind is not None and float(str(behind)) <= 0:
            break
        time.sleep(0.1)
    else:
        check(False, "the replica did not replay the primary's write within 30 s")

    with work_scope(), replica_reads():  # a fresh scope: this process wrote above
        query = Agency.objects.filter(pk=agency.pk)
        check(query.db == "replica", f"an opted-in read went to {query.db!r}")
        found = query.first()
    check(found is not None and found.name == agency.name, "the replica does not return the row written")
    check(found is not None and found._state.db == "replica", "the row was not read from the replica")

    # The public lookup's one-round-trip SQL runs on the standby too (raw SQL follows the router).
    from motcua.dossiers.selectors import public_status

    with work_scope(), replica_reads(), CaptureQueriesContext(connections["replica"]) as on_replica:
        check(public_status("000.00.00.H99-000000-0000", "0912345678") is None, "a lookup of no dossier found one")
    check(any("dossiers_dossier" in q["sql"] for q in on_replica.captured_queries), "the lookup left the replica")

    with work_scope(), replica_reads():  # a fresh scope: this process wrote above
        agency_import(identifier="000.00.00.H99", name=f"{agency.name} bis", kind="peoples_committee", level="province")
        check(Agency.objects.filter(pk=agency.pk).db == "default", "a read after a write left the primary")
        check(Agency.objects.get(pk=agency.pk).name.endswith(" bis"), "read-your-writes failed")

    try:
        with transaction.atomic(using="replica"):
            Agency.objects.using("replica").filter(pk=agency.pk).update(name="written on the standby")
    except DatabaseError as exc:
        check("read-only" in str(exc), f"the standby refused a write for another reason: {exc}")
    else:
        check(False, "the standby accepted a write")

    print(f"replica_check: OK (standby on port {port} returned the primary's row after replay)")


if __name__ == "__main__":
    main()
