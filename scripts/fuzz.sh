#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, coverage in every library)
# in ${FUZZ_BUILD_DIR:-build-fuzz} and runs each for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_TARGETS=extract_fuzzer scripts/fuzz.sh 3600   # one target, an hour
#
# Exits nonzero if any target crashed, leaked, timed out or ran out of
# memory; the reproducer stays in $BUILD/fuzz/artifacts/<target>/ and the
# command to replay it is printed. The corpus each run grows is kept in
# $BUILD/fuzz/corpus/<target>/ and reused by the next run. See fuzz/README.md.
# Environment: FUZZ_TARGETS, FUZZ_BUILD_DIR, FUZZ_SKIP_BUILD, FUZZ_TIMEOUT (seconds
# per input, default 30), JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECS=${1:-60}
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-2}

SEEDS=$BUILD/fuzz/seeds

configure() {
  mkdir -p "$BUILD"
  echo "== configuring $BUILD (clang, address+undefined, fuzzer-no-link)"
  nice -n 10 cmake -S . -B "$BUILD" \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_C_FLAGS_DEBUG="-g -O1" \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" \
    -DPARLEY_SANITIZE=address,undefined -DPARLEY_FUZZ=ON -DPARLEY_BUILD_TESTS=OFF \
    -DPARLEY_BUILD_BENCH=OFF -DPARLEY_WITH_POSTGRES=OFF >"$BUILD/configure.log" 2>&1 ||
    { cat "$BUILD/configure.log"; exit 1; }
  grep -A1 "Warning at fuzz/" "$BUILD/configure.log" | grep -v "^--" || true
}

build() {
  echo "== building:" $TARGETS
  # shellcheck disable=SC2086
  nice -n 10 cmake --build "$BUILD" -j "$JOBS" --target $TARGETS
  # Request seeds are kept as readable text protos; encode them for libFuzzer.
  rm -rf "$SEEDS" && mkdir -p "$SEEDS/request"
  for f in fuzz/corpus/request/*.textproto; do
    type=$(sed -n 's/^# \(parley\.v1\.[A-Za-z]*\):.*/\1/p' "$f")
    protoc -I proto --encode="$type" parley/v1/ingest_service.proto parley/v1/query_service.proto \
      <"$f" >"$SEEDS/request/$(basename "$f" .textproto).bin"
  done
}

# FUZZ_SKIP_BUILD=1 reruns what the last call built (e.g. two targets in
# parallel, see fuzz/README.md).
[ -n "${FUZZ_SKIP_BUILD:-}" ] || configure
# Every fuzzer the configure step defined (extract_fuzzer needs the engine).
TARGETS=${FUZZ_TARGETS:-$(cmake --build "$BUILD" --target help |
                          sed -n 's/^\.\.\. \([a-z_]*_fuzzer\)$/\1/p')}
[ -n "${FUZZ_SKIP_BUILD:-}" ] || build

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=()
for t in $TARGETS; do
  corpus=$BUILD/fuzz/corpus/$t
  artifacts=$BUILD/fuzz/artifacts/$t
  log=$BUILD/fuzz/$t.log
  mkdir -p "$corpus" "$artifacts"
  extra=()
  case $t in
    extract_fuzzer) extra=(-dict=fuzz/extract.dict "$corpus" fuzz/corpus/extract) ;;
    request_fuzzer) extra=("$corpus" "$SEEDS/request" fuzz/corpus/extract) ;;
    *) extra=("$corpus") ;;
  esac
  echo "== $t for ${SECS}s (log: $log)"
  # The first corpus dir receives new inputs; the others are read-only seeds.
  # -timeout: 30 s per input. At 10 s a loaded shared machine produced a
  # spurious "timeout" (an input that replays in milliseconds).
  if nice -n 10 "$BUILD/fuzz/$t" -max_total_time="$SECS" -max_len=65536 -timeout="${FUZZ_TIMEOUT:-30}" \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
       "${extra[@]}" >"$log" 2>&1; then
    # The last status line: coverage, features and corpus size reached.
    grep -E '^#[0-9]+' "$log" | tail -1 || true
    grep -E '^Done [0-9]+ runs' "$log" || true
  else
    failed+=("$t")
    grep -E 'ERROR|SUMMARY|Test unit written|contract violated|request_fuzzer:' "$log" | head -20
    for a in "$artifacts"/*; do
      [ -e "$a" ] && echo "   reproduce: $BUILD/fuzz/$t $a"
    done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]} (reproducers in $BUILD/fuzz/artifacts/)"
  exit 1
fi
echo "all fuzz targets ran ${SECS}s each without a finding"
