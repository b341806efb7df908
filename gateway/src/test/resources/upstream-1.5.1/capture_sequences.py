#!/usr/bin/python3
"""Captures upstream Pushgateway 1.5.1's answers to multi-step request sequences into sequences.jsonl.

Run from this directory (needs the Debian package prometheus-pushgateway):
    ./capture_sequences.py /usr/bin/prometheus-pushgateway 29540 [out-file]
The first argument may also be Pushbridge's jar (run with java -jar) to compare by hand:
    ./capture_sequences.py ../../../../target/pushbridge.jar 29541 /tmp/ours.jsonl
Every sequence starts from an empty gateway (admin wipe). After each step it records the status,
the response body and the scrape's lines of the pushed families (the gateway's own go_*, process_*,
pushgateway_* families dropped, non-zero push_time_seconds/push_failure_time_seconds values written
<time>); after the last step the /api/v1/metrics data, normalised (see normalise_api). Upstream picks
some answers from Go maps (consistency error texts, the HELP of a family pushed with different help
to several groups): a sequence whose two runs differ, or that meets a consistency error, is run
RERUNS more times and every distinct answer is kept. The gateway's SequenceFixturesTest replays the file against Pushbridge.
"""
import datetime, http.client, json, random, re, subprocess, sys, time

FLAG_SETS = {
    "default": ["--web.enable-admin-api"],
    "unchecked": ["--web.enable-admin-api", "--push.disable-consistency-check"],
}
OWN = ("go_", "process_", "pushgateway_", "capture_barrier")
# Families of the gateway's own registry, as found on the empty gateway (Pushbridge's jvm_* and others).
own_families = set()
TIMES = ("push_time_seconds", "push_failure_time_seconds")
BARRIER_JOB = "capture_barrier"
# A family pushed with different HELP to several groups shows the HELP of the group Go's map
# iteration meets first, per scrape; for a few groups one order comes about 1 time in 8.
HELP_SCRAPES = 64
RERUNS = 10
CONSISTENCY = "pushed metrics are invalid or inconsistent with existing metrics: "

A, AI, AE, AX, B = "job/a", "job/a/instance/i", "job/a/instance/", "job/a/x/1", "job/b"
# {job="e", l="va\"l\ue<newline>"} and {job="c"} (a job pair in the path always loses).
ESC, JOBPAIR = "job/e/l@base64/dmEibFx1ZQo", "job/c/job/d"

SUMMARY = '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 3\n'
HISTOGRAM = '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'


def step(method, group, body=None):
    return {"method": method, "path": "/metrics/" + group, "body": body}


def put(group, body):
    return step("PUT", group, body)


def post(group, body):
    return step("POST", group, body)


def delete(group):
    return step("DELETE", group)


