#!/usr/bin/env bash
# (e) Stock SignalR (its own protocols with default options and its default lifetime manager, our
#     code otherwise) vs our defaults, same run, alternating: idle memory, one post fan-out, a burst
#     of 20 posts, over PROTOCOL (default messagepack: SignalR's own MessagePack protocol on both).
#     CONFIGS="stock ours" swaps the order (to see whether running first or second matters).
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-20}; PROTOCOL=${PROTOCOL:-messagepack}
bench_build
for config in ${CONFIGS:-ours stock}; do
  port=$([ "$config" = ours ] && echo 5431 || echo 5432)
  if [ "$config" = stock ]; then start_server "$port" Feed__Hub__StockSignalR=true; else start_server "$port"; fi
  target=(--url "http://127.0.0.1:$port" --protocol "$PROTOCOL")
  loadtest "e-$config-idle" "${target[@]}" --connections "$N" --ramp 2000 --publishers 0 --duration 2
  loadtest "e-$config-fanout" "${target[@]}" --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION"
  loadtest "e-$config-burst" "${target[@]}" --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --burst 20
  stop_servers
done
