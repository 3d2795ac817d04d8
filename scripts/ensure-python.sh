#!/usr/bin/env bash
# The unit tests read WebDataset shards back with Python's own tarfile
# (tests/helpers/read_shards.py), an independent reader of the format: they
# need Debian's /usr/bin/python3 with its standard library.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian.sh" ensure-python python3 "Debian's /usr/bin/python3 with tarfile" /usr/bin/python3 -c 'import hashlib, json, tarfile'
