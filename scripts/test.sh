#!/usr/bin/env bash
# Runs every test of the project (C# and JS), installing what is missing first.
# Idempotent: safe to run again. Ends with one line "N passed, M failed" over all runners.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/.artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

log() { printf '\n== %s\n' "$*"; }
need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)            # scale-out tests: nginx in front of server processes
command -v docker-compose >/dev/null || need_apt+=(docker-compose)  # validates compose.yaml (no engine needed)
command -v chromium >/dev/null || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || { echo "apt-get install failed"; exit 1; }
fi

log "npm ci (client-js)"
(cd client-js && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }

log "dotnet restore + build (Release)"
dotnet restore Feed.sln --verbosity quiet || { echo "dotnet restore failed"; exit 1; }
dotnet build Feed.sln -c Release --no-restore --verbosity quiet -nologo || { echo "dotnet build failed"; exit 1; }

status=0
log "dotnet test"
dotnet test Feed.sln -c Release --no-build --verbosity quiet -nologo \
  --blame-hang-timeout 8m --blame-hang-dump-type none \
  --logger "console;verbosity=minimal" --results-directory "$results/dotnet" 2>&1 | tee "$results/dotnet.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

log "node --test (client-js)"
export FEED_SERVER_DLL="$root/server/Feed.Server/bin/Release/net10.0/Feed.Server.dll"
(cd client-js && node --test --test-timeout=300000 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/node.tap" test/*.test.mjs) || status=1

# One total over every runner: the per-assembly summaries of dotnet test ("Passed!  - Failed: 0,
# Passed: 44, ...") and the TAP summary of node. Every test project must report one summary.
passed=0; failed=0; summaries=0
while read -r f p; do
  passed=$((passed + p)); failed=$((failed + f)); summaries=$((summaries + 1))
done < <(sed -n 's/^.*\(Passed\|Failed\)! *- *Failed: *\([0-9]*\), *Passed: *\([0-9]*\),.*$/\2 \3/p' "$results/dotnet.log")
projects=$(ls server/*.Tests/*.csproj loadtest/*.Tests/*.csproj | wc -l)
if [ "$summaries" -ne "$projects" ]; then
  echo "only $summaries of $projects test projects reported results (a test host crashed?)"
  status=1
fi
if [ -f "$results/node.tap" ]; then
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$results/node.tap" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$results/node.tap" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
else
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # a runner failed without reporting a failed test (crash, build error): count it
fi
echo
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
