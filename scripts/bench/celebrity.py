#!/usr/bin/env python3
"""Celebrity-threshold benchmark driver against one running Feed server (see celebrity.sh).

Sets up STARS authors each followed by the same FANS users, NORMAL ordinary authors with POSTS
posts each, and three readers: one following 5 ordinary authors, one following them and 1 star,
one following them and every star. Then:
  - write: the stars publish BURST posts as fast as the server takes them (concurrently); the
    fan-out worker's throughput is the timeline entries written (feed_timeline_fanout_entries_total)
    from the first publish until the count stops growing, per second: with a backlog from the first
    post on, that is the worker's ceiling. Zero when the stars are celebrities (nothing fanned out).
  - read: GET /api/feed?limit=20 for the three readers, sequential, rotating, REPS times each:
    p50/p99 and the server's CPU per page.
Prints one JSON line. Run once with the stars fanned out and once with them celebrities (the
server's Feed:Timelines:CelebrityFollowers below FANS) to compare both ways of serving them.
"""
import argparse, json, statistics, subprocess, time
from feedbench import Server, pct

p = argparse.ArgumentParser()
p.add_argument("--url", default="http://127.0.0.1:5481")
p.add_argument("--stars", type=int, default=5)
p.add_argument("--fans", type=int, default=5000)
p.add_argument("--normal", type=int, default=100)
p.add_argument("--posts", type=int, default=5)
p.add_argument("--burst", type=int, default=100)
p.add_argument("--reps", type=int, default=300)
p.add_argument("--warmup", type=int, default=50)
p.add_argument("--server-pid", type=int, default=0)
p.add_argument("--redis-port", type=int, default=0)
p.add_argument("--label", default="")
a = p.parse_args()
prefix = f"cb{int(time.time())}"


server = Server(a.url, a.server_pid)
Client, parallel, cpu_seconds = server.client, server.parallel, server.cpu_seconds
tokens = {}


def token(c, user):
    tokens[user] = c.token(user)
    return tokens[user]


setup_started = time.time()
stars = [f"{prefix}-star-{i}" for i in range(a.stars)]
normal = [f"{prefix}-author-{i}" for i in range(a.normal)]
fans = [f"{prefix}-fan-{i}" for i in range(a.fans)]
readers = {0: f"{prefix}-reader-0", 1: f"{prefix}-reader-1", a.stars: f"{prefix}-reader-{a.stars}"}
parallel(token, stars + normal + list(readers.values()))
for r in range(a.posts):
    parallel(lambda c, user: c.call("POST", "/api/posts", tokens[user], {"text": f"post {r} by {user}, long enough to look like a real post."}), stars + normal)
def fan_follows(c, fan):
    t = token(c, fan)
    for star in stars:
        c.call("PUT", f"/api/follows/{star}", t)
parallel(fan_follows, fans)
for n, reader in readers.items():
    for author in normal[:5] + stars[:n]:
        Client().call("PUT", f"/api/follows/{author}", tokens[reader])
setup_seconds = time.time() - setup_started


def fanout_entries():
    return server.fanout_entries() or 0.0


def redis_cpu():
    """redis-server's CPU seconds (INFO cpu), 0 without --redis-port."""
    if not a.redis_port:
        return 0.0
    info = subprocess.run(["redis-cli", "-p", str(a.redis_port), "INFO", "cpu"], capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return float(fields["used_cpu_user"]) + float(fields["used_cpu_sys"])


def wait_fanout_quiet(quiet=2.0):
    """Polls until the entry count stopped growing for `quiet` s: (entries, when it last grew, server and Redis CPU then)."""
    last, last_change, cpu = fanout_entries(), time.perf_counter(), (cpu_seconds(), redis_cpu())
    while time.perf_counter() - last_change < quiet:
        time.sleep(0.2)
        now = fanout_entries()
        if now != last:
            last, last_change, cpu = now, time.perf_counter(), (cpu_seconds(), redis_cpu())
    return last, last_change, cpu


# Write: the setup's fan-out done first, then the burst.
wait_fanout_quiet()
entries0 = fanout_entries()
cpu0, rcpu0 = cpu_seconds(), redis_cpu()
started = time.perf_counter()
parallel(lambda c, i: c.call("POST", "/api/posts", tokens[stars[i % a.stars]], {"text": f"burst {i}"}), list(range(a.burst)), workers=8)
published = time.perf_counter()
entries, done, (cpu1, rcpu1) = wait_fanout_quiet()
write_cpu, write_redis_cpu = cpu1 - cpu0, rcpu1 - rcpu0
written = entries - entries0
fanout_seconds = max(published, done) - started
write = {
    "posts": a.burst, "publishSeconds": round(published - started, 2), "entries": int(written),
    "fanoutSeconds": round(fanout_seconds, 2) if written else 0,
    "entriesPerSecond": round(written / fanout_seconds) if written else 0,
    "serverCpuUsPerEntry": round(write_cpu / written * 1e6, 2) if written and a.server_pid else None,
    "serverCpuMsPerPost": round(write_cpu / a.burst * 1e3, 2) if a.server_pid else None,
    "redisCpuUsPerEntry": round(write_redis_cpu / written * 1e6, 2) if written and a.redis_port else None,
}


clients = {n: Client() for n in readers}
page = lambda n: clients[n].call("GET", "/api/feed?limit=20", tokens[readers[n]])
for _ in range(a.warmup):
    for n in readers:
        page(n)
lat = {n: [] for n in readers}
cpu0 = cpu_seconds()
order = list(readers)
for i in range(a.reps):
    for n in order[i % len(order):] + order[: i % len(order)]:
        t = time.perf_counter()
        page(n)
        lat[n].append((time.perf_counter() - t) * 1000)
read_cpu = cpu_seconds() - cpu0
read = {f"stars{n}": {"p50": round(statistics.median(v), 3), "p99": round(pct(v, 0.99), 3)} for n, v in lat.items()}
read["serverCpuUsPerPage"] = round(read_cpu / (len(readers) * a.reps) * 1e6) if a.server_pid else None

print(json.dumps({"label": a.label, "stars": a.stars, "fans": a.fans, "setupSeconds": round(setup_seconds, 1),
                  "write": write, "read": read}))
