#!/usr/bin/env bash
# compat_bench.sh - drive any Slurm-compatible CLI (sbatch squeue srun scancel sinfo
# scontrol) and print one "name value unit" line per figure ('#' lines are comments).
#
# Adapted for bench/compare.sh from the shared slurm_compat_bench.sh: step helpers can
# also be matched by command line (Bramble is one multi-call binary, every process is
# "bramble"), the largest single step helper and munged are sampled at peak too, and
# figure names do not depend on the job count or the helper's name.
#
# Usage: slurm_compat_bench.sh [--bin DIR] [--env-file FILE] [--label L] [--tests LIST]
#                              [--out FILE]
#   --bin DIR        directory holding the CLI binaries (env SLURM_BIN_DIR; default: PATH)
#   --env-file FILE  sourced first; may set SLURM_CONF, SLURMCTLD_PID, SLURMD_PID, CTLD_CTL,
#                    STEPD_COMM (start_real_slurm.sh writes such a file)
#   --label L        prefix every figure name with "L." (to run two systems side by side)
#   --tests LIST     comma list of: idle,srun,stepd,query,submit,throughput,restart (default: all)
#   --out FILE       also append the figure lines to FILE
# Env knobs (defaults): N_SUBMIT=500 N_THROUGHPUT=500 N_SRUN=20 N_QUERY=20 N_RESTART=50
#   CMD_TIMEOUT=60 (s, per CLI call)  THROUGHPUT_TIMEOUT=900 (s)  BENCH_MAX_S=3600 (s, whole run)
#   POLL_INTERVAL=0.2 (s, squeue polling in the throughput test)  RSS_SAMPLE_INTERVAL=0.5 (s)
#   SLURMCTLD_PID / SLURMD_PID      daemon PIDs for the RSS figures (else looked up by name)
#   CTLD_PIDFILE / SLURMD_PIDFILE   alternative: files holding those PIDs
#   CTLD_NAME=slurmctld SLURMD_NAME=slurmd   process names used for that look-up
#   STEPD_COMM=slurmstepd           per-job helper process name whose RSS is summed ('' = off)
#   STEPD_CMDLINE                   if set, a helper must also have a command line (argv
#                                   joined by spaces) starting with this, e.g.
#                                   "bramble stepd /dir/spool/"
#   MUNGED_PID                      sampled at peak too (rss_munged_peak_throughput)
#   N_STEPD_JOBS=4                  batch jobs (`sleep 30`) whose helpers the stepd test measures
#   CTLD_CTL  command taking "stop" or "start" (start prints the new controller PID on its
#             last line); needed for the restart test, which is skipped without it.
#   RESTART_MODE=stop  word passed to CTLD_CTL to bring the controller down; "kill" (SIGKILL,
#             crash recovery) if CTLD_CTL supports it; figures are then named restart_kill_*
#   RESTART_SETTLE_S=1 seconds between the last submission and the stop/kill
# Every loop is bounded in count and time; every CLI call runs under `timeout`.
set -u
export LC_ALL=C

BIN_DIR=${SLURM_BIN_DIR:-}
ENV_FILE=""
LABEL=${BENCH_LABEL:-}
TESTS=${BENCH_TESTS:-idle,srun,stepd,query,submit,throughput,restart}
OUT_FILE=${BENCH_OUT:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN_DIR=$2; shift ;;
    --env-file) ENV_FILE=$2; shift ;;
    --label) LABEL=$2; shift ;;
    --tests) TESTS=$2; shift ;;
    --out) OUT_FILE=$2; shift ;;
    -h|--help) sed -n '2,/^# Every loop/p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$ENV_FILE" ]; then
  # shellcheck disable=SC1090
  . "$ENV_FILE"
fi

N_SUBMIT=${N_SUBMIT:-500}
N_TP=${N_THROUGHPUT:-500}
N_SRUN=${N_SRUN:-20}
N_QUERY=${N_QUERY:-20}
N_RESTART=${N_RESTART:-50}
CMD_TIMEOUT=${CMD_TIMEOUT:-60}
TP_TIMEOUT=${THROUGHPUT_TIMEOUT:-900}
BENCH_MAX_S=${BENCH_MAX_S:-3600}
POLL=${POLL_INTERVAL:-0.2}
SAMPLE=${RSS_SAMPLE_INTERVAL:-0.5}
CTLD_NAME=${CTLD_NAME:-slurmctld}
SLURMD_NAME=${SLURMD_NAME:-slurmd}
STEPD_COMM=${STEPD_COMM-slurmstepd}
STEPD_CMDLINE=${STEPD_CMDLINE:-}
CTLD_CTL=${CTLD_CTL:-}
RESTART_MODE=${RESTART_MODE:-stop}
RESTART_SETTLE_S=${RESTART_SETTLE_S:-1}
RP=restart; [ "$RESTART_MODE" != stop ] && RP=restart_$RESTART_MODE

