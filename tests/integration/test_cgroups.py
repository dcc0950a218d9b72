"""cgroups with the real daemons: each job and step in its own group under
its node daemon's root, with the job's memory limit and CPUs, killed whole
(escaped processes included), and an OOM kill reported as OUT_OF_MEMORY.

What is asserted depends on what this machine mounts, found here the same
way the node daemon finds it: cgroup v1 (this CI machine: memory, cpuset,
freezer, cpuacct) or v2. With neither, the tests fail: the suite runs as root
on machines that have cgroups."""
import os
import re

from conftest import processes_with, wait_for
from test_scheduler import make_cluster, submit  # noqa: F401 (fixture)

ALICE = "bramble-alice"
MOUNT = "/sys/fs/cgroup"


def machine_backend():
    if os.path.exists(f"{MOUNT}/cgroup.controllers"):
        return "v2", MOUNT
    if os.path.exists(f"{MOUNT}/memory/cgroup.procs") or os.path.exists(f"{MOUNT}/freezer/cgroup.procs"):
        return "v1", MOUNT
    if os.path.exists(f"{MOUNT}/unified/cgroup.controllers"):
        return "v2", f"{MOUNT}/unified"
    raise AssertionError("no cgroup hierarchy mounted under /sys/fs/cgroup")


def group_of(pid, controller):
    """The process's group path in `controller`'s hierarchy (v2: the one)."""
    backend, _ = machine_backend()
    with open(f"/proc/{pid}/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if backend == "v2" and controllers == "":
                return path
            if backend == "v1" and controller in controllers.split(","):
                return path
    return None


def control_file(path, controller, name):
    backend, mount = machine_backend()
    base = f"{mount}/{controller}" if backend == "v1" else mount
    with open(f"{base}{path}/{name}") as f:
        return f.read().strip()


def one_pid(command):
    """The pid of a process running exactly `command` ("sleep 7302"), not of
    a shell whose command line merely contains it (bash -c 'sleep 7302 &'
    lives for a moment and is gone when its /proc entry is read)."""
    def running():
        found = []
        for pid in processes_with(command):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if f.read().rstrip(b"\0").replace(b"\0", b" ") == command.encode():
                        found.append(pid)
            except OSError:
                pass
        return found
    return wait_for(running, what=command)[0]


def test_a_job_runs_in_its_group_with_its_memory_and_cpus(cluster, workdir):
    backend, _ = machine_backend()
    d = workdir[ALICE]
    job = submit(cluster, ["--mem=100M", "-c", "1", "-o", "/dev/null", "--wrap", "sleep 7301"], cwd=d)
    cluster.wait_state(job, "RUNNING")
    pid = one_pid("sleep 7301")
    memory_path = group_of(pid, "memory")
    assert re.fullmatch(rf"/bramble/node0[12]_[0-9a-f]{{8}}/job_{job}/step_batch", memory_path), memory_path
    limit_file = "memory.limit_in_bytes" if backend == "v1" else "memory.max"
    # The limit is on the step and on the job around it.
    assert control_file(memory_path, "memory", limit_file) == str(100 << 20)
    assert control_file(os.path.dirname(memory_path), "memory", limit_file) == str(100 << 20)
    with open(f"/proc/{pid}/status") as f:
        allowed = re.search(r"Cpus_allowed_list:\s*(\S+)", f.read()).group(1)
    assert re.fullmatch(r"\d+", allowed), f"one CPU for -c 1, got {allowed}"
    if backend == "v1":
        assert group_of(pid, "freezer") == memory_path
        # The stepd reaps the step and has its CPU time from the kernel:
        # only the extern step gets a cpuacct group
        # (test_pam.py: test_ssh_session_usage_is_accounted_in_the_extern_step).
        assert not group_of(pid, "cpuacct").startswith("/bramble/"), group_of(pid, "cpuacct")
    cluster.run(["scancel", str(job)], user=ALICE, check=True)
    cluster.wait_state(job, "CANCELLED")
    job_group = control_dir(os.path.dirname(memory_path))
    wait_for(lambda: not os.path.exists(control_dir(memory_path)) and not os.path.exists(job_group),
             what="the step's and the job's groups removed")


def control_dir(path):
    backend, mount = machine_backend()
    return f"{mount}/memory{path}" if backend == "v1" else f"{mount}{path}"


def test_escaped_processes_are_tracked_and_killed_on_cancel(cluster, workdir):
    d = workdir[ALICE]
    # A double fork into a new session, and a background job in its own
    # process group: both leave the batch script's process group.
    script = ("setsid bash -c 'sleep 7302 & disown' ; "
              "(set -m; sleep 7303 &) ; "
              "sleep 7304")
    job = submit(cluster, ["-o", "/dev/null", "--wrap", script], cwd=d)
    cluster.wait_state(job, "RUNNING")
    pids = [one_pid(f"sleep {n}") for n in (7302, 7303, 7304)]
    groups = {group_of(pid, "freezer" if machine_backend()[0] == "v1" else "") for pid in pids}
    assert len(groups) == 1 and groups.pop().endswith(f"/job_{job}/step_batch")
    sessions = {os.getsid(pid) for pid in pids}
    assert len(sessions) == 2, "the escape really left the script's session"
    cluster.run(["scancel", str(job)], user=ALICE, check=True)
    cluster.wait_state(job, "CANCELLED")
    wait_for(lambda: not any(processes_with(f"sleep {n}") for n in (7302, 7303, 7304)),
             what="every process of the job killed")


def test_a_job_over_its_memory_is_out_of_memory(cluster, workdir):
    d = workdir[ALICE]
    hog = "python3 -c 'b = bytearray(400 << 20); print(len(b))'"
    job = submit(cluster, ["--mem=60M", "-o", "oom.out", "--wrap", hog], cwd=d)
    cluster.wait_state(job, "OUT_OF_MEMORY")
    r = cluster.run(["squeue", "-h", "-t", "all", "-j", str(job), "-o", "%t %r"])
    assert r.stdout.split() == ["OOM", "OutOfMemory"], r.stdout
    r = cluster.run(["sacct", "-j", str(job), "-n", "-P", "-o", "JobID,State"], user=ALICE)
    assert r.stdout.split() == [f"{job}|OUT_OF_MEMORY", f"{job}.batch|OUT_OF_MEMORY", f"{job}.extern|COMPLETED"], r.stdout
    # The same program within its limit completes.
    fine = submit(cluster, ["--mem=600M", "-o", "/dev/null", "--wrap", hog], cwd=d)
    cluster.wait_state(fine, "COMPLETED")


def test_an_srun_step_over_its_memory_says_out_of_memory(cluster, workdir):
    d = workdir[ALICE]
    r = cluster.run(["srun", "--mem=60M", "python3", "-c", "b = bytearray(400 << 20)"], user=ALICE, cwd=d)
    assert r.returncode != 0
    assert re.search(r"srun: error: node0[12]: task 0: Out Of Memory", r.stderr), r.stderr


def test_each_node_daemon_has_its_own_root(cluster, workdir):
    d = workdir[ALICE]
    jobs = [submit(cluster, ["-w", node, "-o", "/dev/null", "--wrap", f"sleep {7310 + k}"], cwd=d)
            for k, node in enumerate(["node01", "node02"])]
    for job in jobs:
        cluster.wait_state(job, "RUNNING")
    paths = [group_of(one_pid(f"sleep {7310 + k}"), "memory") for k in range(2)]
    roots = [p.rsplit("/", 2)[0] for p in paths]
    assert roots[0].startswith("/bramble/node01_") and roots[1].startswith("/bramble/node02_"), roots
    for job in jobs:
        cluster.run(["scancel", str(job)], user=ALICE, check=True)
    for job in jobs:
        cluster.wait_state(job, "CANCELLED")


def test_cgroups_can_be_disabled(make_cluster, workdir):  # noqa: F811
    c = make_cluster(extra_files={"cgroup.conf": "CgroupPlugin=disabled\n"})
    d = workdir[ALICE]
    job = submit(c, ["-o", "/dev/null", "--wrap", "sleep 7320"], cwd=d)
    c.wait_state(job, "RUNNING")
    pid = one_pid("sleep 7320")
    assert "/bramble/" not in open(f"/proc/{pid}/cgroup").read()
    assert "cgroups are disabled in cgroup.conf" in c.logs()
    c.run(["scancel", str(job)], user=ALICE, check=True)
    c.wait_state(job, "CANCELLED")
    wait_for(lambda: not processes_with("sleep 7320"), what="the job's processes killed without cgroups")
