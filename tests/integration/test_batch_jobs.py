"""Batch jobs as a user would run them: sbatch, squeue, scancel, scontrol."""
import grp
import os
import re
import stat
import subprocess
import textwrap

from conftest import BIN, processes_with, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"


def submit(cluster, args, user=ALICE, input=None, cwd=None, extra_env=None):
    r = cluster.run(["sbatch", "--parsable"] + args, user=user, input=input, cwd=cwd, extra_env=extra_env)
    assert r.returncode == 0, f"sbatch failed: {r.stderr}"
    assert re.fullmatch(r"\d+\n", r.stdout), r.stdout
    return int(r.stdout)


def test_job_runs_as_user_in_submit_dir_with_slurm_environment(cluster, workdir, users):
    d = workdir[ALICE]
    script = os.path.join(d, "job.sh")
    with open(script, "w") as f:
        f.write(textwrap.dedent("""\
            #!/bin/bash
            #SBATCH --job-name=envcheck
            #SBATCH --output=out-%j-%x-%u.txt
            #SBATCH --ntasks=2
            echo "uid=$(id -u) gid=$(id -g)"
            echo "cwd=$(pwd)"
            echo "mine=$MY_SETTING"
            env | grep -E '^(SLURM|SLURMD)_' | sort
            """))
    os.chmod(script, 0o644)
    job = submit(cluster, ["job.sh"], cwd=d, extra_env={"MY_SETTING": "kept"})
    os.unlink(script)  # the script was captured at submission
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"
    out = os.path.join(d, f"out-{job}-envcheck-{ALICE}.txt")
    st = os.stat(out)
    assert st.st_uid == users[ALICE].pw_uid, "output must be created by the user, not root"
    text = open(out).read()
    assert f"uid={users[ALICE].pw_uid} gid={users[ALICE].pw_gid}" in text
    assert f"cwd={d}" in text
    assert "mine=kept" in text
    env = dict(line.split("=", 1) for line in text.splitlines() if line.startswith("SLURM"))
    assert env["SLURM_JOB_ID"] == env["SLURM_JOBID"] == str(job)
    assert env["SLURM_JOB_NAME"] == "envcheck"
    assert env["SLURM_NTASKS"] == "2"
    assert env["SLURM_NNODES"] == "1"
    assert env["SLURMD_NODENAME"] == env["SLURM_NODELIST"] == env["SLURM_JOB_NODELIST"]
    assert re.fullmatch(r"node0[12]", env["SLURMD_NODENAME"])
    assert env["SLURM_TASKS_PER_NODE"] == "2"
    assert env["SLURM_SUBMIT_DIR"] == d
    assert env["SLURM_JOB_USER"] == ALICE
    assert env["SLURM_CLUSTER_NAME"] == "bramble"
    assert env["SLURM_PROCID"] == env["SLURM_NODEID"] == env["SLURM_LOCALID"] == "0"
    assert "SLURM_STEP_ID" not in env and "SLURM_STEPID" not in env


def test_batch_script_and_tasks_get_the_users_supplementary_groups(cluster, workdir, users):
    # Looked up by the controller and sent with the launch and the step's
    # grant; set in each child with setgroups.
    try:
        grp.getgrnam("bramble-team")
    except KeyError:
        subprocess.run(["groupadd", "bramble-team"], check=True)
    subprocess.run(["gpasswd", "-a", ALICE, "bramble-team"], check=True, capture_output=True)
    team = grp.getgrnam("bramble-team").gr_gid
    d = workdir[ALICE]
    job = submit(cluster, ["-n2", "--wrap", "id -G; srun -n2 id -G"], cwd=d)
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"
    lines = open(os.path.join(d, f"slurm-{job}.out")).read().splitlines()
    assert len(lines) == 3, lines  # the script's, then each task's
    for line in lines:
        gids = {int(g) for g in line.split()}
        assert team in gids and users[ALICE].pw_gid in gids, line
        assert 0 not in gids, line  # nothing of root's is left


def test_node_daemon_and_step_supervisors_run_as_bramble_node(cluster, workdir):
    # `bramble up` starts `bramble node`, which hands over to the statically
    # linked bramble-node the build puts beside it; its step supervisors are
    # that binary too (CMakeLists.txt, src/common/node_binary.h).
    node_binary = os.path.join(os.path.dirname(os.path.realpath(BIN)), "bramble-node")
    assert os.access(node_binary, os.X_OK), node_binary
    node_pid = cluster.pid_of("node01")
    assert os.readlink(f"/proc/{node_pid}/exe") == node_binary
    with open(f"/proc/{node_pid}/cmdline", "rb") as f:
        assert f.read().split(b"\0")[:2] == [b"bramble", b"node"]  # as `up` started it
    job = submit(cluster, ["-w", "node01", "--wrap", "sleep 300"], cwd=workdir[ALICE])
    marker = f"bramble stepd {cluster.dir}/spool/node01/job{job}"
    stepds = wait_for(lambda: processes_with(marker), what=f"the step supervisor of job {job}")
    assert [os.readlink(f"/proc/{pid}/exe") for pid in stepds] == [node_binary]
    cluster.run(["scancel", str(job)], check=True)
    assert cluster.wait_state(job, "CANCELLED") == "CANCELLED"


