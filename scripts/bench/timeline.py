#!/usr/bin/env python3
"""Home-timeline benchmark driver against one running Feed server (see timeline.sh).

Sets up AUTHORS authors with POSTS posts each, a reader following BIG of them and one following
SMALL, and a celebrity author followed by FOLLOWERS users; then, sequentially on keep-alive
connections:
  - GET /api/feed?limit=20 for the two readers, alternating, REPS times each (after a warm-up),
  - POST /api/posts by the celebrity REPS times (publish latency: fan-out must stay off the call),
and prints one JSON line with p50/p99 in ms and this process's view of the server's CPU per call.
"""
import argparse, json, statistics, time
from feedbench import Server, pct

p = argparse.ArgumentParser()
p.add_argument("--url", default="http://127.0.0.1:5471")
p.add_argument("--authors", type=int, default=600)
p.add_argument("--posts", type=int, default=5)
p.add_argument("--big", type=int, default=500)
p.add_argument("--small", type=int, default=5)
p.add_argument("--followers", type=int, default=2000)
p.add_argument("--reps", type=int, default=300)
p.add_argument("--warmup", type=int, default=50)
p.add_argument("--server-pid", type=int, default=0)
p.add_argument("--label", default="")
a = p.parse_args()
prefix = f"tl{int(time.time())}"


server = Server(a.url, a.server_pid)
Client = server.client
parallel = server.parallel


def token(client, user):
    return client.token(user)


setup_started = time.time()
c = Client()
authors = [f"{prefix}-author-{i}" for i in range(a.authors)]
tokens = {}
def make_token(cl, user): tokens[user] = token(cl, user)
parallel(make_token, authors)
# Rounds of one post per author, so every author's posts spread over the whole history.
for r in range(a.posts):
    parallel(lambda cl, user: cl.call("POST", "/api/posts", tokens[user], {"text": f"post {r} by {user}, long enough to look like a real post."}), authors)
big, small, celeb = f"{prefix}-reader-big", f"{prefix}-reader-small", f"{prefix}-celebrity"
for user in (big, small, celeb):
    tokens[user] = token(c, user)
parallel(lambda cl, user: cl.call("PUT", f"/api/follows/{user}", tokens[big]), authors[: a.big])
step = max(1, a.authors // a.small)
parallel(lambda cl, user: cl.call("PUT", f"/api/follows/{user}", tokens[small]), authors[::step][: a.small])
followers = [f"{prefix}-fan-{i}" for i in range(a.followers)]
parallel(lambda cl, user: cl.call("PUT", f"/api/follows/{celeb}", token(cl, user)), followers)
setup_seconds = time.time() - setup_started


cpu_seconds = server.cpu_seconds


def timed(fn):
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


reader = {big: Client(), small: Client()}
page = lambda user: reader[user].call("GET", "/api/feed?limit=20", tokens[user])
sizes = {user: len(page(user)["items"]) for user in (big, small)}
for _ in range(a.warmup):
    page(big); page(small)
lat = {big: [], small: []}
cpu0 = cpu_seconds()
for i in range(a.reps):
    order = (big, small) if i % 2 == 0 else (small, big)
    for user in order:
        lat[user].append(timed(lambda: page(user)))
page_cpu = cpu_seconds() - cpu0

fanout_entries = server.fanout_entries


pub = Client()
for i in range(a.warmup):
    pub.call("POST", "/api/posts", tokens[celeb], {"text": f"warm-up {i}"})
pubs = []
entries_before = None
try:
    entries_before = fanout_entries()
except Exception:
    pass
time.sleep(3)  # the warm-up's fan-out done
if entries_before is not None:
    entries_before = fanout_entries()
publish_started = time.perf_counter()
cpu0 = cpu_seconds()
for i in range(a.reps):
    pubs.append(timed(lambda: pub.call("POST", "/api/posts", tokens[celeb], {"text": f"celebrity post {i}"})))
pub_cpu = cpu_seconds() - cpu0
publish_seconds = time.perf_counter() - publish_started


# Fan-out throughput: timeline entries written from the first measured publish until the count
# stops growing (the worker caught up), per second.
fanout = None
if entries_before is not None:
    last, last_change = fanout_entries(), time.perf_counter()
    while time.perf_counter() - last_change < 2:
        time.sleep(0.2)
        now = fanout_entries()
        if now != last:
            last, last_change = now, time.perf_counter()
    written = last - entries_before
    fanout = {"entries": int(written), "seconds": round(last_change - publish_started, 2),
              "entriesPerSecond": round(written / max(1e-9, last_change - publish_started))}

result = {
    "label": a.label, "authors": a.authors, "postsPerAuthor": a.posts, "setupSeconds": round(setup_seconds, 1),
    "page": {
        f"follows{a.big}": {"items": sizes[big], "p50": round(statistics.median(lat[big]), 2), "p99": round(pct(lat[big], 0.99), 2)},
        f"follows{a.small}": {"items": sizes[small], "p50": round(statistics.median(lat[small]), 2), "p99": round(pct(lat[small], 0.99), 2)},
        "ratioP50": round(statistics.median(lat[big]) / statistics.median(lat[small]), 2),
        "serverCpuUsPerPage": round(page_cpu / (2 * a.reps) * 1e6) if a.server_pid else None,
    },
    "publish": {
        "followers": a.followers, "p50": round(statistics.median(pubs), 2), "p99": round(pct(pubs, 0.99), 2),
        "serverCpuUsPerPublish": round(pub_cpu / a.reps * 1e6) if a.server_pid else None,
        "seconds": round(publish_seconds, 2),
    },
    "fanout": fanout,
}
print(json.dumps(result))
