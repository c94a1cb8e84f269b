#!/usr/bin/env bash
# `npm test`: every check and test — types, lint, format, unit/codec/integration tests (vitest, on the
# embedded database), then the Playwright journeys in Chromium against a production build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
echo "== tools ($(date +%T))"
bash scripts/ensure-chromium.sh
bash scripts/ensure-wbxml-tools.sh
bash scripts/ensure-netlab.sh
# Several nodes behind HAProxy, pgbouncer in transaction mode (tests/integration: cluster, pooler).
bash scripts/ensure-haproxy.sh
bash scripts/ensure-pgbouncer.sh
# Each step's start time in the log: CI has a time budget, and this shows where it goes.
step() { echo "== $1 ($(date +%T))"; }
step typecheck; npx tsc --noEmit -p .
step lint; npx eslint . --max-warnings 0
step format; npx prettier --check . --log-level warn
# The production build comes first: integration tests start whole server processes, console included.
step build; npx next build > /tmp/vantage-next-build.log 2>&1 || { cat /tmp/vantage-next-build.log; exit 1; }
step "unit and integration tests (vitest)"; npx vitest run
step "end-to-end (Playwright, Chromium)"; npx playwright test
step done
