#!/usr/bin/env bash
# Builds the runnable jar and starts Pushbridge with the given flags.
# Without flags: port 9091, groups kept durably in RocksDB under ./data.
# JVM flags come from scripts/jvm-options (why each one is there is written next to it); RocksDB's
# native library is extracted once per build (scripts/rocksdb-native.sh) instead of on every start.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl gateway -am package -DskipTests
native=()
lib="$(scripts/rocksdb-native.sh gateway/target/pushbridge.jar gateway/target/native)"
if [ -n "$lib" ]; then native=("-Djava.library.path=$lib"); fi
exec java @scripts/jvm-options "${native[@]}" -jar gateway/target/pushbridge.jar "$@"