P=${BIN_DIR:+$BIN_DIR/}
SBATCH=${P}sbatch SQUEUE=${P}squeue SRUN=${P}srun SCANCEL=${P}scancel SINFO=${P}sinfo SCONTROL=${P}scontrol
for c in "$SBATCH" "$SQUEUE" "$SRUN" "$SCANCEL" "$SINFO"; do
  command -v "$c" >/dev/null 2>&1 || { echo "missing command: $c" >&2; exit 2; }
done
[ -n "${EPOCHREALTIME:-}" ] || { echo "needs bash >= 5 (EPOCHREALTIME)" >&2; exit 2; }

PFX=${LABEL:+$LABEL.}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/slurmbench.XXXXXX")
ERRLOG=$SCRATCH/errors.log
TRACKED=$SCRATCH/tracked_ids     # every job id we submitted, for cleanup
: >"$TRACKED"
SAMPLER_PID=""
cd "$SCRATCH" || exit 2          # batch output files (slurm-N.out) land here

emit() { # name value unit
  local line="$PFX$1 $2 $3"
  echo "$line"
  [ -n "$OUT_FILE" ] && echo "$line" >>"$OUT_FILE"
  return 0
}
note() { echo "# $*"; }
over_budget() { [ "$SECONDS" -ge "$BENCH_MAX_S" ]; }
run() { timeout -k 5 "$CMD_TIMEOUT" "$@" </dev/null 2>>"$ERRLOG"; }
# float helpers (awk): ratio, difference
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "nan" }'; }
fsub() { awk -v a="$1" -v b="$2" 'BEGIN{ printf "%.3f", a-b }'; }
# stats over a file of "t0 t1" lines -> "median p90 min max" in ms
stats_ms() {
  awk '{ printf "%.3f\n", ($2-$1)*1000 }' "$1" | sort -g | awk '
    { a[NR]=$1 }
    END { n=NR; if (n==0) { print "nan nan nan nan"; exit }
          med = (n%2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2
          k = int(0.9*n); if (k < 0.9*n) k++; if (k < 1) k = 1
          printf "%.1f %.1f %.1f %.1f\n", med, a[k], a[1], a[n] }'
}
jobid_of() { local s=$1; s=${s%%;*}; s=${s//[[:space:]]/}; [[ $s =~ ^[0-9]+$ ]] && echo "$s"; }

cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  if [ -s "$TRACKED" ]; then
    # cancel in chunks; errors for finished jobs are expected and ignored
    xargs -n 100 timeout -k 5 "$CMD_TIMEOUT" "$SCANCEL" <"$TRACKED" >/dev/null 2>&1
  fi
  if [ -s "$ERRLOG" ]; then
    note "errors logged: $(wc -l <"$ERRLOG") lines; first ones:"
    head -5 "$ERRLOG" | sed 's/^/#   /'
  fi
  cd / && rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------- daemon PIDs and memory ----------
pid_by_name() { # name -> first pid whose comm is exactly name
  local d c
  for d in /proc/[0-9]*; do
    read -r c 2>/dev/null <"$d/comm" || continue
    [ "$c" = "$1" ] && { echo "${d#/proc/}"; return; }
  done
}
resolve_pids() {
  CTLD_PID=${SLURMCTLD_PID:-}
  SLURMD_PID_=${SLURMD_PID:-}
  [ -z "$CTLD_PID" ] && [ -n "${CTLD_PIDFILE:-}" ] && CTLD_PID=$(cat "$CTLD_PIDFILE" 2>/dev/null)
  [ -z "$SLURMD_PID_" ] && [ -n "${SLURMD_PIDFILE:-}" ] && SLURMD_PID_=$(cat "$SLURMD_PIDFILE" 2>/dev/null)
  [ -z "$CTLD_PID" ] && CTLD_PID=$(pid_by_name "$CTLD_NAME")
  [ -z "$SLURMD_PID_" ] && SLURMD_PID_=$(pid_by_name "$SLURMD_NAME")
  return 0
}
# sets REPLY to the value (kB) of field $2 (VmRSS:/VmHWM:) of pid $1, 0 if unknown
vm_field() {
  local k v u
  REPLY=0
  [ -n "$1" ] || return 0
  [ -r "/proc/$1/status" ] || return 0
  while read -r k v u; do
    [ "$k" = "$2" ] && { REPLY=$v; return 0; }
  done 2>/dev/null <"/proc/$1/status"
  return 0
}
# sets REPLY="count sum_rss_kB" over live children of pid $1 (e.g. slurmctld's slurmscriptd)
children_rss() {
  local d line rest ppid n=0 s=0
  REPLY="0 0"
  [ -n "$1" ] || return 0
  for d in /proc/[0-9]*; do
    read -r line 2>/dev/null <"$d/stat" || continue
    rest=${line##*) }            # fields after "(comm) "
    set -- "$1" $rest
    ppid=$3
    [ "$ppid" = "$1" ] || continue
    vm_field "${d#/proc/}" VmRSS:
    [ "$REPLY" -gt 0 ] || continue
    n=$((n+1)); s=$((s+REPLY))
  done
  REPLY="$n $s"
}
# sets REPLY="count sum_rss_kB max_rss_kB" over processes named $STEPD_COMM (and, with
# STEPD_CMDLINE, whose command line starts with it)
stepd_rss() {
  local d c a0 a1 a2 n=0 s=0 m=0
  if [ -n "$STEPD_COMM" ]; then
    for d in /proc/[0-9]*; do
      read -r c 2>/dev/null <"$d/comm" || continue
      [ "$c" = "$STEPD_COMM" ] || continue
      if [ -n "$STEPD_CMDLINE" ]; then
        a0="" a1="" a2=""
        { IFS= read -r -d '' a0; IFS= read -r -d '' a1; IFS= read -r -d '' a2; } 2>/dev/null <"$d/cmdline"
        [[ "$a0 $a1 $a2" == "$STEPD_CMDLINE"* ]] || continue
      fi
      vm_field "${d#/proc/}" VmRSS:
      [ "$REPLY" -gt 0 ] || continue        # zombies have no VmRSS
      n=$((n+1)); s=$((s+REPLY)); [ "$REPLY" -gt "$m" ] && m=$REPLY
    done
  fi
  REPLY="$n $s $m"
}
# background sampler: writes "max_ctld max_slurmd max_stepd_sum max_stepd_count nsamples
# max_single_stepd max_munged"
start_sampler() { # outfile stopfile
  (
    trap - EXIT INT TERM
    mc=0 md=0 ms=0 mn=0 ns=0 mx=0 mm=0 end=$((SECONDS + TP_TIMEOUT + 60))
    while [ ! -e "$2" ] && [ "$SECONDS" -lt "$end" ]; do
      vm_field "$CTLD_PID" VmRSS:;    [ "$REPLY" -gt "$mc" ] && mc=$REPLY
      vm_field "$SLURMD_PID_" VmRSS:; [ "$REPLY" -gt "$md" ] && md=$REPLY
      vm_field "${MUNGED_PID:-}" VmRSS:; [ "$REPLY" -gt "$mm" ] && mm=$REPLY
      stepd_rss; set -- "$1" "$2" $REPLY
      [ "$4" -gt "$ms" ] && ms=$4
      [ "$3" -gt "$mn" ] && mn=$3
      [ "$5" -gt "$mx" ] && mx=$5
      ns=$((ns+1))
      echo "$mc $md $ms $mn $ns $mx $mm" >"$1.tmp" && mv -f "$1.tmp" "$1"
      sleep "$SAMPLE"
    done
  ) &
  SAMPLER_PID=$!
}
stop_sampler() { # stopfile
  : >"$1"
  for _ in $(seq 1 50); do kill -0 "$SAMPLER_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$SAMPLER_PID" 2>/dev/null
  wait "$SAMPLER_PID" 2>/dev/null
  SAMPLER_PID=""
}

# ---------- queue helpers ----------
# sets QLEN to the number of job lines `squeue -h` prints; returns 1 if squeue failed
queue_len() {
  local out
  out=$(run "$SQUEUE" -h) || return 1
  if [ -z "$out" ]; then QLEN=0; else QLEN=$(printf '%s\n' "$out" | wc -l); fi
  return 0
}
wait_empty() { # timeout_s -> 0 when the queue is empty
  local end=$((SECONDS + $1))
  while [ "$SECONDS" -lt "$end" ] && ! over_budget; do
    if queue_len && [ "$QLEN" -eq 0 ]; then return 0; fi
    sleep 0.5
  done
  return 1
}
# submit $1 jobs with extra sbatch args $2...; ids appended to file $SUBMIT_IDS; sets T0 T1 NFAIL
submit_n() {
  local n=$1 i out id; shift
  NFAIL=0
  : >"$SUBMIT_IDS"
  T0=$EPOCHREALTIME
  for ((i = 0; i < n; i++)); do
    over_budget && break
    if out=$(run "$SBATCH" --parsable "$@" --wrap=true) && id=$(jobid_of "$out"); then
      echo "$id" >>"$SUBMIT_IDS"
    else
      NFAIL=$((NFAIL+1))
    fi
  done
  T1=$EPOCHREALTIME
  cat "$SUBMIT_IDS" >>"$TRACKED"
}
cancel_ids() { # file -> sets T0 T1
  T0=$EPOCHREALTIME
  [ -s "$1" ] && xargs -n 500 timeout -k 5 "$CMD_TIMEOUT" "$SCANCEL" <"$1" >/dev/null 2>>"$ERRLOG"
  T1=$EPOCHREALTIME
}
# time $2 runs of a command into file $1 ("t0 t1" per line); sets NFAIL
time_cmd() {
  local f=$1 n=$2 i t0 t1; shift 2
  NFAIL=0
  : >"$f"
  for ((i = 0; i < n; i++)); do
    over_budget && break
    t0=$EPOCHREALTIME
    run "$@" >/dev/null || NFAIL=$((NFAIL+1))
    t1=$EPOCHREALTIME
    echo "$t0 $t1" >>"$f"
  done
}
lat_report() { # name file
  local s
  s=$(stats_ms "$2"); set -- "$1" $s
  emit "${1}_median" "$2" ms
  emit "${1}_p90" "$3" ms
}
has_test() { [[ ",$TESTS," == *",$1,"* ]]; }

# ---------- header ----------
resolve_pids
note "slurm_compat_bench label=${LABEL:-none} bin=${BIN_DIR:-PATH} host=$(hostname) date=$(date -u +%FT%TZ)"
note "version: $(run "$SBATCH" --version 2>/dev/null | head -1) SLURM_CONF=${SLURM_CONF:-unset}"
note "cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) ctld_pid=${CTLD_PID:-?} slurmd_pid=${SLURMD_PID_:-?} timeout_per_cmd=${CMD_TIMEOUT}s"
if ! queue_len; then echo "squeue does not answer; is the controller up?" >&2; exit 1; fi
if [ "$QLEN" -ne 0 ]; then
  note "queue not empty at start ($QLEN jobs); waiting up to 60s"
  wait_empty 60 || note "WARNING: queue still not empty; figures below are disturbed"
fi
SUBMIT_IDS=$SCRATCH/ids

# calibration: cost of the harness itself (timeout + fork/exec of /bin/true)
time_cmd "$SCRATCH/cal" 20 true
s_cal=$(stats_ms "$SCRATCH/cal"); emit harness_exec_overhead_median "${s_cal%% *}" ms

# ---------- a. idle memory ----------
if has_test idle; then
  sleep 2
  vm_field "$CTLD_PID" VmRSS:;    emit rss_slurmctld_idle "$REPLY" kB
  vm_field "$SLURMD_PID_" VmRSS:; emit rss_slurmd_idle "$REPLY" kB
  children_rss "$CTLD_PID"; set -- $REPLY
  emit rss_slurmctld_children_idle "$2" kB; emit slurmctld_children_idle "$1" procs
  children_rss "$SLURMD_PID_"; set -- $REPLY
  emit rss_slurmd_children_idle "$2" kB
  if [ -n "${MUNGED_PID:-}" ]; then vm_field "$MUNGED_PID" VmRSS:; emit rss_munged_idle "$REPLY" kB; fi
fi

# ---------- c. srun latency ----------
if has_test srun; then
  run "$SRUN" -n1 true >/dev/null || note "warm-up srun failed"
  time_cmd "$SCRATCH/srun1" "$N_SRUN" "$SRUN" -n1 true
  lat_report srun_n1_true "$SCRATCH/srun1"; emit srun_n1_true_failures "$NFAIL" count
  time_cmd "$SCRATCH/srun4" "$N_SRUN" "$SRUN" -n4 hostname
  lat_report srun_n4_hostname "$SCRATCH/srun4"; emit srun_n4_hostname_failures "$NFAIL" count
fi

# ---------- step helpers' memory, steady (the throughput run's jobs are too short to ----------
# ---------- be caught reliably by the sampler) ----------
# waits (<= $1 s) until at least $2 step helpers are alive; REPLY as stepd_rss
wait_stepds() {
  local end=$((SECONDS + $1))
  while :; do
    stepd_rss; set -- "$1" "$2" $REPLY
    [ "$3" -ge "$2" ] && break
    [ "$SECONDS" -ge "$end" ] && break
    sleep 0.1
  done
  REPLY="$3 $4 $5"
}
if has_test stepd && [ -n "$STEPD_COMM" ]; then
  wait_empty 60 >/dev/null
  # one srun step outside a job: its helper(s) while the tasks sleep
  timeout -k 5 "$CMD_TIMEOUT" "$SRUN" -n4 sleep 4 </dev/null >/dev/null 2>>"$ERRLOG" &
  srun_pid=$!
  wait_stepds 10 1 >/dev/null
  sleep 1
  stepd_rss; set -- $REPLY
  emit stepd_srun_n4_count "$1" procs
  emit rss_stepd_srun_n4_max "$3" kB
  wait "$srun_pid" 2>/dev/null
  wait_empty 30 >/dev/null
  # N_STEPD_JOBS batch jobs running `sleep`: one helper each
  NSJ=${N_STEPD_JOBS:-4}
  : >"$SUBMIT_IDS"
  for ((i = 0; i < NSJ; i++)); do
    if out=$(run "$SBATCH" --parsable --wrap="sleep 30") && id=$(jobid_of "$out"); then echo "$id" >>"$SUBMIT_IDS"; fi
  done
  cat "$SUBMIT_IDS" >>"$TRACKED"
  wait_stepds 30 "$NSJ" >/dev/null
  sleep 1
  stepd_rss; set -- $REPLY
  emit stepd_batch_count "$1" procs
  emit rss_stepd_batch_max "$3" kB
  emit rss_stepd_batch_mean "$([ "$1" -gt 0 ] && echo $(($2 / $1)) || echo nan)" kB
  cancel_ids "$SUBMIT_IDS"
  wait_empty 60 || note "WARNING: stepd-test jobs still listed 60s after scancel"
fi

# ---------- query latency on an (almost) empty queue ----------
if has_test query; then
  wait_empty 30 >/dev/null
  time_cmd "$SCRATCH/sq0" "$N_QUERY" "$SQUEUE"
  lat_report squeue_empty "$SCRATCH/sq0"
  time_cmd "$SCRATCH/si0" "$N_QUERY" "$SINFO"
  lat_report sinfo "$SCRATCH/si0"
fi

# ---------- a. submit rate (held) + d. squeue latency with N held jobs ----------
if has_test submit; then
  submit_n "$N_SUBMIT" --hold
  nok=$(wc -l <"$SUBMIT_IDS")
  emit submit_rate_held "$(fdiv "$nok" "$(fsub "$T1" "$T0")")" jobs/s
  emit submit_held_failures "$NFAIL" count
  if queue_len; then emit queue_len_after_held_submit "$QLEN" jobs; fi
  time_cmd "$SCRATCH/sqN" "$N_QUERY" "$SQUEUE"
  lat_report squeue_held "$SCRATCH/sqN"
  emit squeue_held_failures "$NFAIL" count
  cancel_ids "$SUBMIT_IDS"
  emit scancel_held "$(fsub "$T1" "$T0")" s
  wait_empty 120 || note "WARNING: held jobs still listed 120s after scancel"
fi

# ---------- b. throughput + e. memory under load ----------
if has_test throughput; then
  wait_empty 60 >/dev/null
  STOPF=$SCRATCH/sampler.stop; SAMPF=$SCRATCH/sampler.out
  rm -f "$STOPF" "$SAMPF"
  start_sampler "$SAMPF" "$STOPF"
  submit_n "$N_TP"
  TS0=$T0; TS1=$T1; SUBFAIL=$NFAIL
  nok=$(wc -l <"$SUBMIT_IDS")
  end=$((SECONDS + TP_TIMEOUT)); drained=0; polls=0; pollfail=0
  while [ "$SECONDS" -lt "$end" ] && ! over_budget; do
    polls=$((polls+1))
    if queue_len; then
      [ "$QLEN" -eq 0 ] && { drained=1; break; }
    else
      pollfail=$((pollfail+1))
    fi
    sleep "$POLL"
  done
  TE=$EPOCHREALTIME
  stop_sampler "$STOPF"
  total=$(fsub "$TE" "$TS0")
  emit submit_rate_live "$(fdiv "$nok" "$(fsub "$TS1" "$TS0")")" jobs/s
  emit submit_live_failures "$SUBFAIL" count
  if [ "$drained" = 1 ]; then
    emit throughput "$(fdiv "$nok" "$total")" jobs/s
    emit throughput_total "$total" s
    emit throughput_drain_after_last_submit "$(fsub "$TE" "$TS1")" s
  else
    note "throughput: queue did not drain within ${TP_TIMEOUT}s"
    emit throughput nan jobs/s
  fi
  emit throughput_squeue_polls "$polls" count
  [ "$pollfail" -gt 0 ] && emit throughput_squeue_poll_failures "$pollfail" count
  emit throughput_output_files "$(find "$SCRATCH" -maxdepth 1 -name 'slurm-*.out' | wc -l)" files
  if [ -s "$SAMPF" ]; then
    read -r mc md ms mn ns mx mm <"$SAMPF"
    emit rss_slurmctld_peak_throughput "$mc" kB
    emit rss_slurmd_peak_throughput "$md" kB
    [ -n "${MUNGED_PID:-}" ] && emit rss_munged_peak_throughput "$mm" kB
    if [ -n "$STEPD_COMM" ]; then
      emit rss_stepd_sum_peak_throughput "$ms" kB
      emit stepd_count_peak_throughput "$mn" procs
      emit rss_stepd_max_single_throughput "$mx" kB
    fi
    emit rss_samples_throughput "$ns" count
  fi
  vm_field "$CTLD_PID" VmHWM:;    emit vmhwm_slurmctld_after_throughput "$REPLY" kB
  vm_field "$SLURMD_PID_" VmHWM:; emit vmhwm_slurmd_after_throughput "$REPLY" kB
fi

# ---------- f. controller restart with N held jobs ----------
if has_test restart; then
  if [ -z "$CTLD_CTL" ]; then
    note "restart: skipped (set CTLD_CTL to a stop|start command)"
  else
    wait_empty 60 >/dev/null
    submit_n "$N_RESTART" --hold
    nsub=$(wc -l <"$SUBMIT_IDS")
    sleep "$RESTART_SETTLE_S"
    R0=$EPOCHREALTIME
    timeout -k 5 60 $CTLD_CTL "$RESTART_MODE" >/dev/null 2>>"$ERRLOG" || note "restart: $RESTART_MODE command failed"
    R1=$EPOCHREALTIME
    newpid=$(timeout -k 5 60 $CTLD_CTL start 2>>"$ERRLOG" | tail -1)
    R2=$EPOCHREALTIME
    # Poll with a short per-call timeout first: a Slurm client that finds the port closed
    # sleeps 1 s before retrying, which would otherwise dominate this figure.
    up=0; fast_end=$((SECONDS + 10)); end=$((SECONDS + 120))
    while [ "$SECONDS" -lt "$end" ]; do
      if [ "$SECONDS" -lt "$fast_end" ]; then tmo=0.1; else tmo=10; fi
      if out=$(timeout -k 1 "$tmo" "$SQUEUE" -h </dev/null 2>/dev/null); then up=1; break; fi
      sleep 0.01
    done
    R3=$EPOCHREALTIME
    emit "${RP}_stop" "$(fsub "$R1" "$R0")" s
    if [ "$up" = 1 ]; then
      emit "${RP}_squeue_ready" "$(fsub "$R3" "$R2")" s
      emit "${RP}_total" "$(fsub "$R3" "$R0")" s
      kept=$(printf '%s\n' "$out" | awk 'NR==FNR { want[$1]=1; next } ($1 in want) { n++ } END { print n+0 }' "$SUBMIT_IDS" -)
      emit "${RP}_jobs_kept" "$kept" "of_$nsub"
    else
      note "restart: squeue did not answer within 120s of start"
      emit "${RP}_squeue_ready" nan s
    fi
    [[ "$newpid" =~ ^[0-9]+$ ]] && { SLURMCTLD_PID=$newpid; CTLD_PID=$newpid; }
    sleep 2
    vm_field "$CTLD_PID" VmRSS:; emit "rss_slurmctld_after_${RP}_held" "$REPLY" kB
    cancel_ids "$SUBMIT_IDS"
    wait_empty 60 || note "WARNING: restart-test jobs still listed 60s after scancel"
  fi
fi
note "done in ${SECONDS}s"
