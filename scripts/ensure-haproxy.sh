#!/usr/bin/env bash
# The cluster test (tests/integration/cluster-haproxy.test.ts), `npm run cluster` and the 3-node storm
# bench put Vantage nodes behind HAProxy (Debian's haproxy package, 2.6 on Debian 12). Idempotent and
# quiet; never fails the caller: under CI the test itself fails when haproxy is still missing.
set -uo pipefail
if command -v haproxy >/dev/null 2>&1; then exit 0; fi
echo "Installing haproxy (apt-get)..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq haproxy >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq haproxy >/dev/null 2>&1 ||
    echo "warning: could not install haproxy; the cluster test will skip (or fail under CI)" >&2
fi
exit 0
