"""Job control through the real CLI: scontrol requeue, update, hold and
release, sbatch --begin and --signal, as users and operators call them.

One cluster for the module: two nodes of four CPUs, the default partition
"debug" on both and a second partition "other" (both nodes, MaxTime=30).
Every test leaves no job of its own running. Errors are checked against
what Slurm's scontrol prints: "<reason> for job <id>" for hold, release and
requeue, "slurm_update error: <reason>" for update.
"""
import os
import re
import shutil
import tempfile
import time

import pytest

from conftest import Cluster, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"


@pytest.fixture(scope="module")
def cluster(users, request):
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base, nodes=2, cpus=4)
    c.up()
    c.down()
    conf = os.path.join(c.dir, "slurm.conf")
    with open(conf) as f:
        text = f.read()
    with open(conf, "w") as f:
        f.write(text + "PartitionName=other Nodes=node[01-02] MaxTime=30\n")
    c.up()
    wait_for(lambda: "unk" not in c.run(["sinfo", "-h", "-N", "-o", "%t"]).stdout and
             c.run(["sinfo", "-h", "-o", "%P"]).stdout.split() == ["debug*", "other"], what="nodes registered")
    yield c
    c.down()
    shutil.rmtree(base, ignore_errors=True)


def submit(cluster, args, user=ALICE, cwd=None):
    r = cluster.run(["sbatch", "--parsable"] + args, user=user, cwd=cwd)
    assert r.returncode == 0, f"sbatch {args} failed: {r.stderr}"
    return int(r.stdout.strip().split(";")[0])


def squeue(cluster, job_id, fmt):
    return cluster.run(["squeue", "-h", "-t", "all", "-j", str(job_id), "-o", fmt]).stdout.strip()


def show_job(cluster, job_id):
    """`scontrol show job` as a dict of its Key=Value fields."""
    r = cluster.run(["scontrol", "show", "job", str(job_id)])
    assert r.returncode == 0, r.stderr
    return dict(re.findall(r"(\S+?)=(\S*)", r.stdout))


def write_script(directory, name, body, owner):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("#!/bin/bash\n" + body)
    os.chmod(path, 0o755)
    os.chown(path, owner.pw_uid, owner.pw_gid)
    return path


def lines_of(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().split("\n")[:-1]


def cancel(cluster, *job_ids):
    cluster.run(["scancel"] + [str(j) for j in job_ids], check=True)
    for job in job_ids:
        cluster.wait_state(job, ("CANCELLED", "COMPLETED", "FAILED"))


def test_requeue_of_a_running_job_runs_it_again(cluster, workdir, users):
    d = workdir[ALICE]
    runs = os.path.join(d, "runs.txt")
    # The first run waits; the later ones end at once. Each says which run it is.
    write_script(d, "job.sh", 'echo "run ${SLURM_RESTART_COUNT:-unset} $SLURM_JOB_ID" >> runs.txt\n'
                              '[ "$(wc -l < runs.txt)" -gt 1 ] || sleep 60\n', users[ALICE])
    job = submit(cluster, ["-w", "node01", "-o", "/dev/null", "job.sh"], cwd=d)
    cluster.wait_state(job, "RUNNING")
    wait_for(lambda: lines_of(runs) == [f"run unset {job}"], what="first run started")
    r = cluster.run(["scontrol", "requeue", str(job)], user=BOB)
    assert r.returncode == 1 and r.stderr == f"Access/permission denied for job {job}\n", r.stderr
    assert cluster.job_state(job) == "RUNNING"
    # With its node drained the requeued job cannot start again: it waits.
    cluster.run(["scontrol", "update", "NodeName=node01", "State=DRAIN", "Reason=requeue test"], check=True)
    try:
        r = cluster.run(["scontrol", "requeue", str(job)], user=ALICE)
        assert r.returncode == 0 and r.stdout == "" and r.stderr == "", r.stderr
        cluster.wait_state(job, "PENDING")
        info = show_job(cluster, job)
        assert info["JobState"] == "PENDING" and info["Restarts"] == "1" and info["Requeue"] == "1", info
        assert info["NodeList"] == "(null)", info
        assert squeue(cluster, job, "%T %r") == "PENDING ReqNodeNotAvail", squeue(cluster, job, "%T %r")
        r = cluster.run(["scontrol", "requeue", str(job)], user=ALICE)
        assert r.returncode == 1 and r.stderr == f"Job is pending execution for job {job}\n", r.stderr
    finally:
        cluster.run(["scontrol", "update", "NodeName=node01", "State=RESUME"], check=True)
    cluster.wait_state(job, "COMPLETED")
    assert lines_of(runs) == [f"run unset {job}", f"run 1 {job}"]
    assert show_job(cluster, job)["Restarts"] == "1"
    # A finished batch job may be requeued too (Slurm allows it): it runs a third time.
    r = cluster.run(["scontrol", "requeue", str(job)], user=ALICE)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(lines_of(runs)) == 3, what="third run")
    cluster.wait_state(job, "COMPLETED")
    assert lines_of(runs)[2] == f"run 2 {job}"
    assert show_job(cluster, job)["Restarts"] == "2"


