"""The scheduler through the real CLI: arrays, dependencies, partitions,
backfill order, GPUs with fake device files, per-user limits, priorities.

Each test that needs its own slurm.conf gets a cluster of its own: `bramble
up` writes the configuration, the test edits it with the daemons stopped and
starts them again (up on an existing directory keeps its configuration).
GPUs cannot be real here: the node's gres.conf names plain files standing in
for /dev/nvidia*, which is all the scheduler and the job environment use.
"""
import os
import re
import shutil
import tempfile

import pytest

from conftest import Cluster, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"


def submit(cluster, args, user=ALICE, cwd=None):
    r = cluster.run(["sbatch", "--parsable"] + args, user=user, cwd=cwd)
    assert r.returncode == 0, f"sbatch {args} failed: {r.stderr}"
    return int(r.stdout.strip().split(";")[0])


def reason(cluster, job_id):
    r = cluster.run(["squeue", "-h", "-t", "all", "-j", str(job_id), "-o", "%r"])
    return r.stdout.strip()


@pytest.fixture
def make_cluster(users):
    """make_cluster(edit, nodes=, cpus=): a cluster whose slurm.conf `edit`
    rewrites (text -> text) before the daemons start for good."""
    made = []

    def make(edit=None, nodes=2, cpus=4, extra_files=None):
        base = tempfile.mkdtemp(prefix="bramble-it-")
        os.chmod(base, 0o755)
        c = Cluster(base, nodes=nodes, cpus=cpus)
        c.base = base
        c.up()
        made.append(c)
        if edit is not None or extra_files:
            c.down()
            conf = os.path.join(c.dir, "slurm.conf")
            with open(conf) as f:
                text = f.read()
            if edit is not None:
                text = edit(text)
            with open(conf, "w") as f:
                f.write(text)
            for name, content in (extra_files or {}).items():
                with open(os.path.join(c.dir, name), "w") as f:
                    f.write(content)
            c.up()
            wait_for(lambda: c.run(["sinfo", "-h", "-o", "%t"]).stdout.strip() and
                     "unk" not in c.run(["sinfo", "-h", "-N", "-o", "%t"]).stdout, what="nodes registered")
        return c

    yield make
    for c in made:
        c.down()
        shutil.rmtree(c.base, ignore_errors=True)


def test_array_tasks_run_with_their_variables_and_files(make_cluster, workdir):
    c = make_cluster()
    d = workdir[ALICE]
    job = submit(c, ["--array=1-4%2", "-o", "out-%A_%a.txt", "--wrap",
                     "echo $SLURM_ARRAY_JOB_ID $SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT "
                     "$SLURM_ARRAY_TASK_MIN $SLURM_ARRAY_TASK_MAX"], cwd=d)
    for task in range(1, 5):
        path = os.path.join(d, f"out-{job}_{task}.txt")
        wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0, what=path)
        with open(path) as f:
            assert f.read().split() == [str(job), str(task), "4", "1", "4"]
    # Every task was its own job, and all of them completed.
    r = c.run(["squeue", "-h", "-t", "all", "-r", "-j", str(job), "-o", "%i %T"])
    lines = sorted(r.stdout.split("\n"))
    assert [l for l in lines if l] == [f"{job}_{t} COMPLETED" for t in range(1, 5)], r.stdout


def test_pending_array_is_one_line_and_scancel_takes_tasks(make_cluster, workdir):
    c = make_cluster(nodes=1, cpus=1)
    d = workdir[ALICE]
    job = submit(c, ["--array=0-5", "-o", "/dev/null", "--wrap", "sleep 60"], cwd=d)
    wait_for(lambda: c.run(["squeue", "-h", "-r", "-j", f"{job}_0", "-o", "%T"]).stdout.strip() == "RUNNING",
             what="task 0 running")
    r = c.run(["squeue", "-h", "-j", str(job), "-o", "%i %t"])
    assert set(r.stdout.strip().split("\n")) == {f"{job}_[1-5] PD", f"{job}_0 R"}, r.stdout
    r = c.run(["scancel", f"{job}_[2-3]"], user=ALICE)
    assert r.returncode == 0, r.stderr
    r = c.run(["squeue", "-h", "-j", str(job), "-o", "%i"])
    assert f"{job}_[1,4-5]" in r.stdout, r.stdout
    r = c.run(["scancel", str(job)], user=ALICE)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: c.run(["squeue", "-h", "-j", str(job)]).stdout.strip() == "", what="array gone")


