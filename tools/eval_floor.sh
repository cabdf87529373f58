#!/usr/bin/env bash
# Regression guard for CTest (label "eval"): runs the extraction on the
# development corpus and fails if any F1 falls below its floor.
#   tools/eval_floor.sh PARLEY_BIN CORPUS_DIR CALLS_FLOOR QUOTES_FLOOR SANCTIONS_FLOOR
set -euo pipefail
BIN=$1 CORPUS=$2
FLOORS=("$3" "$4" "$5")
if [ ! -d "$CORPUS" ]; then
  echo "eval_floor.sh: no corpus at $CORPUS; skipping"
  exit 0
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BIN" extract --eval-dir "$CORPUS" --out "$OUT"
JSON=$(python3 "$CORPUS/../score.py" "$CORPUS" "$OUT" --json | sed '$d')
python3 - "$JSON" "${FLOORS[@]}" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
bad = 0
for kind, floor in zip(("calls", "quotes", "sanctions"), map(float, sys.argv[2:5])):
    f1 = r[kind]["f1"]
    print(f"{kind}: F1={f1:.3f} floor={floor:.3f}")
    if f1 < floor:
        print(f"REGRESSION: {kind} F1 {f1:.3f} < {floor:.3f}")
        bad = 1
sys.exit(bad)
PY
