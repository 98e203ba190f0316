#!/usr/bin/env bash
# (e) Stock SignalR (its own protocols with default options and its default lifetime manager, our
#     code otherwise) vs our defaults, same run, alternating: idle memory, one post fan-out, a burst
#     of 20 posts, over PROTOCOL (default messagepack: SignalR's own MessagePack protocol on both).
#     CONFIGS="stock ours" swaps the order (to see whether running first or second matters); a list
#     such as "ours stock stock ours" alternates pairs. PARTS picks the runs (default "idle fanout burst");
#     a part named again runs again on the same server (PARTS="burst burst burst": three bursts, each
#     from fresh connections, named e-ours-burst-1, -1b, -1c), to tell a server's spread from a run's.
#     INTERLEAVE=1 keeps one server per configuration up and runs each part on all of CONFIGS in turn.
source "$(dirname "$0")/common.sh"
N=${N:-10000}; DURATION=${DURATION:-20}; PROTOCOL=${PROTOCOL:-messagepack}
bench_build
rm -f "$out"/e-*-[0-9]*.json  # the summary reads this invocation's runs only
port_of() { [ "$1" = ours ] && echo 5431 || echo 5432; }
start() { if [ "$1" = stock ]; then start_server "$(port_of stock)" Feed__Hub__StockSignalR=true; else start_server "$(port_of ours)"; fi; }
part() {  # part CONFIG PART NAME
  local target=(--url "http://127.0.0.1:$(port_of "$1")" --protocol "$PROTOCOL")
  case $2 in
    idle) loadtest "$3" "${target[@]}" --connections "$N" --ramp 2000 --publishers 0 --duration 2 ;;
    fanout) loadtest "$3" "${target[@]}" --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --rate 1 --duration "$DURATION" ;;
    burst) loadtest "$3" "${target[@]}" --connections "$N" --ramp 2000 --publishers 1 --warmup "$WARMUP" --burst 20 ;;
  esac
}
if [ "${INTERLEAVE:-0}" = 1 ]; then
  # One server per configuration for the whole invocation; each part runs on every configuration
  # in CONFIGS order (e.g. "ours stock stock ours") before the next part, so the runs compared sit
  # minutes apart instead of a server's lifetime apart and the machine's drift falls on both.
  configs=${CONFIGS:-ours stock stock ours}
  for config in $(printf '%s\n' $configs | sort -u); do start "$config"; done
  k=0
  for p in ${PARTS:-idle fanout burst}; do
    k=$((k + 1)); i=0
    for config in $configs; do i=$((i + 1)); part "$config" "$p" "e-$config-$p-$k$(echo "$i" | tr 1-9 a-i)"; done
  done
  stop_servers
else
  for config in ${CONFIGS:-ours stock}; do
    start "$config"
    run=$((${run:-0} + 1))
    declare -A seen=()
    for p in ${PARTS:-idle fanout burst}; do
      repeat=${seen[$p]:-}; seen[$p]=$(echo "${repeat:-a}" | tr 'a-y' 'b-z')
      part "$config" "$p" "e-$config-$p-$run${repeat}"
    done
    unset seen
    stop_servers
  done
fi

echo
echo "e-stock: $N connections, $PROTOCOL, $(nproc) cores (runs in the order they ran)"
printf '%-22s %12s %10s %14s %14s %10s\n' run deliveries/s "p99 ms" "CPU us/deliv" "tester us/del" "JIT meth"
rows=$(for f in $(ls -tr "$out"/e-*-[0-9]*.json 2>/dev/null); do
  name=$(basename "$f" .json)
  [ "$(jq -r '.deliveries.expected // 0' "$f")" = 0 ] && continue
  printf '%-22s %12.0f %10.1f %14.2f %14.2f %10d\n' "$name" "$(jq -r '.deliveries.received / .deliveries.seconds' "$f")" \
    "$(jq -r .latencyMs.p99 "$f")" "$(jq -r .server.cpuMicrosecondsPerDelivery "$f")" "$(jq -r .tester.cpuMicrosecondsPerDelivery "$f")" \
    "$(jq -r '.server.jitMethodsWhileDelivering // 0' "$f")"
done)
echo "$rows"
# Interleaved: ours / stock per part, each configuration's runs of that part averaged.
[ "${INTERLEAVE:-0}" = 1 ] && echo "$rows" | awk '
  { split($1, n, "-"); key = n[3] "-" substr(n[4], 1, length(n[4]) - 1); c = n[2]
    if (!(key in seen)) { seen[key] = 1; order[++parts] = key }
    runs[key, c]++; rate[key, c] += $2; p99[key, c] += $3; cpu[key, c] += $4 }
  END { printf "\n%-12s %16s %10s %16s\n", "ours/stock", "deliveries/s", "p99", "CPU us/deliv"
    for (i = 1; i <= parts; i++) { k = order[i]; o = runs[k, "ours"]; s = runs[k, "stock"]
      if (o && s) printf "%-12s %16.2f %10.2f %16.2f\n", k, (rate[k, "ours"] / o) / (rate[k, "stock"] / s),
        (p99[k, "ours"] / o) / (p99[k, "stock"] / s), (cpu[k, "ours"] / o) / (cpu[k, "stock"] / s) } }'
