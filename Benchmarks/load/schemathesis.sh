#!/usr/bin/env bash
# Schemathesis (PyPI: pip install schemathesis) against the running server's /openapi.json, with the admin
# token so that every route is exercised.   Benchmarks/load/schemathesis.sh [MAX_EXAMPLES]
# Uses a copy of a generated 300-member community; traffic goes to 127.0.0.1 only.
set -euo pipefail
EXAMPLES=${1:-100}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$ROOT/.build/release"
WORK=${WORK:-/tmp/qmatch-schemathesis}
PORT=${PORT:-18482}
TOKEN=schemathesis-admin-token-0123456789
URL="http://127.0.0.1:$PORT"
rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/qmatch" generate --members 300 --seed 1 --out "$WORK/generated" >/dev/null
"$BIN/qmatch" import "$WORK/generated" --db "$WORK/community.sqlite" >/dev/null
QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$WORK/community.sqlite" --port "$PORT" --log-level warning \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
cd "$WORK"   # schemathesis keeps its caches (.schemathesis, .hypothesis) in the working directory
st --config-file "$ROOT/Benchmarks/load/schemathesis.toml" run "$URL/openapi.json" --url "$URL" --header "Authorization: Bearer $TOKEN" \
  --max-examples "$EXAMPLES" --request-timeout 30 --seed 1 "${@:2}"
