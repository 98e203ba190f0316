#!/usr/bin/env bash
# (timeline) A feed page's cost against follows, and publish latency, on one server:
#     AUTHORS authors x POSTS posts; a reader following BIG (500) of them against one following
#     SMALL (5): GET /api/feed?limit=20 sequentially, alternating, REPS times each (p50, p99, the
#     server's CPU per page); then a celebrity followed by FOLLOWERS users publishes REPS times
#     (publish p50/p99: fan-out must stay off the call). MODES: inproc (in-memory store and
#     timelines) and mongo (jongodb + Redis: the store on MongoDB, timelines and backplane on
#     Redis). ROUNDS alternates the modes' order; LABEL names an A/B side (SERVER_DLL=... for the
#     other build). Ends with Redis's MEMORY USAGE of the big reader's timeline, when it has one.
source "$(dirname "$0")/common.sh"
MODES=${MODES:-"inproc mongo"}; ROUNDS=${ROUNDS:-1}; REDIS_PORT=${REDIS_PORT:-6393}; MONGO_PORT=${MONGO_PORT:-27093}
args=(--authors "${AUTHORS:-600}" --posts "${POSTS:-5}" --big "${BIG:-500}" --small "${SMALL:-5}"
  --followers "${FOLLOWERS:-2000}" --reps "${REPS:-300}")
jongodb="$root/client-js/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb"
bench_build
side_pids=()
trap 'stop_servers; for p in "${side_pids[@]}"; do kill $p 2>/dev/null || true; done' EXIT

run_mode() {
  local mode=$1 name="timeline${LABEL:+-$LABEL}-$1-r$2"
  if [ "$mode" = mongo ]; then
    redis-server --port "$REDIS_PORT" --save '' --appendonly no >"$out/redis-tl.log" 2>&1 &
    side_pids+=($!)
    "$jongodb" --host=127.0.0.1 --port="$MONGO_PORT" >"$out/jongodb-tl.log" 2>&1 &
    side_pids+=($!)
    for _ in $(seq 1 120); do grep -q JONGODB_URI "$out/jongodb-tl.log" && break; sleep 0.5; done
    start_server 5471 ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT \
      ConnectionStrings__Mongo="mongodb://127.0.0.1:$MONGO_PORT/timeline-bench" Feed__Demo__Seed=false
  else
    start_server 5471 Feed__Demo__Seed=false
  fi
  echo "== $name"
  python3 "$root/scripts/bench/timeline.py" --url http://127.0.0.1:5471 --server-pid "${pids[-1]}" --label "$name" "${args[@]}" \
    | tee "$out/$name.json"
  if [ "$mode" = mongo ]; then
    local key
    key=$(redis-cli -p "$REDIS_PORT" --scan --pattern '*timeline*reader-big*' | head -1)
    [ -n "$key" ] && echo "MEMORY USAGE $key: $(redis-cli -p "$REDIS_PORT" MEMORY USAGE "$key") bytes, $(redis-cli -p "$REDIS_PORT" ZCARD "$key") entries" \
      | tee "$out/$name.redis.txt"
  fi
  stop_servers
  for p in "${side_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  side_pids=()
}

for round in $(seq 1 "$ROUNDS"); do
  modes=($MODES)
  [ $((round % 2)) -eq 0 ] && modes=($(printf '%s\n' "${modes[@]}" | tac))
  for mode in "${modes[@]}"; do run_mode "$mode" "$round"; done
done