# (name, flag set, steps): the behaviours named in the task, one sequence each.
NAMED = [
    ("put-then-post-overlapping", "default",
     [put(A, "m1 1\nm2 2\n"), post(A, "m2 3\nm3 4\n")]),
    ("put-then-post-disjoint", "default",
     [put(A, "m1 1\n"), post(A, "m2 2\n")]),
    ("post-replaces-one-family-of-several", "default",
     [put(A, 'm1{x="1"} 1\nm1{x="2"} 2\nm2 3\nm3 4\n'), post(A, 'm1{x="3"} 5\n')]),
    ("put-replaces-whole-group", "default",
     [put(A, "m1 1\nm2 2\n"), put(A, "m3 3\n")]),
    ("put-empty-body-over-existing-group", "default",
     [put(A, "m1 1\nm2 2\n"), put(A, "")]),
    ("post-empty-body-over-existing-group", "default",
     [put(A, "m1 1\n"), post(A, "")]),
    ("put-help-only-body-over-existing-group", "default",
     [put(A, "m1 1\n"), put(A, "# HELP m1 gone\n# TYPE m1 gauge\n")]),
    ("delete-then-push", "default",
     [put(A, "m 1\n"), delete(A), put(A, "n 2\n")]),
    ("delete-then-post", "default",
     [put(A, "m 1\nn 1\n"), delete(A), post(A, "n 2\n")]),
    ("delete-only-exact-group", "default",
     [put(A, "m 1\n"), put(AI, "n 1\n"), delete(A)]),
    ("type-conflict-across-groups", "default",
     [put(A, "# TYPE m counter\nm 1\n"), put(B, "# TYPE m gauge\nm 2\n")]),
    ("type-conflict-keeps-existing-group", "default",
     [put(A, "# TYPE m counter\nm 1\n"), put(B, "n 1\n"), put(B, "# TYPE m gauge\nm 2\n")]),
    ("type-conflict-untyped-vs-counter", "default",
     [put(A, "# TYPE m counter\nm 1\n"), put(B, "m 2\n")]),
    ("type-conflict-untyped-vs-explicit-untyped", "default",
     [put(A, "# TYPE m untyped\nm 1\n"), put(B, "m 2\n")]),
    ("type-change-within-group-by-put", "default",
     [put(A, "# TYPE m counter\nm 1\n"), put(A, "# TYPE m gauge\nm 2\n")]),
    ("type-change-within-group-by-post", "default",
     [put(A, "# TYPE m counter\nm 1\n"), post(A, "# TYPE m gauge\nm 2\n")]),
    ("type-change-blocked-by-other-group", "default",
     [put(A, "# TYPE m counter\nm 1\n"), put(B, "# TYPE m counter\nm 1\n"), put(A, "# TYPE m gauge\nm 2\n")]),
    ("duplicate-series-instance-label-vs-instance-group", "default",
     [put(A, 'm{instance="i"} 1\n'), put(AI, "m 2\n")]),
    ("duplicate-series-empty-instance-group", "default",
     [put(A, "m 1\n"), put(AE, "m 2\n")]),
    ("duplicate-series-job-pair-in-path", "default",
     [put("job/c", "m 1\n"), put(JOBPAIR, "m 2\n")]),
    ("duplicate-series-reported-after-delete", "default",
     [put(A, 'm{instance="i"} 1\n'), delete(A), put(AI, "m 2\n")]),
    ("summary-count-collision-across-groups", "default",
     [put(A, SUMMARY), put(B, "s_count 1\n")]),
    ("summary-count-collision-reverse-order", "default",
     [put(B, "s_count 1\n"), put(A, SUMMARY)]),
    ("summary-sum-collision-across-groups", "default",
     [put(A, SUMMARY), put(B, "s_sum 1\n")]),
    ("histogram-bucket-collision-across-groups", "default",
     [put(A, HISTOGRAM), put(B, 'h_bucket{le="1"} 1\n')]),
    ("histogram-count-collision-reverse-order", "default",
     [put(B, "h_count 1\n"), put(A, HISTOGRAM)]),
    ("summary-collision-within-one-group-post", "default",
     [put(A, SUMMARY), post(A, "s_count 1\n")]),
    ("different-help-across-groups", "default",
     [put(A, "# HELP m help a\n# TYPE m gauge\nm 1\n"), put(B, "# HELP m help b\n# TYPE m gauge\nm 2\n")]),
    ("help-and-no-help-across-groups", "default",
     [put(A, "# HELP m help a\nm 1\n"), put(B, "m 2\n")]),
    ("help-escaping", "default",
     [put(A, "# HELP m back\\\\slash new\\nline\nm 1\n")]),
    ("grouping-label-overrides-body-label", "default",
     [put(AX, 'm{x="2",y="3"} 1\n'), put(A, 'm{job="other"} 1\n')]),
    ("body-exported-labels-kept", "default",
     [put(AX, 'm{exported_x="2",exported_job="j"} 1\n')]),
    ("body-instance-kept-without-instance-in-key", "default",
     [put(A, 'm{instance="body"} 1\n'), put(AI, 'm{instance="body"} 2\n')]),
    ("job-group-and-job-instance-group", "default",
     [put(A, "m 1\nn 1\n"), put(AI, "m 2\n"), post(A, "n 3\n")]),
    ("job-only-and-job-label-groups-series-order", "default",
     [put(AX, "m 1\n"), put(AI, "m 2\n"), put(A, 'm{z="1"} 3\n'), put(B, "m 4\n")]),
    ("series-order-across-groups", "default",
     [put(B, 'x{a="1"} 1\nx 2\n'), put(A, 'x{b="2"} 3\nx{a="0"} 4\n'), put(AI, "x 5\n")]),
    ("label-values-needing-escaping", "default",
     [put(A, 'm{l="a\\\\b\\"c\\nd"} 1\n'), put(ESC, 'm{k="\\\\"} 2\n')]),
    ("grouping-label-value-needing-escaping", "default",
     [put(ESC, "m 1\n"), post(ESC, "n 2\n")]),
    ("untyped-vs-typed-same-name-in-post", "default",
     [put(A, "m 1\n"), post(A, "# TYPE m gauge\nm 2\n"), put(B, "m 3\n")]),
    ("failed-push-then-good-push", "default",
     [put(A, "m 1\n"), put(A, "m 1 1000\n"), put(A, "m 2\n")]),
    ("failed-push-then-good-post", "default",
     [put(A, "m 1\n"), put(A, "dup 1\ndup 2\n"), post(A, "n 2\n")]),
    ("first-push-failure-creates-group", "default",
     [put(A, "m 1 1000\n")]),
    ("first-push-consistency-failure-creates-group", "default",
     [put(A, "# TYPE m counter\nm 1\n"), put(B, "# TYPE m gauge\nm 2\n"), post(B, "n 1\n")]),
    ("parse-error-does-not-create-group", "default",
     [put(A, "m{ 1\n"), put(B, "n 1\n")]),
    ("parse-error-keeps-group-unchanged", "default",
     [put(A, "m 1\n"), put(A, "m{ 1\n")]),
    ("pushed-push-time-discarded", "default",
     [put(A, "push_time_seconds 5\nm 1\n"), post(A, "push_time_seconds 6\n")]),
    ("pushed-push-failure-time-on-new-group", "default",
     [put(A, "push_failure_time_seconds 7\nm 1\n")]),
    ("pushed-push-failure-time-on-existing-group", "default",
     [put(A, "m 1\n"), post(A, "push_failure_time_seconds 7\n"), put(A, "push_failure_time_seconds 8\nm 2\n")]),
    ("failure-then-delete-then-push", "default",
     [put(A, "m 1 1000\n"), delete(A), put(A, "m 1\n")]),
    ("same-series-other-metric-name", "default",
     [put(A, "m 1\n"), put(B, "n 1\n"), post(B, "m 2\n")]),
    ("three-groups-same-family", "default",
     [put(A, "# HELP m h\n# TYPE m gauge\nm 1\n"), put(B, "# HELP m h\n# TYPE m gauge\nm 2\n"),
      put(AI, "# HELP m h\n# TYPE m gauge\nm 3\n"), delete(B)]),
    ("summary-and-histogram-across-groups", "default",
     [put(A, SUMMARY), put(B, SUMMARY), put(AI, HISTOGRAM), put(AX, HISTOGRAM)]),
    ("histogram-without-inf-bucket", "default",
     [put(A, '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="2"} 2\nh_sum 3\nh_count 4\n'),
      put(B, '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n')]),
    ("unchecked-type-conflict", "unchecked",
     [put(A, "# TYPE m counter\nm 1\n"), put(B, "# TYPE m gauge\nm 2\n"), delete(B)]),
    ("unchecked-duplicate-series", "unchecked",
     [put(A, 'm{instance="i"} 1\n'), put(AI, "m 2\n"), delete(A)]),
    ("unchecked-duplicate-within-push", "unchecked",
     [put(A, "dup 1\ndup 2\n"), put(A, "dup 3\n")]),
    ("unchecked-summary-collision", "unchecked",
     [put(A, SUMMARY), put(B, "s_count 1\n"), delete(A)]),
    ("unchecked-timestamp-failure", "unchecked",
     [put(A, "m 1\n"), put(A, "m 1 1000\n"), post(A, "n 1\n")]),
    ("unchecked-first-push-timestamp-failure", "unchecked",
     [put(A, "m 1 1000\n")]),
    ("unchecked-different-help", "unchecked",
     [put(A, "# HELP m help a\nm 1\n"), put(B, "# HELP m help b\nm 2\n")]),
    ("unchecked-reserved-label", "unchecked",
     [put(A, 'm{__x="1"} 1\n'), put(B, "n 1\n")]),
    ("unchecked-put-post-delete", "unchecked",
     [put(A, "m1 1\nm2 2\n"), post(A, "m2 3\nm3 4\n"), put(A, ""), delete(A), post(A, "m 1\n")]),
]