def test_script_from_stdin_with_chdir_and_export_none(cluster, workdir):
    d = workdir[ALICE]
    sub = os.path.join(d, "sub")
    os.mkdir(sub)
    os.chown(sub, os.stat(d).st_uid, os.stat(d).st_gid)
    script = "#!/bin/sh\n#SBATCH --export=NONE\necho \"dir=$(pwd) mine=${MY_SETTING:-unset}\"\n"
    job = submit(cluster, ["-D", sub], input=script, cwd=d, extra_env={"MY_SETTING": "dropped"})
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"
    text = open(os.path.join(sub, f"slurm-{job}.out")).read()
    assert text == f"dir={sub} mine=unset\n"


def test_default_output_line_and_wrap(cluster, workdir):
    d = workdir[BOB]
    r = cluster.run(["sbatch", "--wrap", "echo wrapped $SLURM_JOB_NAME"], user=BOB, cwd=d)
    assert r.returncode == 0, r.stderr
    m = re.fullmatch(r"Submitted batch job (\d+)\n", r.stdout)
    assert m, r.stdout
    job = int(m.group(1))
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"
    assert open(os.path.join(d, f"slurm-{job}.out")).read() == "wrapped wrap\n"


def test_failing_script_is_failed_with_exit_code(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["--wrap", "exit 3"], cwd=d)
    assert cluster.wait_state(job, "FAILED") == "FAILED"
    r = cluster.run(["scontrol", "show", "job", str(job)])
    assert "ExitCode=3:0" in r.stdout, r.stdout


def test_cancel_kills_the_whole_job(cluster, workdir):
    d = workdir[ALICE]
    # A child in the background and one in the foreground: both must die.
    job = submit(cluster, ["--wrap", "sleep 3001 & sleep 3002; wait"], cwd=d)
    cluster.wait_state(job, "RUNNING")
    wait_for(lambda: processes_with("sleep 3001") and processes_with("sleep 3002"), what="job processes")
    r = cluster.run(["scancel", str(job)], user=ALICE)
    assert r.returncode == 0, r.stderr
    assert cluster.wait_state(job, "CANCELLED") == "CANCELLED"
    wait_for(lambda: not processes_with("sleep 3001") and not processes_with("sleep 3002"),
             what="job processes to be gone")


def test_time_limit_gives_timeout(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["--time=0:02", "--wrap", "sleep 3003"], cwd=d)
    assert cluster.wait_state(job, "TIMEOUT", timeout=60) == "TIMEOUT"
    wait_for(lambda: not processes_with("sleep 3003"), what="timed-out job to be gone")


def test_impossible_request_is_refused(cluster, workdir):
    r = cluster.run(["sbatch", "-n", "100", "--wrap", "true"], user=ALICE, cwd=workdir[ALICE])
    assert r.returncode != 0
    assert r.stdout == ""
    assert "sbatch: error: Batch job submission failed: Requested node configuration is not available" in r.stderr
    r = cluster.run(["sbatch", "-p", "nosuch", "--wrap", "true"], user=ALICE, cwd=workdir[ALICE])
    assert r.returncode != 0
    assert "Invalid partition name specified" in r.stderr


def test_users_cannot_touch_each_others_jobs(cluster, workdir):
    job = submit(cluster, ["-H", "--wrap", "true"], cwd=workdir[ALICE])
    assert cluster.job_state(job) == "PENDING"
    r = cluster.run(["scancel", str(job)], user=BOB)
    assert r.returncode != 0
    assert "Access/permission denied" in r.stderr
    r = cluster.run(["scontrol", "release", str(job)], user=BOB)
    assert r.returncode != 0
    r = cluster.run(["squeue", "-h", "-j", str(job), "-o", "%T %r"])
    assert r.stdout.strip() == "PENDING JobHeldUser"
    # Root (an operator) may; the owner may too.
    r = cluster.run(["scontrol", "release", str(job)], user=ALICE)
    assert r.returncode == 0, r.stderr
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"


