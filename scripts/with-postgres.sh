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
chown postgres "$dir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && su postgres -s /bin/sh -c "$*"); else sh -c "$*"; fi; }
cleanup() {
  as_pg "$bin/pg_ctl -D $dir/data -m fast stop >/dev/null 2>&1" || true
  rm -rf "$dir"
}
trap cleanup EXIT
as_pg "$bin/initdb -D $dir/data -A trust -U postgres >/dev/null"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
options() { echo "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"; }
started=""
for attempt in 1 2 3; do
  port=${PGPORT_TEST:-$(free_port)}
  if as_pg "$bin/pg_ctl -D $dir/data -o '$(options "$port")' -l $dir/log -w start >/dev/null"; then
    started=yes
    break
  fi
  echo "PostgreSQL did not start on port $port (attempt $attempt):" >&2
  tail -5 "$dir/log" >&2 || true
done
[ -n "$started" ] || exit 1
export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
export TEST_PG_RUN_AS=postgres
echo "PostgreSQL $(basename "$(dirname "$bin")") running on 127.0.0.1:$port"
"$@"
