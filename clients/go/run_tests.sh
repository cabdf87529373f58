#!/bin/sh
# Generates the Go stubs (generate.sh), builds the example and runs the Go
# client's tests in GOPATH mode against Debian's Go tree. Service tests need
# PARLEY_INGEST_BIN and PARLEY_QUERY_BIN (they skip, saying so, without).
# Debian packages: golang-go golang-google-grpc-dev golang-google-protobuf-dev
# golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# gRPC-Go's codec goes through github.com/golang/protobuf; Debian's 1.3
# flavour (pulled in by default) cannot decode protoc-gen-go 1.28 messages
# and panics at the first response. 1.5 wraps the new API and works.
if [ -e /usr/share/gocode/src/github.com/golang/protobuf/proto/table_unmarshal.go ]; then
  echo "clients/go: apt-get install -y golang-github-golang-protobuf-1-5-dev" \
       "(the installed 1.3 cannot decode the generated messages)" >&2
  exit 1
fi
"$here/generate.sh"
export GO111MODULE=off GOPATH="$here/gen:/usr/share/gocode"
export GOCACHE="${GOCACHE:-$here/gen/cache}" GOFLAGS=
pkg=github.com/parley/parley/clients/go
cd "$here/gen/src/$pkg/parley"
go vet "$pkg/parley" "$pkg/cmd/parley-calls"
go build -o "$here/gen/bin/parley-calls" "$pkg/cmd/parley-calls"
go test -count=1 -v "$pkg/parley"
