"""Crashes, dead nodes and hostile input, with the real daemons."""
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time

import pytest

import wire
from conftest import BIN, Cluster, exited, processes_with, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"
PERMISSION_DENIED = 4  # bramble::Code::kPermissionDenied
UNAUTHENTICATED = 5  # bramble::Code::kUnauthenticated


def controller_port(cluster):
    text = open(os.path.join(cluster.dir, "slurm.conf")).read()
    return int(re.search(r"^SlurmctldPort=(\d+)", text, re.M).group(1))


def node_port(cluster, node):
    text = open(os.path.join(cluster.dir, "slurm.conf")).read()
    return int(re.search(rf"^NodeName={node} .*Port=(\d+)", text, re.M).group(1))


def test_forged_credential_is_refused(cluster, workdir):
    r = cluster.run(["sbatch", "--parsable", "-H", "--wrap", "true"], user=ALICE, cwd=workdir[ALICE])
    job = int(r.stdout)
    # Request{cancel_jobs(4){job_ids(1)=job}} claiming to be root with a made-up MAC.
    body = wire.field_bytes(4, wire.field_bytes(1, wire.varint(job)))
    credential = (wire.field_varint(1, 0) + wire.field_varint(2, 0) +
                  wire.field_varint(3, int(time.time() * 1000)) + wire.field_bytes(4, os.urandom(16)) +
                  wire.field_bytes(5, hashlib.sha256(body).digest()) + wire.field_bytes(7, os.urandom(32)))
    envelope = wire.field_varint(1, 1) + wire.field_bytes(2, credential) + wire.field_bytes(3, body)
    for port in (controller_port(cluster), node_port(cluster, "node01")):
        reply = wire.exchange(port, wire.frame(envelope))
        assert wire.response_code(reply) == UNAUTHENTICATED
    assert cluster.job_state(job) == "PENDING", "a forged cancel must change nothing"
    log = open(os.path.join(cluster.dir, "log", "controller.log")).read()
    assert "refused unauthenticated message" in log
    cluster.run(["scancel", str(job)], user=ALICE, check=True)


def with_config_lines(cluster, **values):
    """A copy of the cluster's slurm.conf with some Key=value lines replaced;
    returns its path (in the cluster's directory, readable by the test users)."""
    text = open(os.path.join(cluster.dir, "slurm.conf")).read()
    for key, value in values.items():
        text, n = re.subn(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
        assert n == 1, key
    path = os.path.join(cluster.dir, "slurm-" + "-".join(values).lower() + ".conf")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o644)
    return path


def reply_unix_as(cluster, user, path, data):
    """Sends raw bytes to a unix socket from a process of `user` (None =
    root); returns the reply's bytes."""
    code = ("import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
            "s.sendall(bytes.fromhex(sys.argv[2]))\ns.shutdown(socket.SHUT_WR)\n"
            "reply = b''\nwhile chunk := s.recv(65536):\n    reply += chunk\n"
            "print(reply.hex())\n")
    r = cluster.run(["python3", "-c", code, path, data.hex()], user=user, check=True)
    return bytes.fromhex(r.stdout.strip())


def call_unix_as(cluster, user, path, data):
    """reply_unix_as, returning the reply's Response.code."""
    return wire.response_code(reply_unix_as(cluster, user, path, data))


