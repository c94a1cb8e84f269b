#!/usr/bin/env bash
# The OMA DM codec tests check our WBXML against Debian's libwbxml2 tools (xml2wbxml / wbxml2xml).
# Idempotent and quiet; never fails the caller: with CI set, the tests themselves fail when the tools
# are still missing (server/omadm/syncml/libwbxml.test.ts), without CI they skip.
set -uo pipefail
if command -v xml2wbxml >/dev/null 2>&1 && command -v wbxml2xml >/dev/null 2>&1; then exit 0; fi
echo "Installing libwbxml2-utils (apt-get)..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq libwbxml2-utils >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libwbxml2-utils >/dev/null 2>&1 ||
    echo "warning: could not install libwbxml2-utils; the WBXML interop tests will skip (or fail under CI)" >&2
fi
exit 0
