#!/usr/bin/env bash
# Stops the services scripts/up.sh started (SIGTERM: graceful shutdown) and
# waits for each to exit, so the store is closed when this returns.
# The query service goes first: its connections are read-only and cannot
# remove the WAL, so with the writer closing last the store is one file.
cd "$(dirname "$0")/.."
for svc in query ingest; do
  pidfile=.run/$svc.pid
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  # A stale pid file may name an unrelated process by now.
  [ "$(ps -p "$pid" -o comm= 2>/dev/null)" = "parley-$svc" ] || continue
  kill -TERM "$pid" 2>/dev/null || continue
  # The services' default shutdown grace is 10 s.
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "parley-$svc (pid $pid) still running 15 s after SIGTERM" >&2
  else
    echo "stopped parley-$svc"
  fi
done
