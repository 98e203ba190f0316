#!/usr/bin/env bash
# (presence) Redis commands a connect and a disconnect cost, presence on vs off: one server on
#     Feed's backplane and a fresh redis-server per run; N connections (default 1000) open at 1000/s,
#     stay 2 s and close (Feed.LoadTest, no publisher, no follows). Counts Redis's
#     total_commands_processed from before the ramp until the server has no connection and its
#     offline delay passed, minus what the idle server sends meanwhile (heartbeats, measured over
#     IDLE seconds first), per connection; and prints the commands by name (INFO commandstats).
#     PRESENCE="on off" picks the runs and their order.
source "$(dirname "$0")/common.sh"
N=${N:-1000}; REDIS_PORT=${REDIS_PORT:-6394}; IDLE=${IDLE:-20}
bench_build
redis_pid=
trap 'stop_servers; [ -n "$redis_pid" ] && kill $redis_pid 2>/dev/null || true' EXIT
commands() { redis-cli -p "$REDIS_PORT" INFO stats | tr -d '\r' | awk -F: '/^total_commands_processed/{print $2}'; }
connections() { curl -sf http://127.0.0.1:5481/api/admin/stats | jq -r .connections; }

for presence in ${PRESENCE:-on off}; do
  redis-server --port "$REDIS_PORT" --save '' --appendonly no >"$out/redis-presence.log" 2>&1 &
  redis_pid=$!
  sleep 0.5
  start_server 5481 ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT Feed__Presence__Enabled=$([ "$presence" = on ] && echo true || echo false)
  sleep 5
  redis-cli -p "$REDIS_PORT" CONFIG RESETSTAT >/dev/null
  c0=$(commands); sleep "$IDLE"; idle_rate=$(awk "BEGIN{print ($(commands) - $c0 - 1) / $IDLE}")
  redis-cli -p "$REDIS_PORT" CONFIG RESETSTAT >/dev/null
  started=$(date +%s.%N); c0=$(commands)
  loadtest "presence-$presence" --url http://127.0.0.1:5481 --connections "$N" --ramp 1000 --publishers 0 --duration 2
  for _ in $(seq 1 60); do [ "$(connections)" = 0 ] && break; sleep 0.5; done
  sleep 4 # the offline delay (2 s) and a heartbeat's worth of writes after it
  elapsed=$(awk "BEGIN{print $(date +%s.%N) - $started}")
  total=$(( $(commands) - c0 ))
  per=$(awk "BEGIN{printf \"%.2f\", ($total - $idle_rate * $elapsed) / $N}")
  echo "presence $presence: $total commands in ${elapsed%.*} s, idle $idle_rate/s: $per per connection (connect + disconnect)" | tee "$out/presence-$presence.summary"
  redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | grep '^cmdstat' | sed 's/,usec=.*//' | sort -t= -k2 -rn | head -12 | tee -a "$out/presence-$presence.summary"
  stop_servers
  kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; redis_pid=
done
