#!/usr/bin/env bash
# (graph) The social-graph workload (Feed.LoadTest --authors): one server, in-process and on the
#     Redis backplane, at FOLLOWS per connection (default 1 50 200 1000). N connections (default
#     1000) follow K of AUTHORS authors (default 5000) drawn by a Zipf law (skew 1), set up over
#     HTTP before connecting; then the 20 most-followed authors post one each (--author-pick top,
#     2 posts/s), so the buckets show the celebrity case beside smaller authors.
#     Prints one table: server memory per connection (working set and managed heap), connect rate,
#     fan-out p99 overall and by the author's follower count, Redis channels (PUBSUB CHANNELS /
#     SHARDCHANNELS after connecting), the seconds the follows took to set up, and how long the
#     server's CPU took to go quiet after the last connect (memory is read then). Connections open
#     at RAMP (10000/s: faster than the box connects, so connect/s is the server's capacity).
#     MODES="inproc redis" picks the configurations (official: SignalR's own backplane on Redis); PROTOCOL (messagepack) the hub protocol;
#     LABEL names the runs (A/B of two builds: SERVER_DLL=... LABEL=before, then LABEL=after);
#     SERVER_ENV adds server settings, e.g. SERVER_ENV="Feed__Presence__Enabled=false".
source "$(dirname "$0")/common.sh"
N=${N:-1000}; AUTHORS=${AUTHORS:-5000}; FOLLOWS=${FOLLOWS:-"1 50 200 1000"}; MODES=${MODES:-"inproc redis"}
PROTOCOL=${PROTOCOL:-messagepack}; REDIS_PORT=${REDIS_PORT:-6392}
bench_build
redis_pid=
trap 'stop_servers; [ -n "$redis_pid" ] && kill $redis_pid 2>/dev/null || true' EXIT

runs=()
for mode in $MODES; do
  for k in $FOLLOWS; do
    name="graph${LABEL:+-$LABEL}-$mode-$k"
    if [ "$mode" = redis ] || [ "$mode" = official ]; then
      # A fresh Redis per run, so the channel count is this run's alone.
      redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$out/redis.log" 2>&1 &
      redis_pid=$!
      sleep 0.5
      start_server 5451 ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT Feed__Redis__Backplane=$([ "$mode" = official ] && echo official || echo feed) ${SERVER_ENV:-}
      extra=(--redis 127.0.0.1:$REDIS_PORT)
    else
      start_server 5451 ${SERVER_ENV:-}
      extra=()
    fi
    loadtest "$name" --url http://127.0.0.1:5451 --protocol "$PROTOCOL" --connections "$N" --ramp "${RAMP:-10000}" \
      --authors "$AUTHORS" --follows "$k" --setup-concurrency 128 --author-pick top --warmup "$WARMUP" \
      --rate 2 --duration 10 ${ADMIN_KEY:+--admin-key "$ADMIN_KEY"} "${extra[@]}"
    stop_servers
    if [ -n "$redis_pid" ]; then kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; redis_pid=; fi
    runs+=("$name")
  done
done

echo
echo "graph workload: $N connections, $AUTHORS authors, skew 1, $PROTOCOL, $(nproc) cores"
printf '%-24s %8s %9s %9s %9s %8s %8s %9s %9s %9s %9s %8s %8s %8s\n' run memberships "ws KiB" "heap KiB" connect/s \
  "p99 ms" "<10" "10-99" "100-999" ">=1000" channels shard setup-s quiet-s
for name in "${runs[@]}"; do
  f="$out/$name.json"
  bucket() { jq -r --arg b "$1" '(.graph.buckets[] | select(.followers == $b) | if .deliveries > 0 then .p99 else "-" end)' "$f"; }
  printf '%-24s %8s %9.1f %9.1f %9.0f %8.1f %8s %9s %9s %9s %9s %8s %8.0f %8.1f\n' "$name" \
    "$(jq -r .graph.memberships "$f")" \
    "$(jq -r '.server.memoryPerConnectionBytes / 1024' "$f")" \
    "$(jq -r '.server.managedHeapPerConnectionBytes / 1024' "$f")" \
    "$(jq -r .connections.perSecond "$f")" \
    "$(jq -r .latencyMs.p99 "$f")" \
    "$(bucket '<10')" "$(bucket '10-99')" "$(bucket '100-999')" "$(bucket '>=1000')" \
    "$(jq -r '.redis.channels // "-"' "$f")" "$(jq -r '.redis.shardChannels // "-"' "$f")" \
    "$(jq -r .graph.setupSeconds "$f")" "$(jq -r .graph.settleSeconds "$f")"
  jq -e .deliveries.missing "$f" >/dev/null
  [ "$(jq -r '.deliveries.missing + .deliveries.duplicates + .deliveries.unexpected' "$f")" = 0 ] || echo "  $name: NOT all delivered once (see $out/$name.txt)"
done
