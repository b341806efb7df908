#!/usr/bin/env bash
# Start Pushbridge for benchmarking, pinned to CPU ${SERVER_CPUS:-0}, durable store in DATADIR.
#   bench/pushbridge-start.sh PORT DATADIR [extra Pushbridge flags, e.g. --push.disable-consistency-check]
# Env: JAR (default gateway/target/pushbridge.jar; built with ./mvnw when missing or BUILD=1),
#      JVM_OPTS (default: @scripts/jvm-options, the launcher's flags, as scripts/run.sh and the image use),
#      STORE_SYNC (default always), SERVER_CPUS (default 0), JAVA (default java), CDS (default 1: use
#      a class data archive of the jar, made on first use; 0: none), PROFILE (default 0; 1: debug
#      information at every instruction of compiled code, for a profiler attached later, see
#      bench/README.md "Profiling Pushbridge under this load").
# Prints the PID on stdout (also DATADIR/pid); the exact command is in DATADIR/cmd (reusable as
# run.sh --restart-cmd), the log in DATADIR/log. Stop it with: kill "$(cat DATADIR/pid)"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
port="$1"; dir="$2"; shift 2
jar="${JAR:-$repo/gateway/target/pushbridge.jar}"
if [ "${BUILD:-0}" = 1 ] || [ ! -s "$jar" ]; then
  (cd "$repo" && ./mvnw -B -q -DskipTests package -pl gateway -am) >&2
fi
if [ -n "${JVM_OPTS:-}" ]; then read -r -a jvm <<< "$JVM_OPTS"; else jvm=("@$repo/scripts/jvm-options"); fi
# A profiler attached to a warm JVM places the samples of code compiled before it came at the nearest
# call or safepoint: inlined work shows under a neighbouring frame (bench/README.md).
if [ "${PROFILE:-0}" = 1 ]; then jvm+=(-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints); fi
# As scripts/run.sh: RocksDB's native library extracted once per jar, not on every start (a
# directory per jar name, so that two jars compared side by side never share one).
lib="$("$repo/scripts/rocksdb-native.sh" "$jar" "$(dirname "$jar")/native-$(basename "$jar" .jar)" || true)"
if [ -n "$lib" ]; then jvm+=("-Djava.library.path=$lib"); fi
# And its class data archive (scripts/cds-archive.sh), made once per jar by a training run; CDS=0
# starts without it.
if [ "${CDS:-1}" = 1 ]; then
  cds="$("$repo/scripts/cds-archive.sh" "$jar" "$(dirname "$jar")/$(basename "$jar" .jar).jsa" "${jvm[@]}" || true)"
  if [ -n "$cds" ]; then jvm+=("-XX:SharedArchiveFile=$cds"); fi
fi
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
cmd=(taskset -c "${SERVER_CPUS:-0}" "${JAVA:-java}" "${jvm[@]}" -jar "$jar"
     --web.listen-address="127.0.0.1:$port" --persistence.file="$dir/db"
     --store.sync="${STORE_SYNC:-always}" "$@")
printf '%q ' "${cmd[@]}" > "$dir/cmd"; echo >> "$dir/cmd"
nohup "${cmd[@]}" >>"$dir/log" 2>&1 &
pid=$!
echo "$pid" > "$dir/pid"
for _ in $(seq 1 300); do   # bounded: 30 s
  if curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready"; then echo "$pid"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || { echo "pushbridge exited, see $dir/log" >&2; exit 1; }
  sleep 0.1
done
echo "pushbridge not ready after 30 s, see $dir/log" >&2; exit 1
