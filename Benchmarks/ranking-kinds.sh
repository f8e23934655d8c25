#!/usr/bin/env bash
# The learned-ranking figures of Benchmarks/README.md (issue 12): for each community kind, generate N members,
# import, and run `qmatch eval` (temporal 20%, k = 10), printing the set-up line and the table.
# Usage: Benchmarks/ranking-kinds.sh [MEMBERS] [WORKDIR] [KINDS...]
#   (release build first: swift build -c release --product qmatch)
set -euo pipefail
cd "$(dirname "$0")/.."
q=${QMATCH_BIN:-.build/release/qmatch}
members=${1:-2500}
work=${2:-/tmp/qmatch-kinds}
shift 2 || true
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(q classroom ward online)
mkdir -p "$work"
export OPENBLAS_NUM_THREADS=1
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in "${kinds[@]}"; do
  dir="$work/$kind-$members"; db="$work/$kind-$members.sqlite"
  rm -rf "$dir" "$db"*
  $q generate --members "$members" --seed 42 --kind "$kind" --out "$dir" > /dev/null
  $q import "$dir" --db "$db" > /dev/null
  echo "== $kind, $members members"
  extra=()
  [ "$members" -gt 20000 ] && extra=(--max-members 2000)
  /usr/bin/time -f "%e s wall, %M KiB peak RSS" $q eval --db "$db" "${extra[@]}"
done
