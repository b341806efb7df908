#!/usr/bin/env bash
# Runs every test: installs what the tests drive (Debian packages), then the Maven build with all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/install-test-deps.sh
exec ./mvnw -B verify "$@"
