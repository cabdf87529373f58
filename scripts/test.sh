#!/usr/bin/env bash
# The test command: installs dependencies, builds everything with tests, runs
# the C++ unit and integration suites (CTest, including the PostgreSQL store
# suite against a throwaway local server), the clients' suites against the real
# services, and prints the extraction score on the development corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
[ -n "${PARLEY_SKIP_DEPS:-}" ] || scripts/install_deps.sh
scripts/build.sh -DPARLEY_BUILD_TESTS=ON

echo "== C++ unit and integration tests (ctest)"
if ! (cd build && ctest --output-on-failure -j "$(nproc)" --timeout 300); then
  scripts/ctest_failures.sh build
  exit 1
fi

if [ -x clients/run_tests.sh ]; then
  echo "== client packages (Python, Go, Node) against the real services"
  PARLEY_BIN_DIR="$ROOT/build" clients/run_tests.sh
fi

if [ -d ../shared/eval/dev ]; then
  echo "== extraction score on the development corpus"
  tools/score.sh build/cli/parley ../shared/eval/dev
fi
