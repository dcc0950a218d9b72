#!/bin/bash
# Micro-benchmarks of the wire format and of store commit batching (Google
# Benchmark, optimized build); figures go to docs/performance.md's
# "Micro-benchmarks" section by hand, with the machine and its load.
# Usage: bench/micro.sh [benchmark flags, e.g. --benchmark_repetitions=5]
# TMPDIR picks the disk the store benchmark writes to.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target frame_bench store_bench >/dev/null
uptime
build-bench/frame_bench "$@"
build-bench/store_bench "$@"