def test_no_requeue_job_refuses_requeue(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["--no-requeue", "-o", "/dev/null", "--wrap", "sleep 60"], cwd=d)
    cluster.wait_state(job, "RUNNING")
    assert show_job(cluster, job)["Requeue"] == "0"
    for user in (ALICE, None):  # neither the owner nor an operator
        r = cluster.run(["scontrol", "requeue", str(job)], user=user)
        assert r.returncode == 1, r.stderr
        assert r.stderr == f"Requested operation is presently disabled for job {job}\n", r.stderr
    assert cluster.job_state(job) == "RUNNING"
    assert show_job(cluster, job)["Restarts"] == "0"
    cancel(cluster, job)


def test_update_of_a_held_job_changes_where_and_how_it_runs(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["-H", "-o", "out.txt", "--wrap",
                           "echo $SLURM_JOB_NUM_NODES $SLURM_JOB_PARTITION $SLURM_NTASKS"], cwd=d)
    info = show_job(cluster, job)
    assert (info["Partition"], info["NumNodes"], info["NumCPUs"]) == ("debug", "1", "1"), info
    r = cluster.run(["scontrol", "update", f"JobId={job}", "Partition=other", "NumNodes=2"], user=ALICE)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = cluster.run(["scontrol", "update", f"JobId={job}", "NumCPUs=3"], user=ALICE)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    info = show_job(cluster, job)
    assert (info["Partition"], info["NumNodes"], info["NumCPUs"]) == ("other", "2", "3"), info
    assert info["JobState"] == "PENDING" and info["Reason"] == "JobHeldUser", info
    assert squeue(cluster, job, "%P %D %C") == "other 2 3"
    # More nodes than the cluster has: refused as at submission, nothing changed.
    r = cluster.run(["scontrol", "update", f"JobId={job}", "NumNodes=3"], user=ALICE)
    assert r.returncode == 1
    assert r.stderr == "slurm_update error: Requested node configuration is not available\n", r.stderr
    assert show_job(cluster, job)["NumNodes"] == "2"
    r = cluster.run(["scontrol", "release", str(job)], user=ALICE)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    cluster.wait_state(job, "COMPLETED")
    assert squeue(cluster, job, "%P %D %N") == "other 2 node[01-02]"
    wait_for(lambda: lines_of(os.path.join(d, "out.txt")) == ["2 other 3"], what="job output")


def test_a_running_job_keeps_its_size_and_partition(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["-t", "10", "-o", "/dev/null", "--wrap", "sleep 60"], cwd=d)
    cluster.wait_state(job, "RUNNING")
    for change, error in (("NumNodes=2", "Requested operation not supported on this system"),
                          ("Partition=other", "Job is no longer pending execution"),
                          ("NumCPUs=2", "Job is no longer pending execution"),
                          ("TimeLimit=20", "Access/permission denied")):  # users may not raise it
        r = cluster.run(["scontrol", "update", f"JobId={job}", change], user=ALICE)
        assert r.returncode == 1 and r.stderr == f"slurm_update error: {error}\n", (change, r.stderr)
    # Lowering the limit of a running job is the owner's right.
    r = cluster.run(["scontrol", "update", f"JobId={job}", "TimeLimit=5"], user=ALICE)
    assert r.returncode == 0, r.stderr
    assert squeue(cluster, job, "%T %D %P %l") == "RUNNING 1 debug 5:00"
    cancel(cluster, job)


