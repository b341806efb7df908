#!/usr/bin/env bash
# Captures upstream Pushgateway 1.5.1's answers to batchjob.go into upstream-1.5.1.txt: the job's
# output, then the scrape's pushed families (job_* and push_*, times of day masked as <time>).
# Needs the Debian packages prometheus-pushgateway, golang-go and
# golang-github-prometheus-client-golang-dev. Run from anywhere:
#     gateway/src/test/resources/go-client/capture-upstream.sh [/usr/bin/prometheus-pushgateway] [29540]
# GoClientTest runs the same job against Pushbridge and compares.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-/usr/bin/prometheus-pushgateway}"; port="${2:-29540}"
work="$(mktemp -d)"
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" go build -o "$work/batchjob" "$here/batchjob.go"
"$bin" --web.listen-address="127.0.0.1:$port" --persistence.file= >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" && break; sleep 0.1; done
{
  "$work/batchjob" "http://127.0.0.1:$port"
  echo "--- scrape"
  curl -sf "http://127.0.0.1:$port/metrics" | grep -E '^(# (HELP|TYPE) )?(job_|push_)' \
    | sed -E 's/^(push_(failure_)?time_seconds\{.*\}) [1-9].*$/\1 <time>/'
} > "$here/upstream-1.5.1.txt"
echo "wrote $here/upstream-1.5.1.txt" >&2
