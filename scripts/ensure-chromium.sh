#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium (playwright.config.ts points at it):
# Playwright's own browser download needs network access we do not assume.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

INSTALL='apt-get update && apt-get install -y chromium'
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing; installing it: $INSTALL" >&2
  apt-get update
  apt-get install -y chromium
  exit 0
fi

echo "ensure-chromium: the e2e tests need Chromium at $CHROMIUM. Install it with:" >&2
echo "  sudo sh -c '$INSTALL'" >&2
exit 1
