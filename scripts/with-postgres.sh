#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster (Debian's postgresql package, installed if
# missing); TEST_DATABASE_URL points at it. The cluster is removed afterwards.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/vantage-pg.XXXXXX)
port=${PGPORT_TEST:-$((20000 + RANDOM % 20000))}
chown postgres "$dir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
as_pg "$bin/initdb -D $dir/data -A trust -U postgres >/dev/null"
as_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off' -l $dir/log -w start >/dev/null"
cleanup() { as_pg "$bin/pg_ctl -D $dir/data -m fast stop >/dev/null" || true; rm -rf "$dir"; }
trap cleanup EXIT
export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
# Lets the database-restart test bounce this throw-away server.
export TEST_PG_RESTART="$bin/pg_ctl -D $dir/data -m fast -w restart -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off' -l $dir/log"
export TEST_PG_RUN_AS=postgres
echo "PostgreSQL $(basename "$(dirname "$bin")") running on 127.0.0.1:$port"
"$@"
