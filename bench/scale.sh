#!/bin/bash
# The scale run: one `bramble up` cluster of NODES node daemons (1 CPU each)
# on this machine and N_JOBS queued jobs. Measures the time to register all
# nodes, the controller's and node daemons' memory (idle, after N_JOBS held
# submissions, peak), the held-submission rate (CLIENTS parallel client loops),
# `squeue` with N_JOBS jobs queued (N_QUERY runs), a scheduling pass at scale
# (release every job at once into the full cluster: time until NODES jobs run,
# and the controller's own pass timing from `sdiag` where the binary has it),
# and the controller's CPU time over the run. Prints a table with date, commit,
# machine and load. A measurement, not a test: nothing is asserted.
# usage: bench/scale.sh          (about 3-5 minutes on a 2-core machine)
#   smoke: NODES=8 N_JOBS=200 bench/scale.sh
# Env knobs (defaults): NODES=256 N_JOBS=10000 N_QUERY=10 CLIENTS=4
#   BRAMBLE_BIN   a built bramble binary (default: build/bramble, (re)built first)
#   RESULTS_FILE  also write the figures there (markdown table)
#   CMD_TIMEOUT=60 (s, bound of one client call)
#   RUN_WAIT_S=300 (s, bound of the wait for NODES running jobs)
#   RELEASE_CHUNK=500 (job ids per `scontrol release`)
#   KEEP_DIR=0     1 keeps the cluster's directory (logs, state) after the run
# Uses only loopback; stops what it started (`bramble down` on its own
# directory) on any exit.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
NODES=${NODES:-256}
N_JOBS=${N_JOBS:-10000}
N_QUERY=${N_QUERY:-10}
CLIENTS=${CLIENTS:-4}
CMD_TIMEOUT=${CMD_TIMEOUT:-60}
RUN_WAIT_S=${RUN_WAIT_S:-300}
RELEASE_CHUNK=${RELEASE_CHUNK:-500}
if [ -z "${BRAMBLE_BIN:-}" ]; then
  # As compare.sh: build/bramble, RelWithDebInfo like scripts/build.sh, (re)built first.
  echo "[scale] building build/bramble (scripts/install-deps.sh, then cmake)" >&2
  "$REPO/scripts/install-deps.sh" >/dev/null
  cmake -S "$REPO" -B "$REPO/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$REPO/build" -j "$(nproc)" --target bramble bramble-node >/dev/null
