#!/usr/bin/env bash
# Before/after figures for a change to the serving path (issue 9): recommendation speed (bench-recommend on a
# generated 10,000-member community) and quality (eval on the bundled 2,500-member community) with two
# release binaries in the same run, then search NDCG@10 (vectors alone, before; hybrid, after).
# Usage: Benchmarks/serving-path.sh BEFORE_QMATCH AFTER_QMATCH [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2 work=${3:-/tmp/qmatch-serving-path}
mkdir -p "$work"
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $($after blas --threads 2)"
rm -rf "$work/g10k"; $after generate --members 10000 --seed 42 --out "$work/g10k" > /dev/null
for side in before after; do
  q=${!side}
  rm -f "$work/$side".sqlite* "$work/$side".qindex "$work/$side-2500".sqlite* "$work/$side-2500".qindex
  $q import "$work/g10k" --db "$work/$side.sqlite" > /dev/null
  $q build --db "$work/$side.sqlite" > /dev/null
  $q import datasets/q-community --db "$work/$side-2500.sqlite" > /dev/null
done
for round in 1 2; do
  for side in before after; do
    q=${!side}
    echo "== $side, round $round: bench-recommend, 10,000 members, 200 members"
    $q bench-recommend --db "$work/$side.sqlite" --queries 200
  done
done
for side in before after; do
  q=${!side}
  echo "== $side: eval, bundled 2,500 members (temporal 20%)"
  $q eval --db "$work/$side-2500.sqlite" --format json > "$work/$side-eval.json"
  python3 - "$work/$side-eval.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rows = report.get("rows") or report.get("methods") or []
for row in rows:
    print("  %-28s recall@10 %.4f  NDCG@10 %.4f  MRR %.4f  coverage %.3f" % (
        row.get("method"), row.get("recall"), row.get("ndcg"), row.get("mrr"), row.get("coverage")))
PY
done
echo "== after: search NDCG@10 on the 10,000-member community (each query a member's challenge)"
$after bench-search --db "$work/after.sqlite" --queries 300
