#!/usr/bin/env bash
# (g) GET /api/feed requests/s and latency with wrk on the in-memory store: a reader following
#     10 authors with 5 posts each, so each page holds 20 items from several authors.
#     PROFILES=http: authors' profiles come from a profile service (scripts/bench/profile-service.py)
#     through the HTTP profile client and its HybridCache, instead of from the store.
#     SERVER_ENV adds server settings, e.g. SERVER_ENV="Feed__Timelines__Enabled=false".
source "$(dirname "$0")/common.sh"
CONNECTIONS=${CONNECTIONS:-64}; DURATION=${DURATION:-20}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null); }
bench_build
if [ "${PROFILES:-store}" = http ]; then
  python3 "$root/scripts/bench/profile-service.py" 5462 2>"$out/g-profiles.log" &
  profiles_pid=$!
  trap 'stop_servers; kill -INT $profiles_pid 2>/dev/null || true' EXIT
  start_server 5461 Feed__Profiles__BaseUrl=http://127.0.0.1:5462/ ${SERVER_ENV:-}
else
  start_server 5461 ${SERVER_ENV:-}
fi
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
  | tee "$out/g-wrk-${PROFILES:-store}.txt"
