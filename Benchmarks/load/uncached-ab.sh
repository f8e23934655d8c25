#!/usr/bin/env bash
# Issue 15: every answer computed (--cache-entries 0), two qmatch-server binaries alternating on one community.
#   Benchmarks/load/uncached-ab.sh BEFORE_SERVER AFTER_SERVER DB IDS_FILE [ROUNDS] [SECONDS] [CONNECTIONS]
# Each round starts each server in turn (order alternating), warms it for 3 s, then runs wrk (2 threads) and
# prints its LOAD lines with the load average. Traffic goes to 127.0.0.1 only.
set -euo pipefail
BEFORE=$1; AFTER=$2; DB=$3; IDS=$4; ROUNDS=${5:-3}; SECONDS_PER_RUN=${6:-15}; CONNECTIONS=${7:-32}
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${PORT:-18482}
URL="http://127.0.0.1:$PORT"
SERVER=
stop() { [ -n "$SERVER" ] && { kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }; SERVER=; }
trap stop EXIT
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="before after"; else order="after before"; fi
  for which in $order; do
    bin=$BEFORE; [ "$which" = after ] && bin=$AFTER
    OPENBLAS_NUM_THREADS=1 QMATCH_ADMIN_TOKEN=ab-test-admin-token-0123456789 "$bin" --db "$DB" --port "$PORT" \
      --log-level warning --cache-entries 0 >/dev/null 2>&1 &
    SERVER=$!
    for _ in $(seq 1 150); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
    IDS_FILE="$IDS" wrk -t1 -c8 -d3s -s "$HERE/recommend.lua" "$URL" >/dev/null
    echo "== $which round=$round load=$(cut -d' ' -f1-3 /proc/loadavg)"
    IDS_FILE="$IDS" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$HERE/recommend.lua" "$URL" \
      | grep -E "^LOAD|Non-2xx"
    stop
  done
done
