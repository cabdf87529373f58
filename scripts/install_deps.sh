#!/usr/bin/env bash
# Installs every Debian bookworm package Parley needs to build, test and run.
# The one list of system dependencies: CI, the README and the Dockerfile's
# build stage all rely on it. Idempotent; needs root (or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git ca-certificates openssl
  # C++ libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libsqlite3-dev sqlite3 libre2-dev libcli11-dev
  nlohmann-json3-dev libfmt-dev libspdlog-dev libutf8proc-dev libssl-dev
  libpqxx-dev grpc-proto libgoogle-perftools-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 postgresql
  # fuzzing and sanitizers
  clang libclang-rt-14-dev
  # client packages (Python, Go, Node)
  python3-grpcio python3-protobuf
  golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev
  protoc-gen-go protoc-gen-go-grpc nodejs
)

export DEBIAN_FRONTEND=noninteractive
if [ -z "${PARLEY_SKIP_APT_UPDATE:-}" ]; then
  $SUDO apt-get update -q
fi
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
