#!/usr/bin/env bash
# (h) The load tester's two clients (--client raw | official) on the same server and scenario:
# tester memory per connection (idle run) and tester CPU per delivery (one-post fan-out and a burst
# of 20), each protocol.
# Compare: jq '.tester' .artifacts/bench/h-*.json
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-30}
bench_build
start_server 5461
for protocol in ${PROTOCOLS:-json messagepack}; do
  for client in raw official; do
    loadtest "h-$client-$protocol-idle" --url http://127.0.0.1:5461 --client "$client" --protocol "$protocol" \
      --connections "$N" --ramp 2000 --publishers 0 --duration 2
    loadtest "h-$client-$protocol-fanout" --url http://127.0.0.1:5461 --client "$client" --protocol "$protocol" \
      --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION"
    loadtest "h-$client-$protocol-burst" --url http://127.0.0.1:5461 --client "$client" --protocol "$protocol" \
      --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --burst 20
  done
done
for name in "$out"/h-*.json; do
  printf '%-40s tester memory/conn %8.0f B   tester cpu/delivery %6.2f us   missing %s\n' "$(basename "$name" .json)" \
    "$(jq -r '.tester.memoryPerConnectionBytes' "$name")" "$(jq -r '.tester.cpuMicrosecondsPerDelivery' "$name")" \
    "$(jq -r '.deliveries.missing' "$name")"
done
