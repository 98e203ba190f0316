#!/usr/bin/env bash
# A/B of server builds with one tester (this checkout's): each argument is "LABEL DIR [Key=Value ...]",
# DIR a checkout with a Release build of server/Feed.Server (e.g. a `git worktree add`), the settings
# passed to that server as environment. RUNS rounds, builds alternating, a fresh server per run.
#   bash scripts/bench/ab-builds.sh "new ." "old ../old" "stock . Feed__Hub__StockSignalR=true"
#   SCENARIO="--rate 1 --duration 20" bash scripts/bench/ab-builds.sh ...     (default: --burst 20)
#   PUBLISHERS=10 SCENARIO="--rate 10 --duration 15" bash scripts/bench/ab-builds.sh ...
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-3}; N=${N:-10000}; SCENARIO=${SCENARIO:-"--burst 20"}
bench_build
for run in $(seq 1 "$RUNS"); do
  for spec in "$@"; do
    read -r label dir settings <<<"$spec"
    server_dll="$(cd "$dir" && pwd)/server/Feed.Server/bin/Release/net10.0/Feed.Server.dll"
    # shellcheck disable=SC2086 # settings are separate Key=Value words
    start_server 5451 $settings
    loadtest "ab-$label-$run" --url http://127.0.0.1:5451 --connections "$N" --ramp 2000 --publishers "${PUBLISHERS:-1}" \
      --warmup "$WARMUP" $SCENARIO >/dev/null
    stop_servers
    echo "$label run $run: $(jq -c '{deliveriesPerSecond, p50: .latencyMs.p50, p99: .latencyMs.p99, serverUs: .server.cpuMicrosecondsPerDelivery, testerUs: .tester.cpuMicrosecondsPerDelivery, missing: .deliveries.missing, duplicates: .deliveries.duplicates}' "$out/ab-$label-$run.json")"
  done
done
