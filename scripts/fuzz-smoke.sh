#!/bin/bash
# Builds the libFuzzer targets (fuzz/, clang) and runs each for
# BRAMBLE_FUZZ_SECONDS (default 60), BRAMBLE_FUZZ_JOBS (default 2) at a
# time, starting from the checked-in corpus in fuzz/corpus/<target>/. Fails
# if any target finds a crash, a leak or a timeout; the input that did it
# is left in <build>/fuzz-run/<target>/ (add it to fuzz/corpus/<target>/
# once the bug is fixed). New inputs go to that run directory, never into
# the checked-in corpus. Longer runs: docs/security.md.
#
#   scripts/fuzz-smoke.sh                    # all four targets, 60 s each
#   BRAMBLE_FUZZ_SECONDS=600 scripts/fuzz-smoke.sh hostlist
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BRAMBLE_FUZZ_SECONDS:-60}
jobs=${BRAMBLE_FUZZ_JOBS:-2}
build=${BRAMBLE_FUZZ_BUILD:-build-fuzz}
targets=("$@")
((${#targets[@]})) || targets=(frame directives hostlist config)

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build" -G Ninja -DBRAMBLE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

run="$build/fuzz-run"
rm -rf "$run"
# -max_len: the seeds are small; 4 KiB lets inputs grow past every limit
# the parsers check without slowing each run. -rss_limit_mb: a parser that
# balloons on a small input is a bug too.
fuzz() {
  local t=$1
  mkdir -p "$run/$t/corpus"
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$run/$t/" "$run/$t/corpus" "fuzz/corpus/$t" >"$run/$t/log" 2>&1
}

failed=()
pids=()
names=()
wait_oldest() {
  if ! wait "${pids[0]}"; then failed+=("${names[0]}"); fi
  local t=${names[0]}
  # e.g. "fuzz_hostlist: 42000 runs, 700 exec/s, cov: 820 ft: 4232 corp: 194/4287b"
  echo "fuzz_$t: $(awk '/stat::number_of_executed_units/ {runs=$2} /stat::average_exec_per_sec/ {rate=$2}
                         /DONE/ {sub(/.*DONE +/, ""); sub(/ lim:.*/, ""); done=$0}
                         END {printf "%s runs, %s exec/s, %s", runs, rate, done}' "$run/$t/log")"
  pids=("${pids[@]:1}")
  names=("${names[@]:1}")
}
for t in "${targets[@]}"; do
  ((${#pids[@]} < jobs)) || wait_oldest
  fuzz "$t" &
  pids+=($!)
  names+=("$t")
done
while ((${#pids[@]})); do wait_oldest; done

if ((${#failed[@]})); then
  for t in "${failed[@]}"; do
    echo "== fuzz_$t failed; the end of $run/$t/log:" >&2
    tail -40 "$run/$t/log" >&2
  done
  exit 1
fi
echo "fuzz smoke: ${targets[*]} ran ${seconds} s each without a crash"