def test_commands_on_the_controller_host_use_its_socket_and_the_kernel_says_who_calls(cluster, workdir):
    """ControllerSocket: commands on the controller's host call it through a
    unix socket without a credential; the caller is who SO_PEERCRED says."""
    path = os.path.join(cluster.dir, "run", "controller.sock")
    assert stat.S_ISSOCK(os.stat(path).st_mode) and os.stat(path).st_mode & 0o777 == 0o666
    d = workdir[ALICE]
    no_signer = {"AuthSocket": os.path.join(cluster.dir, "no-such-signer.sock")}
    # No signer needed through the socket...
    conf = with_config_lines(cluster, **no_signer)
    r = cluster.run(["sbatch", "--parsable", "-H", "--wrap", "true"], user=ALICE, cwd=d,
                    extra_env={"SLURM_CONF": conf}, check=True)
    job = int(r.stdout)
    # ...and without the socket, commands sign and go over TCP: they need the
    # signer then, and work with it.
    conf = with_config_lines(cluster, ControllerSocket=os.path.join(cluster.dir, "no-such-ctld.sock"), **no_signer)
    r = cluster.run(["squeue", "-h", "-j", str(job)], user=ALICE, extra_env={"SLURM_CONF": conf})
    assert r.returncode != 0 and "Unable to contact slurm controller" in r.stderr, r.stderr
    conf = with_config_lines(cluster, ControllerSocket="")
    r = cluster.run(["squeue", "-h", "-j", str(job), "-o", "%i %u %T"], user=ALICE,
                    extra_env={"SLURM_CONF": conf}, check=True)
    assert r.stdout.split() == [str(job), ALICE, "PENDING"]
    # A credential in the envelope claiming root changes nothing: bob is bob.
    body = wire.field_bytes(4, wire.field_bytes(1, wire.varint(job)))  # Request{cancel_jobs{job_ids}}
    forged = (wire.field_varint(1, 0) + wire.field_varint(2, 0) + wire.field_varint(3, int(time.time() * 1000)) +
              wire.field_bytes(4, os.urandom(16)) + wire.field_bytes(5, hashlib.sha256(body).digest()) +
              wire.field_bytes(7, os.urandom(32)))
    call_unix_as(cluster, BOB, path, wire.frame(wire.envelope(body, forged)))
    assert cluster.job_state(job) == "PENDING", "bob must not cancel alice's job"
    # Daemon-only requests are refused even from root: nobody here is a node.
    heartbeat = wire.field_bytes(21, b"")
    assert call_unix_as(cluster, None, path, wire.frame(wire.envelope(heartbeat))) == PERMISSION_DENIED
    # Alice, with no credential at all, is alice.
    assert call_unix_as(cluster, ALICE, path, wire.frame(wire.envelope(body))) == 0
    assert cluster.wait_state(job, "CANCELLED") == "CANCELLED"


def test_a_request_id_gives_back_only_its_own_users_job(cluster, workdir):
    """sbatch retries with the same random request id, and the controller
    answers a known id with the job it made the first time. That answer is
    per user: another user sending the same id gets a job of their own."""
    path = os.path.join(cluster.dir, "run", "controller.sock")

    def submit_with_id(user, request_id):
        # Request{submit_job{spec{script, work_dir, hold}, request_id}}
        spec = (wire.field_bytes(2, b"#!/bin/sh\ntrue\n") + wire.field_bytes(3, workdir[user].encode()) +
                wire.field_varint(22, 1))
        body = wire.field_bytes(1, wire.field_bytes(1, spec) + wire.field_bytes(2, request_id))
        reply = reply_unix_as(cluster, user, path, wire.frame(wire.envelope(body)))
        assert wire.response_code(reply) == 0, wire.response_error(reply)
        return wire.response_job_id(reply)

    request_id = os.urandom(16).hex().encode()
    first = submit_with_id(ALICE, request_id)
    assert submit_with_id(ALICE, request_id) == first, "a retry gets its first job back"
    bobs = submit_with_id(BOB, request_id)
    assert bobs != first
    r = cluster.run(["squeue", "-h", "-t", "all", "-j", f"{first},{bobs}", "-o", "%i %u"], check=True)
    assert sorted(r.stdout.split("\n")[:-1]) == sorted([f"{first} {ALICE}", f"{bobs} {BOB}"])
    cluster.run(["scancel", str(first), str(bobs)], check=True)


