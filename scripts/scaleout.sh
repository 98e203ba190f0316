#!/usr/bin/env bash
# Runs N Feed server instances locally without Docker, the way compose.yaml does with it:
# redis-server (the backplane), a shared store, N servers, and Debian's nginx in front.
#   scripts/scaleout.sh [N]        (default 3; Ctrl-C stops everything)
# Then open http://127.0.0.1:${FEED_PORT:-8080}/ . The in-memory store is per process, so the
# instances share a store through ConnectionStrings:Mongo: $FEED_MONGO if set (a real MongoDB,
# e.g. mongodb://127.0.0.1:27017/feed), else a jongodb test server from client-js/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
count=${1:-3}
port=${FEED_PORT:-8080}
work=$(mktemp -d /tmp/feed-scaleout.XXXXXX)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped; logs were in $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for_line() { # file pattern seconds
  for _ in $(seq 1 $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:"; tail -20 "$1"; exit 1
}

command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install -y redis-server"; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing: apt-get install -y nginx"; exit 1; }

dll=$root/server/Feed.Server/bin/Release/net10.0/Feed.Server.dll
if [ ! -f "$dll" ]; then
  echo "building the server (Release)"
  dotnet build server/Feed.Server -c Release --nologo -v quiet
fi

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for_line "$work/redis.log" "Ready to accept connections" 20
echo "redis-server on 127.0.0.1:$redis_port"

mongo=${FEED_MONGO:-}
if [ -z "$mongo" ]; then
  jongodb=$root/client-js/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb
  [ -x "$jongodb" ] || { echo "set FEED_MONGO=mongodb://... (no jongodb in client-js/node_modules)"; exit 1; }
  "$jongodb" --host=127.0.0.1 --port=0 >"$work/jongodb.log" 2>&1 &
  pids+=($!)
  wait_for_line "$work/jongodb.log" "JONGODB_URI=" 20
  mongo="$(sed -n 's/^JONGODB_URI=\(mongodb:\/\/[^/]*\)\/.*/\1/p' "$work/jongodb.log" | head -1)/feed"
  echo "jongodb (a MongoDB-wire test server, in memory) at $mongo"
fi

# Every instance must share the signing key, or a token from one is refused by the others.
key=${FEED_SIGNING_KEY:-scaleout-demo-key-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
upstreams=""
for i in $(seq 1 "$count"); do
  p=$(free_port)
  ASPNETCORE_URLS="http://127.0.0.1:$p" ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Mongo="$mongo" ConnectionStrings__Redis="127.0.0.1:$redis_port" \
  Feed__Auth__SigningKey="$key" Feed__Demo__ActivityInterval="${FEED_DEMO_INTERVAL:-00:00:04}" \
    dotnet "$dll" >"$work/server$i.log" 2>&1 &
  pids+=($!)
  upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=5s;\n"
  echo "server $i on http://127.0.0.1:$p (log $work/server$i.log)"
done
for i in $(seq 1 "$count"); do wait_for_line "$work/server$i.log" "Application started" 60; done

# deploy/nginx.conf with local ports, paths under $work, in the foreground.
sed -e "s|^\( *\)server server:8080.*|$upstreams|" \
    -e "s|listen 80;|listen 127.0.0.1:$port;|" \
    -e "s|^http {|http {\n    access_log off;\n    client_body_temp_path $work/body;\n    proxy_temp_path $work/proxy;\n    fastcgi_temp_path $work/fastcgi;\n    uwsgi_temp_path $work/uwsgi;\n    scgi_temp_path $work/scgi;|" \
    -e "s|worker_connections 16384;|worker_connections 4096;|" \
    deploy/nginx.conf >"$work/nginx.conf"
nginx -e "$work/nginx.error.log" -p "$work" -c "$work/nginx.conf" -g "daemon off; pid $work/nginx.pid; user root;" &
pids+=($!)
echo "nginx on http://127.0.0.1:$port/ in front of $count instances (Ctrl-C stops everything)"
wait
