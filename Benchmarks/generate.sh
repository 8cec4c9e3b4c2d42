#!/usr/bin/env bash
# Regenerates the swift-protobuf 1.39.0 code the benchmarks compare Tandem's codec against:
# Sources/TandemBenchmarks/Generated/ from proto/tandem/{common,tasks}/v1/*.proto.
# Uses protoc (Debian's protobuf-compiler, with libprotobuf-dev for google/protobuf/*.proto) and
# protoc-gen-swift 1.39.0: $PROTOC_GEN_SWIFT, else /tmp/swift-protobuf/.build/release/, else it is
# built there from the local package mirror. The generated files are committed; the product never
# sees them (DESIGN.md: no protoc-generated Swift in the product).
set -euo pipefail
benchmarks="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$benchmarks")"
version=1.39.0
checkout=/tmp/swift-protobuf
plugin="${PROTOC_GEN_SWIFT:-$checkout/.build/release/protoc-gen-swift}"

if [[ ! -x "$plugin" ]]; then
  if [[ ! -d "$checkout" ]]; then
    git -c advice.detachedHead=false clone --quiet -b "$version" /opt/swift-packages/apple/swift-protobuf.git "$checkout"
  fi
  (cd "$checkout" && swift build -c release --product protoc-gen-swift)
fi
actual="$("$plugin" --version)"
[[ "$actual" == "protoc-gen-swift $version" ]] || {
  echo "error: $plugin is '$actual', expected protoc-gen-swift $version" >&2
  exit 1
}

out="$benchmarks/Sources/TandemBenchmarks/Generated"
rm -f "$out"/*.pb.swift
mkdir -p "$out"
cd "$root"
protoc -I proto \
  --plugin=protoc-gen-swift="$plugin" \
  --swift_out="$out" \
  --swift_opt=Visibility=Internal \
  --swift_opt=FileNaming=DropPath \
  tandem/common/v1/common.proto tandem/tasks/v1/tasks.proto
echo "generated: $(cd "$out" && ls)"