def test_garbage_and_oversized_frames_are_refused(cluster):
    port = controller_port(cluster)
    wire.exchange(port, wire.frame(os.urandom(200)))           # garbage envelope
    wire.exchange(port, b"\xff\xff\xff\xff" + b"x" * 100)      # length over the cap
    wire.exchange(port, wire.frame(b"x" * 1000)[:300])          # truncated frame
    wire.exchange(node_port(cluster, "node02"), os.urandom(64))
    # Every daemon still serves.
    r = cluster.run(["scontrol", "ping"])
    assert r.returncode == 0 and "UP" in r.stdout
    r = cluster.run(["sinfo", "-h", "-N", "-o", "%N %t"])
    assert r.returncode == 0 and "unk" not in r.stdout and "down" not in r.stdout, r.stdout


@pytest.fixture
def own_cluster(users):
    """A cluster for one destructive test (in /tmp: test users must reach it)."""
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base, nodes=2, cpus=4, slurmd_timeout=4)
    c.up()
    yield c
    c.down()
    shutil.rmtree(base, ignore_errors=True)


def test_controller_kill9_during_submissions_keeps_every_acknowledged_job(own_cluster, workdir):
    c = own_cluster
    d = workdir[ALICE]
    printed = []
    done = threading.Event()
    stop = threading.Event()

    def submit_loop():
        for _ in range(200):
            if stop.is_set():
                return
            r = c.run(["sbatch", "--parsable", "--wrap", "true"], user=ALICE, cwd=d, timeout=120)
            if r.returncode == 0:
                printed.append(int(r.stdout))
        done.set()

    t = threading.Thread(target=submit_loop)
    t.start()
    try:
        wait_for(lambda: len(printed) >= 30, timeout=120, what="30 submissions")
        c.kill9("controller")
        c.up()  # starts the controller again; the nodes were never stopped
        t.join(timeout=600)
    finally:
        # A failure above must not leave the loop submitting from a work
        # directory that the fixtures are about to remove: its errors would
        # hide this test's own.
        stop.set()
        t.join(timeout=150)
    assert done.is_set()
    assert len(printed) >= 100, f"only {len(printed)} of 200 submissions were acknowledged"
    assert len(set(printed)) == len(printed), "a job id was handed out twice"

    def all_completed():
        r = c.run(["squeue", "-h", "-t", "all", "-o", "%i %T"])
        states = dict(line.split() for line in r.stdout.splitlines())
        return all(states.get(str(j)) == "COMPLETED" for j in printed)

    wait_for(all_completed, timeout=300, interval=0.5, what="every acknowledged job to complete")


def test_a_launch_that_never_arrived_is_sent_again_when_the_node_registers(own_cluster, workdir):
    """The controller starts a job whose launch cannot reach its node (here a
    node daemon that was just killed; in life also a controller killed
    between starting a job and sending it). When the node registers within
    moments of the start, the launch is sent again and the job runs."""
    c = own_cluster
    d = workdir[ALICE]
    c.kill9("node02")
    ran = os.path.join(d, "ran")
    r = c.run(["sbatch", "--parsable", "-w", "node02", "-o", "/dev/null", "--wrap", f"echo yes > {ran}"],
              user=ALICE, cwd=d)
    job = int(r.stdout)
    c.wait_state(job, "RUNNING")
    wait_for(lambda: f"launch of job {job} not delivered" in c.logs(), what="the failed launch")
    c.up()
    assert c.wait_state(job, "COMPLETED", timeout=60) == "COMPLETED"
    with open(ran) as f:
        assert f.read() == "yes\n"
    assert f"job {job}: launch sent to node02 again" in c.logs()


