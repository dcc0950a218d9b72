#!/bin/bash
# Measures, on a fresh 1-node 8-CPU `bramble up` cluster, the wall time of
# `srun -n1 true` and `srun -n4 hostname` run N times each (interleaved),
# outside any job, so each includes getting and releasing an allocation.
# Prints median and p90 in milliseconds. A measurement, not a test.
# usage: bench/srun_latency.sh [N] [path/to/bramble]
set -euo pipefail
N=${1:-20}
BIN=$(realpath "${2:-build/bramble}")
DIR=$(mktemp -d /tmp/bramble-bench-XXXXXX)
chmod 755 "$DIR"
trap '"$BIN" down --dir "$DIR/c" >/dev/null; rm -rf "$DIR"' EXIT
"$BIN" up --nodes 1 --cpus-per-node 8 --dir "$DIR/c" >/dev/null
# shellcheck disable=SC1091
. "$DIR/c/env.sh"
cd "$DIR"
srun -n1 true  # warm the page cache
ms() { local a b; a=$(date +%s%N); "$@" >/dev/null </dev/null; b=$(date +%s%N); echo $(( (b - a) / 1000 )); }
: >one.txt; : >four.txt
for _ in $(seq 1 "$N"); do
  ms srun -n1 true >>one.txt
  ms srun -n4 hostname >>four.txt
done
summary() {
  sort -n "$2" | awk -v name="$1" '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    p = v[int(NR * 0.9 + 0.999)];
    printf "%-22s median %6.1f ms   p90 %6.1f ms   (%d runs)\n", name, m / 1000, p / 1000, NR }'
}
summary "srun -n1 true" one.txt
summary "srun -n4 hostname" four.txt
