#!/usr/bin/env bash
# Playwright drives Debian's Chromium (browser downloads are not possible on these machines).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
