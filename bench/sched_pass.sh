#!/bin/bash
# One scheduling pass at the scheduler issue's scale (1000 nodes, 10 000
# pending jobs), measured with Google Benchmark on an optimized build.
# Usage: bench/sched_pass.sh [benchmark flags, e.g. --benchmark_repetitions=5]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target sched_bench >/dev/null
exec build-bench/sched_bench "$@"
