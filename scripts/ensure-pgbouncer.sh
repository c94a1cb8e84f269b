#!/usr/bin/env bash
# The pooler tests (tests/integration/pgbouncer.test.ts) run Debian's pgbouncer in front of the test
# PostgreSQL. Idempotent and quiet; never fails the caller: with CI set, that test fails when pgbouncer
# is still missing, without CI it skips. Only the binary is wanted: the package's own service is not used.
set -uo pipefail
if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then exit 0; fi
echo "Installing pgbouncer (apt-get)..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq pgbouncer >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq pgbouncer >/dev/null 2>&1 ||
    echo "warning: could not install pgbouncer; the pooler test will skip (or fail under CI)" >&2
fi
# The package may start its own service (127.0.0.1:6432); the tests start their own on free ports,
# so the package's is stopped and kept from starting at boot.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now pgbouncer >/dev/null 2>&1 || true; fi
if command -v service >/dev/null 2>&1; then service pgbouncer stop >/dev/null 2>&1 || true; fi
exit 0
