#!/usr/bin/env bash
# bramble_ctld_ctl.sh stop|kill|start - the controller of the `bramble up` cluster in
# $BRAMBLE_DIR, for the restart figures of compat_bench.sh (the counterpart of the
# ctld_ctl.sh that start_real_slurm.sh writes for slurmctld).
#   stop   SIGTERM, wait (<= 30 s) until it has exited
#   kill   SIGKILL, wait (<= 10 s)
#   start  start `$BRAMBLE_BIN controller` as `bramble up` does (own session, same config,
#          log and pid file) and print its PID; it does not wait for it to answer
# Only the PID in $BRAMBLE_DIR/run/controller.pid is signalled, and only if that process
# is this build's bramble.
set -u
DIR=${BRAMBLE_DIR:?BRAMBLE_DIR unset}
BIN=$(realpath "${BRAMBLE_BIN:?BRAMBLE_BIN unset}")
PIDF=$DIR/run/controller.pid
# a zombie (exited, not yet reaped by init) counts as gone
alive() { local st; read -r st 2>/dev/null <"/proc/$1/stat" || return 1; st=${st##*) }; [ "${st%% *}" != Z ]; }
ours() { [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$BIN" ]; }
signal_and_wait() { # signal max_polls(10 ms)
  local p
  p=$(cat "$PIDF" 2>/dev/null || true)
  [[ "$p" =~ ^[0-9]+$ ]] || exit 0
  alive "$p" || exit 0
  ours "$p" || { echo "pid $p is not $BIN: left alone" >&2; exit 1; }
  kill "-$1" "$p" 2>/dev/null || exit 0
  for ((i = 0; i < $2; i++)); do alive "$p" || exit 0; sleep 0.01; done
  echo "controller $p still running after SIG$1" >&2
  exit 1
}
case "${1:-}" in
  stop) signal_and_wait TERM 3000 ;;
  kill) signal_and_wait KILL 1000 ;;
  start)
    setsid "$BIN" controller -f "$DIR/slurm.conf" -L "$DIR/log/controller.log" \
      </dev/null >>"$DIR/log/controller.out" 2>&1 &
    echo $! >"$PIDF"
    echo $! ;;
  *) echo "usage: $0 stop|kill|start" >&2; exit 2 ;;
esac
