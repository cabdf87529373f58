#!/usr/bin/env bash
# with_postgres.sh CMD...: runs CMD against a throwaway PostgreSQL server.
#
# Starts a fresh PostgreSQL (Debian's, /usr/lib/postgresql/15/bin by default;
# override with PARLEY_PG_BIN) in a temporary data directory, listening on
# 127.0.0.1 on a free port, exports
#   PARLEY_TEST_POSTGRES_URI  postgresql://parley@127.0.0.1:PORT/parley
#   PARLEY_TEST_POSTGRES_CTL  a command taking "stop" or "start", so a test
#                             can take the server down and bring it back
# runs CMD, stops the server, removes the directory and exits with CMD's code.
#
# initdb refuses to run as root, so as root the server runs as the `postgres`
# user (PARLEY_PG_USER) and owns the data directory.
#
# If PARLEY_TEST_POSTGRES_URI is already set, CMD runs against that server:
# `scripts/with_postgres.sh ctest` starts one server for every test.
set -euo pipefail

SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
PGBIN=${PARLEY_PG_BIN:-/usr/lib/postgresql/15/bin}
PGUSER_OS=${PARLEY_PG_USER:-postgres}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PGUSER_OS" -- "$@"
  else
    "$@"
  fi
}

# pg_ctl wrapper: run from the data dir's parent, which the server user can
# always read (the caller's working directory may be /root).
pg_ctl_in() {
  local dir=$1; shift
  (cd "$dir" && as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 "$@")
}

start_server() {
  local dir=$1 port
  port=$(cat "$dir/port")
  pg_ctl_in "$dir" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start \
    >/dev/null
}

# Control mode, used by tests through PARLEY_TEST_POSTGRES_CTL.
if [ "${1:-}" = "--ctl" ]; then
  dir=$2 action=$3
  case "$action" in
    stop) pg_ctl_in "$dir" -m fast stop >/dev/null ;;
    start) start_server "$dir" ;;
    *) echo "with_postgres.sh --ctl DIR stop|start" >&2; exit 2 ;;
  esac
  exit 0
fi

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

if [ -n "${PARLEY_TEST_POSTGRES_URI:-}" ]; then
  exec "$@"
fi

if [ ! -x "$PGBIN/initdb" ]; then
  echo "with_postgres.sh: no PostgreSQL at $PGBIN (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/parley-pg.XXXXXX")
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown "$PGUSER_OS" "$dir"

cleanup() {
  pg_ctl_in "$dir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
# A timeout's SIGTERM must still stop the server: exit through the EXIT trap.
trap 'exit 143' TERM
trap 'exit 130' INT

(cd "$dir" && as_pg "$PGBIN/initdb" -D "$dir/data" -U parley -A trust -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1) || { cat "$dir/initdb.log" >&2; exit 1; }

# A free port: try random ones until the server starts (another process may
# take a port between our check and the bind, so retrying is the robust way).
started=
for _ in 1 2 3 4 5 6 7 8 9 10; do
  echo $((20000 + RANDOM % 40000)) >"$dir/port"
  [ "$(id -u)" = 0 ] && chown "$PGUSER_OS" "$dir/port"
  if start_server "$dir" 2>/dev/null; then started=1; break; fi
done
if [ -z "$started" ]; then
  echo "with_postgres.sh: PostgreSQL did not start; log:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi
port=$(cat "$dir/port")
(cd "$dir" && as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U parley parley)

export PARLEY_TEST_POSTGRES_URI="postgresql://parley@127.0.0.1:$port/parley"
export PARLEY_TEST_POSTGRES_CTL="$SELF --ctl $dir"

set +e
"$@"
rc=$?
set -e
exit $rc
