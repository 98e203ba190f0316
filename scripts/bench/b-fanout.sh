#!/usr/bin/env bash
# (b) Fan-out: 1 publisher, N followers online, 1 post/s; json then messagepack on one server (d).
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-30}
bench_build
start_server 5411
for protocol in json messagepack; do
  loadtest "b-$protocol" --url http://127.0.0.1:5411 --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 \
    --duration "$DURATION" --protocol "$protocol"
done
