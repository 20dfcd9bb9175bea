#!/usr/bin/env bash
# A real streaming replica, end to end: makes a second local PostgreSQL cluster (port 5433) from the main one
# (5432) with pg_basebackup -R, waits until it streams, migrates a fresh database on the primary, then
# scripts/replica_check.py writes on the primary and reads the row back through the router from the replica.
# The cluster and the database are removed afterwards, whatever happened. Needs root on Debian with
# postgresql installed (pg_createcluster); fails loudly when the replica cannot be made.
#
#   PYTHON=.venv/bin/python bash scripts/replica-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
PRIMARY_PORT=${MOTCUA_REPLICA_TEST_PRIMARY_PORT:-5432}
REPLICA_PORT=${MOTCUA_REPLICA_TEST_PORT:-5433}
CLUSTER=motcua_replica_test
DB=motcua_replica_check

fail() { echo "replica-test: FAILED: $*" >&2; exit 1; }
say() { echo "replica-test: $*"; }
as_postgres() { runuser -u postgres -- "$@"; }
psql_at() { local port=$1; shift; as_postgres psql -h /var/run/postgresql -p "$port" -v ON_ERROR_STOP=1 -qtAX "$@"; }

[ "$(id -u)" = 0 ] || fail "run as root: it creates and removes a PostgreSQL cluster"
command -v pg_createcluster >/dev/null || fail "pg_createcluster missing (apt-get install postgresql)"
[ -x "$PYTHON" ] || fail "no Python at $PYTHON (set PYTHON=…/bin/python)"
pg_isready -h 127.0.0.1 -p "$PRIMARY_PORT" -q || fail "no PostgreSQL primary on port $PRIMARY_PORT"

version=$(pg_lsclusters -h | awk -v port="$PRIMARY_PORT" '$3 == port { print $1; exit }')
[ -n "$version" ] || fail "no Debian cluster listens on port $PRIMARY_PORT"
data_dir=/var/lib/postgresql/$version/$CLUSTER

cleanup() {
  set +e
  if pg_lsclusters -h | awk '{ print $2 }' | grep -qx "$CLUSTER"; then
    pg_dropcluster --stop "$version" "$CLUSTER" >/dev/null 2>&1 || say "could not drop cluster $version/$CLUSTER"
  fi
  psql_at "$PRIMARY_PORT" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
}
trap cleanup EXIT
cleanup  # a previous run that was killed may have left them

# The primary must ship WAL and let the local postgres user replicate.
wal_level=$(psql_at "$PRIMARY_PORT" -c "SHOW wal_level")
[ "$wal_level" = replica ] || [ "$wal_level" = logical ] || fail "primary has wal_level=$wal_level (needs replica)"
[ "$(psql_at "$PRIMARY_PORT" -c "SHOW max_wal_senders")" -gt 0 ] || fail "primary has max_wal_senders=0"
hba=$(psql_at "$PRIMARY_PORT" -c "SHOW hba_file")
if ! grep -Eq '^[[:space:]]*local[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]' "$hba"; then
  say "allowing local replication for postgres in $hba"
  printf '\n# motcua scripts/replica-test.sh: pg_basebackup over the local socket\nlocal replication postgres peer\n' >>"$hba"
  psql_at "$PRIMARY_PORT" -c "SELECT pg_reload_conf()" >/dev/null
fi

say "creating cluster $version/$CLUSTER on port $REPLICA_PORT from the primary on $PRIMARY_PORT"
pg_createcluster "$version" "$CLUSTER" -p "$REPLICA_PORT" >/dev/null || fail "pg_createcluster failed"
rm -rf "${data_dir:?}"/*
as_postgres pg_basebackup -h /var/run/postgresql -p "$PRIMARY_PORT" -U postgres -D "$data_dir" -R -X stream \
  -c fast -d "application_name=$CLUSTER" || fail "pg_basebackup failed"
pg_ctlcluster --skip-systemctl-redirect "$version" "$CLUSTER" start || fail "the replica does not start"

for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q && break; sleep 1; done
[ "$(psql_at "$REPLICA_PORT" -c "SELECT pg_is_in_recovery()")" = t ] || fail "the new cluster is not a standby"
for _ in $(seq 1 30); do
  state=$(psql_at "$PRIMARY_PORT" -c "SELECT state FROM pg_stat_replication WHERE application_name = '$CLUSTER'")
  [ "$state" = streaming ] && break
  sleep 1
done
[ "${state:-}" = streaming ] || fail "the replica does not stream (state: ${state:-none})"
say "replica streaming"

# A fresh database made on the primary after the base backup: it reaches the replica only by streaming.
if ! psql_at "$PRIMARY_PORT" -c "SELECT 1 FROM pg_roles WHERE rolname = 'motcua'" | grep -q 1; then
  psql_at "$PRIMARY_PORT" -c "CREATE ROLE motcua LOGIN CREATEDB PASSWORD 'motcua'"
fi
psql_at "$PRIMARY_PORT" -c "CREATE DATABASE $DB OWNER motcua"

export MOTCUA_DATABASE_URL="postgres://motcua:motcua@127.0.0.1:$PRIMARY_PORT/$DB"
export MOTCUA_DATABASE_REPLICA_URL="postgres://motcua:motcua@127.0.0.1:$REPLICA_PORT/$DB"
export MOTCUA_HOME=${MOTCUA_HOME:-$(mktemp -d)}
export PYTHONPATH=$PWD/src${PYTHONPATH:+:$PYTHONPATH}
"$PYTHON" -m motcua.cli migrate --noinput -v 0 || fail "migrate on the primary failed"
"$PYTHON" scripts/replica_check.py || fail "the router check against the streaming replica failed"
say "OK"