def test_squeue_sinfo_and_show(cluster, workdir):
    job = submit(cluster, ["-H", "-J", "held", "--wrap", "true"], cwd=workdir[BOB], user=BOB)
    r = cluster.run(["squeue"])
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["JOBID", "PARTITION", "NAME", "USER", "ST", "TIME", "NODES", "NODELIST(REASON)"]
    row = [l for l in lines if l.split()[0] == str(job)]
    assert row and row[0].split()[1:] == ["debug", "held", "bramble-", "PD", "0:00", "1", "(JobHeldUser)"]
    r = cluster.run(["sinfo"])
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].split() == ["PARTITION", "AVAIL", "TIMELIMIT", "NODES", "STATE", "NODELIST"]
    assert "debug*" in r.stdout and "node[01-02]" in r.stdout
    r = cluster.run(["scontrol", "show", "partition"])
    assert r.stdout.splitlines()[0] == "PartitionName=debug"
    r = cluster.run(["scancel", str(job)], user=BOB)
    assert r.returncode == 0
    assert cluster.wait_state(job, "CANCELLED") == "CANCELLED"
    # Finished jobs leave the default squeue view (the controller no longer
    # sends them), -t all still shows them; unknown ids are an error.
    assert str(job) not in cluster.run(["squeue", "-h", "-o", "%i"], check=True).stdout.split()
    assert str(job) in cluster.run(["squeue", "-h", "-t", "all", "-o", "%i"], check=True).stdout.split()
    assert str(job) in cluster.run(["squeue", "-h", "-t", "CA", "-o", "%i"], check=True).stdout.split()
    r = cluster.run(["squeue", "-h", "-j", str(job)])
    assert r.returncode == 0 and r.stdout == ""
    r = cluster.run(["squeue", "-h", "-j", "999999"])
    assert r.returncode == 1
    assert r.stderr.startswith("slurm_load_jobs error: Invalid job id specified")


def test_drained_node_gets_no_work(cluster, workdir):
    r = cluster.run(["scontrol", "update", "nodename=node01", "state=drain", "reason=maintenance"], user=ALICE)
    assert r.returncode != 0, "a user must not drain nodes"
    r = cluster.run(["scontrol", "update", "nodename=node01", "state=drain", "reason=maintenance"])
    assert r.returncode == 0, r.stderr
    try:
        job = submit(cluster, ["--wrap", "echo $SLURMD_NODENAME"], cwd=workdir[ALICE])
        assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"
        assert open(os.path.join(workdir[ALICE], f"slurm-{job}.out")).read() == "node02\n"
        r = cluster.run(["sinfo", "-R", "-h"])
        assert "maintenance" in r.stdout and "node01" in r.stdout
    finally:
        cluster.run(["scontrol", "update", "nodename=node01", "state=resume"], check=True)


def test_signal_death_and_scancel_signal(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["--wrap", "kill -9 $$"], cwd=d)
    assert cluster.wait_state(job, "FAILED") == "FAILED"
    r = cluster.run(["scontrol", "show", "job", str(job)])
    assert "ExitCode=0:9" in r.stdout, r.stdout
    # scancel -s delivers a signal without ending the job.
    marker, ready = os.path.join(d, "got-usr1"), os.path.join(d, "ready")
    job = submit(cluster, ["--wrap", f"trap 'touch {marker}; exit 0' USR1; touch {ready}; "
                                     "while true; do sleep 0.1; done"], cwd=d)
    wait_for(lambda: os.path.exists(ready), what="the job to set its trap")
    r = cluster.run(["scancel", "-s", "USR1", str(job)], user=ALICE)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: os.path.exists(marker), what="USR1 to reach the job")
    assert cluster.wait_state(job, "COMPLETED") == "COMPLETED"


def test_scontrol_update_time_limit_while_pending(cluster, workdir):
    job = submit(cluster, ["-H", "-t", "30", "--wrap", "true"], cwd=workdir[ALICE])
    r = cluster.run(["squeue", "-h", "-j", str(job), "-o", "%l"])
    assert r.stdout.strip() == "30:00"
    r = cluster.run(["scontrol", "update", f"jobid={job}", "timelimit=10"], user=ALICE)
    assert r.returncode == 0, r.stderr
    r = cluster.run(["squeue", "-h", "-j", str(job), "-o", "%l"])
    assert r.stdout.strip() == "10:00"
    # As in Slurm (job_mgr.c _update_job), the owner may raise a pending job's
    # limit up to its partition's MaxTime (INFINITE here), not beyond it.
    r = cluster.run(["scontrol", "update", f"jobid={job}", "timelimit=20"], user=ALICE)
    assert r.returncode == 0, r.stderr
    r = cluster.run(["squeue", "-h", "-j", str(job), "-o", "%l"])
    assert r.stdout.strip() == "20:00"
    cluster.run(["scancel", str(job)], user=ALICE, check=True)
