#!/bin/sh
# The container promise without podman: the final stage of deploy/Dockerfile
# switches to a numeric, non-root USER (a name could map to uid 0, and
# Kubernetes' runAsNonRoot can only verify a numeric one), and every
# workload in the manifests sets runAsNonRoot: true without a runAsUser of 0.
# Usage: deploy_runs_as_non_root_test.sh DEPLOY_DIR
set -eu
deploy=${1:?usage: $0 DEPLOY_DIR}
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

# The USER of the last stage: each FROM starts a stage and forgets the last USER.
user=$(awk 'toupper($1) == "FROM" { user = "" } toupper($1) == "USER" { user = $2 }
            END { print user }' "$deploy/Dockerfile")
uid=${user%%:*}
case $uid in
  '') fail "$deploy/Dockerfile: the final stage sets no USER (it would run as root)" ;;
  *[!0-9]*) fail "$deploy/Dockerfile: final USER '$user' is not numeric" ;;
  *) [ "$uid" -ne 0 ] || fail "$deploy/Dockerfile: final USER '$user' is root" ;;
esac

# Per YAML document: a Pod-owning kind needs runAsNonRoot: true, and no
# runAsUser may be 0 (one container's override would undo the pod's).
manifests=$(find "$deploy" -path '*/k8s/*' -name '*.yaml' | sort)
[ -n "$manifests" ] || fail "no manifests under $deploy/**/k8s"
workloads=0
for file in $manifests; do
  out=$(awk -v file="$file" '
    function check() {
      if (kind ~ /^(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)$/) {
        print "workload"
        if (!nonroot) print "FAIL: " file ": " kind " " name " does not set runAsNonRoot: true"
      }
      if (root) print "FAIL: " file ": " kind " " name " sets runAsUser: 0"
      kind = ""; name = ""; nonroot = 0; root = 0
    }
    /^---/ { check(); next }
    /^kind:/ { kind = $2 }
    /^  name:/ && name == "" { name = $2 }
    /^[[:space:]]*runAsNonRoot:[[:space:]]*true([[:space:]]|$)/ { nonroot = 1 }
    /^[[:space:]]*runAsUser:[[:space:]]*0([[:space:]]|$)/ { root = 1 }
    END { check() }' "$file")
  workloads=$((workloads + $(printf '%s\n' "$out" | grep -c '^workload$' || true)))
  if printf '%s\n' "$out" | grep '^FAIL' >&2; then failed=1; fi
done
# Guards against the check passing because it found nothing to check.
[ "$workloads" -gt 0 ] || fail "no Deployment/StatefulSet found under $deploy/**/k8s"

[ "$failed" -eq 0 ] && echo "OK: USER $user; $workloads workloads run as non-root"
exit "$failed"
