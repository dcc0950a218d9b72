#!/usr/bin/env bash
# (A copy of the shared bench script for bench/compare.sh; changed: this line, and
# CommunicationParameters=NoCtldInAddrAny,NoInAddrAny: the daemons listen on 127.0.0.1 only.)
# start_real_slurm.sh - set up and start a one-host "real Slurm" (Debian slurm-wlm 22.05)
# from scratch: munged + slurmctld + slurmd, all on loopback, no systemd needed.
#
# Usage:  start_real_slurm.sh [--install] [--tuning default|htc|htc-small] [--proctrack linuxproc|cgroup]
#                             [--base DIR]
# Env (same meaning as the flags, flags win):
#   SLURM_BENCH_BASE   working dir, wiped and recreated      (default $TMPDIR/realslurm)
#   SLURM_TUNING       default | htc | htc-small             (default default)
#   SLURM_PROCTRACK    linuxproc | cgroup                    (default linuxproc)
#   NODE_CPUS=8  NODE_MEM_MB=8000                            (overcommits a 2-core box on purpose)
#   SLURMCTLD_PORT=6817  SLURMD_PORT=6818                    (TCP ports, loopback only; the htc
#                      tunings give slurmctld 6817-6818 and move slurmd to 6819)
#   SCHED_PARAMS_OVERRIDE  if set, used verbatim as SchedulerParameters
#   CGROUP_CONSTRAIN=no|yes  ConstrainCores/ConstrainRAMSpace in cgroup.conf (proctrack=cgroup)
#
# Result: $BASE/etc/slurm.conf, logs in $BASE/log, and $BASE/env.sh which exports
#   SLURM_CONF, SLURMCTLD_PID, SLURMD_PID, MUNGED_PID, CTLD_CTL (stop|start helper for the
#   restart test) - source it, or pass it to slurm_compat_bench.sh --env-file.
# Stop with stop_real_slurm.sh (kills only the PIDs recorded here).
set -euo pipefail

BASE=${SLURM_BENCH_BASE:-${TMPDIR:-/tmp}/realslurm}
TUNING=${SLURM_TUNING:-default}
PROCTRACK=${SLURM_PROCTRACK:-linuxproc}
INSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --install) INSTALL=1 ;;
    --tuning) TUNING=$2; shift ;;
    --proctrack) PROCTRACK=$2; shift ;;
    --base) BASE=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown arg $1" >&2; exit 2 ;;
  esac
  shift
done
NODE_CPUS=${NODE_CPUS:-8}
NODE_MEM_MB=${NODE_MEM_MB:-8000}
CTLD_PORT=${SLURMCTLD_PORT:-6817}
SLURMD_PORT=${SLURMD_PORT:-6818}
NODE=$(hostname -s)