def test_dead_node_goes_down_and_its_job_is_node_fail(own_cluster, workdir):
    c = own_cluster
    r = c.run(["sbatch", "--parsable", "--no-requeue", "-w", "node02", "--wrap", "sleep 3004"],
              user=ALICE, cwd=workdir[ALICE])
    job = int(r.stdout)
    c.wait_state(job, "RUNNING")
    c.kill9("node02")
    assert c.wait_state(job, "NODE_FAIL", timeout=60) == "NODE_FAIL"
    r = c.run(["scontrol", "show", "node", "node02"])
    assert "State=DOWN" in r.stdout and "Not responding" in r.stdout, r.stdout
    # ReturnToService=1: the node comes back when its daemon does, and the
    # orphaned job is killed rather than left running.
    c.up()
    wait_for(lambda: "State=IDLE " in c.run(["scontrol", "show", "node", "node02"]).stdout, timeout=60,
             what="node02 back to idle")
    wait_for(lambda: not processes_with("sleep 3004"), timeout=60, what="the orphaned job to be killed")


def test_dead_node_requeues_its_batch_job_which_runs_again(own_cluster, workdir):
    """JobRequeue=1 (the default): a batch job on a node that fails goes
    back to the queue and runs again from the start; its first run, still
    alive behind the dead daemon, is killed when the node comes back."""
    c = own_cluster
    d = workdir[ALICE]
    runs = os.path.join(d, "runs")
    r = c.run(["sbatch", "--parsable", "-w", "node02", "-o", "/dev/null", "--wrap",
               f"echo run >> {runs}; sleep 3006"], user=ALICE, cwd=d)
    job = int(r.stdout)
    c.wait_state(job, "RUNNING")
    wait_for(lambda: os.path.exists(runs), what="the first run")
    c.kill9("node02")
    assert c.wait_state(job, "PENDING", timeout=60) == "PENDING"
    assert "Restarts=1" in c.run(["scontrol", "show", "job", str(job)]).stdout
    c.up()  # node02 comes back (ReturnToService=1) with the first run still there
    wait_for(lambda: open(runs).read() == "run\nrun\n" and c.job_state(job) == "RUNNING", timeout=60,
             what="the second run")
    wait_for(lambda: len(processes_with("sleep 3006")) == 1, timeout=60, what="only the second run left")
    c.run(["scancel", str(job)], user=ALICE, check=True)
    assert c.wait_state(job, "CANCELLED") == "CANCELLED"


def test_node_daemon_restart_keeps_running_job(own_cluster, workdir, users):
    c = own_cluster
    d = workdir[ALICE]
    flag = os.path.join(d, "go")
    r = c.run(["sbatch", "--parsable", "-w", "node01", "--wrap",
               f"while [ ! -e {flag} ]; do sleep 0.1; done; echo finished"], user=ALICE, cwd=d)
    job = int(r.stdout)
    c.wait_state(job, "RUNNING")
    # RUNNING is the controller's word; the kill must come after node01 has the job.
    wait_for(lambda: f"job {job} started, stepd pid" in c.logs(), what="node01 to start the job")
    c.kill9("node01")
    c.up()
    open(flag, "w").close()
    assert c.wait_state(job, "COMPLETED", timeout=60) == "COMPLETED"
    assert open(os.path.join(d, f"slurm-{job}.out")).read() == "finished\n"


def tmpfs_mounts():
    """Mount points of tmpfs filesystems on this machine (/proc/mounts)."""
    with open("/proc/mounts") as f:
        return {fields[1] for fields in (line.split() for line in f) if fields[2] == "tmpfs"}


