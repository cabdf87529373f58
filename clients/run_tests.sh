#!/bin/sh
# Runs the Python, Go and Node client suites against the real services.
#   PARLEY_BIN_DIR=/work/main/build/bin clients/run_tests.sh
# PARLEY_BIN_DIR holds parley-ingest and parley-query (searched also in its
# ingest_service/ and query_service/ subfolders, as a CMake build tree lays
# them out). All three suites run; the exit code is nonzero if any failed.
# Needs: /usr/bin/python3 with python3-grpcio, protoc + grpc_python_plugin,
# grpc-proto, the Go packages listed in go/run_tests.sh, node + npm.
set -u
here=$(cd "$(dirname "$0")" && pwd)

find_bin() {
  for candidate in "$PARLEY_BIN_DIR/$1" "$PARLEY_BIN_DIR/$2/$1"; do
    if [ -x "$candidate" ]; then realpath "$candidate"; return 0; fi
  done
  echo "clients/run_tests.sh: no executable $1 in $PARLEY_BIN_DIR" >&2
  return 1
}

if [ -z "${PARLEY_BIN_DIR:-}" ]; then
  echo "usage: PARLEY_BIN_DIR=<dir with parley-ingest, parley-query> $0" >&2
  exit 2
fi
PARLEY_INGEST_BIN=$(find_bin parley-ingest ingest_service) || exit 2
PARLEY_QUERY_BIN=$(find_bin parley-query query_service) || exit 2
export PARLEY_INGEST_BIN PARLEY_QUERY_BIN
echo "services: $PARLEY_INGEST_BIN, $PARLEY_QUERY_BIN"

failed=""
run() {
  name=$1; shift
  echo "=== $name client"
  if "$@"; then echo "=== $name client: ok"; else echo "=== $name client: FAILED"; failed="$failed $name"; fi
}

python_suite() {
  "$here/python/generate.sh" &&
  (cd "$here/python" && /usr/bin/python3 -m unittest discover -s tests -t . -v)
}
node_suite() (
  cd "$here/node" || return 1
  # package-lock.json pins every version; ci installs exactly those.
  if [ ! -d node_modules ]; then npm ci --no-audit --no-fund || return 1; fi
  node --test test/*.test.js
)

run python python_suite
run go "$here/go/run_tests.sh"
run node node_suite

if [ -n "$failed" ]; then
  echo "client suites failed:$failed"
  exit 1
fi
echo "client suites: python, go, node all ok"
