#!/usr/bin/env bash
# (a) Idle connections on one instance: connect rate and server memory per connection.
#     10,000 from one tester; 19,500 (the per-process descriptor cap) from two tester processes,
#     since one tester holding 19,500 sockets is itself at the cap.
source "$(dirname "$0")/common.sh"
N=${N:-10000}; BIG=${BIG:-19500}; RAMP=${RAMP:-2000}
bench_build

start_server 5401
loadtest a-idle-$N --url http://127.0.0.1:5401 --connections "$N" --ramp "$RAMP" --publishers 0 --duration 5
stop_servers

start_server 5402
stats() { curl -sf "http://127.0.0.1:5402/api/admin/stats$1"; }
before=$(stats '?gc=true')
half=$((BIG / 2))
testers=()
for i in 1 2; do
  dotnet "$tester_dll" --quiet --url http://127.0.0.1:5402 --connections "$half" --ramp $((RAMP / 2)) --publishers 0 \
    --duration 40 --user-prefix "a$RANDOM$i" --out "$out/a-idle-$BIG-part$i.json" >"$out/a-idle-$BIG-part$i.txt" 2>&1 &
  testers+=($!)
done
for _ in $(seq 1 120); do
  [ "$(stats '' | jq .connections)" -ge $((half * 2)) ] && break
  sleep 1
done
after=$(stats '?gc=true')
wait "${testers[@]}" || true
connections=$(jq .connections <<<"$after")
ws=$(( $(jq .workingSetBytes <<<"$after") - $(jq .workingSetBytes <<<"$before") ))
failed=$(( $(jq .connections.failed "$out/a-idle-$BIG-part1.json") + $(jq .connections.failed "$out/a-idle-$BIG-part2.json") ))
jq -n --argjson c "$connections" --argjson ws "$ws" --argjson failed "$failed" --argjson before "$before" --argjson after "$after" \
  '{connections: $c, failed: $failed, memoryPerConnectionBytes: ($ws / $c), serverBefore: $before, serverAfter: $after}' \
  | tee "$out/a-idle-$BIG.json"
