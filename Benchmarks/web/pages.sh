#!/usr/bin/env bash
# Web page render time on the server (its Server-Timing header: from the request's arrival at the web
# middleware to the finished page) at MEMBERS members (default 10,000): generates, imports and builds a
# community, starts qmatch-server on 127.0.0.1, signs a member and an organiser in with curl, and asks for each
# page ROUNDS times (default 30) after one first request (reported apart: the organiser pages keep what they
# draw until the next write). Prints, per page: first, median, p90 and max in ms. Also makes one pairing round
# (timed once) and times its pages, the teams form and planning teams (a POST) the same way.
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
time_of() {   # jar path [form] -> the page's Server-Timing in ms (a POST of form, with the session's CSRF token, when given)
  if [ $# -gt 2 ]; then
    curl -s -o /dev/null -D - -b "$1" --data "$3&csrf=$csrf" "$URL$2"
  else
    curl -s -o /dev/null -D - -b "$1" "$URL$2"
  fi | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: app;dur=//p'
}
csrf=$(curl -s -b "$WORK/organiser.jar" "$URL/organiser/rounds" | field csrf)
# A pairing round for one of the member's groups (so that /me/rounds lists it), planned once: its time is printed
# apart (the planner's cost, with the store's writes), then its pages are timed like the others.
round_group=$(sqlite3 "$DB" "SELECT s.group_id FROM membership s JOIN membership t ON t.group_id = s.group_id
  WHERE s.member_id = '$member' GROUP BY s.group_id ORDER BY count(*) DESC LIMIT 1")
round_group=${round_group:-$group}
round_size=$(sqlite3 "$DB" "SELECT count(*) FROM membership s JOIN member m ON m.id = s.member_id
  WHERE s.group_id = '$round_group' AND m.discoverable = 1")
made=$(curl -s -o /dev/null -D - -b "$WORK/organiser.jar" --data "name=Bench&group=$round_group&size=2&csrf=$csrf" \
  "$URL/organiser/rounds" | tr -d '\r')
round=$(echo "$made" | sed -n 's/^[Ll]ocation: \/organiser\/rounds\/\([0-9]*\).*/\1/p')
[ -n "$round" ] || { echo "no round was made for group $round_group" >&2; exit 1; }
echo "POST /organiser/rounds (plan and store a round of $round_size members, group $round_group): $(echo "$made" |
  sed -n 's/^[Ss]erver-[Tt]iming: app;dur=//p') ms"
echo "members: $MEMBERS; rounds: $ROUNDS; member $member; Server-Timing in ms: first, median, p90, max"
for spec in "member /me" "member /me/similar" "member /search?q=reducing+inpatient+falls" "member /members/$other" \
            "member /me/profile" "organiser /organiser" "organiser /organiser/map" "organiser /organiser/map?community=1" \
            "organiser /organiser/recruit?group=$group&limit=10&quotas=nation%3DWales%3A2" \
            "member /me/groups" "member /me/rounds" "organiser /organiser/rounds" "organiser /organiser/rounds/$round" \
            "organiser /organiser/rounds/$round/csv" "organiser /organiser/teams" \
            "organiser /organiser/teams group=$round_group&minSize=4&maxSize=6&spread=nation&spread=sector&spread=role"; do
  who=${spec%% *}; rest=${spec#* }; path=${rest%% *}; form=""
  [ "$path" = "$rest" ] || form=${rest#* }
  first=$(time_of "$WORK/$who.jar" "$path" ${form:+"$form"})
  [ -n "$first" ] || { echo "no Server-Timing for $path (not signed in?)" >&2; exit 1; }
  times=$(for _ in $(seq 1 "$ROUNDS"); do time_of "$WORK/$who.jar" "$path" ${form:+"$form"}; done)
  [ -z "$form" ] || path="POST $path ($form)"
  echo "$times" | python3 -c "
import sys, statistics
values = sorted(float(x) for x in sys.stdin.read().split())
p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
print(f'{sys.argv[1]:<62} {float(sys.argv[2]):8.1f} {statistics.median(values):8.1f} {p90:8.1f} {values[-1]:8.1f}')
" "$path" "$first"
done