# Random sequences: grouping keys and families chosen so that names, series and types collide often.
GROUPS = [A, AI, AE, AX, B, ESC]
# AE beside A leaves upstream's store inconsistent for good (every later push and scrape fails), so
# it is rare: the rest of such a sequence cannot be compared.
GROUP_WEIGHTS = [30, 25, 3, 15, 20, 7]
SERIES_LABELS = ['', 'instance="i"', 'x="1"', 'job="z"', 'instance="",x="2"', 'l="q\\"\\\\"', 'x="1",y="2"']
NAMES = ["m", "n", "s", "h", "s_count", "h_bucket", "h_sum"]
HELPS = [None, None, "help one", "help two"]


def labels(base, extra):
    parts = [p for p in (base, extra) if p]
    return "{" + ",".join(parts) + "}" if parts else ""


def family(rnd, name):
    help_text = rnd.choice(HELPS)
    kinds = ["untyped", "untyped!", "counter", "gauge"]
    if name == "s":
        kinds += ["summary"] * 4
    if name == "h":
        kinds += ["histogram"] * 4
    kind = rnd.choice(kinds)
    lines = []
    if help_text:
        lines.append("# HELP %s %s" % (name, help_text))
    if kind != "untyped":
        lines.append("# TYPE %s %s" % (name, kind.rstrip("!")))
    for base in rnd.sample(SERIES_LABELS, rnd.choice([1, 1, 2])):
        v = rnd.randint(0, 9)
        if kind == "summary":
            lines += ['s%s %d' % (labels(base, 'quantile="0.5"'), v), "s_sum%s %d" % (labels(base, ""), v),
                      "s_count%s %d" % (labels(base, ""), v + 1)]
        elif kind == "histogram":
            lines += ['h_bucket%s %d' % (labels(base, 'le="1"'), v), "h_sum%s %d" % (labels(base, ""), v),
                      "h_count%s %d" % (labels(base, ""), v + 1)]
        else:
            lines.append("%s%s %d" % (name, labels(base, ""), v))
    return "\n".join(lines) + "\n"


