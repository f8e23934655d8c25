#!/usr/bin/env bash
# Issue 15: one recommendation in process, BEFORE against AFTER (two qmatch release binaries), interleaved.
#   Benchmarks/faster-answers.sh BEFORE AFTER DB [ROUNDS] [QUERIES]
# DB is a community with its index built (e.g. `qmatch generate --members 100000 --seed 1 --out DIR &&
# qmatch import DIR --db X.sqlite && qmatch build --db X.sqlite`). Each round runs bench-recommend with each
# binary in turn (order alternating) and prints its line; the summary gives the median of the rounds' medians
# and the ratio. Prints the load average before each run: timings under load are noisy, compare ratios.
set -euo pipefail
BEFORE=$1; AFTER=$2; DB=$3; ROUNDS=${4:-5}; QUERIES=${5:-200}
OUT=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="before after"; else order="after before"; fi
  for which in $order; do
    bin=$BEFORE; [ "$which" = after ] && bin=$AFTER
    line=$("$bin" bench-recommend --db "$DB" --queries "$QUERIES" | grep '^members=')
    echo "$which round=$round load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = {"before": {}, "after": {}}
for line in open(sys.argv[1]):
    which = line.split()[0]
    for key in ("recommend_median_ms", "p90_ms", "ranking_only_median_ms"):
        rows[which].setdefault(key, []).append(float(re.search(key + r"=([0-9.]+)", line).group(1)))
for key in ("recommend_median_ms", "p90_ms", "ranking_only_median_ms"):
    b, a = statistics.median(rows["before"][key]), statistics.median(rows["after"][key])
    print(f"SUMMARY {key}: before {b:.2f} ms, after {a:.2f} ms, before/after {b / a:.2f}x")
PY
rm -f "$OUT"
