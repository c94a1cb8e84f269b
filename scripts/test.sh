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
# The three static checks are single-threaded and independent: run side by side on the cores (CI's
# time budget), each one's output printed in order, and any failure fails the run.
step "typecheck, lint and format (side by side)"
checks=$(mktemp -d)
npx tsc --noEmit -p . > "$checks/typecheck" 2>&1 & typecheck=$!
npx eslint . --max-warnings 0 > "$checks/lint" 2>&1 & lint=$!
npx prettier --check . --log-level warn > "$checks/format" 2>&1 & format=$!
failed=0
for check in typecheck lint format; do
  if wait "${!check}"; then echo "   $check passed ($(date +%T))"; else echo "   $check FAILED"; failed=1; fi
  cat "$checks/$check"
done
rm -rf "$checks"
[ "$failed" = 0 ] || exit 1
# The production build comes first: integration tests start whole server processes, console included.
# Types were checked just above: the build skips its own TypeScript pass (next.config.ts).
step build
VANTAGE_TYPES_CHECKED=1 npx next build > /tmp/vantage-next-build.log 2>&1 || { cat /tmp/vantage-next-build.log; exit 1; }
step "unit and integration tests (vitest)"; npx vitest run
step "end-to-end (Playwright, Chromium)"; npx playwright test
step done
