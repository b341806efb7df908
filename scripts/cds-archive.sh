#!/usr/bin/env bash
# Creates an AppCDS archive (JDK 17 dynamic archive) of the classes Pushbridge loads, by a short
# training run of JAR, once per jar build; prints the archive's path, or nothing where it could
# not make one (the JVM then starts without it, as before).
#   scripts/cds-archive.sh JAR ARCHIVE [the JVM flags the server will run with...]   (env JAVA: the java to use)
# Use the archive with -XX:SharedArchiveFile=ARCHIVE and the same JAR path (the JVM checks both;
# on a mismatch it warns and starts without the archive).
# Why: loading and verifying ~4,000 classes from the jar is most of the JVM's ~1.5 s of CPU from
# start to listening on one core; from the archive it is ~0.5 s less (measured with
# bench/pushbridge-start.sh's flags, 1.2M stored series, three runs each).
# The training run: an empty store in a temporary directory, a loopback port the system picks,
# a push, text and gzip scrapes, the JSON API, a delete, then SIGTERM, at which the JVM writes the
# archive. Bounded: 60 s.
set -euo pipefail
jar="$1"; archive="$2"; shift 2
# An archive only fits the jar and the JVM that made it: a newer jar or a JDK installed since (the
# inode change time of libjvm.so: package managers keep file dates, not that one) makes a new one.
fresh=0
if [ -s "$archive" ] && [ "$archive" -nt "$jar" ]; then
  fresh=1
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")" || true)")")"
  libjvm="$java_home/lib/server/libjvm.so"
  changed="$(stat -c %Z "$libjvm" 2>/dev/null || echo 0)"
  if [ "$changed" -ge "$(stat -c %Y "$archive" 2>/dev/null || echo 0)" ]; then fresh=0; fi
fi
if [ "$fresh" = 1 ]; then echo "$archive"; exit 0; fi
command -v curl >/dev/null || exit 0
tmp="$(mktemp -d)"
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
# The log exists before the JVM starts: otherwise the first read below can come first and fail,
# which (set -e, pipefail) ends the script without an archive.
: >"$tmp/log"
"${JAVA:-java}" "$@" -XX:ArchiveClassesAtExit="$tmp/app.jsa" -jar "$jar" --web.listen-address=127.0.0.1:0 \
  --persistence.file="$tmp/db" >"$tmp/log" 2>&1 &
pid=$!
url=
for _ in $(seq 1 600); do
  port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$tmp/log" | head -1)"
  if [ -n "$port" ] && curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready"; then
    url="http://127.0.0.1:$port"; break
  fi
  kill -0 "$pid" 2>/dev/null || exit 0
  sleep 0.1
done
[ -n "$url" ] || exit 0
printf '# TYPE m counter\nm{a="1"} 1\n# TYPE s summary\ns_sum 1\ns_count 2\n' |
  curl -sf -o /dev/null --data-binary @- "$url/metrics/job/training/instance/a" || true
printf 'g 1\n' | curl -sf -o /dev/null -X PUT --data-binary @- "$url/metrics/job/training/instance/b" || true
curl -sf -o /dev/null "$url/metrics" || true
curl -sf -o /dev/null -H 'Accept-Encoding: gzip' "$url/metrics" || true
curl -sf -o /dev/null "$url/api/v1/metrics" || true
curl -sf -o /dev/null "$url/api/v1/status" || true
curl -sf -o /dev/null -X DELETE "$url/metrics/job/training/instance/b" || true
kill -TERM "$pid"
for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then exit 0; fi
pid=
if [ -s "$tmp/app.jsa" ]; then
  mkdir -p "$(dirname "$archive")"
  mv -f "$tmp/app.jsa" "$archive"
  echo "$archive"
fi
