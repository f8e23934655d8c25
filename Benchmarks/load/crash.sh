#!/usr/bin/env bash
# SIGKILL during a rebuild, then restart: the server must serve the previous snapshot, and the database must
# be intact.   Benchmarks/load/crash.sh [MEMBERS] [build|write]   (uses the community that run.sh made)
# build: kill 1.5 s into the rebuild (featurizing); write: kill as soon as the new file is being written.
set -euo pipefail
MEMBERS=${1:-10000}
PHASE=${2:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$ROOT/.build/release"
WORK=${WORK:-/tmp/qmatch-load-$MEMBERS}
PORT=${PORT:-18481}
TOKEN=load-test-admin-token-0123456789
URL="http://127.0.0.1:$PORT"
[ -f "$WORK/community.sqlite" ] || { echo "run Benchmarks/load/run.sh first" >&2; exit 1; }

start() {
  QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$WORK/community.sqlite" --port "$PORT" --log-level notice \
    >> "$WORK/crash-server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do curl -sf "$URL/health" >/dev/null && return; sleep 0.2; done
  echo "the server did not start" >&2; exit 1
}

INDEX="$WORK/community.qindex"
start
BEFORE=$(sha256sum "$INDEX" | cut -d' ' -f1)
BUILT=$(curl -sf "$URL/health" | sed -E 's/.*"builtAt":"([^"]+)".*/\1/')
echo "serving index built at $BUILT, sha256 $BEFORE"
# Writes that the killed rebuild would have folded into the next snapshot: they are in the store.
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" "$URL/v1/members/crash-test-member" \
  -d '{"name": "Crash Test", "topics": ["inpatient falls"]}' >/dev/null
curl -sf -X POST -H "Authorization: Bearer $TOKEN" "$URL/v1/admin/rebuild" >/dev/null
if [ "$PHASE" = write ]; then
  for _ in $(seq 1 20000); do compgen -G "$INDEX.tmp-*" >/dev/null && break; sleep 0.002; done
else
  sleep 1.5
fi
kill -KILL $SERVER; wait $SERVER 2>/dev/null || true
echo "killed in phase '$PHASE' of the rebuild"
echo "left beside the index: $(ls "$WORK" | grep -c 'qindex.tmp-' || true) temporary file(s)"
AFTER=$(sha256sum "$INDEX" | cut -d' ' -f1)
[ "$BEFORE" = "$AFTER" ] && echo "index file unchanged: yes" || echo "index file unchanged: NO (a complete new index was renamed in before the kill)"
echo "database integrity: $(sqlite3 "$WORK/community.sqlite" 'PRAGMA integrity_check')"
echo "member written before the kill is stored: $(sqlite3 "$WORK/community.sqlite" "SELECT count(*) FROM member WHERE id = 'crash-test-member'")"
start
echo "after restart: $(curl -sf "$URL/health")"
curl -sf "$URL/v1/members/crash-test-member" >/dev/null && echo "the member is served after restart: yes"
curl -sf -X DELETE -H "Authorization: Bearer $TOKEN" "$URL/v1/members/crash-test-member"
kill -TERM $SERVER; wait $SERVER 2>/dev/null || true
rm -f "$INDEX".tmp-*
