#!/usr/bin/env bash
# The unit tests read WebDataset shards back with Python's own tarfile
# (tests/helpers/read_shards.py), an independent reader of the format: they
# need Debian's /usr/bin/python3 with its standard library.
set -euo pipefail

PYTHON=/usr/bin/python3
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import hashlib, json, tarfile' 2>/dev/null; then
  exit 0
fi

INSTALL='apt-get update && apt-get install -y python3'
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-python: $PYTHON with tarfile is missing; installing it: $INSTALL" >&2
  apt-get update
  apt-get install -y python3
  exit 0
fi

echo "ensure-python: the unit tests need $PYTHON (Debian's python3). Install it with:" >&2
echo "  sudo sh -c '$INSTALL'" >&2
exit 1
