#!/usr/bin/env bash
# (f) Fan-out (b) on 1 instance vs 3 instances sharing a Redis backplane, all on this machine;
#     the 3 instances on Feed's backplane and on SignalR's own (Feed:Redis:Backplane=official).
#     Redis messages per post: PUBLISH + SPUBLISH calls (INFO commandstats) / posts published,
#     warm-up posts included.
#     The in-memory store is per instance: the tester creates each publisher on every instance
#     and each follower on the instance it connects to, so no shared MongoDB is needed.
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-20}; REDIS_PORT=${REDIS_PORT:-6391}
bench_build
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$out/redis.log" 2>&1 &
redis_pid=$!
trap 'stop_servers; kill $redis_pid 2>/dev/null || true' EXIT
sleep 1
redis=ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT

start_server 5441
loadtest f-1-local --url http://127.0.0.1:5441 --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION"
stop_servers

start_server 5442 "$redis"
loadtest f-1-redis --url http://127.0.0.1:5442 --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION"
stop_servers

publishes() { redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[=,]' '/^cmdstat_s?publish:/ { n += $2 } END { print n + 0 }'; }
for backplane in feed official; do
  for port in 5443 5444 5445; do start_server "$port" "$redis" Feed__Redis__Backplane=$backplane; done
  before=$(publishes)
  loadtest "f-3-$backplane" --url http://127.0.0.1:5443 --url http://127.0.0.1:5444 --url http://127.0.0.1:5445 \
    --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION"
  posts=$(( $(field "f-3-$backplane" posts.published) + WARMUP ))
  echo "f-3-$backplane: $(( $(publishes) - before )) Redis publishes for $posts posts"
  stop_servers
done
