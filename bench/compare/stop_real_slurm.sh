#!/usr/bin/env bash
# (A copy of the shared bench script for bench/compare.sh; only this line was added.)
# stop_real_slurm.sh - stop the munged/slurmctld/slurmd started by start_real_slurm.sh.
# Only the PIDs recorded under $SLURM_BENCH_BASE (default $TMPDIR/realslurm) are signalled,
# and only if /proc/PID/comm still names the expected program. Running batch jobs and
# leftover slurmstepd processes are cancelled through scancel first.
# Usage: stop_real_slurm.sh [--base DIR] [--wipe]
set -u
BASE=${SLURM_BENCH_BASE:-${TMPDIR:-/tmp}/realslurm}
WIPE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=$2; shift ;;
    --wipe) WIPE=1 ;;
    *) echo "unknown arg $1" >&2; exit 2 ;;
  esac
  shift
done
log() { echo "[stop_real_slurm] $*" >&2; }

# a zombie (exited, not yet reaped by init) counts as gone
alive() { local st; read -r st 2>/dev/null <"/proc/$1/stat" || return 1; st=${st##*) }; [ "${st%% *}" != Z ]; }
stop_pid() { # name pidfile
  local name=$1 f=$2 p comm
  [ -f "$f" ] || return 0
  p=$(cat "$f" 2>/dev/null || true)
  [ -n "$p" ] || return 0
  comm=$(cat "/proc/$p/comm" 2>/dev/null || true)
  if [ -z "$comm" ] || ! alive "$p"; then log "$name ($p) not running"; return 0; fi
  if [ "$comm" != "$name" ]; then log "pid $p is '$comm', not $name: left alone"; return 0; fi
  kill -TERM "$p"
  for _ in $(seq 1 200); do alive "$p" || { log "$name ($p) stopped"; return 0; }; sleep 0.05; done
  log "$name ($p) ignored SIGTERM for 10s, sending SIGKILL"
  kill -KILL "$p" 2>/dev/null || true
}

if [ -f "$BASE/etc/slurm.conf" ]; then
  export SLURM_CONF=$BASE/etc/slurm.conf
  timeout 10 scancel --full -u root >/dev/null 2>&1 || true
fi
stop_pid slurmd    "$BASE/run/slurmd.pid"
stop_pid slurmctld "$BASE/run/slurmctld.pid"
stop_pid munged    "$BASE/munge/munged.pid"
[ "$WIPE" = 1 ] && rm -rf "$BASE"
exit 0
