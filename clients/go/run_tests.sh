#!/bin/sh
# Generates the Go stubs (generate.sh), builds the example and runs the Go
# client's tests in GOPATH mode against Debian's Go tree. Service tests need
# PARLEY_INGEST_BIN and PARLEY_QUERY_BIN (they skip, saying so, without).
# Debian packages: golang-go golang-google-grpc-dev golang-google-protobuf-dev
# protoc-gen-go protoc-gen-go-grpc.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
"$here/generate.sh"
export GO111MODULE=off GOPATH="$here/gen:/usr/share/gocode"
export GOCACHE="${GOCACHE:-$here/gen/cache}" GOFLAGS=
pkg=github.com/parley/parley/clients/go
cd "$here/gen/src/$pkg/parley"
go vet "$pkg/parley" "$pkg/cmd/parley-calls"
go build -o "$here/gen/bin/parley-calls" "$pkg/cmd/parley-calls"
go test -count=1 -v "$pkg/parley"
