#!/usr/bin/env bash
# (f) Fan-out (b) on 1 instance vs 3 instances sharing a Redis backplane, all on this machine.
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

for port in 5443 5444 5445; do start_server "$port" "$redis"; done
loadtest f-3-redis --url http://127.0.0.1:5443 --url http://127.0.0.1:5444 --url http://127.0.0.1:5445 \
  --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION"
