#!/usr/bin/env bash
# Upstream Pushgateway and Pushbridge side by side: every scenario, alternating rounds, fresh servers.
#   bench/side-by-side.sh OUTDIR [ROUNDS=3]
# Env: RUN_ARGS   extra run.sh options for every run (smoke test: see bench/README.md)
#      PUSH_ARGS  run.sh options for the push scenarios (default "--duration 10 --warmup 20
#                 --first-warmup 80": a JVM pinned to one core compiles its hot paths for ~70 s
#                 of load, see bench/README.md)
#      CONFIGS    which configs to run (default "check nocheck persist")
#      UPSTREAM_BIN, JAR, JVM_OPTS: passed on to upstream-start.sh / pushbridge-start.sh
# About 17 minutes per round on a 2-core machine. Per round, for each config, both servers run the
# same scenarios, one after the other on freshly started processes (server on CPU 0, load on
# CPU 1); the order of the two alternates between rounds (upstream first in odd rounds) so slow
# drift of the machine hits both alike.
#   check   : defaults (consistency check on). Upstream in memory; Pushbridge durable.
#             Scenarios: push_small, push_large, push_post_same_group; Pushbridge also scrape_1m
#             first (upstream with the check on would need hours to load 1M series), so its
#             memory_1m line is for the default config.
#   nocheck : --push.disable-consistency-check. Upstream in memory; Pushbridge durable. All scenarios.
#   persist : nocheck, upstream with --persistence.file (interval 2s); the restart scenario.
# Writes OUTDIR/raw.txt (result lines prefixed "side=... config=... round=..."), OUTDIR/machine.txt
# (with load averages and the disk's fdatasync latency, lib/fsync_probe.py, at start and end), OUTDIR/stderr.log, and prints the comparison table
# (lib/table.py) to OUTDIR/table.md. Every server it starts is stopped by its PID (also on Ctrl-C).
# Ports: upstream 29091, 29092, 29095; Pushbridge 29096, 29097, 29098 (127.0.0.1 only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"; rounds="${2:-3}"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
raw="$out/raw.txt"; err="$out/stderr.log"
work="$(mktemp -d /tmp/pgw-sbs.XXXXXX)"
push_args="${PUSH_ARGS:---duration 10 --warmup 20 --first-warmup 80}"
configs="${CONFIGS:-check nocheck persist}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
stop() {  # SIGTERM, then wait (bounded: 60 s) for the process to be gone
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  echo "pid $1 still running 60 s after SIGTERM" >&2
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  grep -m1 'cpu MHz' /proc/cpuinfo
  echo "mem: $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "kernel: $(uname -r)"
  echo "upstream: $(${UPSTREAM_BIN:-/usr/bin/prometheus-pushgateway} --version 2>&1 | head -1)"
  echo "pushbridge: $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "uptime at start: $(uptime)"
  echo "fsync at start: $(python3 "$here/lib/fsync_probe.py" "$work")"
} > "$out/machine.txt"

tag() { sed -u "s/^/$1 /" | tee -a "$raw"; }

start() {  # side config round -> PID on stdout; server's directory in $work/side-config-round
  local side="$1" config="$2" d="$work/$1-$2-$3" flags=()
  [ "$config" = check ] || flags=(--push.disable-consistency-check)
  if [ "$side" = upstream ]; then
    case "$config" in
      check) PERSIST=0 "$here/upstream-start.sh" 29091 "$d" ;;
      nocheck) PERSIST=0 "$here/upstream-start.sh" 29092 "$d" "${flags[@]}" ;;
      persist) PERSIST_INTERVAL=2s "$here/upstream-start.sh" 29095 "$d" "${flags[@]}" ;;
    esac
  else
    case "$config" in
      check) "$here/pushbridge-start.sh" 29096 "$d" ;;
      nocheck) "$here/pushbridge-start.sh" 29097 "$d" "${flags[@]}" ;;
      persist) "$here/pushbridge-start.sh" 29098 "$d" "${flags[@]}" ;;
    esac
  fi
}

url() {  # side config
  case "$1-$2" in
    upstream-check) echo http://127.0.0.1:29091 ;; upstream-nocheck) echo http://127.0.0.1:29092 ;;
    upstream-persist) echo http://127.0.0.1:29095 ;; pushbridge-check) echo http://127.0.0.1:29096 ;;
    pushbridge-nocheck) echo http://127.0.0.1:29097 ;; pushbridge-persist) echo http://127.0.0.1:29098 ;;
  esac
}

run_one() {  # side config round
  local side="$1" config="$2" r="$3" d="$work/$1-$2-$3" pid u prefix
  prefix="side=$side config=$config round=$r"
  echo "### $prefix $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  pid=$(start "$side" "$config" "$r") || { echo "FAILED to start $prefix" >&2; return 0; }
  pids+=("$pid")
  u=$(url "$side" "$config")
  case "$config" in
    check)
      local sc=push_small,push_large,push_post_same_group
      [ "$side" = pushbridge ] && sc="scrape_1m,$sc"
      # shellcheck disable=SC2086
      "$here/run.sh" ${RUN_ARGS:-} $push_args --url "$u" --pid "$pid" --scenario "$sc" 2>>"$err" \
        | tag "$prefix" || echo "FAILED $prefix" >&2 ;;
    nocheck)
      # shellcheck disable=SC2086
      "$here/run.sh" ${RUN_ARGS:-} $push_args --url "$u" --pid "$pid" --scenario all 2>>"$err" \
        | tag "$prefix" || echo "FAILED $prefix" >&2 ;;
    persist)
      local file="$d/pgw.data"; [ "$side" = pushbridge ] && file="$d/db"
      # shellcheck disable=SC2086
      "$here/run.sh" ${RUN_ARGS:-} --url "$u" --pid "$pid" --scenario restart --persist-wait 5 \
          --persistence-file "$file" --restart-cmd "$(cat "$d/cmd")" --restart-log "$d/log" 2>>"$err" \
        | tee "$d/restart.out" | grep '^scenario=' | tag "$prefix" || echo "FAILED $prefix" >&2
      local newpid; newpid=$(sed -n 's/^new_pid=//p' "$d/restart.out")
      if [ -n "$newpid" ]; then pids+=("$newpid"); stop "$newpid"; fi ;;
  esac
  stop "$pid"
  rm -rf "$d"
}

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="upstream pushbridge"; else order="pushbridge upstream"; fi
  for config in $configs; do
    for side in $order; do run_one "$side" "$config" "$r"; done
  done
done
echo "uptime at end: $(uptime)" >> "$out/machine.txt"
echo "fsync at end: $(python3 "$here/lib/fsync_probe.py" "$work")" >> "$out/machine.txt"
python3 "$here/lib/table.py" "$raw" > "$out/table.md"
cat "$out/table.md"
