#!/usr/bin/env bash
# GetFeed through the MongoDB store (scripts/bench/store-getfeed.cs): this checkout against an
# older commit, the same command in the same run, rounds alternating which build goes first.
# The older build runs from a git worktree with this checkout's copy of the benchmark file.
#   bash scripts/bench/store-ab.sh OLD_REV [ROUNDS] [store-getfeed options...]
#   bash scripts/bench/store-ab.sh fc929ed 2 --seconds 10 --concurrency 16
set -euo pipefail
cd "$(dirname "$0")/../.."
old=${1:?usage: store-ab.sh OLD_REV [ROUNDS] [options...]}
rounds=${2:-2}
shift $(( $# >= 2 ? 2 : 1 ))
dir="${TMPDIR:-/tmp}/feed-store-ab-$(git rev-parse --short "$old")"
[ -d "$dir" ] || git worktree add --detach "$dir" "$old" >/dev/null
mkdir -p "$dir/scripts/bench" && cp scripts/bench/store-getfeed.cs "$dir/scripts/bench/"
[ -e "$dir/client-js/node_modules" ] || ln -s "$PWD/client-js/node_modules" "$dir/client-js/node_modules"
declare -A trees=([new]="$PWD" [old]="$dir")
for label in new old; do
  dotnet build -c Release "${trees[$label]}/scripts/bench/store-getfeed.cs" -v q -nologo >/dev/null
done
for round in $(seq 1 "$rounds"); do
  order=(new old); (( round % 2 == 0 )) && order=(old new)
  for label in "${order[@]}"; do
    dotnet run -c Release --no-build "${trees[$label]}/scripts/bench/store-getfeed.cs" -- --label "$label ($(git -C "${trees[$label]}" rev-parse --short HEAD)) round $round" "$@"
  done
done