def test_down_stops_running_jobs_and_removes_the_spool_kept_on_tmpfs(own_cluster, workdir):
    """`up` keeps the node spools on tmpfs (/run, else /dev/shm) when there is
    one: their files come and go with every step. `down` must then stop the
    jobs and remove that directory, which would otherwise outlive DIR."""
    c = own_cluster
    spool_link = os.path.join(c.dir, "spool")
    tmpfs = tmpfs_mounts() & {"/run", "/dev/shm"}
    spool = os.path.realpath(spool_link)
    if tmpfs:
        assert os.path.islink(spool_link)
        assert os.path.dirname(spool) == ("/run" if "/run" in tmpfs else "/dev/shm"), spool
        assert os.path.basename(spool).startswith("bramble-spool-")
        assert os.stat(spool).st_mode & 0o777 == 0o755
    else:  # nowhere to put it: a plain directory in DIR, as `down` leaves it
        assert not os.path.islink(spool_link) and os.path.isdir(spool_link)
    job = int(c.run(["sbatch", "--parsable", "-w", "node01", "--wrap", "sleep 300"],
                    user=ALICE, cwd=workdir[ALICE], check=True).stdout)
    c.wait_state(job, "RUNNING")
    job_dir = os.path.join(spool, "node01", f"job{job}")
    stepds = wait_for(lambda: processes_with(f"bramble stepd {spool_link}/node01/job{job}"),
                      what=f"the step supervisor of job {job}")
    assert os.path.isdir(job_dir)
    r = c.down()
    assert r.returncode == 0, r.stderr
    assert all(exited(pid) for pid in stepds)
    if tmpfs:
        assert not os.path.exists(spool) and not os.path.lexists(spool_link)
    # A second `up` on the same DIR makes a fresh spool and runs jobs again.
    c.up()
    assert os.path.isdir(os.path.join(spool_link, "node01"))
    job = int(c.run(["sbatch", "--parsable", "--wrap", "true"], user=ALICE, cwd=workdir[ALICE],
                    check=True).stdout)
    assert c.wait_state(job, "COMPLETED") == "COMPLETED"


