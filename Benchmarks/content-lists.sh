#!/usr/bin/env bash
# Issue 15: one recommendation in process with the content neighbour lists against the scan, same binary,
# same community, interleaved rounds.
#   Benchmarks/content-lists.sh DB [ROUNDS] [QUERIES]
# DB is an imported community (e.g. `qmatch generate --members 100000 --seed 1 --out DIR && qmatch import DIR
# --db X.sqlite`). Builds DB's two indexes once, beside it (X.lists.qindex with `--content-lists on`, X.scan.qindex
# with `off`), printing each build's time, then runs bench-recommend on each in turn (order alternating) and
# prints the median of the rounds' medians and the ratio. Prints the load average: compare ratios under load.
set -euo pipefail
DB=$1; ROUNDS=${2:-4}; QUERIES=${3:-200}
BIN=$(cd "$(dirname "$0")/.." && pwd)/.build/release/qmatch
[ -x "$BIN" ] || { echo "build first: swift build -c release --product qmatch" >&2; exit 1; }
BASE=${DB%.sqlite}
for setting in on off; do
  name=lists; [ "$setting" = off ] && name=scan
  if [ ! -f "$BASE.$name.qindex" ]; then
    echo "build --content-lists $setting (load $(cut -d' ' -f1 /proc/loadavg)): $("$BIN" build --db "$DB" --index "$BASE.$name.qindex" --content-lists "$setting")"
  fi
done
OUT=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="scan lists"; else order="lists scan"; fi
  for which in $order; do
    line=$("$BIN" bench-recommend --db "$DB" --index "$BASE.$which.qindex" --queries "$QUERIES" | grep '^members=')
    echo "$which round=$round load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = {"scan": {}, "lists": {}}
for line in open(sys.argv[1]):
    which = line.split()[0]
    for key in ("recommend_median_ms", "p90_ms", "ranking_only_median_ms"):
        rows[which].setdefault(key, []).append(float(re.search(key + r"=([0-9.]+)", line).group(1)))
for key in ("recommend_median_ms", "p90_ms", "ranking_only_median_ms"):
    s, l = statistics.median(rows["scan"][key]), statistics.median(rows["lists"][key])
    print(f"SUMMARY {key}: scan {s:.2f} ms, lists {l:.2f} ms, scan/lists {s / l:.2f}x")
PY
rm -f "$OUT"