def test_dependencies_order_jobs_and_never_satisfied_ones_wait_or_die(make_cluster, workdir):
    c = make_cluster()
    d = workdir[ALICE]
    failing = submit(c, ["-o", "/dev/null", "--wrap", "sleep 1; exit 3"], cwd=d)
    after_ok = submit(c, ["-o", "/dev/null", f"--dependency=afterok:{failing}", "--wrap", "true"], cwd=d)
    after_not_ok = submit(c, ["-o", "out-notok.txt", f"--dependency=afternotok:{failing}", "--wrap",
                              "echo ran"], cwd=d)
    killed = submit(c, ["-o", "/dev/null", f"--dependency=afterok:{failing}", "--kill-on-invalid-dep=yes",
                        "--wrap", "true"], cwd=d)
    assert reason(c, after_ok) == "Dependency"
    r = c.run(["squeue", "-h", "-j", str(after_ok), "-o", "%E"])
    assert r.stdout.strip() == f"afterok:{failing}(unfulfilled)", r.stdout
    c.wait_state(failing, "FAILED")
    c.wait_state(after_not_ok, "COMPLETED")
    wait_for(lambda: reason(c, after_ok) == "DependencyNeverSatisfied", what="never satisfied")
    assert c.job_state(after_ok) == "PENDING"
    c.wait_state(killed, "CANCELLED")
    r = c.run(["sbatch", "--dependency=afterok:99999", "--wrap", "true"], user=ALICE, cwd=d)
    assert r.returncode != 0
    assert "Batch job submission failed: Job dependency problem" in r.stderr


def test_singleton_runs_one_job_of_a_name_at_a_time(make_cluster, workdir):
    c = make_cluster()
    d = workdir[ALICE]
    first = submit(c, ["-J", "solo", "-o", "/dev/null", "--dependency=singleton", "--wrap", "sleep 2"], cwd=d)
    second = submit(c, ["-J", "solo", "-o", "/dev/null", "--dependency=singleton", "--wrap", "true"], cwd=d)
    c.wait_state(first, "RUNNING")
    assert c.job_state(second) == "PENDING" and reason(c, second) == "Dependency"
    c.wait_state(second, "COMPLETED")


