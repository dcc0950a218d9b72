#!/usr/bin/env bash
# bench/compare.sh - Bramble and Slurm 22.05 side by side on this machine, as root.
#
# One command, from a fresh Debian 12 machine:
#   0. installs Debian's slurm-wlm (slurmctld, slurmd, slurm-client) and munge if missing,
#      without letting their packages start system services, and builds Bramble
#      (build/bramble, RelWithDebInfo like scripts/build.sh) unless BRAMBLE_BIN names one;
#   1. starts a one-node Slurm with NODE_CPUS=8 CPU slots on 127.0.0.1
#      (compare/start_real_slurm.sh: munged + slurmctld + slurmd, no systemd) and a
#      `bramble up` cluster of the same shape (1 node, 8 CPUs, 8000 MB);
#   2. lets both sit idle at the same time for IDLE_S seconds and sums the write_bytes
#      (/proc/PID/io) of every daemon process: munged, slurmctld (+ its slurmscriptd),
#      slurmd; Bramble's controller and node daemon;
#   3. runs ROUNDS rounds; each measures the physical limit (compare/spawn_limit.c:
#      fork + execve /bin/true + waitpid in a tight loop), then runs every test group of
#      compare/compat_bench.sh (idle memory, srun, step supervisors' memory, queries,
#      held submissions + squeue, throughput + peak memory, restart after a clean stop,
#      restart after kill -9)
#      against Slurm and against Bramble in turn, alternating, the first system swapped
#      every round. Both get the same client commands; only PATH and SLURM_CONF differ;
#   4. prints the table (figure, Slurm, Bramble, ratio, target, met?) and writes it with
#      date, commit and machine to docs/performance.md (compare/report.py).
# It stops exactly what it started (by PID, on any exit), uses only loopback, bounds every
# loop and every call with a timeout, and refuses to run twice at once.
#
# Usage:  sudo bench/compare.sh            full run, about 30 minutes on a 2-core machine
#   smoke run (a few minutes; its report goes to RESULTS_DIR, never to docs/):
#         sudo env N_SUBMIT=50 N_THROUGHPUT=50 N_RESTART=10 IDLE_S=20 ROUNDS=1 bench/compare.sh
# Env knobs (defaults):
#   ROUNDS=3  N_SUBMIT=500 (held jobs: submit rate, squeue)  N_THROUGHPUT=500  N_SRUN=20
#   N_QUERY=20  N_RESTART=50  IDLE_S=600  IDLE_SETTLE_S=10  NODE_CPUS=8  NODE_MEM_MB=8000
#   SLURM_TUNING=default   Slurm's settings: default | htc | htc-small (start_real_slurm.sh)
#   SPAWN_N=5000 SPAWN_S=3 bounds of one spawn-limit loop (count, seconds)
#   CMD_TIMEOUT=60 (s, one client call)  THROUGHPUT_TIMEOUT=900 (s, one drain)
#   BRAMBLE_BIN    a built bramble binary (default: build/bramble, (re)built first)
#   RESULTS_DIR    raw figures, logs, report (default /var/tmp/bramble-compare-<UTC time>)
#   PERF_MD        where the report goes (default: docs/performance.md for a full run, i.e.
#                  every N_* and IDLE_S at least its default; RESULTS_DIR/performance.md
#                  otherwise)
#   BENCH_COMMIT   the commit to record (default: from git)   BENCH_NOTE  a line for the report
#   WORK_BASE=/var/tmp  where both clusters live; must be a disk (not tmpfs) for the
#                  idle-write figure
#   KEEP_WORK=0    1 keeps the clusters' directories (state, spool) after the run
set -uo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
C=$HERE/compare

ROUNDS=${ROUNDS:-3}
N_SUBMIT=${N_SUBMIT:-500}
N_THROUGHPUT=${N_THROUGHPUT:-500}
N_SRUN=${N_SRUN:-20}
N_QUERY=${N_QUERY:-20}
N_RESTART=${N_RESTART:-50}
IDLE_S=${IDLE_S:-600}
IDLE_SETTLE_S=${IDLE_SETTLE_S:-10}
NODE_CPUS=${NODE_CPUS:-8}
NODE_MEM_MB=${NODE_MEM_MB:-8000}
SLURM_TUNING=${SLURM_TUNING:-default}
SPAWN_N=${SPAWN_N:-5000}
SPAWN_S=${SPAWN_S:-3}
CMD_TIMEOUT=${CMD_TIMEOUT:-60}
THROUGHPUT_TIMEOUT=${THROUGHPUT_TIMEOUT:-900}
WORK_BASE=${WORK_BASE:-/var/tmp}
KEEP_WORK=${KEEP_WORK:-0}
BENCH_NOTE=${BENCH_NOTE:-}
# one compat_bench.sh call: its slowest group is a throughput drain
CALL_TIMEOUT=$((THROUGHPUT_TIMEOUT + 4 * CMD_TIMEOUT + 300))