def test_begin_in_the_future_waits_then_runs(cluster, workdir):
    d = workdir[ALICE]
    before = int(time.time())
    job = submit(cluster, ["--begin=now+4", "-o", "/dev/null", "--wrap", "date +%s > began.txt"], cwd=d)
    assert cluster.job_state(job) == "PENDING"
    info = show_job(cluster, job)
    submitted = time.mktime(time.strptime(info["SubmitTime"], "%Y-%m-%dT%H:%M:%S"))
    eligible = time.mktime(time.strptime(info["EligibleTime"], "%Y-%m-%dT%H:%M:%S"))
    assert 3 <= eligible - submitted <= 4, info
    wait_for(lambda: squeue(cluster, job, "%T %r") == "PENDING BeginTime", what="BeginTime")
    cluster.wait_state(job, "COMPLETED", timeout=20)
    began = int(lines_of(os.path.join(d, "began.txt"))[0])
    assert began >= eligible and began >= before + 4, (began, eligible, before)
    info = show_job(cluster, job)
    assert info["StartTime"] != "Unknown"
    assert time.mktime(time.strptime(info["StartTime"], "%Y-%m-%dT%H:%M:%S")) >= eligible, info


def test_begin_in_the_past_runs_at_once(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["--begin=2020-01-01T00:00:00", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    info = show_job(cluster, job)
    assert info["EligibleTime"] == info["SubmitTime"], info
    assert info["Reason"] != "BeginTime", info
    cluster.wait_state(job, "COMPLETED", timeout=10)


def test_signal_to_the_batch_shell_before_the_time_limit(cluster, workdir, users):
    d = workdir[ALICE]
    marker = os.path.join(d, "marker.txt")
    write_script(d, "trap.sh", "trap 'echo got USR1 >> marker.txt; exit 0' USR1\n"
                               "echo started >> marker.txt\n"
                               "sleep 55 &\n"
                               "wait\n", users[ALICE])
    # Sent 57 s before a 1-minute limit: about 3 s after the start.
    job = submit(cluster, ["--time=1", "--signal=B:USR1@57", "-o", "/dev/null", "trap.sh"], cwd=d)
    wait_for(lambda: "got USR1" in lines_of(marker), timeout=20, what="USR1 in the batch shell")
    assert lines_of(marker) == ["started", "got USR1"]
    cluster.wait_state(job, "COMPLETED")


def test_signal_without_b_goes_to_the_steps_not_the_batch_shell(cluster, workdir, users):
    d = workdir[ALICE]
    marker = os.path.join(d, "marker.txt")
    write_script(d, "steps.sh",
                 "trap 'echo batch got USR1 >> marker.txt' USR1\n"
                 "srun -n1 bash -c 'trap \"echo step got USR1 >> marker.txt; exit 0\" USR1; "
                 "echo step started >> marker.txt; sleep 50 & wait'\n"
                 "echo batch done >> marker.txt\n", users[ALICE])
    # Sent 8 s after the start, to the srun step; a signal to the batch shell
    # would run its trap when srun returns, before "batch done".
    job = submit(cluster, ["--time=1", "--signal=USR1@52", "-o", "/dev/null", "steps.sh"], cwd=d)
    wait_for(lambda: "batch done" in lines_of(marker), timeout=30, what="the batch script's end")
    assert lines_of(marker) == ["step started", "step got USR1", "batch done"]
    cluster.wait_state(job, "COMPLETED")


def test_user_and_admin_holds(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["-H", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    assert squeue(cluster, job, "%T %r") == "PENDING JobHeldUser"
    # An operator's hold is an admin hold, even over the user's own.
    r = cluster.run(["scontrol", "hold", str(job)])
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert squeue(cluster, job, "%T %r") == "PENDING JobHeldAdmin"
    assert show_job(cluster, job)["Reason"] == "JobHeldAdmin"
    r = cluster.run(["scontrol", "release", str(job)], user=ALICE)
    assert r.returncode == 1 and r.stderr == f"Access/permission denied for job {job}\n", r.stderr
    # Holding it again as the user does not make it the user's to release.
    r = cluster.run(["scontrol", "hold", str(job)], user=ALICE)
    assert r.returncode == 0, r.stderr
    assert squeue(cluster, job, "%T %r") == "PENDING JobHeldAdmin"
    r = cluster.run(["scontrol", "release", str(job)], user=ALICE)
    assert r.returncode == 1 and r.stderr == f"Access/permission denied for job {job}\n", r.stderr
    r = cluster.run(["scontrol", "release", str(job)], user=BOB)
    assert r.returncode == 1 and r.stderr == f"Access/permission denied for job {job}\n", r.stderr
    assert squeue(cluster, job, "%T %r") == "PENDING JobHeldAdmin"
    r = cluster.run(["scontrol", "release", str(job)])
    assert r.returncode == 0 and r.stderr == "", r.stderr
    cluster.wait_state(job, "COMPLETED")
    # A user hold of a pending job, released by the user.
    job = submit(cluster, ["--begin=now+600", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    r = cluster.run(["scontrol", "hold", str(job)], user=ALICE)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert squeue(cluster, job, "%T %r") == "PENDING JobHeldUser"
    r = cluster.run(["scontrol", "release", str(job)], user=ALICE)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    wait_for(lambda: squeue(cluster, job, "%T %r") == "PENDING BeginTime", what="released, waiting to begin")
    # Holds are for pending jobs; an unknown job is named as such.
    r = cluster.run(["scontrol", "hold", "999999"], user=ALICE)
    assert r.returncode == 1 and r.stderr == "Invalid job id specified for job 999999\n", r.stderr
    cancel(cluster, job)


def test_user_changes_time_limit_and_nice_of_a_pending_job(cluster, workdir):
    d = workdir[ALICE]
    job = submit(cluster, ["-H", "-p", "other", "-t", "10", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    for value, shown in (("5", "00:05:00"), ("30", "00:30:00")):  # lower, then raise to MaxTime
        r = cluster.run(["scontrol", "update", f"JobId={job}", f"TimeLimit={value}"], user=ALICE)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert show_job(cluster, job)["TimeLimit"] == shown
    assert squeue(cluster, job, "%l") == "30:00"
    r = cluster.run(["scontrol", "update", f"JobId={job}", "TimeLimit=31"], user=ALICE)
    assert r.returncode == 1 and r.stderr == "slurm_update error: Access/permission denied\n", r.stderr
    r = cluster.run(["scontrol", "update", f"JobId={job}", "TimeLimit=1:00:00"])  # an operator may
    assert r.returncode == 0, r.stderr
    assert show_job(cluster, job)["TimeLimit"] == "01:00:00"
    r = cluster.run(["scontrol", "update", f"JobId={job}", "Nice=100"], user=ALICE)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert show_job(cluster, job)["Nice"] == "100"
    r = cluster.run(["scontrol", "update", f"JobId={job}", "Nice=-10"], user=ALICE)
    assert r.returncode == 1 and r.stderr == "slurm_update error: Access/permission denied\n", r.stderr
    assert show_job(cluster, job)["Nice"] == "100"
    r = cluster.run(["scontrol", "update", f"JobId={job}", "Nice=5"], user=BOB)
    assert r.returncode == 1 and r.stderr == "slurm_update error: Access/permission denied\n", r.stderr
    r = cluster.run(["scontrol", "update", f"JobId={job}", "Nice=-10"])
    assert r.returncode == 0, r.stderr
    assert show_job(cluster, job)["Nice"] == "-10"
    cancel(cluster, job)
