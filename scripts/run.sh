#!/usr/bin/env bash
# Builds the runnable jar and starts Pushbridge with the given flags.
# Without flags: port 9091, groups kept durably in RocksDB under ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl gateway -am package -DskipTests
exec java -jar gateway/target/pushbridge.jar "$@"
