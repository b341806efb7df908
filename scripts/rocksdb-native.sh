#!/usr/bin/env bash
# Extracts RocksDB's JNI library for this machine from the runnable jar into DIR, once per jar
# build, and prints DIR (for -Djava.library.path); prints nothing where it cannot (then RocksDB
# extracts the library itself, as before).
#   scripts/rocksdb-native.sh JAR DIR
# Why: without it every start inflates the 15 MB library from the jar into a new temporary file,
# ~0.2-0.3 s of CPU of a start (measured with async-profiler at 1.2M stored series, one core).
# RocksDB's loader tries System.loadLibrary("rocksdbjni-<platform>") before its own extraction, so
# the library in DIR is used when the JVM gets -Djava.library.path=DIR.
set -euo pipefail
jar="$1"; dir="$2"
[ "$(uname -s)" = Linux ] || exit 0
case "$(uname -m)" in
  x86_64) platform=linux64 ;;
  aarch64) platform=linux-aarch64 ;;
  ppc64le) platform=linux-ppc64le ;;
  s390x) platform=linux-s390x ;;
  riscv64) platform=linux-riscv64 ;;
  *) exit 0 ;;
esac
# glibc and musl builds: RocksDB picks the one for the C library it runs on.
names=("librocksdbjni-$platform.so" "librocksdbjni-$platform-musl.so")
mkdir -p "$dir"
if [ ! -s "$dir/${names[0]}" ] || [ "$jar" -nt "$dir/${names[0]}" ]; then
  tmp="$(mktemp -d "$dir/.extract.XXXXXX")"
  if command -v unzip >/dev/null; then
    unzip -q -o "$jar" "${names[@]}" -d "$tmp" 2>/dev/null || true
  elif command -v jar >/dev/null; then
    jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
    (cd "$tmp" && jar xf "$jar" "${names[@]}") || true
  fi
  if [ ! -s "$tmp/${names[0]}" ]; then
    rm -rf "$tmp"
    exit 0
  fi
  # Renamed into place: a start running at the same time never loads a half-written library.
  for n in "${names[@]}"; do
    # touch: unzip keeps the entry's date, older than the jar, which would extract again next time.
    if [ -s "$tmp/$n" ]; then touch "$tmp/$n" && mv -f "$tmp/$n" "$dir/$n"; fi
  done
  rm -rf "$tmp"
fi
(cd "$dir" && pwd)
