#!/bin/bash
# Regenerates link/function-order.txt, the order in which the linker places
# the functions each kind of Bramble process runs (scripts/function_order.py
# says why). Runs a small workload on a 1-node `bramble up` cluster with
# every process under valgrind's callgrind: the controller, the node daemon,
# the step supervisors it starts, and the client commands. Rerun it after
# large changes: functions it does not list still work, the linker only
# places them after the listed ones.
# usage (as root): scripts/function-order.sh [path/to/bramble]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/bramble}")
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/bramble-order-XXXXXX)
chmod 755 "$WORK"
CLUSTER=$WORK/c
PROFILES=$WORK/profiles
mkdir "$PROFILES"
cleanup() {
  pkill -TERM -f "$CLUSTER/slurm.conf" 2>/dev/null || true
  "$BIN" down --dir "$CLUSTER" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Jobs' own programs (bash, sleep, hostname) are not ours: not profiled.
VG=(valgrind -q --tool=callgrind --demangle=no --trace-children=yes
    "--trace-children-skip=/bin/*,/usr/*,*/slurm_script"
    "--callgrind-out-file=$PROFILES/%p.out")

# wait_until TIMEOUT_S COMMAND...: polls COMMAND every 0.2 s.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "timed out waiting for: $*" >&2; exit 1; }
    sleep 0.2
  done
}

# Start the cluster normally, then restart both daemons under callgrind
# with the command lines `up` gave them.
"$BIN" up --nodes 1 --cpus-per-node 8 --dir "$CLUSTER" >/dev/null
mapfile -d '' -t controller_args <"/proc/$(cat "$CLUSTER/run/controller.pid")/cmdline"
mapfile -d '' -t node_args <"/proc/$(cat "$CLUSTER/run/node01.pid")/cmdline"
"$BIN" down --dir "$CLUSTER" >/dev/null
export PATH=$CLUSTER/bin:$PATH SLURM_CONF=$CLUSTER/slurm.conf
cd "$WORK"
setsid "${VG[@]}" "$BIN" "${controller_args[@]:1}" >"$WORK/controller.out" 2>&1 &
wait_until 120 sinfo
setsid "${VG[@]}" "$BIN" "${node_args[@]:1}" >"$WORK/node.out" 2>&1 &
node_idle() { sinfo -h -o %t | grep -qx idle; }
wait_until 120 node_idle

# The clients and jobs of bench/compare.sh, and a few more.
run() { "${VG[@]}" "$BIN" "$@" >/dev/null; }
run sinfo
job=$("${VG[@]}" "$BIN" sbatch --parsable --wrap='sleep 1; echo hi')
run sbatch --parsable --hold --wrap=true
run squeue
run scontrol show job "$job"
job_done() { [ -z "$(squeue -h -j "$job")" ]; }
wait_until 300 job_done
run srun -n1 true
run srun -n4 hostname
run sacct
run scancel -u root
run sdiag

pkill -TERM -f "$CLUSTER/slurm.conf"
daemons_gone() { ! pgrep -f "$CLUSTER/slurm.conf"; }
wait_until 120 daemons_gone
cd - >/dev/null
mkdir -p link
python3 scripts/function_order.py "$BIN" link/function-order.txt link/node-function-order.txt "$PROFILES"/*.out
