#!/bin/bash
# The whole test suite: unit tests (GoogleTest) and integration tests (real
# daemons on loopback via `bramble up`, run as two unprivileged test users),
# first on the normal build, then on an ASan+UBSan build (skip that second
# pass with --no-sanitize), with a libFuzzer smoke run between them (skip it
# with --no-fuzz). Needs root: it installs packages, creates the
# test users and starts daemons.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh must run as root (it creates test users and starts daemons)" >&2
  exit 1
fi
sanitize=1
fuzz=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-sanitize) sanitize=0; shift ;;
    --no-fuzz) fuzz=0; shift ;;
    *) break ;;
  esac
done
scripts/install-deps.sh
scripts/build.sh
(cd build && ctest --output-on-failure --timeout 900 "$@")
if [ "$fuzz" = 1 ]; then
  # The libFuzzer smoke (docs/security.md): about 20 small files with
  # clang, then each target 60 s (BRAMBLE_FUZZ_SECONDS), all four at once
  # to keep CI short (each still gets its 60 s of wall time).
  echo "== libFuzzer smoke =="
  BRAMBLE_FUZZ_JOBS="${BRAMBLE_FUZZ_JOBS:-4}" scripts/fuzz-smoke.sh
fi
if [ "$sanitize" = 1 ]; then
  echo "== again with AddressSanitizer and UndefinedBehaviorSanitizer =="
  cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBRAMBLE_SANITIZE=ON >/dev/null
  # Debug keeps assert() on; CMakeLists.txt sets -O1 for this build.
  cmake --build build-sanitize -j "$(nproc)"
  # alloc_dealloc_mismatch: Asio 1.22's handler-memory recycling frees with a
  # different function than it allocated with (a known Asio/ASan clash, not
  # ours). Leak checks are off: daemons exit by signal without unwinding.
  export ASAN_OPTIONS=alloc_dealloc_mismatch=0:detect_leaks=0:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-sanitize && ctest --output-on-failure --timeout 900 "$@")
fi
