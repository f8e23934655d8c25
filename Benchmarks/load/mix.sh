#!/usr/bin/env bash
# The 90/10 mix of Benchmarks/load/mixed.py at wrk's rate (Benchmarks/load/mix.lua), checked for errors and privacy.
#   Benchmarks/load/mix.sh [MEMBERS] [SECONDS] [CONNECTIONS]
#   environment: CACHE_ENTRIES (server's --cache-entries, default 20000; 0: every answer computed),
#                CACHE_BYTES (--cache-bytes, default the server's: 64 MiB), WRK_THREADS (wrk -t, default 2), OPENBLAS_NUM_THREADS (default 1), SWEEP (default 500),
#                BIN (folder of qmatch and qmatch-server, default .build/release), PORT (default 18482),
#                WARM_SECONDS (default 30: reads only before the run, every member in turn, so that the run
#                starts from answers kept, as run.sh does; 0: a 3 s warm-up of random reads only)
# The community of Benchmarks/load/run.sh (/tmp/qmatch-load-MEMBERS, built first if missing) is copied to a
# temporary folder, since the writes change it. Reads ask for every discoverable member at random; each wrk thread
# writes only to its own slice of them. After wrk: the members hidden or erased are read from the database
# (discoverable before, not now) and checked against the threads' own lists; then SWEEP random visible members are
# asked once more, and no answer may name one of them (as a suggestion, or by a unique name inside a reason).
# Prints MIX lines, the server's CPU time per request (utime + stime from /proc, robust to other load on the
# machine) and the load average. Traffic goes to 127.0.0.1 only; the wrk run is bounded in time.
set -euo pipefail
MEMBERS=${1:-10000}
SECONDS_PER_RUN=${2:-15}
CONNECTIONS=${3:-32}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/Benchmarks/load"
BIN=${BIN:-$ROOT/.build/release}
SOURCE=${SOURCE:-/tmp/qmatch-load-$MEMBERS}
PORT=${PORT:-18482}
CACHE_ENTRIES=${CACHE_ENTRIES:-20000}
export WRK_THREADS=${WRK_THREADS:-2}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
SWEEP=${SWEEP:-500}
export TOKEN=mix-test-admin-token-0123456789
URL="http://127.0.0.1:$PORT"