def test_several_partitions_tiers_and_partition_limits(make_cluster, workdir):
    def edit(text):
        text = text.replace("PartitionName=debug Nodes=node[01-02] Default=YES",
                            "PartitionName=debug Nodes=node01 Default=YES")
        return text + ("PartitionName=gpu Nodes=node[01-02] MaxNodes=1 MaxTime=10\n"
                       "PartitionName=urgent Nodes=node01 PriorityTier=10\n")
    c = make_cluster(edit)
    d = workdir[ALICE]
    r = c.run(["sinfo", "-h", "-o", "%P %N"])
    assert "debug* node01" in r.stdout and "gpu node[01-02]" in r.stdout, r.stdout
    filler = submit(c, ["-n", "4", "-p", "debug", "-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    c.wait_state(filler, "RUNNING")
    # The first listed partition is full; the job runs in the second.
    both = submit(c, ["-p", "debug,gpu", "-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    c.wait_state(both, "RUNNING")
    assert c.run(["squeue", "-h", "-j", str(both), "-o", "%P %N"]).stdout.split() == ["gpu", "node02"]
    wide = submit(c, ["-p", "gpu", "-N", "2", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    assert wait_for(lambda: reason(c, wide) == "PartitionNodeLimit", what="PartitionNodeLimit")
    # A waiting job in a higher tier is served before an earlier one in a lower tier.
    low = submit(c, ["-p", "debug", "-n", "4", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    high = submit(c, ["-p", "urgent", "-n", "4", "-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    c.run(["scancel", str(filler)], user=ALICE, check=True)
    c.wait_state(high, "RUNNING")
    assert c.job_state(low) == "PENDING"


def test_backfill_starts_short_jobs_and_holds_long_ones(make_cluster, workdir):
    c = make_cluster(nodes=1, cpus=4)
    d = workdir[ALICE]
    running = submit(c, ["-n", "3", "-t", "10", "-o", "/dev/null", "--wrap", "sleep 120"], cwd=d)
    c.wait_state(running, "RUNNING")
    big = submit(c, ["-n", "4", "-t", "10", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    wait_for(lambda: reason(c, big) == "Resources", what="big waits for resources")
    # Would still run when big is due: it waits behind big, though a CPU is free.
    long = submit(c, ["-n", "1", "-t", "30", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    wait_for(lambda: reason(c, long) == "Priority", what="long job held back")
    # Ends (by its limit) before big's reservation: backfilled at once.
    short = submit(c, ["-n", "1", "-t", "5", "-o", "/dev/null", "--wrap", "sleep 60"], cwd=d)
    c.wait_state(short, "RUNNING")
    assert c.job_state(long) == "PENDING"
    r = c.run(["squeue", "--start", "-h", "-j", str(big), "-o", "%i %S %Y"])
    fields = r.stdout.split()
    assert fields[0] == str(big) and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", fields[1]), r.stdout
    assert fields[2] == "node01", r.stdout


def test_gpus_from_fake_device_files(make_cluster, workdir):
    devices = tempfile.mkdtemp(prefix="bramble-fake-dev-")
    for i in range(2):
        open(os.path.join(devices, f"nvidia{i}"), "w").close()

    def edit(text):
        text = re.sub(r"(NodeName=node01 [^\n]*)", r"\1 Gres=gpu:2", text)
        return "GresTypes=gpu\n" + text
    c = make_cluster(edit, extra_files={
        "gres.conf": f"NodeName=node01 Name=gpu File={devices}/nvidia[0-1]\n"})
    d = workdir[ALICE]
    jobs = [submit(c, ["--gres=gpu:1", "-o", f"gpu{k}.txt", "--wrap",
                       "echo $CUDA_VISIBLE_DEVICES $SLURM_JOB_GPUS $(srun printenv CUDA_VISIBLE_DEVICES); "
                       "sleep 20"], cwd=d) for k in range(3)]
    for job in jobs[:2]:
        c.wait_state(job, "RUNNING")
    wait_for(lambda: reason(c, jobs[2]) == "Resources", what="third GPU job waits")
    seen = set()
    for k in range(2):
        path = os.path.join(d, f"gpu{k}.txt")
        wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0, what=path)
        wait_for(lambda: len(open(path).read().split()) == 3, what=f"{path} complete")
        with open(path) as f:
            visible, slurm_gpus, in_step = f.read().split()
        assert visible == slurm_gpus == in_step
        seen.add(visible)
        assert c.run(["squeue", "-h", "-j", str(jobs[k]), "-o", "%N"]).stdout.strip() == "node01"
    assert seen == {"0", "1"}
    r = c.run(["sbatch", "--gres=gpu:3", "--wrap", "true"], user=ALICE, cwd=d)
    assert "Requested node configuration is not available" in r.stderr
    shutil.rmtree(devices, ignore_errors=True)


def test_gpus_for_the_whole_job_are_granted_exactly(make_cluster, workdir):
    """--gpus=3 -N2 on nodes with two GPUs each: 2 + 1, not 2 + 2."""
    devices = tempfile.mkdtemp(prefix="bramble-fake-dev-")
    for i in range(2):
        open(os.path.join(devices, f"nvidia{i}"), "w").close()

    def edit(text):
        text = re.sub(r"(NodeName=node0[12] [^\n]*)", r"\1 Gres=gpu:2", text)
        return "GresTypes=gpu\n" + text
    c = make_cluster(edit, extra_files={
        "gres.conf": f"NodeName=node0[1-2] Name=gpu File={devices}/nvidia[0-1]\n"})
    d = workdir[ALICE]
    job = submit(c, ["-N", "2", "--gpus=3", "-w", "node[01-02]", "-o", "gpus.txt", "--wrap",
                     "srun -l -N2 -n2 printenv CUDA_VISIBLE_DEVICES"], cwd=d)
    c.wait_state(job, "COMPLETED")
    with open(os.path.join(d, "gpus.txt")) as f:
        per_task = dict(line.split(": ", 1) for line in f.read().splitlines())
    assert sorted(per_task.values()) == ["0", "0,1"], per_task
    shutil.rmtree(devices, ignore_errors=True)


def test_user_limits_hold_jobs_and_operators_change_them(make_cluster, workdir):
    c = make_cluster(lambda t: t + f"UserLimits={ALICE} MaxJobs=1 MaxSubmitJobs=3\n"
                                   f"UserLimits=DEFAULT GrpTRES=cpu=2\n")
    d = workdir[ALICE]
    first = submit(c, ["-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    second = submit(c, ["-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    c.wait_state(first, "RUNNING")
    wait_for(lambda: reason(c, second) == "AssocMaxJobsLimit", what="MaxJobs")
    submit(c, ["-o", "/dev/null", "--wrap", "true"], cwd=d)
    r = c.run(["sbatch", "--wrap", "true"], user=ALICE, cwd=d)
    assert r.returncode != 0 and "Job violates accounting/QOS policy" in r.stderr, r.stderr
    # Bob has the DEFAULT limits: two CPUs at a time.
    bob = submit(c, ["-n", "3", "-o", "/dev/null", "--wrap", "true"], user=BOB, cwd=workdir[BOB])
    wait_for(lambda: reason(c, bob) == "AssocGrpCpuLimit", what="GrpTRES cpu")
    r = c.run(["scontrol", "update", f"UserLimits={ALICE}", "MaxJobs=2"], user=ALICE)
    assert r.returncode != 0  # only operators change limits
    c.run(["scontrol", "update", f"UserLimits={ALICE}", "MaxJobs=2"], check=True)
    c.wait_state(second, "RUNNING")


def test_priorities_follow_nice_and_fair_share(make_cluster, workdir):
    c = make_cluster(lambda t: t + "PriorityType=priority/multifactor\nPriorityWeightFairshare=1000\n"
                                   "PriorityWeightAge=0\nPriorityWeightJobSize=0\n", nodes=1, cpus=2)
    d = workdir[ALICE]
    # Alice uses the cluster first, so Bob's fair share becomes the larger.
    hog = submit(c, ["-n", "2", "-o", "/dev/null", "--wrap", "sleep 4"], cwd=d)
    c.wait_state(hog, "RUNNING")
    mine = submit(c, ["-n", "2", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    nicer = submit(c, ["-n", "2", "--nice=100", "-o", "/dev/null", "--wrap", "true"], cwd=d)
    bobs = submit(c, ["-n", "2", "-o", "/dev/null", "--wrap", "true"], user=BOB, cwd=workdir[BOB])

    def priorities():
        r = c.run(["sprio", "-h", "-o", "%i %Y"])
        return {int(a): int(b) for a, b in (line.split() for line in r.stdout.splitlines() if line.strip())}
    wait_for(lambda: len(priorities()) == 3 and priorities()[bobs] > priorities()[mine], what="fair share")
    p = priorities()
    assert p[mine] - p[nicer] == 100, p
    r = c.run(["sshare", "-a", "-n", "-P", "-o", "User,FairShare"])
    shares = dict(line.split("|") for line in r.stdout.splitlines() if "|" in line and line.split("|")[0])
    assert BOB in shares and float(shares[BOB]) > float(shares[ALICE]), r.stdout
    c.wait_state(bobs, "COMPLETED")


def test_usage_shares_and_limit_changes_survive_a_restart(make_cluster, workdir):
    c = make_cluster(lambda t: t + f"UserLimits={ALICE} Fairshare=3 MaxJobs=1\n", nodes=1, cpus=4)
    d = workdir[ALICE]

    def shares():
        r = c.run(["sshare", "-a", "-n", "-P", "-o", "User,RawShares,RawUsage"], check=True)
        rows = [line.split("|") for line in r.stdout.splitlines()]
        return {row[0]: (int(row[1]), float(row[2])) for row in rows if len(row) == 3 and row[0]}

    flag = os.path.join(d, "go")
    job = submit(c, ["-n", "2", "-o", "/dev/null", "--wrap", f"while [ ! -e {flag} ]; do sleep 0.1; done"], cwd=d)
    c.wait_state(job, "RUNNING")
    wait_for(lambda: shares().get(ALICE, (0, 0))[1] >= 4, what="usage of the running job")
    open(flag, "w").close()
    c.wait_state(job, "COMPLETED")
    raw_shares, used = shares()[ALICE]
    assert raw_shares == 3
    c.run(["scontrol", "update", f"UserLimits={ALICE}", "MaxJobs=2"], check=True)

    c.kill9("controller")
    c.up()
    after = shares()[ALICE]
    assert after[0] == 3
    # Kept, decayed by seconds of a 7-day half-life (sshare prints whole CPU-seconds, rounded down).
    assert used - 1 <= after[1] <= used, (used, after)
    # MaxJobs=2, the operator's change, still holds: two jobs run at once.
    first = submit(c, ["-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    second = submit(c, ["-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    c.wait_state(first, "RUNNING")
    c.wait_state(second, "RUNNING")
    c.run(["scancel", str(first), str(second)], user=ALICE, check=True)
    c.wait_state(first, "CANCELLED")
    c.wait_state(second, "CANCELLED")

    # An edit of the file's entry is the newer word: the stored change is dropped.
    c.down()
    conf = os.path.join(c.dir, "slurm.conf")
    text = open(conf).read().replace(f"UserLimits={ALICE} Fairshare=3 MaxJobs=1", f"UserLimits={ALICE} MaxJobs=1")
    open(conf, "w").write(text)
    c.up()
    assert shares()[ALICE][0] == 1
    first = submit(c, ["-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    second = submit(c, ["-o", "/dev/null", "--wrap", "sleep 30"], cwd=d)
    c.wait_state(first, "RUNNING")
    wait_for(lambda: reason(c, second) == "AssocMaxJobsLimit", what="MaxJobs=1 from the file")


def sdiag(cluster, user=ALICE):
    """sdiag's labelled lines as a dict of label -> integer (times left out)."""
    r = cluster.run(["sdiag"], user=user)
    assert r.returncode == 0, r.stderr
    values = {}
    for line in r.stdout.splitlines():
        m = re.match(r"^\t?([A-Za-z ]+):\s+(\d+)$", line)
        if m:
            values[m.group(1)] = int(m.group(2))
    return values


def test_sdiag_counts_jobs_and_times_the_scheduling_passes(make_cluster):
    c = make_cluster()
    done = submit(c, ["-o", "/dev/null", "--wrap", "true"], cwd="/tmp")
    failed = submit(c, ["-o", "/dev/null", "--wrap", "exit 3"], cwd="/tmp")
    cancelled = submit(c, ["-o", "/dev/null", "--wrap", "sleep 300"], cwd="/tmp")
    held = submit(c, ["-H", "-o", "/dev/null", "--wrap", "true"], cwd="/tmp")
    c.wait_state(done, "COMPLETED")
    c.wait_state(failed, "FAILED")
    c.wait_state(cancelled, "RUNNING")
    assert c.run(["scancel", str(cancelled)], user=ALICE).returncode == 0
    c.wait_state(cancelled, "CANCELLED")
    s = sdiag(c)
    assert (s["Jobs submitted"], s["Jobs started"], s["Jobs completed"], s["Jobs canceled"],
            s["Jobs failed"]) == (4, 3, 1, 1, 1), s
    assert (s["Jobs pending"], s["Jobs running"]) == (1, 0), s
    # Every submission asked for a pass, and the held job is in no pass's queue.
    assert s["Total cycles"] >= 3, s
    assert 0 < s["Max cycle"] and s["Last cycle"] <= s["Max cycle"], s
    assert s["Last queue length"] == 0, s
    assert s["Mean cycle"] <= s["Max cycle"], s
    # Only an operator resets the counters.
    r = c.run(["sdiag", "--reset"], user=ALICE)
    assert r.returncode == 1 and r.stderr == "slurm_reset_statistics: Access/permission denied\n", r.stderr
    assert sdiag(c)["Jobs submitted"] == 4
    r = c.run(["sdiag", "-r"])
    assert r.returncode == 0 and r.stdout == "Reset scheduling statistics\n", r.stdout + r.stderr
    s = sdiag(c)
    assert (s["Jobs submitted"], s["Jobs completed"], s["Total cycles"]) == (0, 0, 0), s
    assert s["Jobs pending"] == 1, s  # a state, not a counter
    # Released, the held job goes through a pass of its own and runs.
    assert c.run(["scontrol", "release", str(held)], user=ALICE).returncode == 0
    c.wait_state(held, "COMPLETED")
    s = sdiag(c)
    assert s["Jobs started"] == 1 and s["Jobs completed"] == 1 and s["Total cycles"] >= 1, s
    r = c.run(["sdiag", "--frobnicate"], user=ALICE)
    assert r.returncode == 1 and "unrecognized option '--frobnicate'" in r.stderr, r.stderr
