#!/usr/bin/env python3
"""Markdown tables from side-by-side.sh's raw lines: the budget figures, then every figure.

    python3 bench/lib/table.py RAW.txt

RAW lines look like `side=upstream|pushbridge config=C round=N scenario=S key=value ...`.
Each cell is the median over rounds (min-max after it when there is more than one round);
`gain` is how many times better Pushbridge is (its value over upstream's for throughputs,
upstream's over its for times and memory).
"""
import statistics
import sys

from compare import HIGHER, NEUTRAL

# (row, scenario, figure, Pushbridge config, upstream config, budget, higher is better)
BUDGETS = [
    ("push 10 series, check on (req/s)", "push_small", "rps", "check", "check", 20000, True),
    ("push 10 series, check off (req/s)", "push_small", "rps", "nocheck", "nocheck", 40000, True),
    ("push 1,000 series, check off (series/s)", "push_large", "series_per_s", "nocheck", "nocheck", 3e6, True),
    ("push 1,000 series, check on (series/s)", "push_large", "series_per_s", "check", "check", None, True),
    ("POST into one hot group, check on (req/s)", "push_post_same_group", "rps", "check", "check", None, True),
    ("POST into one hot group, check off (req/s)", "push_post_same_group", "rps", "nocheck", "nocheck", None, True),
    ("scrape 100k series (ms)", "scrape_small", "p50_ms", "nocheck", "nocheck", None, False),
    ("scrape 100k series, first byte (ms)", "scrape_small", "ttfb_p50_ms", "nocheck", "nocheck", None, False),
    ("scrape 100k series gzip (ms)", "scrape_small_gzip", "p50_ms", "nocheck", "nocheck", None, False),
    ("scrape 1M series (ms)", "scrape_1m", "p50_ms", "nocheck", "nocheck", 400, False),
    ("scrape 1M series, first byte (ms)", "scrape_1m", "ttfb_p50_ms", "nocheck", "nocheck", None, False),
    ("scrape 1M series gzip (ms)", "scrape_1m_gzip", "p50_ms", "nocheck", "nocheck", 800, False),
    ("scrape 1M series gzip, first byte (ms)", "scrape_1m_gzip", "ttfb_p50_ms", "nocheck", "nocheck", None, False),
    ("RSS per stored series at 1M, check off (B)", "memory_1m", "bytes_per_series", "nocheck", "nocheck", 250, False),
    ("RSS per stored series at 1M, check on (B)", "memory_1m", "bytes_per_series", "check", "nocheck", 250, False),
    ("delete 10,000 groups, until /metrics shows none (s)", "delete", "visible_s", "nocheck", "nocheck", None, False),
    ("restart with 1M series to first full scrape (s)", "restart", "restart_s", "persist", "persist", 1.5, False),
]


def g(v):
    if v != v or abs(v) == float("inf"):
        return str(v)
    if abs(v) >= 1e6:
        return f"{v / 1e6:.2f}M"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:,.0f}" if v == int(v) else f"{v:.1f}"
    return f"{v:.3g}"


def cell(vals):
    if not vals:
        return "—"
    med = statistics.median(vals)
    return g(med) if len(vals) == 1 else f"{g(med)} ({g(min(vals))}–{g(max(vals))})"


def load(path):
    data = {}   # (side, config, scenario) -> figure -> [values]
    for line in open(path):
        toks = dict(t.split("=", 1) for t in line.split() if "=" in t)
        if "scenario" not in toks or "side" not in toks:
            continue
        d = data.setdefault((toks["side"], toks.get("config", "-"), toks["scenario"]), {})
        for k, v in toks.items():
            try:
                x = float(v)
            except ValueError:
                continue
            d.setdefault(k, []).append(x)
    return data


def gain(up, pb, higher):
    if not up or not pb:
        return float("nan")
    mu, mp = statistics.median(up), statistics.median(pb)
    if higher:
        return mp / mu if mu else float("inf")
    return mu / mp if mp else float("inf")


def main():
    data = load(sys.argv[1])
    print("| figure | upstream 1.5.1 | Pushbridge | gain | budget | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row, sc, fig, pcfg, ucfg, budget, higher in BUDGETS:
        pb = data.get(("pushbridge", pcfg, sc), {}).get(fig, [])
        up = data.get(("upstream", ucfg, sc), {}).get(fig, [])
        if not pb and not up:
            continue
        met = "—"
        if budget is not None and pb:
            m = statistics.median(pb)
            met = "met" if (m >= budget if higher else m <= budget) else "**missed**"
        b = "—" if budget is None else (("≥ " if higher else "≤ ") + g(budget))
        print(f"| {row} | {cell(up)} | {cell(pb)} | {g(gain(up, pb, higher))}× | {b} | {met} |")
    print()
    print("| config | scenario | figure | upstream | Pushbridge | gain |")
    print("| --- | --- | --- | --- | --- | --- |")
    keys = sorted({(c, s) for (_, c, s) in data})
    for config, sc in keys:
        up = data.get(("upstream", config, sc), {})
        pb = data.get(("pushbridge", config, sc), {})
        for fig in (pb or up):
            if fig == "round" or fig in NEUTRAL - {"loader_cpu_s", "srv_cpu_s", "duration_s"}:
                continue
            higher = fig in HIGHER
            r = gain(up.get(fig), pb.get(fig), higher)
            if fig in ("loader_cpu_s", "srv_cpu_s", "duration_s", "errors") or r != r:
                ratio = "—"
            else:
                ratio = g(r) + "×"
            print(f"| {config} | {sc} | {fig} | {cell(up.get(fig, []))} | {cell(pb.get(fig, []))} | {ratio} |")


if __name__ == "__main__":
    main()