[ -x "$BIN/qmatch-server" ] && [ -x "$BIN/qmatch" ] || {
  echo "build first: swift build -c release --product qmatch-server && swift build -c release --product qmatch" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install -y sqlite3" >&2; exit 1; }

. "$HERE/community.sh"
ensure_community "$SOURCE" "$MEMBERS"
WORK=$(mktemp -d /tmp/qmatch-mix.XXXXXX)
export MIX_OUT="$WORK"
sqlite3 "$SOURCE/community.sqlite" ".backup '$WORK/community.sqlite'"   # a consistent copy, even while served
cp "$SOURCE/community.qindex" "$WORK/community.qindex"
sqlite3 "$WORK/community.sqlite" "SELECT id FROM member WHERE discoverable = 1 ORDER BY random()" > "$WORK/ids.txt"
sqlite3 -separator $'\t' "$WORK/community.sqlite" "SELECT id, replace(replace(name, char(9), ' '), char(10), ' ') FROM member" \
  > "$WORK/names.tsv"
export IDS_FILE="$WORK/ids.txt" NAMES_FILE="$WORK/names.tsv"

QMATCH_ADMIN_TOKEN=$TOKEN "$BIN/qmatch-server" --db "$WORK/community.sqlite" --port "$PORT" \
  --log-level warning --cache-entries "$CACHE_ENTRIES" ${CACHE_BYTES:+--cache-bytes "$CACHE_BYTES"} \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "$URL/health" >/dev/null && break; sleep 0.2; done
curl -sf "$URL/health" >/dev/null || { echo "the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
# Warm-up: reads only, not counted (and nothing hidden, so no files of the real run are written by it).
WARM_SECONDS=${WARM_SECONDS:-30}
if [ "$WARM_SECONDS" -gt 0 ]; then
  echo "== warm-up: reads only, every member in turn, ${WARM_SECONDS}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  WRITES=0 MIX_OUT= ROUND_ROBIN=1 wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARM_SECONDS}s" -s "$HERE/mix.lua" "$URL" \
    | grep -E "^MIX (requests|rps|errors)"
else
  WRITES=0 MIX_OUT= WRK_THREADS=1 wrk -t1 -c8 -d3s -s "$HERE/mix.lua" "$URL" >/dev/null
fi

cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
echo "== mix: $(wc -l < "$WORK/ids.txt") discoverable askers, writes ${WRITES:-0.10}, $CONNECTIONS connections, ${SECONDS_PER_RUN}s," \
  "wrk -t$WRK_THREADS, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, --cache-entries $CACHE_ENTRIES${CACHE_BYTES:+ --cache-bytes $CACHE_BYTES}"
kept() { curl -sf -H "Authorization: Bearer $TOKEN" "$URL/metrics" | sed -n 's/^qmatch_response_cache_entries \([0-9]*\).*/\1/p'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); kept answers before: $(kept)"
CPU_BEFORE=$(cpu)
TIMEFORMAT="%U %S"
{ time wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$HERE/mix.lua" "$URL" \
  > "$WORK/wrk.txt"; } 2> "$WORK/wrk-time.txt"
CPU_AFTER=$(cpu)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "^MIX|^  error|^  privacy" "$WORK/wrk.txt"
REQUESTS=$(sed -n 's/^MIX requests=\([0-9]*\).*/\1/p' "$WORK/wrk.txt")
TICKS=$(getconf CLK_TCK)
echo "MIX server_cpu_ms_per_request=$(awk -v t=$((CPU_AFTER - CPU_BEFORE)) -v h="$TICKS" -v n="$REQUESTS" 'BEGIN {printf "%.3f", t * 1000 / h / n}')" \
  "(server CPU $(awk -v t=$((CPU_AFTER - CPU_BEFORE)) -v h="$TICKS" 'BEGIN {printf "%.2f", t / h}') s for $REQUESTS requests;" \
  "wrk's own CPU $(awk '{print $1 + $2}' "$WORK/wrk-time.txt") s)" \
  "kept_answers_after=$(kept)" \
  "kept_mb=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/metrics" | awk '/^qmatch_response_cache_size_bytes / {printf "%.1f", $2 / 1048576}')"

# Who is hidden or erased now: discoverable before the run, not now (or gone).
sqlite3 "$WORK/community.sqlite" "SELECT id FROM member WHERE discoverable = 1" | sort > "$WORK/visible.txt"
sort "$WORK/ids.txt" | comm -23 - "$WORK/visible.txt" > "$WORK/gone.txt"
cat "$WORK"/hidden-*.txt | sort > "$WORK/hidden-by-threads.txt"
cat "$WORK"/foreign-404-*.txt | sort -u > "$WORK/foreign-404.txt"
echo "MIX hidden_or_erased_in_db=$(wc -l < "$WORK/gone.txt")" \
  "confirmed_by_threads=$(wc -l < "$WORK/hidden-by-threads.txt")" \
  "confirmed_but_visible=$(comm -23 "$WORK/hidden-by-threads.txt" "$WORK/gone.txt" | wc -l)" \
  "foreign_404_askers=$(wc -l < "$WORK/foreign-404.txt")" \
  "foreign_404_not_hidden=$(comm -23 "$WORK/foreign-404.txt" "$WORK/gone.txt" | wc -l)"

# The sweep: SWEEP random visible members, one request each; no answer may name a member hidden or erased.
shuf -n "$SWEEP" "$WORK/visible.txt" > "$WORK/sweep.txt"
python3 - "$URL" "$WORK/sweep.txt" "$WORK/gone.txt" "$WORK/names.tsv" <<'EOF'
import http.client, json, re, sys, urllib.parse
url, sweep, gone_file, names_file = sys.argv[1:]
target = urllib.parse.urlparse(url)
gone = {line.strip() for line in open(gone_file) if line.strip()}
names, count = {}, {}
for line in open(names_file, encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) == 2 and parts[1]:
        names[parts[0]] = parts[1]
        count[parts[1]] = count.get(parts[1], 0) + 1
patterns = {m: re.compile(r"\b" + re.escape(names[m]) + r"\b") for m in gone if m in names and count[names[m]] == 1}
conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
asked = errors = misses = 0
for asker in (line.strip() for line in open(sweep) if line.strip()):
    conn.request("GET", f"/v1/members/{asker}/recommendations?limit=10")
    response = conn.getresponse()
    body = response.read()
    asked += 1
    if response.status != 200:
        errors += 1
        print(f"  sweep error: GET /v1/members/{asker}/recommendations?limit=10: {response.status} {body[:200]!r}")
        continue
    for item in json.loads(body)["recommendations"]:
        text = " ".join(item["reasons"])
        named = ({item["id"]} & gone) | {m for m, p in patterns.items() if p.search(text)}
        if named:
            misses += 1
            print(f"  sweep privacy miss: GET /v1/members/{asker}/recommendations?limit=10 names {sorted(named)}: {body[:400]!r}")
print(f"MIX sweep asked={asked} errors={errors} privacy_misses={misses} (hidden or erased: {len(gone)}, unique names checked: {len(patterns)})")
EOF
echo "server log lines at warning or above: $(wc -l < "$WORK/server.log")"
[ -s "$WORK/server.log" ] && head -5 "$WORK/server.log"
exit 0
