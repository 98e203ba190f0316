#!/usr/bin/env bash
# Shared helpers for the benchmark scenarios (sourced by scripts/bench/*.sh).
# Servers run as Release processes in Development (dev tokens, /api/admin/stats) with raised
# publish limits, no connect-rate limit (the ramps exceed 1000/s) and demo activity off; the load
# tester runs as a Release process beside them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${BENCH_OUT:-$root/.artifacts/bench}"
mkdir -p "$out"
# SERVER_DLL: another build of the server (e.g. a git worktree of an older commit) for A/B runs.
server_dll="${SERVER_DLL:-$root/server/Feed.Server/bin/Release/net10.0/Feed.Server.dll}"
tester_dll="$root/loadtest/Feed.LoadTest/bin/Release/net10.0/Feed.LoadTest.dll"
pids=()
# Unmeasured posts before each publishing run (Feed.LoadTest --warmup): measures warm code, not the JIT.
# 100: code run once per post needs about 60 calls to reach the tiered JIT's final tier (30 to be
# instrumented, 30 more); with 20 the server still compiled 110-290 methods during a measured burst.
# The tester then waits until the server's JIT has gone quiet (--jit-wait).
WARMUP=${WARMUP:-100}

bench_build() {
  [ "${BENCH_NO_BUILD:-}" = 1 ] && return 0
  dotnet build "$root/server/Feed.Server" -c Release --verbosity quiet -nologo >/dev/null
  dotnet build "$root/loadtest/Feed.LoadTest" -c Release --verbosity quiet -nologo >/dev/null
}

# start_server PORT [Key=Value ...]: a Feed server on 127.0.0.1:PORT, extra settings as environment.
start_server() {
  local port=$1; shift
  local env=(ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port"
    Feed__Limits__PublishBurst=100000 Feed__Limits__PublishPerSecond=100000 Feed__Limits__SendBacklog=1024 Feed__Limits__ConnectsPerSecond=0
    Feed__Demo__ActivityInterval=00:00:00 Logging__LogLevel__Default=Warning)
  env "${env[@]}" "$@" dotnet "$server_dll" >"$out/server-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server on port $port did not start; see $out/server-$port.log" >&2
  return 1
}

stop_servers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_servers EXIT

# settle_sockets: waits (up to 90 s) until the previous run's closed sockets left TIME_WAIT, so
# each run connects from the same clean socket table: with 10,000+ sockets still in TIME_WAIT
# the next run's connects were slower, favouring whichever configuration ran first.
settle_sockets() {
  for _ in $(seq 1 90); do
    [ "$(ss -Htan state time-wait | wc -l)" -lt 500 ] && return 0
    sleep 1
  done
  echo "still $(ss -Htan state time-wait | wc -l) sockets in TIME_WAIT after 90 s: running anyway"
}

# loadtest NAME ARGS...: runs the tester, keeps its output and JSON report under $out.
# SETTLE=0 skips waiting for TIME_WAIT to drain first.
loadtest() {
  local name=$1; shift
  [ "${SETTLE:-1}" = 0 ] || settle_sockets
  echo "== $name: Feed.LoadTest $*"
  dotnet "$tester_dll" --quiet --out "$out/$name.json" "$@" | tee "$out/$name.txt" || true
}

# field NAME PATH: one number from a report, e.g. field b-json latencyMs.p99
field() { jq -r ".$2" "$out/$1.json"; }

# wait_quiet: waits (polling each minute, up to 30 min) until no other test host runs and the
# 1-minute load is below 1.5 on this 2-core machine; then runs anyway, saying so.
wait_quiet() {
  for _ in $(seq 1 30); do
    local hosts load
    hosts=$(pgrep -fc 'testhost|vstest.console' || true)
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ "$hosts" -eq 0 ] && awk "BEGIN{exit !($load < 1.5)}"; then return 0; fi
    echo "waiting: $hosts test hosts, load $load"
    sleep 60
  done
  echo "machine never became quiet (load $(cut -d' ' -f1 /proc/loadavg)): running anyway"
}
