#!/bin/bash
# The whole test suite: unit tests (GoogleTest) and integration tests (real
# daemons on loopback via `bramble up`, run as two unprivileged test users).
# Needs root: it installs packages, creates the test users and starts daemons.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh must run as root (it creates test users and starts daemons)" >&2
  exit 1
fi
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure --timeout 900 "$@"
