#!/bin/sh
# Generates the Python messages and gRPC stubs of parley/v1 (and of the
# standard gRPC health service) into parley_client/gen/. Never committed:
# proto/ is the single source of the contracts.
#
# protoc names generated imports after proto paths ("from parley.v1 import
# resources_pb2"), which would need gen/ on sys.path and would put a
# top-level "parley" (and, for health, "grpc") package on it, shadowing the
# real grpc. We rewrite those imports to be relative to parley_client.gen.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos=${PARLEY_PROTO_DIR:-$here/../../proto}
grpc_protos=${GRPC_PROTO_DIR:-/usr/share/grpc-proto}
plugin=${GRPC_PYTHON_PLUGIN:-/usr/bin/grpc_python_plugin}
out=$here/parley_client/gen

rm -rf "$out"
mkdir -p "$out/parley/v1" "$out/grpc/health/v1"
protoc -I "$protos" --python_out="$out" --grpc_out="$out" \
  --plugin=protoc-gen-grpc="$plugin" "$protos"/parley/v1/*.proto
protoc -I "$grpc_protos" --python_out="$out" --grpc_out="$out" \
  --plugin=protoc-gen-grpc="$plugin" "$grpc_protos/grpc/health/v1/health.proto"

for d in "$out" "$out/parley" "$out/parley/v1" "$out/grpc" "$out/grpc/health" \
         "$out/grpc/health/v1"; do
  : > "$d/__init__.py"
done
for f in "$out"/parley/v1/*.py "$out"/grpc/health/v1/*.py; do
  sed -i -e 's/^from parley\.v1 import /from parley_client.gen.parley.v1 import /' \
         -e 's/^from grpc\.health\.v1 import /from parley_client.gen.grpc.health.v1 import /' "$f"
done
echo "generated $(ls "$out"/parley/v1/*_pb2*.py | wc -l) parley modules in $out"
