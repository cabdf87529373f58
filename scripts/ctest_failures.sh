#!/usr/bin/env bash
# ctest_failures.sh BUILD_DIR: after a failed `ctest`, prints each failing
# test's own words (GoogleTest's "Failure" blocks, sanitizer reports, the
# summary lines), without the request log lines around them.
#
# Why: CI keeps the head and the tail of a long output. The failing test's
# assertion sits in the middle, between thousands of log lines, and was cut;
# printed last, it survives.
set -uo pipefail
BUILD=${1:?usage: ctest_failures.sh BUILD_DIR}
LOG=$BUILD/Testing/Temporary/LastTest.log
FAILED=$BUILD/Testing/Temporary/LastTestsFailed.log

echo "== failing tests, their assertions (from $LOG)"
[ -f "$FAILED" ] && sed 's/^/  /' "$FAILED"
[ -f "$LOG" ] || exit 0
# A block starts at a line ending in "Failure" (GoogleTest) or at a
# sanitizer's "ERROR:"/"WARNING:" line and runs for a few lines; log lines
# (spdlog's "[date time] [level]") inside it are left out.
awk '
  /\] \[(info|debug|trace)\]/ { next }
  /: Failure$|ERROR: (Address|Thread|UndefinedBehavior|Leak)Sanitizer|WARNING: ThreadSanitizer|runtime error:|\[  FAILED  \]|Test command:/ {
    left = 12
  }
  left > 0 { print "  " $0; left-- }
' "$LOG" | head -n 400
