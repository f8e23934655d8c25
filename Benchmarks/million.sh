#!/usr/bin/env bash
# The pipeline at a million generated members (issue 13): generate, import, build (with the approximate
# index, --ann auto), one recommendation in process (with recall against exact content candidates), and
# recommend --all as 2 shards run one after the other (the lines of both, concatenated, are one run).
# Usage: Benchmarks/million.sh [WORKDIR]   (release build first: swift build -c release --product qmatch)
set -euo pipefail
cd "$(dirname "$0")/.."
q=${QMATCH_BIN:-.build/release/qmatch}
work=${1:-/tmp/qmatch-million}
mkdir -p "$work"
t() { /usr/bin/time -f "%e s wall, %M KiB peak RSS" "$@"; }
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "== $(date -u +%FT%TZ) $(nproc) cores, $(load); $($q blas --threads 2)"
echo "== generate 1,000,000 members"; rm -rf "$work/g1m"; t $q generate --members 1000000 --seed 7 --out "$work/g1m"; load
echo "== import"; rm -f "$work"/q1m.sqlite*; t $q import "$work/g1m" --db "$work/q1m.sqlite"; load
echo "== build (--ann auto)"; t $q build --db "$work/q1m.sqlite"; load
echo "== recommend for one member, in process"; t $q bench-recommend --db "$work/q1m.sqlite" --queries 200; load
echo "== recommend --all, shard 1/2 then 2/2"
for shard in 1 2; do
  t $q recommend --all --limit 10 --shard "$shard/2" --db "$work/q1m.sqlite" > "$work/all-$shard.jsonl"; load
done
cat "$work"/all-1.jsonl "$work"/all-2.jsonl | wc -l