fi
BIN=${BRAMBLE_BIN:-build/bramble}
case $BIN in /*) ;; *) BIN=$REPO/$BIN ;; esac
BIN=$(realpath "$BIN")
[ -x "$BIN" ] || { echo "scale.sh: no bramble binary at $BIN (set BRAMBLE_BIN)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/bramble-scale-XXXXXX)
chmod 755 "$DIR"
C=$DIR/c
KEEP_DIR=${KEEP_DIR:-0}
cleanup() {
  local p
  for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done  # client loops still running
  if [ -d "$C/run" ]; then "$BIN" down --dir "$C" >/dev/null || true; fi
  if [ "$KEEP_DIR" != 1 ]; then rm -rf "$DIR"; fi
}
trap cleanup EXIT

T() { timeout "$CMD_TIMEOUT" "$@"; }
now() { NOW=${EPOCHREALTIME/./}; }  # microseconds
secs() { printf '%d.%03d' $(($1 / 1000000)) $((($1 % 1000000) / 1000)); }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }  # utime+stime
say() { echo "[scale $(date +%T)] $*" >&2; }
ROWS=()
row() { ROWS+=("$1|$2|$3"); }  # figure, value, unit
stats_ms() {  # file of microsecond values -> "median p90" in ms
  sort -n "$1" | awk '{ v[NR] = $1 } END { if (!NR) { print "- -"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f %.1f\n", m / 1000, v[int(NR * 0.9 + 0.999)] / 1000 }'
}
count_state() {  # jobs in state $1 (-1 if squeue failed)
  local n
  n=$(T squeue -h -t "$1" -o %i 2>/dev/null | wc -l) || n=-1
  echo "$n"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
MEM_GIB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
say "bin=$BIN nodes=$NODES jobs=$N_JOBS clients=$CLIENTS dir=$DIR"

# 1. Registration: `up` returns when every node has registered.
now; t0=$NOW
if ! "$BIN" up --nodes "$NODES" --cpus-per-node 1 --mem-per-node 4G --dir "$C" >"$DIR/up.out" 2>&1; then
  cat "$DIR/up.out" >&2
  exit 1
fi
now; t_up=$((NOW - t0))
# shellcheck disable=SC1091
. "$C/env.sh"
cd "$DIR"
CPID=$(cat "$C/run/controller.pid")
NODE_PIDS=()
for f in "$C"/run/*.pid; do [ "$f" = "$C/run/controller.pid" ] || NODE_PIDS+=("$(cat "$f")"); done
idle=0
for _ in $(seq 1 300); do  # at most ~60 s
  idle=$(T sinfo -h -o '%D %T' 2>/dev/null | awk '$2 == "idle" { n += $1 } END { print n + 0 }') || idle=0
  [ "$idle" -ge "$NODES" ] && break
  sleep 0.2
done
now; t_idle=$((NOW - t0))
row "up: $NODES nodes started and registered" "$(secs $t_up)" s
row "until sinfo shows $idle/$NODES nodes idle" "$(secs $t_idle)" s
say "up in $(secs $t_up) s; $idle idle"

# 2. Idle memory.
sleep 2
row "controller RSS, idle, no jobs" "$(mib "$(status_kb "$CPID" VmRSS)")" MiB
printf '%s\n' "${NODE_PIDS[@]}" | while read -r p; do status_kb "$p" VmRSS; done | sort -n >node_rss.txt
read -r node_sum node_med < <(awk '{ v[NR] = $1; s += $1 } END {
  printf "%d %d\n", s, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' node_rss.txt)
row "node daemons RSS, sum of ${#NODE_PIDS[@]}" "$(mib "$node_sum")" MiB
row "node daemon RSS, median" "$(mib "$node_med")" MiB
cpu_idle=$(cpu_ticks "$CPID")

# 3. Submission of N_JOBS held jobs, CLIENTS loops in parallel.
submit_loop() {  # count, client number: job ids in ids.N, one a line; failures in fail.N
  local i id fails=0
  for ((i = 0; i < $1; i++)); do
    if id=$(T sbatch --parsable --hold --wrap='sleep 600' 2>>submit.err); then echo "${id%%;*}"; else fails=$((fails + 1)); fi
  done >"ids.$2"
  echo "$fails" >"fail.$2"
}
say "submitting $N_JOBS held jobs with $CLIENTS clients"
now; t0=$NOW
for ((c = 0; c < CLIENTS; c++)); do
  submit_loop $(((N_JOBS + c) / CLIENTS)) "$c" &
done
wait
now; t_sub=$((NOW - t0))
cat ids.* | grep -E '^[0-9]+$' | sort -n >ids.txt || true
ok=$(wc -l <ids.txt)
failed=$(cat fail.* | awk '{ s += $1 } END { print s + 0 }')
row "submit $N_JOBS held jobs ($CLIENTS clients), wall" "$(secs $t_sub)" s
row "submit rate" "$(awk -v n="$ok" -v t="$t_sub" 'BEGIN { printf "%.1f", n / (t / 1e6) }')" jobs/s
row "submissions failed" "$failed" jobs
row "controller RSS after submission" "$(mib "$(status_kb "$CPID" VmRSS)")" MiB
row "controller VmHWM after submission" "$(mib "$(status_kb "$CPID" VmHWM)")" MiB
cpu_sub=$(cpu_ticks "$CPID")
say "submitted $ok (failed $failed) in $(secs $t_sub) s"

# 4. squeue with N_JOBS queued.
queued=$(count_state PD)
: >squeue.txt; : >squeue_u.txt
for _ in $(seq 1 "$N_QUERY"); do
  now; a=$NOW; T squeue >/dev/null 2>&1 || true; now; echo $((NOW - a)) >>squeue.txt
  now; a=$NOW; T squeue -u "$(id -un)" >/dev/null 2>&1 || true; now; echo $((NOW - a)) >>squeue_u.txt
done
read -r m p < <(stats_ms squeue.txt)
row "squeue, $queued jobs queued: median / p90 of $N_QUERY" "$m / $p" ms
read -r m p < <(stats_ms squeue_u.txt)
row "squeue -u \$USER, same queue: median / p90" "$m / $p" ms
cpu_q=$(cpu_ticks "$CPID")
say "squeue done"

# 5. A scheduling pass at scale: release everything into the empty cluster
# (scontrol release in chunks, in the background) while polling for NODES
# running jobs; sleep 600 keeps them, the rest stays pending.
target=$((ok < NODES ? ok : NODES))
say "releasing $ok jobs"
split -l "$RELEASE_CHUNK" ids.txt rel.
release_all() {  # wall time of each chunk in rel_us.txt, failed calls in rel_failed
  local f a fails=0
  for f in rel.*; do
    a=${EPOCHREALTIME/./}
    T scontrol release "$(paste -sd, "$f")" >/dev/null 2>>release.err || fails=$((fails + 1))
    echo $((${EPOCHREALTIME/./} - a)) >>rel_us.txt
  done
  echo "$fails" >rel_failed
}
: >rel_us.txt
now; t0=$NOW
release_all &
rel_pid=$!
running=0
for _ in $(seq 1 $((RUN_WAIT_S * 5))); do
  running=$(count_state R)
  [ "$running" -ge "$target" ] && break
  sleep 0.2
done
now; t_run=$((NOW - t0))
say "$running running after $(secs $t_run) s; waiting for the release calls"
wait "$rel_pid" || true
now; t_rel=$((NOW - t0))
pending=$(count_state PD)
rel_failed=$(cat rel_failed 2>/dev/null || echo "?")
n_chunks=$(wc -l <rel_us.txt)
row "from release until $running/$target jobs RUNNING" "$(secs $t_run)" s
row "scontrol release of $ok jobs ($n_chunks calls, $RELEASE_CHUNK ids each), wall" "$(secs $t_rel)" s
row "  one release call: first" "$(awk 'NR == 1 { printf "%.1f", $1 / 1000 }' rel_us.txt)" ms
read -r m p < <(stats_ms rel_us.txt)
row "  one release call: median / p90" "$m / $p" ms
[ "$rel_failed" = 0 ] || row "scontrol release calls failed" "$rel_failed" calls
row "pending after the release" "$pending" jobs
stepd_sum=0; n_stepd=0
for f in "$C"/spool/*/*/stepd.pid; do
  [ -e "$f" ] || continue
  k=$(status_kb "$(cat "$f")" VmRSS); stepd_sum=$((stepd_sum + ${k:-0})); n_stepd=$((n_stepd + 1))
