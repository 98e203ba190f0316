"""What the Python benchmark drivers (timeline.py, celebrity.py) share: a keep-alive HTTP client of
one Feed server, a parallel runner, the server's CPU seconds and metrics, percentiles."""
import http.client, json, os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse


class Server:
    def __init__(self, url, pid=0):
        self.url, self.pid = urlparse(url), pid

    def client(self):
        return Client(self.url)

    def cpu_seconds(self):
        """The server process's user + system CPU seconds (0 without a pid)."""
        if not self.pid:
            return 0.0
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def fanout_entries(self):
        """feed_timeline_fanout_entries_total from /metrics (None without timelines)."""
        c = self.client()
        c.c.request("GET", "/metrics")
        total = None
        for line in c.c.getresponse().read().decode().splitlines():
            if line.startswith("feed_timeline_fanout_entries_total"):
                total = (total or 0) + float(line.rsplit(" ", 1)[1])
        return total

    def parallel(self, fn, items, workers=16):
        """fn(client, item) for every item, on `workers` threads with a client each."""
        def run(chunk):
            c = self.client()
            for item in chunk:
                fn(c, item)
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, [items[i::workers] for i in range(workers)]))


class Client:
    def __init__(self, url):
        self.c = http.client.HTTPConnection(url.hostname, url.port, timeout=120)

    def call(self, method, path, token=None, body=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        self.c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = self.c.getresponse()
        payload = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {payload[:200]!r}")
        return json.loads(payload) if payload else None

    def token(self, user):
        return self.call("POST", "/api/auth/token", body={"userId": user})["accessToken"]


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
