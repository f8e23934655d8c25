#!/usr/bin/env bash
# Load test of qmatch-server (release build) on a generated community, with wrk (Debian: apt-get install wrk).
#   Benchmarks/load/run.sh [MEMBERS] [SECONDS] [CONNECTIONS]
# 1. recommendations for random discoverable members, 2. /health, 3. recommendations again while a rebuild
# runs (POST /v1/admin/rebuild shortly after the start). Prints LOAD lines and the machine's load average.
# Traffic goes to 127.0.0.1 only; every wrk run is bounded in time.
set -euo pipefail
MEMBERS=${1:-10000}
SECONDS_PER_RUN=${2:-20}
CONNECTIONS=${3:-32}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/Benchmarks/load"
BIN="$ROOT/.build/release"
WORK=${WORK:-/tmp/qmatch-load-$MEMBERS}
PORT=${PORT:-18480}
TOKEN=load-test-admin-token-0123456789
URL="http://127.0.0.1:$PORT"

[ -x "$BIN/qmatch-server" ] && [ -x "$BIN/qmatch" ] || {
  echo "build first: swift build -c release --product qmatch-server && swift build -c release --product qmatch" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

. "$HERE/community.sh"
ensure_community "$WORK" "$MEMBERS"
sqlite3 "$WORK/community.sqlite" "SELECT id FROM member WHERE discoverable = 1 ORDER BY random() LIMIT 2000" > "$WORK/ids.txt"

SERVER=
serve() {  # serve CACHE_ENTRIES
  [ -n "$SERVER" ] && { kill -TERM $SERVER; wait $SERVER 2>/dev/null || true; }
  OPENBLAS_NUM_THREADS=1 QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$WORK/community.sqlite" --port "$PORT" \
    --log-level warning --cache-entries "$1" >> "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
}
trap '[ -n "$SERVER" ] && kill -TERM $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }
recommend() {  # recommend SECONDS
  IDS_FILE="$WORK/ids.txt" wrk -t2 -c"$CONNECTIONS" -d"$1s" --latency -s "$HERE/recommend.lua" "$URL" | grep -E "^LOAD|Non-2xx"
}

serve 0
curl -sf "$URL/health"; echo
IDS_FILE="$WORK/ids.txt" wrk -t1 -c8 -d3s -s "$HERE/recommend.lua" "$URL" >/dev/null   # warm-up
echo "== recommendations, every answer computed (--cache-entries 0): $CONNECTIONS connections, ${SECONDS_PER_RUN}s"; load
recommend "$SECONDS_PER_RUN"

serve 20000
# Ask for every member once (4 at a time) so that the measured run is the steady state.
WARM_START=$(date +%s.%N)
xargs -P 4 -I{} curl -sf -o /dev/null "$URL/v1/members/{}/recommendations?limit=10" < "$WORK/ids.txt"
echo "== first answers for $(wc -l < "$WORK/ids.txt") members, 4 at a time: $(echo "$(date +%s.%N) - $WARM_START" | bc) s"
echo "== recommendations, answers kept (default): $CONNECTIONS connections, ${SECONDS_PER_RUN}s over $(wc -l < "$WORK/ids.txt") members"; load
recommend "$SECONDS_PER_RUN"
echo "== /health: $CONNECTIONS connections, ${SECONDS_PER_RUN}s"; load
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$HERE/plain.lua" "$URL/health" | grep -E "^LOAD|Non-2xx"

echo "== recommendations during a rebuild: $CONNECTIONS connections, $((SECONDS_PER_RUN * 2))s"; load
IDS_FILE="$WORK/ids.txt" wrk -t2 -c"$CONNECTIONS" -d"$((SECONDS_PER_RUN * 2))s" --latency -s "$HERE/recommend.lua" "$URL" \
  > "$WORK/during-rebuild.txt" &
WRK=$!
sleep 2
curl -sf -X POST -H "Authorization: Bearer $TOKEN" "$URL/v1/admin/rebuild"; echo
while :; do
  STATUS=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/v1/admin/rebuild")
  case "$STATUS" in *'"state":"idle"'*) break ;; esac
  kill -0 $WRK 2>/dev/null || { echo "the rebuild outlasted the load run"; break; }
  sleep 0.5
done
echo "rebuild: $STATUS"
wait $WRK
grep -E "^LOAD|Non-2xx" "$WORK/during-rebuild.txt"
curl -sf "$URL/health"; echo