done
row "step supervisors RSS, sum of $n_stepd" "$(mib "$stepd_sum")" MiB
row "controller RSS, cluster full, queue long" "$(mib "$(status_kb "$CPID" VmRSS)")" MiB
say "released in $(secs $t_rel) s, $pending pending"

SDIAG=0
if [ -e "$C/bin/sdiag" ] && T sdiag >sdiag1.txt 2>sdiag.err && grep -q 'Main schedule statistics' sdiag1.txt; then SDIAG=1; fi
sdiag_field() {  # file, label -> value in "Main schedule statistics"
  awk -v k="$2" '/^Main schedule statistics/ { on = 1; next }
    on && /^[^ \t]/ { on = 0 }
    on { line = $0; sub(/^[ \t]+/, "", line)
         if (index(line, k ":") == 1) { sub(/^[^:]*:[ \t]*/, "", line); print line; exit } }' "$1"
}
if [ "$SDIAG" = 1 ]; then
  for k in "Last cycle" "Max cycle" "Total cycles" "Mean cycle" "Last queue length"; do
    v=$(sdiag_field sdiag1.txt "$k")
    case $k in *cycles|*length) u="" ;; *) u=us ;; esac
    row "sdiag: $k" "${v:--}" "$u"
  done
fi
# One more pass: cancel one running job so another one starts on its node.
victim=$(T squeue -h -t R -o %i 2>/dev/null | awk 'NR == 1') || victim=""
if [ -n "$victim" ] && [ "$pending" -gt 0 ]; then
  now; t0=$NOW
  T scancel "$victim" || true
  r=0
  for _ in $(seq 1 300); do  # at most ~60 s
    sleep 0.2
    r=$(T squeue -h -t R -o %i 2>/dev/null | grep -cvx "$victim") || r=0
    [ "$r" -ge "$target" ] && break
  done
  now
  row "scancel 1 running job until a pending one runs" "$(secs $((NOW - t0)))" s
  if [ "$SDIAG" = 1 ] && T sdiag >sdiag2.txt 2>>sdiag.err; then
    for k in "Last cycle" "Last queue length" "Total cycles"; do
      v=$(sdiag_field sdiag2.txt "$k")
      u=""; [ "$k" != "Last cycle" ] || u=us
      row "sdiag after that pass: $k" "${v:--}" "$u"
    done
  fi
