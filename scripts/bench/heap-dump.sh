#!/usr/bin/env bash
# Memory per idle connection and a heap dump at N idle connections on one fresh server:
# /api/admin/stats?gc=true before and after connecting, then dotnet-gcdump collect + report.
# Needs the dotnet-gcdump global tool (dotnet tool install -g dotnet-gcdump). Extra
# arguments are Key=Value settings for the server, e.g. DOTNET_gcServer=0; PROTOCOL=messagepack
# connects over MessagePack (default json).
source "$(dirname "$0")/common.sh"
N=${N:-10000}; port=5470; url=http://127.0.0.1:$port
bench_build
start_server "$port" "$@"
curl -s "$url/api/admin/stats?gc=true" >"$out/heap-before.json"
dotnet "$tester_dll" --url "$url" --protocol "${PROTOCOL:-json}" --connections "$N" --ramp 2000 --publishers 0 --duration 40 --quiet --out "$out/heap-idle.json" >"$out/heap-idle.txt" &
tester=$!
sleep 25
curl -s "$url/api/admin/stats?gc=true" >"$out/heap-after.json"
"${HOME}/.dotnet/tools/dotnet-gcdump" collect -p "${pids[0]}" -o "$out/heap.gcdump" >/dev/null
"${HOME}/.dotnet/tools/dotnet-gcdump" report "$out/heap.gcdump" >"$out/heap-report.txt"
wait "$tester" || true
jq -rn --slurpfile b "$out/heap-before.json" --slurpfile a "$out/heap-after.json" --argjson n "$N" \
  '"working set \((($a[0].workingSetBytes - $b[0].workingSetBytes) / $n / 1024 * 10 | round) / 10) KiB/connection, managed heap \((($a[0].managedHeapBytes - $b[0].managedHeapBytes) / $n / 1024 * 10 | round) / 10) KiB/connection"'
echo "types by size: $out/heap-report.txt"
