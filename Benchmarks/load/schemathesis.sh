#!/usr/bin/env bash
# Schemathesis 4.x (PyPI: pip install 'schemathesis>=4,<5') against the running server's /openapi.json, with
# every check (see schemathesis.toml) and the admin token, so that every route is exercised.
#   Benchmarks/load/schemathesis.sh [MAX_EXAMPLES] [extra `st run` options...]
# A fresh generated community (MEMBERS, default 300) is imported and built (qmatch generate, import, build); the server
# listens on 127.0.0.1 only. Pass mark: no server error and no failed check (the exit status says which).
# BIN: the directory with qmatch and qmatch-server (default .build/release); WORK, PORT: where and on what.
set -euo pipefail
EXAMPLES=${1:-100}
MEMBERS=${MEMBERS:-300}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
WORK=${WORK:-/tmp/qmatch-schemathesis}
PORT=${PORT:-18482}
TOKEN=schemathesis-admin-token-0123456789
URL="http://127.0.0.1:$PORT"
rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/qmatch" generate --members "$MEMBERS" --seed 1 --out "$WORK/generated" >/dev/null
"$BIN/qmatch" import "$WORK/generated" --db "$WORK/community.sqlite" >/dev/null
"$BIN/qmatch" build --db "$WORK/community.sqlite" --dimension 64 >/dev/null
QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$WORK/community.sqlite" --host 127.0.0.1 --port "$PORT" \
  --log-level warning > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
curl -sf "$URL/health" >/dev/null || { echo "schemathesis.sh: the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
# Every check runs (schemathesis 4's default, with the settings of schemathesis.toml; `--checks all` here would
# override the config's one per-route exception). One worker: two tripped a thread-safety bug of CPython 3.11's
# ast.parse inside hypothesis. too_slow: generating PUT /v1/members bodies (many constrained fields) is slow on a busy machine; that is the
# generator's speed, not the server's.
cd "$WORK"   # schemathesis keeps its caches (.schemathesis, .hypothesis) in the working directory
status=0
st --config-file "$ROOT/Benchmarks/load/schemathesis.toml" run "$URL/openapi.json" --url "$URL" \
  --header "Authorization: Bearer $TOKEN" --max-examples "$EXAMPLES" --request-timeout 30 --seed 1 \
  --suppress-health-check too_slow \
  "${@:2}" || status=$?
if grep -q "unhandled error\|server-side failure" "$WORK/server.log"; then
  echo "schemathesis.sh: the server logged errors:" >&2
  grep "unhandled error\|server-side failure" "$WORK/server.log" | head -20 >&2
  status=1
fi
exit $status
