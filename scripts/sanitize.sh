#!/usr/bin/env bash
# Builds the whole project with sanitizers and runs its tests.
#
#   scripts/sanitize.sh asan   # default: AddressSanitizer + UBSan, every test
#   scripts/sanitize.sh tsan   # ThreadSanitizer, tests labelled `concurrent`
#   scripts/sanitize.sh tsan -R store   # other ctest selection instead
#
# asan: build-asan, Debug at -O1, ASan+UBSan (UB aborts), leaks detected.
# tsan: build-tsan, Debug at -O1; Debian's gRPC/protobuf/abseil are not
#   instrumented, so scripts/tsan.supp silences races inside those libraries
#   (and only there). Label a test for this run with
#   parley_test(... LABELS concurrent).
# Environment: JOBS (default nproc), CC/CXX to pick the compiler,
# SANITIZE_BUILD_DIR to build elsewhere, SANITIZE_TARGETS to build only those
# targets (tsan's default: parley_concurrent_tests, the binaries of the tests
# labelled `concurrent`). Prints how long each step took.
# Both run ctest under scripts/with_postgres.sh (one throwaway PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-asan}
JOBS=${JOBS:-$(nproc)}
START=$(date +%s)

case $MODE in
  asan)
    BUILD=${SANITIZE_BUILD_DIR:-build-asan}
    SANITIZE=address,undefined
    EXTRA_FLAGS="-fno-sanitize-recover=undefined"
    export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    # scripts/lsan.supp: one known leak inside libpqxx 6.4 (see the file).
    export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0"
    CTEST_ARGS=()
    ;;
  tsan)
    BUILD=${SANITIZE_BUILD_DIR:-build-tsan}
    SANITIZE=thread
    EXTRA_FLAGS=""
    export TSAN_OPTIONS="suppressions=$ROOT/scripts/tsan.supp halt_on_error=1 second_deadlock_stack=1"
    CTEST_ARGS=(-L concurrent --no-tests=error)
    # Only the binaries of tests labelled `concurrent` (and what they run).
    SANITIZE_TARGETS=${SANITIZE_TARGETS:-parley_concurrent_tests}
    ;;
  *)
    echo "usage: $0 [asan|tsan]" >&2
    exit 2
    ;;
esac

# Arguments after the mode replace the default ctest selection.
if [ $# -gt 1 ]; then CTEST_ARGS=("${@:2}"); fi

echo "== configuring $BUILD (-DPARLEY_SANITIZE=$SANITIZE, Debug -O1)"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_C_FLAGS_DEBUG="-g -O1" \
  -DCMAKE_CXX_FLAGS="$EXTRA_FLAGS" -DPARLEY_SANITIZE="$SANITIZE" \
  -DPARLEY_BUILD_TESTS=ON -DPARLEY_BUILD_BENCH=OFF >/dev/null
TARGET_ARGS=()
if [ -n "${SANITIZE_TARGETS:-}" ]; then
  # shellcheck disable=SC2206
  TARGET_ARGS=(--target $SANITIZE_TARGETS)
fi
echo "== building with $JOBS jobs ${SANITIZE_TARGETS:-(everything)}"
nice -n 10 cmake --build "$BUILD" -j "$JOBS" "${TARGET_ARGS[@]}"
BUILT=$(date +%s)

# Newer kernels randomise mmap more than the TSan/ASan runtimes of this
# toolchain expect ("unexpected memory mapping"); run without ASLR when the
# kernel lets us.
RUN=()
if setarch "$(uname -m)" -R true 2>/dev/null; then RUN=(setarch "$(uname -m)" -R); fi

echo "== ctest ${CTEST_ARGS[*]:-(all tests)}"
status=0
# Under scripts/with_postgres.sh: one throwaway PostgreSQL server for every
# test that needs one (the PostgreSQL suites skip without it).
(cd "$BUILD" && "${RUN[@]}" "$ROOT/scripts/with_postgres.sh" \
   ctest --output-on-failure -j "$JOBS" --timeout 900 "${CTEST_ARGS[@]}") ||
  status=$?
END=$(date +%s)
echo "== $MODE: build $((BUILT - START))s, tests $((END - BUILT))s, total $((END - START))s, exit $status"
exit $status
