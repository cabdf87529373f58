#!/usr/bin/env bash
# Stops the services scripts/up.sh started (SIGTERM: graceful shutdown).
cd "$(dirname "$0")/.."
for svc in ingest query; do
  pidfile=.run/$svc.pid
  [ -f "$pidfile" ] || continue
  kill -TERM "$(cat "$pidfile")" 2>/dev/null && echo "stopped parley-$svc"
  rm -f "$pidfile"
done
