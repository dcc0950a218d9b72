"""Job accounting and sacct (docs/accounting.md), with the real daemons.

Records are written when a job ends, outlive MinJobAge and restarts, and
print in Slurm's layouts for the command lines submitit and snakemake run
(COMPAT.md 5, 6.1). Every wait polls with a bound.
"""
import os
import pwd
import re
import shutil
import signal
import tempfile

import pytest

from conftest import Cluster, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"


def sbatch(cluster, args, user=ALICE, cwd=None):
    r = cluster.run(["sbatch", "--parsable"] + args, user=user, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return int(r.stdout.strip())


def sacct(cluster, args, user=ALICE, check=True):
    r = cluster.run(["sacct"] + args, user=user)
    if check:
        assert r.returncode == 0, f"sacct {args} failed ({r.returncode}): {r.stderr}"
    return r


def rows(cluster, job, fields, extra=(), user=ALICE):
    """sacct -P -n rows for one job: a list of dicts keyed by field name."""
    out = sacct(cluster, ["-P", "-n", "-j", str(job), "-o", ",".join(fields)] + list(extra), user=user).stdout
    return [dict(zip(fields, line.split("|"))) for line in out.splitlines()]


def wait_job_state(cluster, job, state, user=ALICE, timeout=60):
    """Waits until sacct shows the job line in `state` (a prefix match)."""
    def current():
        found = rows(cluster, job, ["JobID", "State"], ["-X"], user=user)
        return found and found[0]["State"].startswith(state) and found[0]["State"]
    return wait_for(current, timeout=timeout, what=f"sacct state {state} of job {job}")


def test_completed_and_failed_jobs_have_state_and_exit_code(cluster, workdir):
    d = workdir[ALICE]
    ok = sbatch(cluster, ["--wrap", "true"], cwd=d)
    bad = sbatch(cluster, ["--wrap", "exit 1"], cwd=d)
    wait_job_state(cluster, ok, "COMPLETED")
    wait_job_state(cluster, bad, "FAILED")
    fields = ["JobID", "JobIDRaw", "State", "ExitCode", "Submit", "Start", "End", "Elapsed", "NodeList", "User"]
    job_row = rows(cluster, bad, fields)[0]
    assert job_row["ExitCode"] == "1:0"
    assert job_row["JobIDRaw"] == str(bad)
    assert job_row["User"] == ALICE
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", job_row["End"])
    assert re.fullmatch(r"\d\d:\d\d:\d\d", job_row["Elapsed"])
    assert job_row["NodeList"].startswith("node")
    batch = rows(cluster, ok, fields)[1]
    assert batch["JobID"] == f"{ok}.batch"
    assert batch["State"] == "COMPLETED"
    assert rows(cluster, bad, fields)[1]["State"] == "FAILED"


def test_cancelled_and_timeout(cluster, workdir):
    d = workdir[ALICE]
    cancelled = sbatch(cluster, ["--wrap", "sleep 300"], cwd=d)
    timeout = sbatch(cluster, ["-t", "0:02", "--wrap", "sleep 300"], cwd=d)
    cluster.wait_state(cancelled, "RUNNING")
    cluster.run(["scancel", str(cancelled)], user=ALICE, check=True)
    state = wait_job_state(cluster, cancelled, "CANCELLED")
    assert state == f"CANCELLED by {pwd.getpwnam(ALICE).pw_uid}"
    # The default fixed-width layout cuts it as Slurm does.
    assert "CANCELLED+" in sacct(cluster, ["-X", "-j", str(cancelled)]).stdout
    wait_job_state(cluster, timeout, "TIMEOUT", timeout=90)


def test_srun_step_lines_usage_and_maxrss(cluster, workdir):
    d = workdir[ALICE]
    script = (
        "#!/bin/bash\n"
        "srun -n1 python3 -c 'b = b\"x\" * (100 * 1024 * 1024); import time; t = time.time()\n"
        "while time.time() - t < 1: pass'\n"
    )
    path = os.path.join(d, "steps.sh")
    with open(path, "w") as f:
        f.write(script)
    os.chmod(path, 0o755)
    job = sbatch(cluster, [path], cwd=d)
    wait_job_state(cluster, job, "COMPLETED")
    fields = ["JobID", "JobName", "State", "ExitCode", "MaxRSS", "TotalCPU", "NTasks", "NodeList"]
    found = rows(cluster, job, fields)
    # Slurm's order: the batch step, the extern step, then srun's.
    assert [r["JobID"] for r in found] == [str(job), f"{job}.batch", f"{job}.extern", f"{job}.0"]
    assert found[2]["State"] == "COMPLETED" and found[2]["NTasks"] == "1"
    step = found[3]
    assert step["State"] == "COMPLETED" and step["ExitCode"] == "0:0"
    assert step["JobName"] == "python3"
    assert step["NTasks"] == "1"
    m = re.fullmatch(r"(\d+)([KMG])", step["MaxRSS"])
    assert m, step
    kib = int(m.group(1)) * {"K": 1, "M": 1024, "G": 1024 * 1024}[m.group(2)]
    assert kib >= 100 * 1024, step
    assert re.fullmatch(r"\d\d:\d\d\.\d\d\d", step["TotalCPU"]) and step["TotalCPU"] != "00:00.000", step
    assert found[0]["TotalCPU"] != "00:00.000"
    # -j N.0 selects the step alone, -X the job alone.
    out = sacct(cluster, ["-P", "-n", "-j", f"{job}.0", "-o", "JobID"]).stdout
    assert out == f"{job}.0\n"
    out = sacct(cluster, ["-P", "-n", "-X", "-j", str(job), "-o", "JobID"]).stdout
    assert out == f"{job}\n"


def test_srun_outside_a_job_records_its_step_with_the_release(cluster, workdir):
    # srun's own allocation: the step's end goes to the controller in the
    # release itself, and the step was granted with the allocation. A step
    # end that was lost would show as CANCELLED, a second grant as a .1.
    d = workdir[ALICE]
    r = cluster.run(["srun", "-n1", "sh", "-c", "echo $SLURM_JOB_ID; exit 3"], user=ALICE, cwd=d)
    assert r.returncode == 3, r.stderr
    job = int(r.stdout.strip())
    wait_job_state(cluster, job, "FAILED")
    found = rows(cluster, job, ["JobID", "State", "ExitCode"])
    assert [x["JobID"] for x in found] == [str(job), f"{job}.extern", f"{job}.0"], found
    assert found[0]["ExitCode"] == "3:0"
    assert found[2]["State"] == "FAILED" and found[2]["ExitCode"] == "3:0", found


def test_batch_step_maxrss_and_cpu(cluster, workdir):
    d = workdir[ALICE]
    job = sbatch(cluster, ["--wrap", "python3 -c 'b = b\"x\" * (100 * 1024 * 1024)\n"
                           "import time; t = time.time()\nwhile time.time() - t < 1: pass'"], cwd=d)
    wait_job_state(cluster, job, "COMPLETED")
    batch = rows(cluster, job, ["JobID", "MaxRSS", "TotalCPU"])[1]
    m = re.fullmatch(r"(\d+)([KMG])", batch["MaxRSS"])
    assert m and int(m.group(1)) * {"K": 1, "M": 1024, "G": 1024 * 1024}[m.group(2)] >= 100 * 1024, batch
    minutes, seconds = batch["TotalCPU"].split(":")
    assert int(minutes) * 60 + float(seconds) >= 0.5, batch


def test_layouts_and_client_command_lines(cluster, workdir):
    d = workdir[ALICE]
    name = "acct-uuid-1234"
    job = sbatch(cluster, ["--job-name", name, "--wrap", "true"], cwd=d)
    wait_job_state(cluster, job, "COMPLETED")
    # snakemake-executor-plugin-slurm's status query, byte for byte.
    r = sacct(cluster, ["-X", "--parsable2", "--clusters", "all", "--noheader", "--format=JobIdRaw,State",
                        "--starttime", "2000-01-01T00:00", "--endtime", "now", "--name", name])
    assert r.stdout == f"{job}|COMPLETED\n"
    # submitit's: header first, steps it skips, repeated -j accumulating.
    other = sbatch(cluster, ["--wrap", "exit 3"], cwd=d)
    wait_job_state(cluster, other, "FAILED")
    r = sacct(cluster, ["-o", "JobID,State,NodeList", "--parsable2", "-j", str(job), "-j", str(other)])
    lines = r.stdout.splitlines()
    assert lines[0] == "JobID|State|NodeList"
    assert [l.split("|")[:2] for l in lines[1:] if "." not in l.split("|")[0]] == [
        [str(job), "COMPLETED"], [str(other), "FAILED"]]
    # -p keeps a trailing bar; the default layout has Slurm's widths.
    assert sacct(cluster, ["-p", "-n", "-X", "-j", str(job), "-o", "JobID,ExitCode"]).stdout == f"{job}|0:0|\n"
    fixed = sacct(cluster, ["-X", "-j", str(job)]).stdout.splitlines()
    assert fixed[0] == "JobID           JobName  Partition    Account  AllocCPUS      State ExitCode "
    assert fixed[1] == "------------ ---------- ---------- ---------- ---------- ---------- -------- "
    assert fixed[2].startswith(f"{job:<12} ") and fixed[2].endswith("  COMPLETED      0:0 ")
    # nodelist%-256 (snakemake's node-failure query): left-justified, padded.
    out = sacct(cluster, ["-j", str(job), "-n", "-X", "-o", "nodelist%-256"]).stdout
    assert out.rstrip("\n").startswith("node") and len(out.rstrip("\n")) == 257


def test_unknown_arguments_exit_1(cluster):
    # snakemake runs `sacct -nu "<user>" -o Account%256 | tail -1` without a shell.
    r = sacct(cluster, ["-nu", ALICE, "-o", "Account%256", "|", "tail", "-1"], check=False)
    assert r.returncode == 1 and r.stdout == ""
    r = sacct(cluster, ["-n", "|", "tail"], check=False)
    assert r.returncode == 1 and "Unknown arguments" in r.stderr
    r = sacct(cluster, ["--bogus"], check=False)
    assert r.returncode == 1


def test_running_and_pending_jobs_show_from_live_state(cluster, workdir):
    d = workdir[ALICE]
    held = sbatch(cluster, ["-H", "--wrap", "true"], cwd=d)
    assert rows(cluster, held, ["State", "Start", "End"], ["-X"]) == [
        {"State": "PENDING", "Start": "Unknown", "End": "Unknown"}]
    cluster.run(["scancel", str(held)], user=ALICE, check=True)
    wait_job_state(cluster, held, "CANCELLED")


def test_users_see_their_own_jobs_unless_they_ask_for_all(cluster, workdir):
    job = sbatch(cluster, ["--wrap", "true"], user=BOB, cwd=workdir[BOB])
    wait_job_state(cluster, job, "COMPLETED", user=BOB)
    mine = sacct(cluster, ["-P", "-n", "-X", "-o", "JobIDRaw", "-S", "2000-01-01"], user=ALICE).stdout.split()
    assert str(job) not in mine
    # PrivateData is not set: as in Slurm, -a (or -u) shows other users' jobs.
    everyone = sacct(cluster, ["-a", "-P", "-n", "-X", "-o", "JobIDRaw", "-S", "2000-01-01"], user=ALICE).stdout
    assert str(job) in everyone.split()
    by_user = sacct(cluster, ["-u", BOB, "-P", "-n", "-X", "-o", "JobIDRaw", "-S", "2000-01-01"], user=ALICE)
    assert str(job) in by_user.stdout.split()
    # root sees everyone's by default.
    assert str(job) in sacct(cluster, ["-P", "-n", "-X", "-o", "JobIDRaw", "-S", "2000-01-01"],
                             user=None).stdout.split()


@pytest.fixture
def short_age_cluster(users):
    """A cluster whose controller forgets finished jobs after MinJobAge=1."""
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base, nodes=1, cpus=2)
    c.up()
    conf = os.path.join(c.dir, "slurm.conf")
    text = open(conf).read().replace("MinJobAge=300", "MinJobAge=1")
    with open(conf, "w") as f:
        f.write(text)
    pid = c.pid_of("controller")
    os.kill(pid, signal.SIGTERM)
    wait_for(lambda: not os.path.exists(f"/proc/{pid}"), timeout=30, what="controller exit")
    c.up()
    yield c
    c.down()
    shutil.rmtree(base, ignore_errors=True)


def test_records_survive_min_job_age_and_controller_restart(short_age_cluster, workdir):
    c = short_age_cluster
    job = sbatch(c, ["--wrap", "exit 2"], cwd=workdir[ALICE])
    wait_for(lambda: c.run(["squeue", "-h", "-j", str(job)]).returncode == 1, timeout=60,
             what="the controller to forget the job")
    assert rows(c, job, ["JobID", "State", "ExitCode"], ["-X"]) == [
        {"JobID": str(job), "State": "FAILED", "ExitCode": "2:0"}]
    c.kill9("controller")
    c.up()
    got = wait_for(lambda: c.run(["sacct", "-P", "-n", "-X", "-j", str(job), "-o", "State,ExitCode"],
                                 user=ALICE).stdout, timeout=30, what="sacct after restart")
    assert got == "FAILED|2:0\n"
