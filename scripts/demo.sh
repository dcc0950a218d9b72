#!/bin/bash
# Builds Bramble, starts a local cluster (1 controller, 2 nodes on 127.0.0.1)
# in /tmp/bramble-demo, submits the example job as an unprivileged user,
# waits for it and prints its output, sinfo and squeue. The cluster keeps
# running afterwards. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BRAMBLE_DEMO_DIR:-/tmp/bramble-demo}
DEMO_USER=${BRAMBLE_DEMO_USER:-bramble-demo}
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/demo.sh must run as root (it installs packages and starts daemons)" >&2
  exit 1
fi
scripts/install-deps.sh
scripts/build.sh
BIN=$PWD/build/bramble
id "$DEMO_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$DEMO_USER"
"$BIN" up --nodes 2 --dir "$DIR"
# shellcheck disable=SC1091
. "$DIR/env.sh"
WORK=$DIR/work
mkdir -p "$WORK"
chown "$DEMO_USER": "$WORK"
cat > "$WORK/job.sh" <<'JOB'
#!/bin/bash
#SBATCH --job-name=mytestjob
#SBATCH --output=output.txt
#SBATCH --ntasks=1
#SBATCH --time=00:05:00
echo "Hello from $SLURMD_NODENAME ($(hostname))"
JOB
chown "$DEMO_USER": "$WORK/job.sh"
as_user() { (cd "$WORK" && setpriv --reuid="$DEMO_USER" --regid="$DEMO_USER" --init-groups -- env HOME="$WORK" USER="$DEMO_USER" "$@"); }
echo "\$ sbatch job.sh   (as $DEMO_USER, in $WORK)"
out=$(as_user sbatch job.sh)
echo "$out"
job=${out##* }
for _ in $(seq 1 300); do
  state=$(squeue -h -t all -j "$job" -o %T)
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL) break ;; esac
  sleep 0.1
done
echo "job $job: $state"
echo "\$ cat output.txt"
cat "$WORK/output.txt"
echo "\$ sinfo"
sinfo
echo "\$ squeue"
squeue
echo "\$ squeue --states=all"
squeue --states=all
cat <<EOT

The cluster is still running. To use it:
  . $DIR/env.sh
  sbatch --wrap 'hostname'      # as any user
  squeue; sinfo; scontrol show job <id>
To stop it:
  $BIN down --dir $DIR
EOT
