#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium (playwright.config.ts points at it):
# Playwright's own browser download needs network access we do not assume.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian.sh" ensure-chromium chromium 'Chromium at /usr/bin/chromium' test -x /usr/bin/chromium
