#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real parts: curl, a real Prometheus and promtool,
# the Python client library (for push_to_gateway), Go with client_golang's sources (a Go batch job
# pushing with its push package), wrk (bench/'s load generator, run in seconds by BenchSuiteIT), docker-compose (validates docker-compose.yml
# without a daemon), and Chromium with its chromedriver (the web UI's browser tests). Quick when
# everything is already there.
set -euo pipefail

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 || need+=(python3-prometheus-client)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/prometheus/client_golang/prometheus/push ] \
  || need+=(golang-github-prometheus-client-golang-dev)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install: ${need[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "installing test dependencies: ${need[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