fi
[ "$SDIAG" = 1 ] || row "sdiag: not available" "-" ""
cpu_sched=$(cpu_ticks "$CPID")

# 6. Peak memory and CPU time of the controller.
tck=$(getconf CLK_TCK)
cpu_end=$(cpu_ticks "$CPID")
row "controller VmHWM (peak RSS) at the end" "$(mib "$(status_kb "$CPID" VmHWM)")" MiB
cs() { awk -v t="$1" -v h="$tck" 'BEGIN { printf "%.2f", t / h }'; }
row "controller CPU (user+sys), whole run" "$(cs "$cpu_end")" s
row "  of which: up + idle" "$(cs "$cpu_idle")" s
row "  of which: submission" "$(cs $((cpu_sub - cpu_idle)))" s
row "  of which: squeue runs" "$(cs $((cpu_q - cpu_sub)))" s
row "  of which: release + scheduling + polls" "$(cs $((cpu_sched - cpu_q)))" s
errs=$(cat "$C"/log/*.log 2>/dev/null | grep -ciE 'error|fatal' || true)
grep -hiE 'error|fatal' "$C"/log/*.log 2>/dev/null | sed -E 's/^\[[^]]*\] //; s/node[0-9]+/nodeN/g' |
  sort | uniq -c | sort -rn | head -5 >log_errors.txt || true
row "log lines with error/fatal (all daemons)" "$errs" lines

# 7. Stop: cancel everything, then `down` (in the trap).
T scancel -u "$(id -un)" >/dev/null 2>&1 || true

LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "scale run: $(date -u '+%Y-%m-%d %H:%M UTC')  commit $COMMIT  $(nproc) cores, ${MEM_GIB} GiB" \
    " load $LOAD0 -> $LOAD1  nodes=$NODES (1 CPU each) jobs=$N_JOBS clients=$CLIENTS"
  for r in "${ROWS[@]}"; do
    IFS='|' read -r f v u <<<"$r"
    printf '  %-60s %16s%s\n' "$f" "$v" "${u:+ $u}"
  done
} | tee "$DIR/table.txt"
if [ -n "${RESULTS_FILE:-}" ]; then
  {
    echo "Scale run: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT, $(nproc) cores, ${MEM_GIB} GiB," \
      "load $LOAD0 -> $LOAD1, nodes=$NODES (1 CPU each), jobs=$N_JOBS, clients=$CLIENTS"
    echo
    echo "| figure | value | unit |"
    echo "|---|---:|---|"
    for r in "${ROWS[@]}"; do
      IFS='|' read -r f v u <<<"$r"
      echo "| $f | $v | $u |"
    done
  } >"$RESULTS_FILE"
fi
if [ -s "$DIR/log_errors.txt" ]; then
  say "daemon log errors (count, message):"
  cat "$DIR/log_errors.txt" >&2
fi
if [ -s "$DIR/submit.err" ] || [ -s "$DIR/release.err" ]; then
  say "client errors (first lines):"
  cat "$DIR"/submit.err "$DIR"/release.err 2>/dev/null | sort | uniq -c | sort -rn | head -5 >&2
fi
