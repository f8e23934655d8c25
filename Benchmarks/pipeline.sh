#!/usr/bin/env bash
# The pipeline figures of Benchmarks/README.md: generate, import, build, knn memory, recommend, batch, eval.
# Usage: Benchmarks/pipeline.sh [WORKDIR]   (release build first: swift build -c release --product qmatch)
set -euo pipefail
cd "$(dirname "$0")/.."
q=${QMATCH_BIN:-.build/release/qmatch}
work=${1:-/tmp/qmatch-pipeline}
mkdir -p "$work"
t() { /usr/bin/time -f "%e s wall, %M KiB peak RSS" "$@"; }
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $($q blas --threads 2)"
echo "== generate 1,000,000 members"; rm -rf "$work/g1m"; t $q generate --members 1000000 --seed 7 --out "$work/g1m"
echo "== generate 100,000 members"; rm -rf "$work/g100k"; t $q generate --members 100000 --seed 42 --out "$work/g100k"
echo "== import 100,000 members with connections"; rm -f "$work"/q100k.sqlite*
t $q import "$work/g100k" --db "$work/q100k.sqlite"
echo "== graph from the store (100,000 members)"; t $q graph stats --db "$work/q100k.sqlite" | tail -3
echo "== build the index (100,000 members: featurize, SVD, graph, fitted blend)"; t $q build --db "$work/q100k.sqlite"
echo "== recommend for one member, in process"; $q bench-recommend --db "$work/q100k.sqlite" --queries 200
echo "== recommend --all (100,000 members, 2 cores)"; t $q recommend --all --limit 10 --db "$work/q100k.sqlite" > "$work/all.jsonl"; wc -l < "$work/all.jsonl"
echo "== knn peak memory (100,000 x 256)"; $q export-vectors --db "$work/q100k.sqlite" --out "$work/v.npy" > /dev/null
t $q knn --vectors "$work/v.npy" --k 10 --out-indices "$work/i.npy" --out-scores "$work/s.npy" --verbose
echo "== eval, 100,000 members (temporal 20%, 2,000 members sampled)"; t $q eval --db "$work/q100k.sqlite" --max-members 2000
echo "== eval, the bundled 2,500-member community (every member with a hidden tie)"
rm -f "$work"/q2500.sqlite*; $q import datasets/q-community --db "$work/q2500.sqlite" > /dev/null
t $q eval --db "$work/q2500.sqlite"
