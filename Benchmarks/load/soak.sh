#!/usr/bin/env bash
# Soak of qmatch-server (release build): mixed reads and writes (10 % writes: dismissals, ties, profile edits,
# opt-outs, erasures) with a rebuild every 5 minutes, checked by Benchmarks/load/mixed.py for errors, for answers
# that name a member hidden or erased before they were asked, and for resident memory over time.
#   Benchmarks/load/soak.sh [MEMBERS] [MINUTES] [WORKERS]      (WARMUP=SECONDS: when memory counts as warm; 300)
# Builds the community as Benchmarks/load/run.sh does (in a folder of its own, since the soak writes to it).
set -euo pipefail
MEMBERS=${1:-10000}
MINUTES=${2:-30}
WORKERS=${3:-8}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/Benchmarks/load"
BIN="$ROOT/.build/release"
WORK=${WORK:-/tmp/qmatch-soak-$MEMBERS}
PORT=${PORT:-18481}
TOKEN=soak-test-admin-token-0123456789
URL="http://127.0.0.1:$PORT"

[ -x "$BIN/qmatch-server" ] && [ -x "$BIN/qmatch" ] || {
  echo "build first: swift build -c release --product qmatch-server && swift build -c release --product qmatch" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install -y sqlite3" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/qmatch" generate --members "$MEMBERS" --seed 1 --out "$WORK/generated" >/dev/null
"$BIN/qmatch" import "$WORK/generated" --db "$WORK/community.sqlite" >/dev/null
"$BIN/qmatch" build --db "$WORK/community.sqlite" >/dev/null
sqlite3 "$WORK/community.sqlite" "SELECT id FROM member WHERE discoverable = 1 ORDER BY random() LIMIT 4000" > "$WORK/ids.txt"
sqlite3 -separator $'\t' "$WORK/community.sqlite" "SELECT id, name FROM member" > "$WORK/names.tsv"

OPENBLAS_NUM_THREADS=1 QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$WORK/community.sqlite" --port "$PORT" \
  --log-level warning > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
echo "soak: $MEMBERS members, $MINUTES min, $WORKERS workers, rebuild every 300 s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/mixed.py" "$URL" "$TOKEN" "$WORK/ids.txt" "$WORK/names.tsv" --seconds $((MINUTES * 60)) \
  --workers "$WORKERS" --writes 0.10 --rebuild-every 300 --pid $SERVER --warmup "${WARMUP:-300}"
STATUS=$?
echo "server log lines at warning or above: $(wc -l < "$WORK/server.log")"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/health"; echo
exit $STATUS
