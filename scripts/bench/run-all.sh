#!/usr/bin/env bash
# Runs every scenario (a-g, graph) once the machine is quiet; results land in .artifacts/bench/.
source "$(dirname "$0")/common.sh"
bench_build
wait_quiet
export BENCH_NO_BUILD=1
dir="$(dirname "$0")"
for scenario in a-idle b-fanout c-sustained e-stock f-scaleout g-wrk graph; do
  echo "#### $scenario ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))"
  bash "$dir/$scenario.sh"
done
