#!/usr/bin/env bash
# Web page render time on the server (its Server-Timing header: from the request's arrival at the web
# middleware to the finished page) at MEMBERS members (default 10,000): generates, imports and builds a
# community, starts qmatch-server on 127.0.0.1, signs a member and an organiser in with curl, and asks for each
# page ROUNDS times (default 30) after one first request (reported apart: the organiser pages keep what they
# draw until the next write). Prints, per page: first, median, p90 and max in ms.
#   Benchmarks/web/pages.sh          BIN: qmatch-server (default .build/release); CLI: qmatch (default BIN);
#                                    WORK, PORT; REUSE=1 keeps WORK's community. The server builds the index at
#                                    start (no `qmatch build`), so a debug qmatch may make the data.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
CLI=${CLI:-$BIN}
MEMBERS=${MEMBERS:-10000}
ROUNDS=${ROUNDS:-30}
WORK=${WORK:-/tmp/qmatch-web-bench}
PORT=${PORT:-18497}
URL="http://127.0.0.1:$PORT"
DB=$WORK/community.sqlite
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$DB" ]; then
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$CLI/qmatch" generate --members "$MEMBERS" --seed 1 --out "$WORK/generated" >/dev/null
  "$CLI/qmatch" import "$WORK/generated" --db "$DB" >/dev/null
fi
export QMATCH_SECRET=web-bench-secret-0123456789abcdef-0123456789
TOKEN=web-bench-admin-token-0123456789
QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$DB" --host 127.0.0.1 --port "$PORT" --log-level warning \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 3000); do curl -sf "$URL/health" >/dev/null 2>&1 && break; sleep 0.2; done
member=$(sqlite3 "$DB" "SELECT id FROM member WHERE discoverable = 1 AND id IN (SELECT source FROM connection) ORDER BY id LIMIT 1")
other=$(sqlite3 "$DB" "SELECT target FROM connection WHERE source = '$member' LIMIT 1")
group=$(sqlite3 "$DB" "SELECT group_id FROM membership GROUP BY group_id ORDER BY count(*) DESC LIMIT 1")
# Member: open the link, press Continue.
link=$("$CLI/qmatch" link "$member" --db "$DB" --base-url "$URL" 2>/dev/null)
page=$(curl -s -c "$WORK/member.jar" -b "$WORK/member.jar" "$link")
field() { sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" | head -1; }
curl -s -o /dev/null -c "$WORK/member.jar" -b "$WORK/member.jar" --data-urlencode "token=$(echo "$page" | field token)" \
  --data-urlencode "csrf=$(echo "$page" | field csrf)" "$URL/signin"
# Organiser: the sign-in form with the admin token.
page=$(curl -s -c "$WORK/organiser.jar" -b "$WORK/organiser.jar" "$URL/organiser/signin")
curl -s -o /dev/null -c "$WORK/organiser.jar" -b "$WORK/organiser.jar" --data-urlencode "token=$TOKEN" \
  --data-urlencode "csrf=$(echo "$page" | field csrf)" "$URL/organiser/signin"
time_of() {   # jar path -> the page's Server-Timing in ms
  curl -s -o /dev/null -D - -b "$1" "$URL$2" | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: app;dur=//p'
}
echo "members: $MEMBERS; rounds: $ROUNDS; member $member; Server-Timing in ms: first, median, p90, max"
for spec in "member /me" "member /me/similar" "member /search?q=reducing+inpatient+falls" "member /members/$other" \
            "member /me/profile" "organiser /organiser" "organiser /organiser/map" "organiser /organiser/map?community=1" \
            "organiser /organiser/recruit?group=$group&limit=10&quotas=nation%3DWales%3A2"; do
  who=${spec%% *}; path=${spec#* }
  first=$(time_of "$WORK/$who.jar" "$path")
  [ -n "$first" ] || { echo "no Server-Timing for $path (not signed in?)" >&2; exit 1; }
  times=$(for _ in $(seq 1 "$ROUNDS"); do time_of "$WORK/$who.jar" "$path"; done)
  echo "$times" | python3 -c "
import sys, statistics
values = sorted(float(x) for x in sys.stdin.read().split())
p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
print(f'{sys.argv[1]:<62} {float(sys.argv[2]):8.1f} {statistics.median(values):8.1f} {p90:8.1f} {values[-1]:8.1f}')
" "$path" "$first"
done