log() { echo "[start_real_slurm] $*" >&2; }
# a zombie (exited, not yet reaped by this sandbox's slow init) counts as gone
alive() { local st; read -r st 2>/dev/null <"/proc/$1/stat" || return 1; st=${st##*) }; [ "${st%% *}" != Z ]; }

if [ "$INSTALL" = 1 ] || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  log "installing slurmctld slurmd slurm-client munge from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi

# Refuse to clobber a running instance of ours.
if [ -f "$BASE/env.sh" ]; then
  for f in "$BASE"/run/*.pid "$BASE"/munge/munged.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f" 2>/dev/null || true)
    if [ -n "$p" ] && alive "$p"; then
      log "process $p from $f is still running: run stop_real_slurm.sh first"; exit 1
    fi
  done
fi
# htc tunings give slurmctld two ports (CTLD_PORT and CTLD_PORT+1); keep slurmd off them
CTLD_NPORTS=1
[ "$TUNING" != default ] && CTLD_NPORTS=2
if [ "$SLURMD_PORT" -ge "$CTLD_PORT" ] && [ "$SLURMD_PORT" -lt $((CTLD_PORT + CTLD_NPORTS)) ]; then
  SLURMD_PORT=$((CTLD_PORT + CTLD_NPORTS))
fi
for port in $(seq "$CTLD_PORT" $((CTLD_PORT + CTLD_NPORTS - 1))) "$SLURMD_PORT"; do
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    log "port $port on 127.0.0.1 is already in use"; exit 1
  fi
done

# on any failure below, stop what this script started (by PID only)
STARTED=()
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    for p in "${STARTED[@]}"; do kill -TERM "$p" 2>/dev/null; done
    [ ${#STARTED[@]} -gt 0 ] && log "start failed (rc=$rc); stopped PIDs: ${STARTED[*]}"
  fi
}
trap on_exit EXIT

rm -rf "$BASE"
mkdir -p "$BASE"/{etc,state,spool/slurmd,log,run,munge/key,work}
chmod 755 "$BASE" "$BASE/munge"
chmod 700 "$BASE/munge/key"

# ---------------- munge ----------------
MUNGE_THREADS=2
[ "$TUNING" != default ] && MUNGE_THREADS=10     # HTC guide: munged --num-threads 10
mungekey --create --keyfile="$BASE/munge/key/munge.key" 2>/dev/null \
  || { dd if=/dev/urandom of="$BASE/munge/key/munge.key" bs=1 count=1024 2>/dev/null; }
chmod 600 "$BASE/munge/key/munge.key"
MSOCK="$BASE/munge/munge.socket.2"
setsid munged -F --num-threads="$MUNGE_THREADS" \
  --key-file="$BASE/munge/key/munge.key" -S "$MSOCK" \
  --pid-file="$BASE/munge/munged.pid" --log-file="$BASE/munge/munged.log" \
  --seed-file="$BASE/munge/munged.seed" </dev/null >"$BASE/log/munged.out" 2>&1 &
MUNGED_PID=$!
STARTED+=("$MUNGED_PID")
for _ in $(seq 1 50); do [ -S "$MSOCK" ] && break; sleep 0.1; done
munge -n -S "$MSOCK" | unmunge -S "$MSOCK" >/dev/null || { log "munge self-test failed"; cat "$BASE/log/munged.out" >&2; exit 1; }

# ---------------- slurm.conf ----------------
case "$TUNING" in
  default)
    CTLD_PORTS=$CTLD_PORT; DEBUG=info; MSG_TIMEOUT=10; MIN_JOB_AGE=300
    SCHED_PARAMS="" ;;
  htc)
    # Settings from Slurm's "High Throughput Computing Administration Guide" (22.05 doc):
    # the parameter set it quotes for "hundreds of jobs per second", MinJobAge of a few
    # seconds, MessageTimeout raised, two controller ports, logging at error level.
    CTLD_PORTS="$CTLD_PORT-$((CTLD_PORT + CTLD_NPORTS - 1))"; DEBUG=error; MSG_TIMEOUT=30; MIN_JOB_AGE=2
    SCHED_PARAMS="batch_sched_delay=20,bf_continue,bf_interval=300,bf_min_age_reserve=10800,bf_resolution=600,bf_yield_interval=1000000,partition_job_depth=500,sched_max_job_start=200,sched_min_interval=2000000" ;;
  htc-small)
    # Same non-scheduler knobs as "htc", but batch scheduling is not delayed: on one node
    # with 8 slots and sub-second jobs, batch_sched_delay (3 s by default, 20 s in the
    # guide's set) caps throughput at about slots/delay.
    CTLD_PORTS="$CTLD_PORT-$((CTLD_PORT + CTLD_NPORTS - 1))"; DEBUG=error; MSG_TIMEOUT=30; MIN_JOB_AGE=2
    SCHED_PARAMS="batch_sched_delay=0,sched_min_interval=0" ;;
  *) log "unknown tuning $TUNING"; exit 2 ;;
esac
[ -n "${SCHED_PARAMS_OVERRIDE:-}" ] && SCHED_PARAMS=$SCHED_PARAMS_OVERRIDE

case "$PROCTRACK" in
  linuxproc) PT=proctrack/linuxproc; TP=task/none ;;
  cgroup)    PT=proctrack/cgroup;    TP=task/cgroup ;;
  *) log "unknown proctrack $PROCTRACK"; exit 2 ;;
esac

CONF="$BASE/etc/slurm.conf"
cat >"$CONF" <<EOF
# generated by start_real_slurm.sh (tuning=$TUNING proctrack=$PROCTRACK)
ClusterName=bench
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORTS
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MSOCK
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool/slurmd
SlurmctldPidFile=$BASE/run/slurmctld.pidfile
SlurmdPidFile=$BASE/run/slurmd.pidfile
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldDebug=$DEBUG
SlurmdDebug=$DEBUG
MessageTimeout=$MSG_TIMEOUT
MinJobAge=$MIN_JOB_AGE
ProctrackType=$PT
TaskPlugin=$TP
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
${SCHED_PARAMS:+SchedulerParameters=$SCHED_PARAMS}${SCHED_PARAMS:-# SchedulerParameters unset: Slurm defaults (batch_sched_delay=3, sched_interval=60, bf_interval=30, ...)}
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
# report the configured (not the detected) CPU count: 8 "CPUs" on a 2-core box
SlurmdParameters=config_overrides
MailProg=/bin/true
# listen on 127.0.0.1 only, not on every address of the machine
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE CPUs=$NODE_CPUS Boards=1 SocketsPerBoard=1 CoresPerSocket=$NODE_CPUS ThreadsPerCore=1 RealMemory=$NODE_MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
if [ "$PROCTRACK" = cgroup ]; then
  cat >"$BASE/etc/cgroup.conf" <<EOF
CgroupPlugin=autodetect
ConstrainCores=${CGROUP_CONSTRAIN:-no}
ConstrainRAMSpace=${CGROUP_CONSTRAIN:-no}
EOF
fi
export SLURM_CONF=$CONF

# ---------------- controller control helper (used by the restart test) ----------------
cat >"$BASE/ctld_ctl.sh" <<EOF
#!/usr/bin/env bash
# ctld_ctl.sh stop|kill|start : stop (SIGTERM, wait <=30s), kill (SIGKILL) or start slurmctld;
# start prints the new PID.
set -u
export SLURM_CONF=$CONF
PIDF=$BASE/run/slurmctld.pid
# a zombie (exited, not yet reaped by init) counts as gone
alive() { local st; read -r st 2>/dev/null <"/proc/\$1/stat" || return 1; st=\${st##*) }; [ "\${st%% *}" != Z ]; }
case "\${1:-}" in
  stop)
    p=\$(cat "\$PIDF" 2>/dev/null || true)
    [ -n "\$p" ] || exit 0
    kill -TERM "\$p" 2>/dev/null || exit 0
    for _ in \$(seq 1 3000); do alive "\$p" || exit 0; sleep 0.01; done
    echo "slurmctld \$p did not exit in 30s" >&2; exit 1 ;;
  kill)
    p=\$(cat "\$PIDF" 2>/dev/null || true)
    [ -n "\$p" ] || exit 0
    kill -KILL "\$p" 2>/dev/null || exit 0
    for _ in \$(seq 1 1000); do alive "\$p" || exit 0; sleep 0.01; done
    exit 1 ;;
  start)
    setsid slurmctld -D -f "$CONF" </dev/null >>"$BASE/log/slurmctld.out" 2>&1 &
    echo \$! >"\$PIDF"
    sed -i "s/^export SLURMCTLD_PID=.*/export SLURMCTLD_PID=\$!/" "$BASE/env.sh"
    echo \$! ;;
  *) echo "usage: \$0 stop|kill|start" >&2; exit 2 ;;
esac
EOF
chmod +x "$BASE/ctld_ctl.sh"

# ---------------- slurmctld ----------------
setsid slurmctld -D -f "$CONF" </dev/null >"$BASE/log/slurmctld.out" 2>&1 &
SLURMCTLD_PID=$!
STARTED+=("$SLURMCTLD_PID")
echo "$SLURMCTLD_PID" >"$BASE/run/slurmctld.pid"
ok=0
for _ in $(seq 1 100); do
  if scontrol ping 2>/dev/null | grep -q 'is UP'; then ok=1; break; fi
  alive "$SLURMCTLD_PID" || break
  sleep 0.2
done
[ $ok = 1 ] || { log "slurmctld did not come up"; tail -20 "$BASE/log/slurmctld.out" >&2; exit 1; }

# ---------------- slurmd ----------------
setsid slurmd -D -N "$NODE" -f "$CONF" </dev/null >"$BASE/log/slurmd.out" 2>&1 &
SLURMD_PID=$!
STARTED+=("$SLURMD_PID")
echo "$SLURMD_PID" >"$BASE/run/slurmd.pid"
ok=0
for _ in $(seq 1 150); do
  st=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
  case "$st" in idle*) ok=1; break ;; esac
  alive "$SLURMD_PID" || break
  sleep 0.2
done
[ $ok = 1 ] || { log "node did not become idle (state '$st')"; tail -20 "$BASE/log/slurmd.out" >&2; exit 1; }

cat >"$BASE/env.sh" <<EOF
export SLURM_CONF=$CONF
export MUNGED_PID=$MUNGED_PID
export SLURMCTLD_PID=$SLURMCTLD_PID
export SLURMD_PID=$SLURMD_PID
export CTLD_CTL=$BASE/ctld_ctl.sh
export STEPD_COMM=slurmstepd
EOF
log "up: munged=$MUNGED_PID slurmctld=$SLURMCTLD_PID slurmd=$SLURMD_PID tuning=$TUNING proctrack=$PROCTRACK"
log "use: source $BASE/env.sh   (or SLURM_CONF=$CONF)"
echo "$BASE/env.sh"
