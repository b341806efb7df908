#!/usr/bin/python3
"""Captures upstream Pushgateway 1.5.1's answers for the route table into routes.jsonl.

Run from this directory (needs the Debian package prometheus-pushgateway):
    ./capture_routes.py /usr/bin/prometheus-pushgateway 29530
Each flag set gets a fresh in-memory upstream; its cases run in order (later ones see earlier
pushes). The gateway's RouteFixturesTest replays the file against Pushbridge.
"""
import http.client, json, subprocess, sys, time

FLAG_SETS = {
    "default": [],
    "admin-lifecycle-prefix": ["--web.enable-admin-api", "--web.enable-lifecycle", "--web.route-prefix=/pfx"],
    "unchecked": ["--push.disable-consistency-check"],
}

# (method, path, body or None, extra headers, compare_body)
PUSHES = [
    ("PUT", "/metrics/job/a", "m 1\n", {}, True),
    ("POST", "/metrics/job/a", "n 2\n", {}, True),
    ("PUT", "/metrics/job/a/instance/i", "m 3\n", {}, True),
    ("DELETE", "/metrics/job/a/instance/i", None, {}, True),
    ("DELETE", "/metrics/job/never", None, {}, True),
    ("PUT", "/metrics/job@base64/YmFzZTY0", "m 1\n", {}, True),
    ("PUT", "/metrics/job/b/path@base64/L3Zhci90bXA", "m 1\n", {}, True),
    ("PUT", "/metrics/job/c/first@base64/=/second/foo", "m 1\n", {}, True),
    ("PUT", "/metrics/job/d/x/a%20b", "m 1\n", {}, True),
    ("PUT", "/metrics/job/e/x/a+b", "m 1\n", {}, True),
    ("PUT", "/metrics/job/f/lbl/", "m 1\n", {}, True),
    ("PUT", "/metrics/job/g", "", {}, True),
    ("PUT", "/metrics/job/a/b", "m 1\n", {}, True),
    ("PUT", "/metrics/job/a%2Fb", "m 1\n", {}, True),
    ("PUT", "/metrics/job@base64/=", "m 1\n", {}, True),
    ("PUT", "/metrics/job@base64/!!", "m 1\n", {}, True),
    ("PUT", "/metrics/job/a/__x/1", "m 1\n", {}, True),
    ("PUT", "/metrics/job/a/a-b/1", "m 1\n", {}, True),
    ("DELETE", "/metrics/job/a/x@base64/!", None, {}, True),
    ("PUT", "/metrics/job/h", "x{", {}, True),
    ("PUT", "/metrics/job/h", "m 1\r\n", {}, True),
    ("PUT", "/metrics/job/h", "m{a=\"\\q\"} 1\n", {}, True),
    ("PUT", "/metrics/job/h", "1abc 1\n", {}, True),
    ("PUT", "/metrics/job/ts", "m 1 1000\n", {}, True),
    ("PUT", "/metrics/job/dup", "dup 1\ndup 2\n", {}, True),
    ("PUT", "/metrics/job/lbl", "m{__x=\"1\"} 1\n", {}, True),
    ("PUT", "/metrics/job/type1", "# TYPE tc counter\ntc 1\n", {}, True),
    ("PUT", "/metrics/job/type2", "# TYPE tc gauge\ntc 1\n", {}, True),
    ("PUT", "/metrics/job/gz", "plain 1\n", {"Content-Encoding": "gzip"}, True),
    ("PUT", "/metrics/job/gz", "plain_metric_name 1\n", {"Content-Encoding": "gzip"}, True),
    ("PUT", "/metrics/job/pb", "m 1\n", {"Content-Type": "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"}, False),
]
ROUTES = [
    ("GET", "/metrics/job/a", None, {}, True),
    ("HEAD", "/metrics/job/a", None, {}, True),
    ("PATCH", "/metrics/job/a", "m 1\n", {}, True),
    ("OPTIONS", "/metrics/job/a", None, {}, True),
    ("PUT", "/metrics//job/a", "m 1\n", {}, True),
    ("GET", "/metrics//job/a", None, {}, True),
    ("PUT", "/metrics/job/a/./b", "m 1\n", {}, True),
    ("PUT", "/metrics/job/a/../b", "m 1\n", {}, True),
    ("PUT", "/metrics/job/", "m 1\n", {}, True),
    ("GET", "/metrics/job/", None, {}, True),
    ("PUT", "/metrics/job@base64/", "m 1\n", {}, True),
    ("PUT", "/metrics/job", "m 1\n", {}, True),
    ("GET", "/metrics/", None, {}, True),
    ("PUT", "/metrics/", "m 1\n", {}, True),
    ("GET", "/METRICS", None, {}, True),
    ("PUT", "/Metrics/job/a", "m 1\n", {}, True),
    ("GET", "/metrics", None, {}, False),
    ("POST", "/metrics", "", {}, True),
    ("HEAD", "/metrics", None, {}, True),
    ("OPTIONS", "/metrics", None, {}, True),
    ("GET", "/metrics/x", None, {}, True),
    ("GET", "/nope", None, {}, True),
    ("GET", "/-/healthy", None, {}, True),
    ("GET", "/-/ready", None, {}, True),
    ("POST", "/-/healthy", "", {}, True),
    ("GET", "/-/healthy/", None, {}, True),
    ("GET", "/-/quit", None, {}, True),
    ("DELETE", "/-/quit", None, {}, True),
    ("GET", "/api/v1/status", None, {}, False),
    ("GET", "/api/v1/metrics", None, {}, False),
    ("DELETE", "/api/v1/metrics", None, {}, True),
    ("OPTIONS", "/api/v1/anything", None, {}, True),
    ("GET", "/api/v1/nope", None, {}, True),
    ("GET", "/", None, {}, False),
    ("GET", "/status", None, {}, False),
    ("POST", "/status", "", {}, True),
    ("GET", "/status/", None, {}, True),
]
DEFAULT_ONLY = [
    ("PUT", "/api/v1/admin/wipe", "", {}, True),
    ("POST", "/-/quit", "", {}, True),
    ("PUT", "/-/quit", "", {}, True),
]
PREFIXED = [
    ("PUT", "/pfx/metrics/job/a", "m 1\n", {}, True),
    ("PUT", "/metrics/job/a", "m 1\n", {}, True),
    ("GET", "/pfx/metrics", None, {}, False),
    ("GET", "/metrics", None, {}, True),
    ("GET", "/pfx", None, {}, True),
    ("GET", "/pfx/", None, {}, False),
    ("GET", "/", None, {}, True),
    ("GET", "/pfx/-/healthy", None, {}, True),
    ("GET", "/-/quit", None, {}, True),
    ("GET", "/pfx/-/quit", None, {}, True),
    ("PUT", "/pfx/metrics/job/", "m 1\n", {}, True),
    ("GET", "/pfx/api/v1/admin/wipe", None, {}, True),
    ("POST", "/pfx/api/v1/admin/wipe", "", {}, True),
    ("OPTIONS", "/pfx/api/v1/admin/wipe", None, {}, True),
    ("PUT", "/pfx/api/v1/admin/wipe", "", {}, True),
    ("GET", "/pfx/api/v1/metrics", None, {}, True),
]
UNCHECKED = [
    ("PUT", "/metrics/job/u", "m 1\n", {}, True),
    ("POST", "/metrics/job/u", "n 1\n", {}, True),
    ("DELETE", "/metrics/job/u", None, {}, True),
    ("PUT", "/metrics/job/u/a/b", "m 1\n", {}, True),
]
CASES = {
    "default": PUSHES + ROUTES + DEFAULT_ONLY,
    "admin-lifecycle-prefix": PREFIXED,
    "unchecked": UNCHECKED,
}
RECORDED_HEADERS = ["Content-Type", "Allow", "Location", "X-Content-Type-Options",
                    "Access-Control-Allow-Origin", "Cache-Control", "Content-Encoding"]


def request(port, method, path, body, headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = None if body is None else body.encode("utf-8")
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    answer = {"status": r.status, "headers": {h: r.getheader(h) for h in RECORDED_HEADERS if r.getheader(h) is not None},
              "body": payload.decode("utf-8", "replace")}
    conn.close()
    return answer


def main():
    binary, port = sys.argv[1], int(sys.argv[2])
    with open("routes.jsonl", "w") as out:
        for name, flags in FLAG_SETS.items():
            p = subprocess.Popen([binary, "--web.listen-address=127.0.0.1:%d" % port, "--persistence.file="] + flags,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                for _ in range(100):
                    try:
                        request(port, "GET", ("/pfx" if "prefix" in name else "") + "/-/ready", None, {})
                        break
                    except OSError:
                        time.sleep(0.1)
                for method, path, body, headers, compare_body in CASES[name]:
                    answer = request(port, method, path, body, headers)
                    out.write(json.dumps({"flags": name, "flag_args": flags, "method": method, "path": path,
                                          "body": body, "headers": headers, "compare_body": compare_body,
                                          "answer": answer}, sort_keys=True) + "\n")
            finally:
                p.terminate()
                p.wait(10)


if __name__ == "__main__":
    main()