def random_body(rnd):
    r = rnd.random()
    if r < 0.06:
        return ""
    if r < 0.09:
        return "m 1 1000\n"
    names = rnd.sample(NAMES, rnd.choice([1, 1, 2, 3]))
    return "".join(family(rnd, n) for n in names)


def random_sequences(seed, count, flags):
    rnd = random.Random(seed)
    result = []
    for i in range(count):
        steps = []
        for _ in range(rnd.randint(2, 5)):
            group = rnd.choices(GROUPS, GROUP_WEIGHTS)[0]
            method = rnd.choices(["PUT", "POST", "DELETE"], [45, 40, 15])[0]
            steps.append(step(method, group, None if method == "DELETE" else random_body(rnd)))
        result.append(("random-%s-%03d" % (flags, i), flags, steps))
    return result


SEQUENCES = NAMED + random_sequences(1551, 300, "default") + random_sequences(1552, 60, "unchecked")


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request(method, path, body=None if body is None else body.encode("utf-8"))
    r = conn.getresponse()
    answer = (r.status, r.read().decode("utf-8", "replace"))
    conn.close()
    return answer


def api_data(port):
    status, body = request(port, "GET", "/api/v1/metrics")
    if status != 200:
        raise SystemExit("/api/v1/metrics answered %d: %s" % (status, body))
    return json.loads(body)["data"]


def wipe(port):
    request(port, "PUT", "/api/v1/admin/wipe", "")
    for _ in range(400):
        if api_data(port) == []:
            return
        time.sleep(0.02)
    raise SystemExit("wipe did not finish")


def barrier(port, n, checked):
    """Returns once every change queued before it is applied: upstream's write queue is FIFO. A
    checked push is answered once applied (its answer does not matter: a store left inconsistent
    refuses every checked push); an unchecked one is applied later, and always (no timestamps)."""
    request(port, "POST", "/metrics/job/" + BARRIER_JOB, "capture_barrier_n %d\n" % n)
    if checked:
        return
    for _ in range(400):
        for g in api_data(port):
            if g["labels"].get("job") == BARRIER_JOB and \
                    g["capture_barrier_n"]["metrics"][0]["value"] == str(n):
                return
        time.sleep(0.02)
    raise SystemExit("barrier %d not applied" % n)


def pushed_lines(scrape, own=frozenset()):
    lines, fam = [], None
    for line in scrape.split("\n"):
        if not line:
            continue
        m = re.match(r"# (HELP|TYPE) (\S+)", line)
        if m:
            fam = m.group(2)
        if fam is None or fam.startswith(OWN) or fam in own or 'job="%s"' % BARRIER_JOB in line:
            continue
        if fam in TIMES and not line.startswith("#"):
            sample, value = line.rsplit(" ", 1)
            if float(value) != 0:
                line = sample + " <time>"
        lines.append(line)
    return lines


def normalise_text(text):
    """Push times inside error messages (rendered protobuf gauges) written <time>."""
    return re.sub(r"\b1\.\d+e\+09\b", "<time>", text)


def scrape(port):
    status, body = request(port, "GET", "/metrics")
    if status == 200:
        return {"status": 200, "lines": pushed_lines(body, own_families)}
    return {"status": status, "body": normalise_text(body)}


