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
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results/dotnet" || status=1

log "node --test (client-js)"
export FEED_SERVER_DLL="$root/server/Feed.Server/bin/Release/net10.0/Feed.Server.dll"
(cd client-js && node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/node.tap" test/*.test.mjs) || status=1

# One total over every runner: TRX counters for .NET, TAP summary for node.
passed=0; failed=0
for trx in "$results"/dotnet/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
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
