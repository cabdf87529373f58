#!/usr/bin/env bash
# What CI runs beyond scripts/test.sh: the whole suite under ASan+UBSan, the
# tests labelled `concurrent` under ThreadSanitizer, and a short run of every
# libFuzzer target. Sized for a fresh 2-core machine (see the README,
# "Reliability", for the measured time). Installs nothing: run
# scripts/install_deps.sh first (it has clang and the sanitizer runtimes).
#
#   scripts/hardening.sh                 # all three steps
#   HARDENING_STEPS="tsan fuzz" scripts/hardening.sh
#
# Environment:
#   HARDENING_STEPS      which of asan, tsan, fuzz to run (default: all)
#   HARDENING_BUILD_DIR  parent of the three build directories (default: the
#                        repository, i.e. build-asan, build-tsan, build-fuzz,
#                        reused incrementally)
#   FUZZ_SECONDS         per fuzz target (default 60)
#   JOBS                 parallel jobs (default nproc)
# Every step runs even if an earlier one failed; the exit status is nonzero
# if any failed. Each step's output is in $HARDENING_BUILD_DIR/hardening-STEP.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STEPS=${HARDENING_STEPS:-asan tsan fuzz}
DIR=${HARDENING_BUILD_DIR:-$ROOT}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
export JOBS=${JOBS:-$(nproc)}
mkdir -p "$DIR"

for tool in clang clang++ cmake protoc; do
  command -v "$tool" >/dev/null || {
    echo "hardening.sh: $tool missing; run scripts/install_deps.sh" >&2
    exit 2
  }
done

run_step() {
  local step=$1
  case $step in
    asan) SANITIZE_BUILD_DIR=$DIR/build-asan scripts/sanitize.sh asan ;;
    tsan) SANITIZE_BUILD_DIR=$DIR/build-tsan scripts/sanitize.sh tsan ;;
    fuzz) FUZZ_BUILD_DIR=$DIR/build-fuzz scripts/fuzz.sh "$FUZZ_SECONDS" ;;
    *) echo "unknown step $step (asan, tsan, fuzz)" >&2; return 2 ;;
  esac
}

START=$(date +%s)
summary=()
failed=()
for step in $STEPS; do
  log=$DIR/hardening-$step.log
  echo "== hardening: $step (log: $log)"
  t0=$(date +%s)
  if run_step "$step" >"$log" 2>&1; then result=passed; else result=FAILED; failed+=("$step"); fi
  t1=$(date +%s)
  # The step's own closing lines: timings, fuzz figures, failures.
  grep -E '^== (asan|tsan):|tests passed|tests failed|^#[0-9]+|^Done [0-9]+ runs|FAILED|reproduce:' \
    "$log" | tail -n 12 || true
  # A failure's own words (assertions, sanitizer reports), so the summary
  # alone is enough to start on it when the log is on another machine.
  if [ "$result" = FAILED ]; then
    grep -E -A12 ': Failure$|^WARNING: ThreadSanitizer|^SUMMARY: |ERROR: AddressSanitizer|runtime error:' \
      "$log" | head -n 80 || true
  fi
  summary+=("$step: $result in $((t1 - t0))s")
done

echo "== hardening summary ($(( $(date +%s) - START ))s in all)"
printf '   %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]} (see $DIR/hardening-<step>.log)"
  exit 1
fi
