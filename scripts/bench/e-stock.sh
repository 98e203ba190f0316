#!/usr/bin/env bash
# (e) Stock SignalR (its own protocols with default options and its default lifetime manager, our
#     code otherwise) vs our defaults, same run, alternating: idle memory, one post fan-out, a burst
#     of 20 posts, over PROTOCOL (default messagepack: SignalR's own MessagePack protocol on both).
#     CONFIGS="stock ours" swaps the order (to see whether running first or second matters); a list
#     such as "ours stock stock ours" alternates pairs. PARTS picks the runs (default "idle fanout burst");
#     a part named again runs again on the same server (PARTS="burst burst burst": three bursts, each
#     from fresh connections, named e-ours-burst-1, -1b, -1c), to tell a server's spread from a run's.
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-20}; PROTOCOL=${PROTOCOL:-messagepack}
bench_build
rm -f "$out"/e-*-[0-9]*.json  # the summary reads this invocation's runs only
for config in ${CONFIGS:-ours stock}; do
  port=$([ "$config" = ours ] && echo 5431 || echo 5432)
  if [ "$config" = stock ]; then start_server "$port" Feed__Hub__StockSignalR=true; else start_server "$port"; fi
  target=(--url "http://127.0.0.1:$port" --protocol "$PROTOCOL")
  run=$((${run:-0} + 1))
  declare -A seen=()
  for part in ${PARTS:-idle fanout burst}; do
    repeat=${seen[$part]:-}; seen[$part]=$(echo "${repeat:-a}" | tr 'a-y' 'b-z')
    name="e-$config-$part-$run${repeat}"
    case $part in
      idle) loadtest "$name" "${target[@]}" --connections "$N" --ramp 2000 --publishers 0 --duration 2 ;;
      fanout) loadtest "$name" "${target[@]}" --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION" ;;
      burst) loadtest "$name" "${target[@]}" --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --burst 20 ;;
    esac
  done
  unset seen
  stop_servers
done

echo
echo "e-stock: $N connections, $PROTOCOL, $(nproc) cores (runs in the order they ran)"
printf '%-22s %12s %10s %14s %14s %10s\n' run deliveries/s "p99 ms" "CPU us/deliv" "tester us/del" "JIT meth"
for f in $(ls -tr "$out"/e-*-[0-9]*.json 2>/dev/null); do
  name=$(basename "$f" .json)
  [ "$(jq -r '.deliveries.expected // 0' "$f")" = 0 ] && continue
  printf '%-22s %12.0f %10.1f %14.2f %14.2f %10d\n' "$name" "$(jq -r '.deliveries.received / .deliveries.seconds' "$f")" \
    "$(jq -r .latencyMs.p99 "$f")" "$(jq -r .server.cpuMicrosecondsPerDelivery "$f")" "$(jq -r .tester.cpuMicrosecondsPerDelivery "$f")" \
    "$(jq -r '.server.jitMethodsWhileDelivering // 0' "$f")"
done
