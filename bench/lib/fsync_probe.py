#!/usr/bin/env python3
"""Latency of fdatasync after a small append, as a write-ahead log sees it.

    python3 bench/lib/fsync_probe.py DIR [COUNT=300]

A durable server that syncs before it answers cannot acknowledge more than
(requests in flight) / (sync latency) pushes per second, however fast it is
otherwise: with 64 connections and 1 ms per sync that is 64,000 pushes/s.
Prints one line `scenario=fsync ...` like run.sh.
"""
import os
import sys
import tempfile
import time


def main():
    d = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    fd, path = tempfile.mkstemp(prefix="fsync-probe.", dir=d)
    lat = []
    try:
        for _ in range(n):
            os.write(fd, b"x" * 200)
            t = time.perf_counter()
            os.fdatasync(fd)
            lat.append(time.perf_counter() - t)
    finally:
        os.close(fd)
        os.unlink(path)
    lat.sort()

    def p(q):
        return lat[min(len(lat) - 1, int(q * len(lat)))] * 1e3

    print(f"scenario=fsync dir={d} syncs={n} p50_ms={p(0.5):.3f} p90_ms={p(0.9):.3f} "
          f"p99_ms={p(0.99):.3f} max_ms={lat[-1] * 1e3:.3f} "
          f"acks_per_s_at_64_in_flight={64 / (p(0.5) / 1e3):.0f}")


if __name__ == "__main__":
    main()
