#!/usr/bin/env bash
# (c) Sustained: 10 publishers, N followers (each follows all 10), a rising post rate: the
#     deliveries/s at which p99 stays <= 250 ms. Each protocol at each rate (d).
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-15}; RATES=${RATES:-"10 20 40 80"}; PROTOCOLS=${PROTOCOLS:-"json messagepack"}
bench_build
start_server 5421
for rate in $RATES; do
  for protocol in $PROTOCOLS; do
    loadtest "c-$protocol-$rate" --url http://127.0.0.1:5421 --connections "$N" --ramp 2000 --publishers 10 --warmup "$WARMUP" \
      --rate "$rate" --duration "$DURATION" --protocol "$protocol"
  done
done
