#!/usr/bin/env bash
# ensure-debian.sh WHO PACKAGE WHY PROBE...
# Runs PROBE; when it fails, installs Debian's PACKAGE (as root, with apt-get),
# or else stops and prints the command. The tests' own setup installs what they
# need rather than skip: a missing tool must never pass as a green run.
set -euo pipefail

who=$1
package=$2
why=$3
shift 3
if "$@" >/dev/null 2>&1; then
  exit 0
fi

INSTALL="apt-get update && apt-get install -y $package"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "$who: $why is missing; installing it: $INSTALL" >&2
  apt-get update
  apt-get install -y "$package"
  exit 0
fi

echo "$who: the tests need $why. Install it with:" >&2
echo "  sudo sh -c '$INSTALL'" >&2
exit 1