def test_a_node_daemon_refuses_a_spool_others_can_write(own_cluster, workdir):
    """After a restart a node daemon acts as root on what its spool holds
    (stepd pid files, process groups, launches): one others could have
    written to is refused with a message naming it, and nothing starts."""
    c = own_cluster
    spool = os.path.join(c.dir, "spool", "node02")
    c.kill9("node02")
    os.chmod(spool, 0o777)
    r = subprocess.run([BIN, "node", "-N", "node02", "-f", os.path.join(c.dir, "slurm.conf"),
                        "-L", os.path.join(c.dir, "log", "node02-refused.log")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert f"spool {spool} is writable by others (mode 0777); check its files, then chmod 755 it" in r.stderr, r.stderr
    assert os.stat(spool).st_mode & 0o777 == 0o777, "a refused spool is left as it was"
    os.chmod(spool, 0o755)
    c.up()  # starts node02 again, which now registers
    job = int(c.run(["sbatch", "--parsable", "-w", "node02", "--wrap", "true"], user=ALICE, cwd=workdir[ALICE],
                    check=True).stdout)
    assert c.wait_state(job, "COMPLETED") == "COMPLETED"


def test_a_restarted_node_daemon_keeps_its_jobs_cpus(users, workdir):
    """A node daemon killed and started again gives each running job the CPU
    slots it held, so a new job gets a free one. Slots alone tell: on a
    2-slot node job A takes slot 0, job B slot 1, A ends, the daemon restarts;
    B must keep slot 1 (a daemon that handed slots out again from the lowest
    would give B slot 0 and the next job B's real CPU)."""
    if os.cpu_count() < 2:
        pytest.skip("needs two CPUs to tell the jobs' cpusets apart")
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base, nodes=1, cpus=2, slurmd_timeout=4)
    c.up()
    try:
        d = workdir[ALICE]

        def start(name):
            out = os.path.join(d, f"cpus-{name}.out")
            job = int(c.run(["sbatch", "--parsable", "-c", "1", "-o", out, "--wrap",
                             "grep Cpus_allowed_list /proc/self/status; sleep 7400"],
                            user=ALICE, cwd=d).stdout)
            c.wait_state(job, "RUNNING")
            wait_for(lambda: os.path.exists(out) and open(out).read().strip(), what=f"job {name}'s cpus")
            wait_for(lambda: f"job {job} started, stepd pid" in c.logs(), what=f"node01 to start job {name}")
            return job, open(out).read().split()[-1]

        a, cpus_a = start("a")
        b, cpus_b = start("b")
        if cpus_a == cpus_b:
            pytest.skip("no cpuset here: every job may use every CPU")
        c.run(["scancel", str(a)], user=ALICE, check=True)
        c.wait_state(a, "CANCELLED")
        wait_for(lambda: not os.path.exists(os.path.join(c.dir, "spool", "node01", f"cpus{a}")),
                 what="node01 to give job a's CPU back")
        c.kill9("node01")
        c.up()
        _, cpus_new = start("new")
        assert cpus_new != cpus_b, f"job b runs on {cpus_b}; the new job was given the same"
        assert cpus_new == cpus_a
    finally:
        c.run(["scancel", "-u", ALICE])
        c.down()
        shutil.rmtree(base, ignore_errors=True)


def test_running_job_survives_controller_restart(own_cluster, workdir):
    c = own_cluster
    d = workdir[ALICE]
    flag = os.path.join(d, "go")
    r = c.run(["sbatch", "--parsable", "--wrap", f"while [ ! -e {flag} ]; do sleep 0.1; done; echo done"],
              user=ALICE, cwd=d)
    job = int(r.stdout)
    pending = int(c.run(["sbatch", "--parsable", "-H", "--wrap", "true"], user=ALICE, cwd=d).stdout)
    c.wait_state(job, "RUNNING")
    c.kill9("controller")
    open(flag, "w").close()  # the job ends while the controller is away
    c.up()
    assert c.wait_state(job, "COMPLETED", timeout=60) == "COMPLETED"
    assert c.job_state(pending) == "PENDING"
    assert open(os.path.join(d, f"slurm-{job}.out")).read() == "done\n"


def test_unreachable_controller_gives_slurm_errors(own_cluster, workdir):
    c = own_cluster
    os.kill(c.pid_of("controller"), signal.SIGTERM)
    wait_for(lambda: c.run(["scontrol", "ping"]).returncode != 0, what="controller to stop")
    r = c.run(["squeue"], user=ALICE)
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == "slurm_load_jobs error: Unable to contact slurm controller (connect failure)"
    r = c.run(["sbatch", "--wrap", "true"], user=ALICE, cwd=workdir[ALICE])
    assert r.returncode != 0 and r.stdout == ""
    assert r.stderr.startswith(
        "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)")
    r = c.run(["scontrol", "ping"])
    assert "DOWN" in r.stdout


def test_node_daemons_survive_jobs_cancelled_as_they_launch(cluster, workdir):
    """A cancel that reaches a node while it is starting the stepd (between
    fork and exec) once stopped the node daemon itself: the child still had
    the daemon's signal handlers. Cancel jobs and steps the moment they
    start, many times, and the daemons must all still be there."""
    pids = {name: cluster.pid_of(name) for name in ("node01", "node02")}
    d = workdir[ALICE]
    for k in range(20):
        r = cluster.run(["sbatch", "--parsable", "-N2", "-o", "/dev/null", "--wrap",
                         "srun -N2 sleep 60 & srun -N1 -w node02 sleep 60 & sleep 60"], user=ALICE, cwd=d)
        assert r.returncode == 0, r.stderr
        job = int(r.stdout.strip())
        if k % 2:  # every other one once its steps may be starting
            wait_for(lambda: cluster.job_state(job) != "PENDING", what=f"job {job} started")
        cluster.run(["scancel", str(job)], user=ALICE, check=True)
        cluster.wait_state(job, "CANCELLED")
    for name, pid in pids.items():
        assert os.path.exists(f"/proc/{pid}"), f"{name} (pid {pid}) died:\n{cluster.logs()}"
    assert "stopping on signal" not in cluster.logs()
    wait_for(lambda: cluster.run(["sinfo", "-h", "-N", "-o", "%t"]).stdout.split() == ["idle", "idle"],
             what="both nodes idle again")
