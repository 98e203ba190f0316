#!/usr/bin/env bash
# (i) The delivery engine's flushers (one per core) on 1 core vs 2: a burst of 20 posts to N
#     followers, the tester pinned with taskset to core 0, the server pinned to core 1 (one
#     flusher) or free on both cores (two flushers); RUNS rounds alternating.
source "$(dirname "$0")/common.sh"
N=${N:-10000}; RUNS=${RUNS:-2}; PROTOCOL=${PROTOCOL:-messagepack}
bench_build
for run in $(seq 1 "$RUNS"); do
  for cores in 1 2; do
    if [ "$cores" = 1 ]; then
      server_dll_cmd=(taskset -c 1 dotnet "$server_dll")
    else
      server_dll_cmd=(dotnet "$server_dll")
    fi
    env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:5471 Feed__Limits__PublishBurst=100000 \
      Feed__Limits__PublishPerSecond=100000 Feed__Limits__SendBacklog=1024 Feed__Limits__ConnectsPerSecond=0 Feed__Demo__ActivityInterval=00:00:00 \
      Logging__LogLevel__Default=Warning "${server_dll_cmd[@]}" >"$out/server-5471.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do curl -sf http://127.0.0.1:5471/healthz >/dev/null 2>&1 && break; sleep 0.5; done
    echo "== i-$cores-core-$run"
    taskset -c 0 dotnet "$tester_dll" --quiet --out "$out/i-$cores-core-$run.json" --url http://127.0.0.1:5471 --protocol "$PROTOCOL" --connections "$N" --ramp 2000 \
      --publishers 1 --warmup "$WARMUP" --burst 20 >"$out/i-$cores-core-$run.txt" || true
    stop_servers
    echo "server on $cores core(s), run $run: $(jq -c '{deliveriesPerSecond, p99: .latencyMs.p99, serverUs: .server.cpuMicrosecondsPerDelivery, missing: .deliveries.missing, duplicates: .deliveries.duplicates}' "$out/i-$cores-core-$run.json")"
  done
done
