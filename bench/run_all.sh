#!/usr/bin/env bash
# Runs every end-to-end benchmark beside its ceiling and collects the
# verdict tables (figure, ceiling, ratio, goal, met?) into one summary:
#   1. ingest through parley-ingest on a fresh SQLite store (bulk stream with
#      1/4/16 clients, unary with 1/16) vs sqlite_ceiling at the achieved batch
#   2. populated stores of 10k, 100k and 1M events (built once, cached)
#   3. queries through parley-query on the 1M store vs the same SQL run raw
#      and the gRPC echo ceiling; open loop at half the max rate
#   4. scaling: ingest (16 bulk clients) and query latency at 10k/100k/1M
#   5. PostgreSQL (scripts/with_postgres.sh): ingest with 1 and 2 replicas,
#      queries on a 100k-event store
#
#   bench/run_all.sh                      # ~25-35 min on 2 busy cores
#   BENCH_RUNS=3 BENCH_SECONDS=2 bench/run_all.sh   # quicker, noisier
#   BENCH_STEPS="1 3" bench/run_all.sh    # only some steps
#   BENCH_PG_EVENTS=1000000 bench/run_all.sh        # a bigger PG store
#   BENCH_PG_URI=postgresql://... bench/run_all.sh  # an existing PG server (its
#                                         # store is reused if it holds enough events)
#
# Builds what it needs in ${BENCH_BUILD_DIR:-build-bench} (Release). Logs
# and the summary go to $BUILD/bench_logs/<UTC time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BENCH_BUILD_DIR:-build-bench}
RUNS=${BENCH_RUNS:-3}
SECS=${BENCH_SECONDS:-4}
STEPS=${BENCH_STEPS:-1 2 3 4 5}
PG_EVENTS=${BENCH_PG_EVENTS:-100000}
STEP_TIMEOUT=${BENCH_STEP_TIMEOUT:-1800}

if [ -z "${BENCH_NO_BUILD:-}" ]; then  # BENCH_NO_BUILD=1: use the binaries as built
  echo "building in $BUILD ..." >&2
  nice -n 10 cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPARLEY_BUILD_TESTS=OFF \
    -DPARLEY_BUILD_BENCH=ON >/dev/null
  nice -n 10 make -C "$BUILD" -j "${JOBS:-2}" parley-ingest parley-query sqlite_ceiling \
    grpc_echo_ceiling populate_store ingest_bench query_bench >/dev/null
fi
BIN=$ROOT/$BUILD/bench/service_bench
CACHE=$ROOT/$BUILD/bench_cache
LOGS=$ROOT/$BUILD/bench_logs/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$CACHE" "$LOGS"
SUMMARY=$LOGS/summary.md

has_step() { [[ " $STEPS " == *" $1 "* ]]; }
# run LOG CMD...: bounded in time, output kept and echoed.
run() {
  local log=$LOGS/$1; shift
  echo "== $(date -u +%H:%M:%S) $* (log $log)" >&2
  timeout "$STEP_TIMEOUT" "$@" 2>&1 | tee "$log" >&2 || echo "!! failed or timed out: $*" | tee -a "$log" >&2
}
store() { echo "$CACHE/store_$1.db"; }
COMMON=(--runs "$RUNS" --seconds "$SECS")

if has_step 1; then
  run ingest_sqlite.log "$BIN/ingest_bench" "${COMMON[@]}"
fi
if has_step 2 || has_step 3 || has_step 4; then
  for n in 10k:10000 100k:100000 1M:1000000; do
    run "populate_${n%%:*}.log" "$BIN/populate_store" --db "$(store "${n%%:*}")" --events "${n##*:}"
  done
fi
if has_step 3; then
  run query_1M.log "$BIN/query_bench" "${COMMON[@]}" --db "$(store 1M)" --store_label "1M events"
fi
if has_step 4; then
  for n in 10k:10000 100k:100000 1M:1000000; do
    label=${n%%:*}; events=${n##*:}
    run "scaling_ingest_$label.log" "$BIN/ingest_bench" "${COMMON[@]}" --prefilled "$(store "$label")" \
      --prefill_events "$events" --bulk_clients 16 --unary_clients 0
    if [ "$label" != 1M ]; then  # The 1M figures are step 3's.
      run "scaling_query_$label.log" "$BIN/query_bench" "${COMMON[@]}" --db "$(store "$label")" \
        --store_label "$label events" --in_flight 1 --open_fraction 0 --skip_ceiling
    fi
  done
fi
if has_step 5; then
  # One throwaway server for the step: ingest makes a database per run; the
  # query store is populated once into the server's default database.
  # with_postgres.sh runs CMD against PARLEY_TEST_POSTGRES_URI when it is set.
  [ -n "${BENCH_PG_URI:-}" ] && export PARLEY_TEST_POSTGRES_URI=$BENCH_PG_URI
  run postgres.log "$ROOT/scripts/with_postgres.sh" bash -c "
    set -e
    \"$BIN/ingest_bench\" ${COMMON[*]} --pg_uri \"\$PARLEY_TEST_POSTGRES_URI\" \
      --bulk_clients 1,4,16 --unary_clients 1,16 --replicas 1,2
    \"$BIN/populate_store\" --db \"\$PARLEY_TEST_POSTGRES_URI\" --events $PG_EVENTS
    \"$BIN/query_bench\" ${COMMON[*]} --db \"\$PARLEY_TEST_POSTGRES_URI\" \
      --store_label 'PG $((PG_EVENTS / 1000))k events'
  "
fi

{
  echo "# bench/run_all.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), runs=$RUNS seconds=$SECS"
  grep -h '^# \(nproc\|cpu\|kernel\)' "$LOGS"/*.log | awk '!seen[$0]++'
  grep -h '^# loadavg' "$LOGS"/*.log | sed 's/^/  /'
  echo
  echo "## measured (median of $RUNS runs)"
  grep -h '^| [a-z]' "$LOGS"/*.log | grep -v '^| \(benchmark\|figure\) ' \
    | grep -v '| \(yes\|NO\) *|$'
  grep -h '^ceiling | ' "$LOGS"/*.log
  echo
  echo "## verdicts"
  grep -h '^| figure' "$LOGS"/*.log | head -1
  grep -h '^| .*| \(yes\|NO\) *|$' "$LOGS"/*.log
  echo
  grep -h '^# \(plan\|contract\|stored\)' "$LOGS"/*.log
} >"$SUMMARY"
cat "$SUMMARY"
echo "(logs: $LOGS)"
