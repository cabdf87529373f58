#!/bin/sh
# Lays out a GOPATH under clients/go/gen/ (ignored, never committed):
#   gen/src/github.com/parley/parley/gen/go/parley/v1/  stubs from ../../proto
#   gen/src/github.com/parley/parley/clients/go/{parley,cmd}  links to the
#   committed sources, so they build by import path in GOPATH mode.
# Build and test with GO111MODULE=off GOPATH=$PWD/gen:/usr/share/gocode
# (Debian's Go tree; no module proxy is needed or used).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos=${PARLEY_PROTO_DIR:-$here/../../proto}
root=$here/gen/src/github.com/parley/parley
out=$root/gen/go/parley/v1

# gen/cache (run_tests.sh's GOCACHE) is kept: it is keyed by content, and
# rebuilding Debian's gRPC tree from scratch takes most of a minute.
rm -rf "$here/gen/src" "$here/gen/bin"
mkdir -p "$out" "$root/clients/go"
# paths=source_relative puts parley/v1/x.proto's code at $out/../../parley/v1.
protoc -I "$protos" \
  --go_out="$root/gen/go" --go_opt=paths=source_relative \
  --go-grpc_out="$root/gen/go" --go-grpc_opt=paths=source_relative \
  "$protos"/parley/v1/*.proto
ln -s "$here/parley" "$root/clients/go/parley"
ln -s "$here/cmd" "$root/clients/go/cmd"
echo "generated $(ls "$out"/*.go | wc -l) Go files in $out"