log() { printf '[compare %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts daemons)"
[ -n "${EPOCHREALTIME:-}" ] || die "needs bash >= 5"
for v in ROUNDS N_SUBMIT N_THROUGHPUT N_SRUN N_QUERY N_RESTART IDLE_S IDLE_SETTLE_S NODE_CPUS \
         NODE_MEM_MB SPAWN_N SPAWN_S CMD_TIMEOUT THROUGHPUT_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (is '${!v}')"
done
[ "$ROUNDS" -ge 1 ] || die "ROUNDS must be at least 1"
mkdir -p "$WORK_BASE" || die "cannot create $WORK_BASE"

# ---------- one run at a time ----------
# fd 9 holds the lock; 7 and 8 keep the original stdout/stderr for the exit trap. None of
# them is passed to what bg_wait starts (daemons among them).
exec 9>"$WORK_BASE/bramble-compare.lock" || die "cannot open the lock file"
flock -n 9 || die "another bench/compare.sh holds $WORK_BASE/bramble-compare.lock"
exec 7>&1 8>&2
TS=$(date -u +%Y%m%d-%H%M%S)
RESULTS_DIR=${RESULTS_DIR:-/var/tmp/bramble-compare-$TS}
RAW=$RESULTS_DIR/raw
mkdir -p "$RAW" || die "cannot create $RAW"
rm -f "$RAW"/*.txt
T_START=$SECONDS

# ---------- cleanup: stop exactly what this run started ----------
SLURM_STARTED=0 BRAMBLE_STARTED=0 CHILD="" WORK="" POLICY_RC=""
SBASE="" BDIR=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  exec 1>&7 2>&8     # a signal may arrive while bg_wait's output redirection is in force
  if [ -n "$CHILD" ]; then       # a running bench call: let it cancel its jobs (bounded)
    kill -TERM "$CHILD" 2>/dev/null
    for _ in $(seq 1 300); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CHILD" 2>/dev/null
  fi
  [ -n "$POLICY_RC" ] && rm -f "$POLICY_RC"
  if [ "$SLURM_STARTED" = 1 ]; then
    timeout -k 5 90 "$C/stop_real_slurm.sh" --base "$SBASE" >>"$RESULTS_DIR/stop.log" 2>&1 \
      || log "stop_real_slurm.sh failed (see $RESULTS_DIR/stop.log)"
  fi
  if [ "$BRAMBLE_STARTED" = 1 ]; then
    timeout -k 5 90 "$BRAMBLE_BIN" down --dir "$BDIR" >>"$RESULTS_DIR/stop.log" 2>&1 \
      || log "bramble down failed (see $RESULTS_DIR/stop.log)"
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    mkdir -p "$RESULTS_DIR/logs"
    [ -d "$SBASE/log" ] && cp -r "$SBASE/log" "$RESULTS_DIR/logs/slurm" 2>/dev/null
    [ -f "$SBASE/munge/munged.log" ] && cp "$SBASE/munge/munged.log" "$RESULTS_DIR/logs/slurm/" 2>/dev/null
    [ -d "$BDIR/log" ] && cp -r "$BDIR/log" "$RESULTS_DIR/logs/bramble" 2>/dev/null
    if [ "$KEEP_WORK" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
  [ "$rc" -ne 0 ] && log "failed (rc=$rc); raw figures and logs in $RESULTS_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# runs a command in the background and waits, so that a signal is handled at once
bg_wait() { "$@" 7>&- 8>&- 9>&- & CHILD=$!; wait "$CHILD"; local rc=$?; CHILD=""; return "$rc"; }


# ---------- 0. packages, Bramble ----------
missing=()
for p in slurmctld slurmd slurm-client munge gcc libc6-dev python3 procps util-linux coreutils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing from apt: ${missing[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # keep the packages' maintainer scripts from starting system munge/slurm services
    POLICY_RC=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC" && chmod 755 "$POLICY_RC"
  fi
  export DEBIAN_FRONTEND=noninteractive
  timeout -k 10 900 apt-get update -qq >"$RESULTS_DIR/apt.log" 2>&1 || die "apt-get update failed"
  timeout -k 10 1800 apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$RESULTS_DIR/apt.log" 2>&1 \
    || die "apt-get install failed (see $RESULTS_DIR/apt.log)"
  [ -n "$POLICY_RC" ] && rm -f "$POLICY_RC"
  POLICY_RC=""
fi
if [ -z "${BRAMBLE_BIN:-}" ]; then
  # scripts/build.sh's directory and settings, but only the one binary (no tests)
  log "building Bramble (scripts/install-deps.sh, then build/bramble as scripts/build.sh does)"
  timeout -k 10 1800 "$REPO/scripts/install-deps.sh" >"$RESULTS_DIR/build.log" 2>&1 \
    || die "scripts/install-deps.sh failed (see $RESULTS_DIR/build.log)"
  { timeout -k 10 300 cmake -S "$REPO" -B "$REPO/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      && timeout -k 10 7200 cmake --build "$REPO/build" -j "$(nproc)" --target bramble bramble-node; } >>"$RESULTS_DIR/build.log" 2>&1 \
    || die "building Bramble failed (see $RESULTS_DIR/build.log)"
  BRAMBLE_BIN=$REPO/build/bramble
fi
BRAMBLE_BIN=$(realpath "$BRAMBLE_BIN" 2>/dev/null) && [ -x "$BRAMBLE_BIN" ] || die "no bramble binary at BRAMBLE_BIN"
if [ -z "${BENCH_COMMIT:-}" ]; then
  BENCH_COMMIT=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  if [ "$BENCH_COMMIT" != unknown ] && [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    BENCH_COMMIT="$BENCH_COMMIT (with uncommitted changes)"
  fi
fi

WORK=$(mktemp -d "$WORK_BASE/bramble-compare-work.XXXXXX") || die "mktemp failed"
chmod 755 "$WORK"
SBASE=$WORK/slurm BDIR=$WORK/bramble
FSTYPE=$(findmnt -n -o FSTYPE --target "$WORK" 2>/dev/null || stat -f -c %T "$WORK")
[ "$FSTYPE" = tmpfs ] && log "WARNING: $WORK is on tmpfs: the idle-write figure will read 0 for both"

cc -O2 -o "$WORK/spawn_limit" "$C/spawn_limit.c" || die "cannot build compare/spawn_limit.c"

# ---------- 1. both clusters ----------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
SPORT=""
for p in $(seq 6817 3 7117); do   # slurmctld p (and p+1 for the htc tunings), slurmd p+2
  port_busy "$p" || port_busy $((p + 1)) || port_busy $((p + 2)) || { SPORT=$p; break; }
done
[ -n "$SPORT" ] || die "no three free TCP ports on 127.0.0.1 between 6817 and 7119"

log "starting Slurm ($SLURM_TUNING settings, $NODE_CPUS CPUs, ports $SPORT/$((SPORT + 2))) in $SBASE"
SLURM_STARTED=1
SLURM_BENCH_BASE=$SBASE SLURMCTLD_PORT=$SPORT SLURMD_PORT=$((SPORT + 2)) NODE_CPUS=$NODE_CPUS \
  NODE_MEM_MB=$NODE_MEM_MB bg_wait timeout -k 10 300 "$C/start_real_slurm.sh" --tuning "$SLURM_TUNING" \
  >"$RESULTS_DIR/slurm-start.log" 2>&1 || die "Slurm did not start (see $RESULTS_DIR/slurm-start.log)"
SENV=$SBASE/env.sh
[ -f "$SENV" ] || die "start_real_slurm.sh wrote no $SENV"

log "starting Bramble ($BRAMBLE_BIN, 1 node, $NODE_CPUS CPUs) in $BDIR"
BRAMBLE_STARTED=1
bg_wait timeout -k 10 120 "$BRAMBLE_BIN" up --nodes 1 --cpus-per-node "$NODE_CPUS" \
  --mem-per-node "${NODE_MEM_MB}M" --dir "$BDIR" >"$RESULTS_DIR/bramble-start.log" 2>&1 \
  || die "bramble up failed (see $RESULTS_DIR/bramble-start.log)"
STEPD_BIN=$BRAMBLE_BIN
[ -x "$(dirname "$BRAMBLE_BIN")/bramble-node" ] && STEPD_BIN=$(dirname "$BRAMBLE_BIN")/bramble-node
BENV=$WORK/bramble-bench-env.sh
cat >"$BENV" <<EOF
# compat_bench.sh settings for the Bramble cluster in $BDIR (written by bench/compare.sh)
. "$BDIR/env.sh"
unset SLURMCTLD_PID SLURMD_PID MUNGED_PID
export BRAMBLE_DIR="$BDIR" BRAMBLE_BIN="$BRAMBLE_BIN"
export CTLD_PIDFILE="$BDIR/run/controller.pid" SLURMD_PIDFILE="$BDIR/run/node01.pid"
export CTLD_CTL="$C/bramble_ctld_ctl.sh"
# a step supervisor is "bramble stepd <spool dir of the job> <node>", run by
# bramble-node when it lies beside bramble (the node daemon's binary), else by bramble
export STEPD_COMM="$(basename "$STEPD_BIN" | cut -c1-15)" STEPD_CMDLINE="bramble stepd $BDIR/spool/"
EOF

# ---------- machine and versions ----------
meta() { printf '%s=%s\n' "$1" "$2" >>"$RAW/meta.txt"; }
: >"$RAW/meta.txt"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta commit "$BENCH_COMMIT"
meta nproc "$(nproc)"
meta cpu_model "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta memory "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
meta kernel "$(uname -r)"
meta os "$( . /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-?}")"
meta slurm_version "$(SLURM_CONF=$SBASE/etc/slurm.conf timeout 10 /usr/bin/sbatch --version 2>/dev/null | head -1) (package $(dpkg-query -W -f='${Version}' slurmctld 2>/dev/null))"
meta slurm_tuning "$SLURM_TUNING"
meta bramble_version "$(SLURM_CONF=$BDIR/slurm.conf timeout 10 "$BDIR/bin/sbatch" --version 2>/dev/null | head -1)"
meta bramble_bin "$BRAMBLE_BIN"
meta work_fs "$FSTYPE"
meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
meta knobs "ROUNDS=$ROUNDS N_SUBMIT=$N_SUBMIT N_THROUGHPUT=$N_THROUGHPUT N_SRUN=$N_SRUN N_QUERY=$N_QUERY N_RESTART=$N_RESTART IDLE_S=$IDLE_S NODE_CPUS=$NODE_CPUS"
meta rounds "$ROUNDS"
meta node_cpus "$NODE_CPUS"
meta node_mem_mb "$NODE_MEM_MB"
meta idle_s "$IDLE_S"
meta n_submit "$N_SUBMIT"
meta n_throughput "$N_THROUGHPUT"
meta n_srun "$N_SRUN"
meta n_restart "$N_RESTART"
FULL=1
[ "$N_SUBMIT" -ge 500 ] && [ "$N_THROUGHPUT" -ge 500 ] && [ "$N_SRUN" -ge 20 ] && [ "$N_QUERY" -ge 20 ] \
  && [ "$N_RESTART" -ge 50 ] && [ "$IDLE_S" -ge 600 ] || FULL=0
meta full_run "$FULL"
[ -n "$BENCH_NOTE" ] && meta note "$BENCH_NOTE"

# ---------- 2. idle writes, both clusters idle at the same time ----------
# PIDs of a system's daemons (from their pid files) and of their children (slurmscriptd)
daemon_pids() {
  local f p d line rest ppid
  local -a top=()
  if [ "$1" = slurm ]; then
    for f in "$SBASE"/run/slurmctld.pid "$SBASE"/run/slurmd.pid "$SBASE"/munge/munged.pid; do
      p=$(cat "$f" 2>/dev/null) && [[ $p =~ ^[0-9]+$ ]] && top+=("$p")
    done
  else
    for f in "$BDIR"/run/*.pid; do
      p=$(cat "$f" 2>/dev/null) && [[ $p =~ ^[0-9]+$ ]] && top+=("$p")
    done
  fi
  printf '%s\n' "${top[@]}"
  for d in /proc/[0-9]*; do
    read -r line 2>/dev/null <"$d/stat" || continue
    rest=${line##*) }
    read -r _ ppid _ <<<"$rest"
    [[ " ${top[*]} " == *" $ppid "* ]] && echo "${d#/proc/}"
  done
}
# "pid starttime comm write_bytes" per daemon process
io_snapshot() {
  local p wb st comm
  for p in $(daemon_pids "$1"); do
    wb=$(awk '/^write_bytes:/ { print $2 }' "/proc/$p/io" 2>/dev/null) || continue
    [ -n "$wb" ] || continue
    st=$(awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$p/stat" 2>/dev/null)
    comm=$(cat "/proc/$p/comm" 2>/dev/null)
    echo "$p $st $comm $wb"
  done
}
idle_writes() { # sys before after -> figure lines
  awk -v sys="$1" '
    NR == FNR { before[$1 " " $2] = $4; name[$1 " " $2] = $3; next }
    { k = $1 " " $2; seen[k] = 1
      if (k in before) { d = $4 - before[k]; total += d; printf "# %s pid %s (%s): %d bytes\n", sys, $1, $3, d }
      else { printf "# %s pid %s (%s) started during the window\n", sys, $1, $3; partial = 1 } }
    END { for (k in before) if (!(k in seen)) { printf "# %s pid %s (%s) exited during the window\n", sys, k, name[k]; partial = 1 }
          printf "idle_write_bytes %d B\n", total
          printf "idle_write_partial %d count\n", partial + 0 }' "$2" "$3"
}
log "both clusters idle for ${IDLE_SETTLE_S}+${IDLE_S} s (idle writes)"
bg_wait sleep "$IDLE_SETTLE_S"
io_snapshot slurm >"$WORK/io.slurm.0"; io_snapshot bramble >"$WORK/io.bramble.0"
I0=$EPOCHREALTIME
bg_wait sleep "$IDLE_S"
io_snapshot slurm >"$WORK/io.slurm.1"; io_snapshot bramble >"$WORK/io.bramble.1"
I1=$EPOCHREALTIME
for s in slurm bramble; do
  { idle_writes "$s" "$WORK/io.$s.0" "$WORK/io.$s.1"
    awk -v a="$I0" -v b="$I1" 'BEGIN { printf "idle_window %.1f s\n", b - a }'; } >"$RAW/$s.idle_io.txt"
done
log "idle writes: Slurm $(awk '/^idle_write_bytes/ { print $2 }' "$RAW/slurm.idle_io.txt") B," \
    "Bramble $(awk '/^idle_write_bytes/ { print $2 }' "$RAW/bramble.idle_io.txt") B"

# ---------- 3. rounds, alternating ----------
export N_SUBMIT N_THROUGHPUT N_SRUN N_QUERY N_RESTART CMD_TIMEOUT THROUGHPUT_TIMEOUT
export BENCH_MAX_S=$CALL_TIMEOUT
export RSS_SAMPLE_INTERVAL=${RSS_SAMPLE_INTERVAL:-0.2}
run_group() { # sys round group
  local sys=$1 r=$2 g=$3 env bin tests mode=stop out
  case "$sys" in
    slurm) env=$SENV bin=/usr/bin ;;
    bramble) env=$BENV bin=$BDIR/bin ;;
  esac
  case "$g" in
    restart_stop) tests=restart ;;
    restart_kill) tests=restart mode=kill ;;
    *) tests=$g ;;
  esac
  out=$RAW/$sys.r$r.$g.txt
  RESTART_MODE=$mode bg_wait timeout -k 10 "$CALL_TIMEOUT" bash "$C/compat_bench.sh" \
    --env-file "$env" --bin "$bin" --tests "$tests" >"$out" 2>&1
  local rc=$?
  [ "$rc" -eq 0 ] || log "  $sys $g: compat_bench.sh rc=$rc (see $out)"
  return 0
}
GROUPS_=(idle srun stepd query submit throughput restart_stop restart_kill)
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then order=(slurm bramble); else order=(bramble slurm); fi
  log "round $r of $ROUNDS (${order[*]}): spawn limit"
  bg_wait timeout -k 5 $((SPAWN_S + 60)) "$WORK/spawn_limit" "$SPAWN_N" "$SPAWN_S" >"$RAW/ref.r$r.spawn.txt" 2>&1 \
    || log "  spawn_limit failed"
  for g in "${GROUPS_[@]}"; do
    for s in "${order[@]}"; do
      log "round $r: $g on $s"
      run_group "$s" "$r" "$g"
    done
  done
done
meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
meta duration_s "$((SECONDS - T_START))"

# ---------- 4. report ----------
if [ -z "${PERF_MD:-}" ]; then
  if [ "$FULL" = 1 ]; then PERF_MD=$REPO/docs/performance.md; else PERF_MD=$RESULTS_DIR/performance.md; fi
fi
python3 "$C/report.py" --raw "$RAW" --out "$PERF_MD" || die "report.py failed"
log "done in $((SECONDS - T_START)) s; report: $PERF_MD; raw figures: $RAW"
