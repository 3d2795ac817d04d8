#!/usr/bin/env bash
# Regenerate the embedded demo library: demo/library/serialized_objects/<film>/*.pkl,
# demo/library/frame_sizes.json and demo/demo-truth.json.
#
# Needs pandas 1.5 from Debian (/usr/bin/python3, apt package python3-pandas); the pyenv
# python3 on PATH has no pandas. The output is byte-identical from run to run. The JPEGs
# are not committed: lib/demo/render.ts draws them from these pickles on first start.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/demo/library"
SYS_PY=/usr/bin/python3

case "$("$SYS_PY" -c 'import pandas; print(pandas.__version__)' 2>/dev/null || true)" in
  1.5.*) ;;
  *) echo "$SYS_PY must have pandas 1.5 (apt-get install python3-pandas)" >&2; exit 1 ;;
esac

rm -rf "${OUT:?}/serialized_objects" "$OUT/frame_sizes.json"
mkdir -p "$OUT"
PYTHONHASHSEED=0 "$SYS_PY" -B "$HERE/make_demo_library.py" "$OUT" --truth "$ROOT/demo/demo-truth.json"
du -sh "$OUT" "$ROOT/demo/demo-truth.json"
