#!/usr/bin/env bash
# The main job: installs dependencies, builds, starts parley-ingest and
# parley-query on loopback over one SQLite file, ingests the sample articles
# and shows the calls they contain. Services keep running in the background;
# stop them with `scripts/down.sh`.
#
#   PARLEY_DB=./parley.db  INGEST_ADDR=127.0.0.1:50051  QUERY_ADDR=127.0.0.1:50052
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
[ -n "${PARLEY_SKIP_DEPS:-}" ] || scripts/install_deps.sh
scripts/build.sh -DPARLEY_BUILD_TESTS=OFF -DPARLEY_BUILD_BENCH=OFF >/dev/null
BIN=$ROOT/build
DB=${PARLEY_DB:-$ROOT/parley.db}
INGEST_ADDR=${INGEST_ADDR:-127.0.0.1:50051}
QUERY_ADDR=${QUERY_ADDR:-127.0.0.1:50052}
RUN=$ROOT/.run
mkdir -p "$RUN"
scripts/down.sh >/dev/null 2>&1 || true

"$BIN/ingest_service/parley-ingest" --listen "$INGEST_ADDR" --db "$DB" >"$RUN/ingest.log" 2>&1 &
echo $! >"$RUN/ingest.pid"
# The query service opens the store the ingest service created.
for _ in $(seq 50); do [ -f "$DB" ] && break; sleep 0.1; done
"$BIN/query_service/parley-query" --listen "$QUERY_ADDR" --db "$DB" >"$RUN/query.log" 2>&1 &
echo $! >"$RUN/query.pid"

"$BIN/cli/parley" health --addr "$INGEST_ADDR" --wait 10s
"$BIN/cli/parley" health --addr "$QUERY_ADDR" --wait 10s
echo "parley-ingest on $INGEST_ADDR, parley-query on $QUERY_ADDR, store $DB"
"$BIN/cli/parley" ingest --addr "$INGEST_ADDR" "$ROOT/samples"
"$BIN/cli/parley" calls --addr "$QUERY_ADDR"
echo "logs in $RUN/; stop with scripts/down.sh"
