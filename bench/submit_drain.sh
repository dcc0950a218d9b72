#!/bin/bash
# Measures, on a fresh 1-node 8-CPU `bramble up` cluster: the rate of N
# sequential `sbatch --wrap=true` submissions, and the time from the first
# submission until the queue is empty. A measurement, not a test.
# usage: bench/submit_drain.sh [N] [path/to/bramble]
set -euo pipefail
N=${1:-100}
BIN=$(realpath "${2:-build/bramble}")
DIR=$(mktemp -d /tmp/bramble-bench-XXXXXX)
chmod 755 "$DIR"
trap '"$BIN" down --dir "$DIR/c" >/dev/null; rm -rf "$DIR"' EXIT
"$BIN" up --nodes 1 --cpus-per-node 8 --dir "$DIR/c" >/dev/null
# shellcheck disable=SC1091
. "$DIR/c/env.sh"
cd "$DIR"
start=$(date +%s.%N)
for _ in $(seq 1 "$N"); do sbatch --parsable --wrap=true >/dev/null; done
submitted=$(date +%s.%N)
for _ in $(seq 1 6000); do
  [ -z "$(squeue -h -o %i)" ] && break
  sleep 0.01
done
drained=$(date +%s.%N)
completed=$(squeue -h -t COMPLETED -o %i | wc -l)
awk -v n="$N" -v a="$start" -v b="$submitted" -v c="$drained" -v done="$completed" 'BEGIN {
  printf "submit: %d jobs in %.3f s = %.1f jobs/s\n", n, b - a, n / (b - a);
  printf "drain:  %.3f s from first submit until squeue was empty (%d COMPLETED)\n", c - a, done }'
