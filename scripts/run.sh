#!/usr/bin/env bash
# Builds the runnable jar and starts Pushbridge with the given flags.
# Without flags: port 9091, groups kept durably in RocksDB under ./data.
# JVM flags come from scripts/jvm-options (why each one is there is written next to it). Once per
# build, RocksDB's native library is extracted (scripts/rocksdb-native.sh) and a class data archive
# made by a short training run (scripts/cds-archive.sh): both make starts cheaper.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl gateway -am package -DskipTests
jvm=(@scripts/jvm-options)
lib="$(scripts/rocksdb-native.sh gateway/target/pushbridge.jar gateway/target/native || true)"
if [ -n "$lib" ]; then jvm+=("-Djava.library.path=$lib"); fi
cds="$(scripts/cds-archive.sh gateway/target/pushbridge.jar gateway/target/pushbridge.jsa "${jvm[@]}" || true)"
if [ -n "$cds" ]; then jvm+=("-XX:SharedArchiveFile=$cds"); fi
exec java "${jvm[@]}" -jar gateway/target/pushbridge.jar "$@"
