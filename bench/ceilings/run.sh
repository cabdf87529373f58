#!/usr/bin/env bash
# Runs every ceiling benchmark and prints one table: the most this machine
# does with the project's flags (trivial gRPC echo, raw SQLite). Medians of
# several runs; takes about 3 minutes on 2 cores, plus ~10 s once to build
# the cached 1M-event SQLite store (~800 MB, kept in the build dir).
#
#   bench/ceilings/run.sh
#   CEILING_RUNS=3 CEILING_SECONDS=1 bench/ceilings/run.sh   # quicker, noisier
#   CEILINGS_BIN_DIR=build/bench/ceilings bench/ceilings/run.sh  # prebuilt
#
# Without CEILINGS_BIN_DIR it builds bench/ceilings standalone (Release) in
# ${CEILINGS_BUILD_DIR:-build-ceilings}. The full log is kept there too.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${CEILING_RUNS:-5}
BUILD=${CEILINGS_BUILD_DIR:-build-ceilings}
if [ -n "${CEILINGS_BIN_DIR:-}" ]; then
  BIN=$CEILINGS_BIN_DIR
else
  echo "building ceilings in $BUILD ..." >&2
  nice -n 10 cmake -S bench/ceilings -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  nice -n 10 cmake --build "$BUILD" -j "${JOBS:-2}" >/dev/null
  BIN=$BUILD
fi
LOG=$BIN/ceilings-$(date -u +%Y%m%dT%H%M%SZ).log
: >"$LOG"

run() {  # name, args...
  echo "running $* ..." >&2
  "$BIN/$@" | tee -a "$LOG" | grep --line-buffered '^| [a-z]' | sed 's/^/  /' >&2
}
run grpc_echo_ceiling --runs "$RUNS" --seconds "${CEILING_SECONDS:-2}"
run sqlite_ceiling --runs "$RUNS" --seconds "${CEILING_SECONDS:-1.5}"

echo
grep '^# ' "$LOG" | awk '!seen[$0]++'  # machine lines once, then per-binary ones
grep -m1 '^| benchmark' "$LOG"
grep '^| [a-z]' "$LOG" | grep -v '^| benchmark'
echo "(log: $LOG)"
