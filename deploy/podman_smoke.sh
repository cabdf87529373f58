#!/usr/bin/env bash
# Smoke test of the container image, as notes/containers.md runs Podman on
# machines with no Docker engine and no registry:
#   deploy/podman_smoke.sh [ARTICLES_DIR]     (default: ../shared/seeds)
# Builds deploy/Dockerfile, starts parley-ingest and parley-query in two
# containers on one volume (host network, loopback ports), ingests
# ARTICLES_DIR with the image's CLI, lists the calls back, checks both
# health services answer SERVING, removes everything it made and exits
# nonzero on any failure. Needs root (or rootful podman) and podman, runc,
# debootstrap (installed with apt-get when missing and root).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
articles=$(realpath "${1:-$repo/../shared/seeds}")
image=${PARLEY_IMAGE:-localhost/parley:latest}
run_id=parley-smoke-$$
start=$(date +%s)

log() { echo "[smoke $(($(date +%s) - start))s] $*"; }
die() { log "FAIL: $*"; exit 1; }

[ -d "$articles" ] || die "$articles: no such folder of articles"
ls "$articles"/*.txt > /dev/null 2>&1 || die "$articles: no .txt articles"

# 1. Packages.
if ! command -v podman > /dev/null || ! command -v runc > /dev/null || ! command -v debootstrap > /dev/null; then
  [ "$(id -u)" = 0 ] || die "install podman runc debootstrap (apt-get) first"
  log "installing podman runc debootstrap"
  apt-get install -y -qq podman runc debootstrap > /dev/null
fi

# 2. Podman settings this sandbox accepts: runc, cgroupfs, no default ulimits.
work=$(mktemp -d)
if [ -z "${CONTAINERS_CONF:-}" ]; then
  cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
  export CONTAINERS_CONF=$work/containers.conf
fi

cleanup() {
  local rc=$?
  podman rm -f -t 5 "$run_id-ingest" "$run_id-query" > /dev/null 2>&1 || true
  podman volume rm -f "$run_id" > /dev/null 2>&1 || true
  rm -rf "$work"
  if [ $rc = 0 ]; then log "PASS"; else log "exit code $rc"; fi
}
trap cleanup EXIT

# 3. Base image: no registry here, so build debian:bookworm-slim from
# Debian's packages once and name it as the Dockerfile expects.
if ! podman image exists docker.io/library/debian:bookworm-slim; then
  log "building the debian:bookworm-slim base with debootstrap"
  rootfs=$work/rootfs
  mkdir "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; die "debootstrap"; }
  tar -C "$rootfs" -c . | podman import - docker.io/library/debian:bookworm-slim > /dev/null
  rm -rf "$rootfs"
fi
podman image exists docker.io/library/debian:bookworm \
  || podman tag docker.io/library/debian:bookworm-slim docker.io/library/debian:bookworm

# 4. The image.
log "building $image"
podman build --network host -t "$image" -f "$repo/deploy/Dockerfile" "$repo" > "$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log"; die "podman build"; }
log "built: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
ingest_addr=127.0.0.1:$(free_port)
query_addr=127.0.0.1:$(free_port)

# The CLI from the image, on the host network.
cli() { podman run --rm --network host --read-only --cap-drop ALL "$@"; }

# 5. Both services, configured by environment, on one volume.
podman volume create "$run_id" > /dev/null
start_service() {  # name binary addr
  podman run -d --name "$run_id-$1" --network host --read-only --cap-drop ALL \
    --security-opt no-new-privileges --tmpfs /tmp -v "$run_id:/data" \
    -e PARLEY_LISTEN="$3" "$image" "$2" > /dev/null
}
wait_serving() {  # name addr: the image's `parley health` (grpc.health.v1)
  local answer
  if answer=$(cli "$image" parley health --addr "$2" --wait 30s 2>&1) \
      && [ "${answer##* }" = SERVING ]; then
    log "$1: $answer"
    return 0
  fi
  podman logs "$run_id-$1" 2>&1 | tail -20
  die "$1 on $2 not SERVING: $answer"
}
start_service ingest parley-ingest "$ingest_addr"
wait_serving ingest "$ingest_addr"
start_service query parley-query "$query_addr"
wait_serving query "$query_addr"

user=$(podman exec "$run_id-ingest" id -u)
[ "$user" = 10001 ] || die "service runs as uid $user, want 10001"

# 6. Ingest with the image's CLI, then read the calls back.
log "ingesting $articles"
cli -v "$articles:/articles:ro" "$image" parley ingest --addr "$ingest_addr" /articles > "$work/ingest.out" \
  || { cat "$work/ingest.out"; die "parley ingest failed"; }
log "$(cat "$work/ingest.out")"
grep -q "failed 0" "$work/ingest.out" || die "some articles failed to ingest"
cli "$image" parley calls --addr "$query_addr" --format json > "$work/calls.json" \
  || die "parley calls failed"
calls=$(/usr/bin/python3 -c '
import json, sys
data = json.load(open(sys.argv[1]))
calls = data if isinstance(data, list) else data.get("calls", [])
print(len(calls))' "$work/calls.json") || { head -c 2000 "$work/calls.json"; die "calls output is not JSON"; }
[ "$calls" -gt 0 ] || { cat "$work/calls.json"; die "no calls listed after ingest"; }
log "query lists $calls calls; first: $(head -c 300 "$work/calls.json" | tr '\n' ' ')"

podman exec "$run_id-ingest" test -s /data/parley.db || die "no store on the volume"
log "took $(($(date +%s) - start))s"