def help_differs(port):
    """Whether some family has different HELP (or none) in different groups."""
    helps = {}
    for g in api_data(port):
        if g["labels"].get("job") != BARRIER_JOB:
            for name, f in g.items():
                if isinstance(f, dict) and "metrics" in f:
                    helps.setdefault(name, set()).add(f.get("help"))
    return any(len(h) > 1 for h in helps.values())


def scrapes(port):
    return [scrape(port) for _ in range(HELP_SCRAPES if help_differs(port) else 1)]


def parse_time(text):
    """RFC 3339 with up to 9 fractional digits, as nanoseconds since the epoch."""
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text)
    base = datetime.datetime.fromisoformat(m.group(1) + ("+00:00" if m.group(3) == "Z" else m.group(3)))
    return int(base.timestamp()) * 10**9 + int((m.group(2) or "").ljust(9, "0"))


def normalise_api(data):
    """Groups sorted by their labels, the barrier group dropped, family time stamps replaced by their
    rank among the sequence's distinct time stamps (<t1> oldest), non-zero push times by <time>."""
    groups = [g for g in data if g["labels"].get("job") != BARRIER_JOB]
    stamps = sorted({parse_time(f["time_stamp"]) for g in groups for f in g.values() if isinstance(f, dict) and "time_stamp" in f})
    rank = {t: "<t%d>" % (i + 1) for i, t in enumerate(stamps)}
    for g in groups:
        for name, f in g.items():
            if isinstance(f, dict) and "time_stamp" in f:
                f["time_stamp"] = rank[parse_time(f["time_stamp"])]
                if name in TIMES:
                    for m in f["metrics"]:
                        if m.get("value") != "0":
                            m["value"] = "<time>"
    return sorted(groups, key=lambda g: json.dumps(g["labels"], sort_keys=True))


def run(port, steps, counter, checked):
    wipe(port)
    answers = []
    for s in steps:
        status, body = request(port, s["method"], s["path"], s["body"])
        if status == 202:
            counter[0] += 1
            barrier(port, counter[0], checked)
        answers.append((status, normalise_text(body), scrapes(port)))
    return answers, normalise_api(api_data(port))


def canonical(v):
    return json.dumps(v, sort_keys=True)


def capture(port, steps, counter, checked):
    runs = [run(port, steps, counter, checked) for _ in range(2)]
    consistency = any(a[0] == 400 and a[1].startswith(CONSISTENCY) and "timestamps" not in a[1] for a in runs[0][0])
    if consistency or canonical(runs[0]) != canonical(runs[1]):
        runs += [run(port, steps, counter, checked) for _ in range(RERUNS)]
    recorded = []
    for i, s in enumerate(steps):
        statuses = {r[0][i][0] for r in runs}
        if len(statuses) != 1:
            raise SystemExit("status varies for %s: %s" % (s, statuses))
        scrapes = {canonical(sc): sc for r in runs for sc in r[0][i][2]}
        recorded.append(dict(s, status=statuses.pop(), bodies=sorted({r[0][i][1] for r in runs}),
                             scrapes=[scrapes[k] for k in sorted(scrapes)]))
    apis = {canonical(r[1]): r[1] for r in runs}
    return recorded, [apis[k] for k in sorted(apis)]


def main():
    binary, port = sys.argv[1], int(sys.argv[2])
    out_file = sys.argv[3] if len(sys.argv) > 3 else "sequences.jsonl"
    command = ["java", "-jar", binary] if binary.endswith(".jar") else [binary]
    counter = [0]
    with open(out_file, "w") as out:
        for flags, flag_args in FLAG_SETS.items():
            p = subprocess.Popen(command + ["--web.listen-address=127.0.0.1:%d" % port, "--persistence.file="]
                                 + flag_args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                for _ in range(300):
                    try:
                        if request(port, "GET", "/-/ready")[0] == 200:
                            break
                    except OSError:
                        pass
                    time.sleep(0.1)
                wipe(port)
                own_families.clear()
                own_families.update(re.findall(r"^# TYPE (\S+)", request(port, "GET", "/metrics")[1], re.M))
                for name, seq_flags, steps in SEQUENCES:
                    if seq_flags != flags:
                        continue
                    recorded, apis = capture(port, steps, counter, flags == "default")
                    out.write(json.dumps({"name": name, "flags": flags, "flag_args": flag_args,
                                          "steps": recorded, "api": apis}, sort_keys=True) + "\n")
            finally:
                p.terminate()
                p.wait(10)


if __name__ == "__main__":
    main()
