#!/usr/bin/env bash
# (celebrity) What the home timelines' celebrity threshold trades (Feed:Timelines:CelebrityFollowers):
#     STARS authors followed by the same FANS users, served both ways on the same build:
#     "fanout" (threshold above FANS: every star post is written into FANS timelines) and
#     "celebrity" (threshold below FANS: nothing written, readers merge the stars' posts in).
#     Measures the fan-out worker's ceiling (timeline entries/s under a burst of BURST posts)
#     and a page's cost for readers following 0, 1 and STARS stars. MODES: inproc, redis (timelines,
#     jobs and backplane on Redis, the store in memory: the Redis worker's own ceiling), mongo
#     (jongodb + Redis; jongodb takes ~30 writes/s, so keep FANS small). ROUNDS alternates the
#     order of the sides.
source "$(dirname "$0")/common.sh"
MODES=${MODES:-"inproc mongo"}; ROUNDS=${ROUNDS:-1}; SIDES=${SIDES:-"fanout celebrity"}
REDIS_PORT=${REDIS_PORT:-6394}; MONGO_PORT=${MONGO_PORT:-27094}; FANS=${FANS:-5000}
args=(--stars "${STARS:-5}" --fans "$FANS" --normal "${NORMAL:-100}" --posts "${POSTS:-5}" --burst "${BURST:-100}" --reps "${REPS:-300}")
jongodb="$root/client-js/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb"
bench_build
side_pids=()
trap 'stop_servers; for p in "${side_pids[@]}"; do kill $p 2>/dev/null || true; done' EXIT

run_side() {
  local mode=$1 side=$2 name="celebrity${LABEL:+-$LABEL}-$1-$2-r$3" threshold
  threshold=$([ "$side" = fanout ] && echo 1000000 || echo $((FANS / 2)))
  local settings=(Feed__Demo__Seed=false Feed__Timelines__CelebrityFollowers=$threshold)
  if [ "$mode" != inproc ]; then
    redis-server --port "$REDIS_PORT" --save '' --appendonly no >"$out/redis-cb.log" 2>&1 &
    side_pids+=($!)
    settings+=(ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT)
  fi
  if [ "$mode" = mongo ]; then
    "$jongodb" --host=127.0.0.1 --port="$MONGO_PORT" >"$out/jongodb-cb.log" 2>&1 &
    side_pids+=($!)
    for _ in $(seq 1 120); do grep -q JONGODB_URI "$out/jongodb-cb.log" && break; sleep 0.5; done
    settings+=(ConnectionStrings__Mongo="mongodb://127.0.0.1:$MONGO_PORT/celebrity-bench")
  fi
  start_server 5481 "${settings[@]}"
  local redis=()
  [ "$mode" != inproc ] && redis=(--redis-port "$REDIS_PORT")
  echo "== $name (CelebrityFollowers=$threshold)"
  python3 "$root/scripts/bench/celebrity.py" --url http://127.0.0.1:5481 --server-pid "${pids[-1]}" --label "$name" "${redis[@]}" "${args[@]}" \
    | tee "$out/$name.json"
  stop_servers
  for p in "${side_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  side_pids=()
}

for round in $(seq 1 "$ROUNDS"); do
  sides=($SIDES)
  [ $((round % 2)) -eq 0 ] && sides=($(printf '%s\n' "${sides[@]}" | tac))
  for mode in $MODES; do
    for side in "${sides[@]}"; do run_side "$mode" "$side" "$round"; done
  done
done
