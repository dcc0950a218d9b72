#!/bin/bash
# Installs Bramble's build and test dependencies from Debian's packages.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  # lld places functions as link/function-order.txt lists them (CMakeLists.txt)
  lld
  libasio-dev libprotobuf-dev protobuf-compiler libsqlite3-dev nettle-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # pam_bramble.so, and its tests: pamtester and a real sshd on loopback
  libpam0g-dev pamtester openssh-server openssh-client
  python3 python3-pytest util-linux passwd procps
  # libFuzzer targets (fuzz/, scripts/fuzz-smoke.sh): clang 14 and its fuzzer runtime
  clang libclang-rt-14-dev
  # MPI for tests/integration/mpi; both coexist (mpicc.mpich/mpiexec.mpich, mpicc.openmpi/mpirun.openmpi)
  mpich libmpich-dev openmpi-bin libopenmpi-dev
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
