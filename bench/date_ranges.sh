#!/usr/bin/env bash
# Date-range queries through parley-query, timed by the service itself: for
# each list (calls, quotes, sanctions, articles) and each range, the first
# page 5 times, then every page of one early year. Prints the handler times
# from parley-query's request log (latency_ms): the first call (which, after
# a start, builds the day summaries: store/day_summary.h) and the best of
# the 5; for the whole year, the slowest page and the last one.
#
#   bench/date_ranges.sh STORE.db                 # binaries from build-bench
#   BENCH_BUILD_DIR=build-rel bench/date_ranges.sh STORE.db
#   DATE_RANGES_QUERY_BIN=/other/build/query_service/parley-query bench/date_ranges.sh STORE.db
#
# The stores of populate_store fit (dates 2010-2025): the cached random ones
# (bench_cache/store_1M.db) and one filled in date order:
#   populate_store --db ordered_1M.db --events 1000000 --dates in_order
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${1:?usage: bench/date_ranges.sh STORE.db}
BUILD=${BENCH_BUILD_DIR:-build-bench}
QUERY=${DATE_RANGES_QUERY_BIN:-$BUILD/query_service/parley-query}  # another build, for an A/B
CLI=$BUILD/cli/parley
for bin in "$QUERY" "$CLI"; do
  [ -x "$bin" ] || { echo "missing $bin (build it, or set BENCH_BUILD_DIR)" >&2; exit 2; }
done
WORK=$(mktemp -d)
LOG=$WORK/parley-query.log
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$QUERY" --db "$STORE" --listen 127.0.0.1:0 >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 100); do
  grep -q "listening" "$LOG" && break
  sleep 0.1
done
export PARLEY_ADDR
PARLEY_ADDR=$(grep -m1 -o "address=[^ ]*" "$LOG" | cut -d= -f2)
[ -n "$PARLEY_ADDR" ] || { echo "parley-query did not start:" >&2; cat "$LOG" >&2; exit 1; }

# The handler times logged since the last call, one per line, into
# $WORK/times (not printed: a $(...) subshell would lose SEEN).
SEEN=0
new_times() {
  grep -o "latency_ms=[0-9.]*" "$LOG" | cut -d= -f2 >"$WORK/all"
  tail -n +$((SEEN + 1)) "$WORK/all" >"$WORK/times"
  SEEN=$(grep -c . "$WORK/all" || true)
}

RANGES=("2020-06-01 2020-06-01" "2020-06-01 2020-06-30" "2020-01-01 2020-12-31"
        "2018-01-01 2019-12-31" "2025-01-01 2025-12-31" "2024-01-01 9999-12-31"
        "2009-01-01 2009-12-31" "2010-01-01 2025-12-31")
echo "# store: $STORE ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "| list | range | first page: first call ms | best of 5 ms |"
echo "|---|---|--:|--:|"
for list in calls quotes sanctions articles; do
  for range in "${RANGES[@]}"; do
    set -- $range
    for _ in 1 2 3 4 5; do "$CLI" "$list" --from "$1" --to "$2" --limit 50 --format csv >/dev/null; done
    new_times
    echo "| $list | $1 .. $2 | $(head -1 "$WORK/times") | $(sort -n "$WORK/times" | head -1) |"
  done
done
echo
echo "| list | every page of 2010 (1,000 a page) | pages | slowest ms | last page ms |"
echo "|---|---|--:|--:|--:|"
for list in calls quotes sanctions articles; do
  "$CLI" "$list" --from 2010-01-01 --to 2010-12-31 --limit 0 --page-size 1000 --format csv >/dev/null
  new_times
  echo "| $list | 2010-01-01 .. 2010-12-31 | $(grep -c . "$WORK/times") |" \
       "$(sort -n "$WORK/times" | tail -1) | $(tail -1 "$WORK/times") |"
done
