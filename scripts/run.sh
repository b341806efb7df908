#!/usr/bin/env bash
# Builds the runnable jar and starts Pushbridge with the given flags.
# Without flags: port 9091, groups kept durably in RocksDB under ./data.
# JVM flags come from scripts/jvm-options (why each one is there is written next to it).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl gateway -am package -DskipTests
exec java @scripts/jvm-options -jar gateway/target/pushbridge.jar "$@"
