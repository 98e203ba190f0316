#!/usr/bin/env bash
# (g) GET /api/feed requests/s and latency with wrk on the in-memory store: a reader following
#     10 authors with 5 posts each, so each page holds 20 items from several authors.
source "$(dirname "$0")/common.sh"
CONNECTIONS=${CONNECTIONS:-64}; DURATION=${DURATION:-20}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null); }
bench_build
start_server 5461
api=http://127.0.0.1:5461/api
token_of() { curl -sf -H 'Content-Type: application/json' -d "{\"userId\":\"$1\"}" "$api/auth/token" | jq -r .accessToken; }
token=$(token_of bench-reader)
for a in $(seq 1 10); do
  author=$(token_of "bench-author-$a")
  for p in $(seq 1 5); do
    curl -sf -o /dev/null -H "Authorization: Bearer $author" -H 'Content-Type: application/json' \
      -d "{\"text\":\"post $p by author $a, long enough to look like a real post about systems.\"}" "$api/posts"
  done
  curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token" "$api/follows/bench-author-$a"
done
items=$(curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:5461/api/feed | jq '.items | length')
echo "== g: a page holds $items items; wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency"
wrk -t2 -c2 -d3s -H "Authorization: Bearer $token" http://127.0.0.1:5461/api/feed >/dev/null # warm-up
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" http://127.0.0.1:5461/api/feed \
  | tee "$out/g-wrk.txt"
