"""srun and salloc as a user runs them: allocations, steps inside jobs,
task layout and environment, output and input, exit codes, signals, --pty."""
import os
import pty
import re
import select
import signal
import subprocess
import textwrap
import time

from conftest import processes_with, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"


def srun(cluster, args, user=ALICE, **kw):
    return cluster.run(["srun"] + args, user=user, **kw)


def env_of(text, prefix=""):
    """{task: {name: value}} from `srun -l env` output."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d+): ([A-Z_0-9]+)=(.*)", line)
        if m:
            out.setdefault(int(m.group(1)), {})[m.group(2)] = m.group(3)
    return out


def running_exactly(*argv):
    """Pids whose whole command line is argv (not srun's, which contains it)."""
    want = b"\0".join(a.encode() for a in argv) + b"\0"
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read() == want:
                    found.append(int(pid))
        except OSError:
            pass
    return found


def last_job_id(cluster, user=ALICE):
    r = cluster.run(["squeue", "-h", "-t", "all", "-u", user, "-o", "%i"], check=True)
    return max(int(x) for x in r.stdout.split())


def test_srun_outside_a_job_allocates_runs_and_releases(cluster, workdir):
    r = srun(cluster, ["-N", "2", "-n", "4", "hostname"], cwd=workdir[ALICE])
    assert r.returncode == 0, r.stderr
    names = sorted(r.stdout.split())
    # JobHostname=node: every task sees its node's name as the hostname.
    assert names == ["node01", "node01", "node02", "node02"], r.stdout
    job = last_job_id(cluster)
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"


def test_task_environment_follows_the_step_layout(cluster, workdir):
    r = srun(cluster, ["-N", "2", "-n", "3", "-l", "--mpi=none", "env"], cwd=workdir[ALICE])
    assert r.returncode == 0, r.stderr
    env = env_of(r.stdout)
    assert sorted(env) == [0, 1, 2]
    job = env[0]["SLURM_JOB_ID"]
    for task, e in env.items():
        assert e["SLURM_PROCID"] == str(task)
        assert e["SLURM_JOBID"] == job
        assert e["SLURM_STEP_ID"] == e["SLURM_STEPID"] == "0"
        assert e["SLURM_STEP_NUM_TASKS"] == e["SLURM_NTASKS"] == "3"
        assert e["SLURM_STEP_NODELIST"] == e["SLURM_NODELIST"] == "node[01-02]"
        assert e["SLURM_STEP_TASKS_PER_NODE"] == e["SLURM_TASKS_PER_NODE"] == "2,1"
        assert "PMI_FD" not in e and "PMI_RANK" not in e  # --mpi=none
    # Block layout: tasks 0-1 on node01 (node id 0), task 2 on node02.
    assert [env[t]["SLURM_NODEID"] for t in range(3)] == ["0", "0", "1"]
    assert [env[t]["SLURMD_NODENAME"] for t in range(3)] == ["node01", "node01", "node02"]
    assert [env[t]["SLURM_LOCALID"] for t in range(3)] == ["0", "1", "0"]
    assert env[0]["SLURM_GTIDS"] == "0,1" and env[2]["SLURM_GTIDS"] == "2"


def test_labels_and_whole_lines(cluster, workdir):
    script = "for i in 1 2 3; do printf 'part-'; printf 'of-line-%s\\n' $SLURM_PROCID; done"
    r = srun(cluster, ["-n", "4", "-l", "sh", "-c", script], cwd=workdir[ALICE])
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 12, r.stdout
    for line in lines:
        m = re.fullmatch(r"(\d): part-of-line-(\d)", line)
        assert m and m.group(1) == m.group(2), line


def test_stdin_goes_to_task_zero_by_default_and_to_all_when_asked(cluster, workdir):
    r = srun(cluster, ["-n", "2", "-l", "cat"], input="hello\n", cwd=workdir[ALICE])
    assert r.returncode == 0, r.stderr
    assert r.stdout == "0: hello\n"
    r = srun(cluster, ["-n", "2", "-l", "--input=all", "cat"], input="hello\n", cwd=workdir[ALICE])
    assert sorted(r.stdout.splitlines()) == ["0: hello", "1: hello"]
    r = srun(cluster, ["-n", "1", "--input=none", "cat"], input="hello\n", cwd=workdir[ALICE])
    assert r.returncode == 0 and r.stdout == ""


def test_exit_code_is_the_highest_and_failures_are_reported(cluster, workdir):
    r = srun(cluster, ["-n", "3", "sh", "-c", "exit $((SLURM_PROCID + 1))"], cwd=workdir[ALICE])
    assert r.returncode == 3
    assert "task 2: Exited with exit code 3" in r.stderr
    r = srun(cluster, ["-n", "1", "sh", "-c", "kill -9 $$"], cwd=workdir[ALICE])
    assert r.returncode != 0
    assert "task 0: Killed" in r.stderr
    r = srun(cluster, ["-n", "1", "no-such-program-xyz"], cwd=workdir[ALICE])
    assert r.returncode == 2
    assert "execve(): no-such-program-xyz: No such file or directory" in r.stderr


def test_per_task_output_files_are_made_by_the_user(cluster, workdir, users):
    d = workdir[ALICE]
    r = srun(cluster, ["-n", "2", "-o", "out-%j-%t.txt", "sh", "-c", "echo task $SLURM_PROCID"], cwd=d)
    assert r.returncode == 0, r.stderr
    job = last_job_id(cluster)
    for task in (0, 1):
        path = os.path.join(d, f"out-{job}-{task}.txt")
        assert open(path).read() == f"task {task}\n"
        assert os.stat(path).st_uid == users[ALICE].pw_uid


def test_steps_inside_a_batch_job(cluster, workdir):
    d = workdir[ALICE]
    script = textwrap.dedent("""\
        #!/bin/bash
        #SBATCH -N 2
        #SBATCH -n 4
        #SBATCH -o steps.out
        srun -l hostname | sort
        srun -N 2 -n 2 sh -c 'echo step=$SLURM_STEP_ID node=$SLURM_NODEID' | sort
        srun -n 1 sh -c 'echo single=$SLURM_STEP_NUM_TASKS'
        """)
    r = cluster.run(["sbatch", "--parsable"], user=ALICE, input=script, cwd=d)
    assert r.returncode == 0, r.stderr
    job = int(r.stdout)
    assert cluster.wait_state(job, ("COMPLETED", "FAILED")) == "COMPLETED", open(os.path.join(d, "steps.out")).read()
    out = open(os.path.join(d, "steps.out")).read().splitlines()
    # srun inside the job uses the job's -n 4 over its 2 nodes.
    assert out[:4] == ["0: node01", "1: node01", "2: node02", "3: node02"], out
    assert out[4:6] == ["step=1 node=0", "step=1 node=1"], out
    assert out[6] == "single=1"


def test_salloc_runs_the_command_on_the_requested_node(cluster, workdir):
    d = workdir[ALICE]
    r = cluster.run(["salloc", "-N", "1", "--mem=100mb", "-w", "node02", "srun", "hostname"], user=ALICE, cwd=d)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "node02\n"
    m = re.search(r"Granted job allocation (\d+)", r.stderr)
    assert m, r.stderr
    assert f"Relinquishing job allocation {m.group(1)}" in r.stderr
    assert cluster.wait_state(int(m.group(1)), "COMPLETED") == "COMPLETED"
    r = cluster.run(["salloc", "-n", "1", "sh", "-c", "echo $SLURM_JOB_ID $SLURM_NNODES; exit 7"], user=ALICE, cwd=d)
    assert r.returncode == 7
    job, nnodes = r.stdout.split()
    assert nnodes == "1"
    assert cluster.wait_state(int(job), ("COMPLETED", "FAILED")) == "FAILED"


def test_salloc_starts_a_shell_with_the_allocation(cluster, workdir):
    r = cluster.run(["salloc", "-N", "2"], user=ALICE, cwd=workdir[ALICE],
                    input="echo jobid=$SLURM_JOB_ID\nsrun -l -N 2 hostname | sort\n")
    assert r.returncode == 0, r.stderr
    # (srun forwards its stdin to task 0, as Slurm's does: it comes last.)
    assert re.fullmatch(r"jobid=\d+", r.stdout.splitlines()[0]), r.stdout
    assert r.stdout.splitlines()[1:] == ["0: node01", "1: node02"], r.stdout


def test_bad_requests_get_slurm_errors(cluster, workdir):
    d = workdir[ALICE]
    r = srun(cluster, ["--mpi=bogus", "true"], cwd=d)
    assert r.returncode != 0 and "bogus" in r.stderr, r.stderr
    r = srun(cluster, ["-n", "99", "true"], cwd=d)
    assert r.returncode != 0
    assert "Unable to allocate resources: Requested node configuration is not available" in r.stderr
    r = srun(cluster, ["-w", "node09", "true"], cwd=d)
    assert r.returncode != 0 and "Invalid node name specified" in r.stderr
    r = srun(cluster, [], cwd=d)
    assert r.returncode != 0 and "No command given to execute" in r.stderr
    # Inside a one-node allocation: a two-node step and a foreign node are refused.
    r = cluster.run(["salloc", "-N", "1", "-w", "node01", "sh", "-c",
                     "srun -N 2 true; echo rc=$?; srun -w node02 true; echo rc=$?"], user=ALICE, cwd=d)
    assert r.stdout.split() == ["rc=1", "rc=1"], r.stdout + r.stderr
    assert "Unable to create step for job" in r.stderr


def test_mpi_list_prints_the_plugin_types(cluster):
    r = srun(cluster, ["--mpi=list"])
    assert r.returncode == 0
    text = r.stdout + r.stderr
    for name in ("none", "pmi2"):
        assert name in text


def test_no_process_of_a_step_survives_it(cluster, workdir):
    marker = "sleep 4242"
    r = srun(cluster, ["-N", "2", "-n", "2", "sh", "-c", f"setsid {marker} & {marker} & echo started"],
             cwd=workdir[ALICE])
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("started") == 2
    # Even the one that left its process group with setsid: the stepd is
    # the subreaper of everything its tasks start.
    wait_for(lambda: not processes_with(marker), timeout=10, what="the step's sleeps to end")


def test_ctrl_c_twice_kills_the_step(cluster, workdir):
    marker = "sleep 4343"
    env = dict(cluster.env)
    proc = subprocess.Popen(["setpriv", "--reuid=" + ALICE, "--regid=" + ALICE, "--init-groups", "--",
                             "srun", "-n", "2", "sh", "-c", f"echo ready; exec {marker}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=workdir[ALICE])
    try:
        assert proc.stdout.readline() == "ready\n"
        wait_for(lambda: len(running_exactly("sleep", "4343")) == 2, timeout=10, what="both tasks")
        proc.send_signal(signal.SIGINT)
        first = proc.stderr.readline()
        assert "interrupt (one more within 1 sec to abort)" in first
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=30)
        assert rc != 0
        wait_for(lambda: not running_exactly("sleep", "4343"), timeout=10, what="tasks to be killed")
    finally:
        proc.kill()
        proc.wait()


def test_pty_runs_an_interactive_shell(cluster, workdir, users):
    pw = users[ALICE]
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(workdir[ALICE])
        os.setgroups([])
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)
        env = dict(cluster.env, HOME=pw.pw_dir, USER=ALICE, TERM="dumb", PS1="$ ")
        os.execvpe("srun", ["srun", "--pty", "bash", "--norc", "-i"], env)
    try:
        os.write(fd, b"echo tty=$(tty | cut -c1-8) rank=$SLURM_PROCID sum=$((6*7))\n")
        seen = b""
        deadline = time.monotonic() + 30
        while b"sum=42" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        assert b"tty=/dev/pts rank=0 sum=42" in seen, seen
        os.write(fd, b"exit 5\n")
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 5
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def test_a_pmi_client_sending_garbage_aborts_its_step(cluster, workdir):
    r = srun(cluster, ["-n", "2", "--mpi=pmi2", "bash", "-c",
                       'printf "cmd=init pmi_version=1 pmi_subversion=1\\n\\377\\376garbage\\n" >&$PMI_FD; '
                       'exec sleep 4545'], cwd=workdir[ALICE], timeout=60)
    assert r.returncode != 0
    assert "PMI protocol error" in r.stderr, r.stderr
    wait_for(lambda: not running_exactly("sleep", "4545"), timeout=10, what="the step's tasks to be killed")


def test_mpi_default_comes_from_the_configuration(cluster, workdir):
    # bramble up writes MpiDefault=pmi2: tasks get PMI variables unasked.
    r = srun(cluster, ["-n", "2", "-l", "sh", "-c", "echo rank=$PMI_RANK size=$PMI_SIZE fd=${PMI_FD:+set}"],
             cwd=workdir[ALICE])
    assert r.returncode == 0, r.stderr
    assert sorted(r.stdout.splitlines()) == ["0: rank=0 size=2 fd=set", "1: rank=1 size=2 fd=set"]


def test_kill_on_bad_exit_ends_the_other_tasks(cluster, workdir):
    r = srun(cluster, ["-n", "2", "-K", "sh", "-c", 'if [ "$SLURM_PROCID" = 1 ]; then exit 4; fi; exec sleep 4646'],
             cwd=workdir[ALICE], timeout=60)
    assert r.returncode != 0
    assert "task 1: Exited with exit code 4" in r.stderr, r.stderr
    assert not running_exactly("sleep", "4646")


def test_export_none_keeps_only_slurm_variables(cluster, workdir):
    r = srun(cluster, ["--export=NONE", "sh", "-c", 'echo "mine=${MY_SETTING:-unset} job=${SLURM_JOB_ID:+set}"'],
             cwd=workdir[ALICE], extra_env={"MY_SETTING": "x"})
    assert r.returncode == 0, r.stderr
    assert r.stdout == "mine=unset job=set\n"
    r = srun(cluster, ["sh", "-c", 'echo "mine=$MY_SETTING"'], cwd=workdir[ALICE], extra_env={"MY_SETTING": "x"})
    assert r.stdout == "mine=x\n"


def test_signals_to_srun_reach_the_tasks(cluster, workdir):
    proc = subprocess.Popen(["setpriv", "--reuid=" + ALICE, "--regid=" + ALICE, "--init-groups", "--",
                             "srun", "-n", "2", "-l", "sh", "-c",
                             "trap 'echo got-usr1; exit 0' USR1; echo ready; while :; do sleep 0.1; done"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(cluster.env),
                            cwd=workdir[ALICE])
    try:
        assert proc.stdout.readline().endswith("ready\n")
        assert proc.stdout.readline().endswith("ready\n")
        proc.send_signal(signal.SIGUSR1)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert sorted(out.splitlines()) == ["0: got-usr1", "1: got-usr1"]
    finally:
        proc.kill()
        proc.wait()


def test_cancelling_an_allocation_ends_salloc_and_its_steps(cluster, workdir):
    proc = subprocess.Popen(["setpriv", "--reuid=" + ALICE, "--regid=" + ALICE, "--init-groups", "--",
                             "salloc", "-N", "1", "srun", "sh", "-c", "echo ready; exec sleep 4747"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(cluster.env),
                            cwd=workdir[ALICE])
    try:
        assert proc.stdout.readline() == "ready\n"
        job = last_job_id(cluster)
        cluster.run(["scancel", str(job)], user=ALICE, check=True)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode != 0
        assert cluster.job_state(job) == "CANCELLED"
        wait_for(lambda: not running_exactly("sleep", "4747"), timeout=10, what="the step to be killed")
    finally:
        proc.kill()
        proc.wait()


def test_steps_end_with_their_batch_script(cluster, workdir):
    d = workdir[ALICE]
    script = "#!/bin/bash\n#SBATCH -N 2\n#SBATCH -o bg.out\nsrun -N 2 sleep 4848 &\nsleep 1\necho done\n"
    r = cluster.run(["sbatch", "--parsable"], user=ALICE, input=script, cwd=d)
    job = int(r.stdout)
    assert cluster.wait_state(job, ("COMPLETED", "FAILED")) == "COMPLETED"
    wait_for(lambda: not running_exactly("sleep", "4848"), timeout=15, what="the step's tasks on both nodes")
