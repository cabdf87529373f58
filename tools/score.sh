#!/usr/bin/env bash
# Scores the extraction engine on an annotated corpus. Builds nothing.
#   tools/score.sh [PARLEY_BIN] [CORPUS_DIR] [extra score.py flags, e.g. --verbose]
# Defaults: build/cli/parley and ../shared/eval/dev (relative to the repo).
# Prints score.py's table; the last line is the one-line summary.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/cli/parley}
CORPUS=${2:-$ROOT/../shared/eval/dev}
shift $(( $# < 2 ? $# : 2 ))
SCORER=${PARLEY_SCORER:-$CORPUS/../score.py}
[ -x "$BIN" ] || { echo "score.sh: no parley binary at $BIN" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "score.sh: no corpus at $CORPUS" >&2; exit 2; }
[ -f "$SCORER" ] || { echo "score.sh: no score.py at $SCORER" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BIN" extract --eval-dir "$CORPUS" --out "$OUT"
python3 "$SCORER" "$CORPUS" "$OUT" "$@"
