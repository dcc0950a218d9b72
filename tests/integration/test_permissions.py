"""File permissions the daemons rely on: a private state directory and
secret (refused, like ssh's keys, when others can read the secret or write
the directory), and job output opened by the job's user, never by root, so
a user cannot make root create or truncate a file they could not."""
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import uuid

import pytest

from conftest import BIN, Cluster, exited, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def stop(cluster, daemon):
    pid = cluster.pid_of(daemon)
    os.kill(pid, signal.SIGTERM)
    wait_for(lambda: exited(pid), what=f"{daemon} to stop")


def start_refused(cluster, args):
    """Runs a daemon that must refuse to start: its exit code and stderr."""
    r = subprocess.run([BIN] + args + ["-f", os.path.join(cluster.dir, "slurm.conf"),
                                       "-L", os.path.join(cluster.dir, "log", "refused.log")],
                       capture_output=True, text=True, timeout=30)
    return r.returncode, r.stderr


@pytest.fixture
def own_cluster(users):
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base, nodes=2, cpus=2)
    c.up()
    yield c
    c.down()
    shutil.rmtree(base, ignore_errors=True)


def test_state_directory_and_secret_are_private(cluster):
    state = os.path.join(cluster.dir, "state")
    assert mode(state) == 0o700
    assert mode(os.path.join(state, "cluster.key")) == 0o600
    for name in os.listdir(state):
        assert mode(os.path.join(state, name)) & 0o077 == 0, name


def test_daemons_refuse_a_secret_others_can_read(own_cluster):
    c = own_cluster
    key = os.path.join(c.dir, "state", "cluster.key")
    stop(c, "controller")
    for bad in (0o640, 0o604, 0o644):
        os.chmod(key, bad)
        expected = f"secret file {key} is readable by others (mode {bad:04o}); chmod 600 it\n"
        assert start_refused(c, ["controller"]) == (1, "bramble controller: " + expected)
        # node01 still runs: a node refuses the secret before it binds its port.
        assert start_refused(c, ["node", "-N", "node01"]) == (1, "bramble node: " + expected)
    assert "is readable by others" in open(os.path.join(c.dir, "log", "refused.log")).read()
    os.chmod(key, 0o600)
    c.up()
    assert c.run(["scontrol", "ping"]).returncode == 0


def test_state_directory_others_can_write_is_refused_and_one_they_can_read_is_fixed(own_cluster):
    c = own_cluster
    state = os.path.join(c.dir, "state")
    stop(c, "controller")
    for bad in (0o777, 0o770, 0o702):
        os.chmod(state, bad)
        assert start_refused(c, ["controller"]) == (
            1, f"bramble controller: state directory {state} is writable by others (mode {bad:04o}); "
               "check its files, then chmod 700 it\n")
        assert mode(state) == bad, "a refused directory is left for the administrator to check"
    os.chmod(state, 0o755)
    c.up()
    assert mode(state) == 0o700
    log = open(os.path.join(c.dir, "log", "controller.log")).read()
    assert f"state directory {state} was accessible to others (mode 0755); changed it to 0700" in log


def submit(cluster, user, args, cwd):
    r = cluster.run(["sbatch", "--parsable"] + args, user=user, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return int(r.stdout)


def test_job_output_is_created_by_the_user(cluster, workdir, users):
    alice = users[ALICE]
    private = os.path.join(workdir[ALICE], "private")
    os.mkdir(private, 0o700)
    os.chown(private, alice.pw_uid, alice.pw_gid)
    named = submit(cluster, ALICE, ["-D", private, "-o", "out-%j.txt", "-e", "err-%j.txt", "--wrap",
                                    "echo out; echo err >&2"], cwd=workdir[ALICE])
    default = submit(cluster, ALICE, ["-D", private, "--wrap", "echo default"], cwd=workdir[ALICE])
    for job in (named, default):
        assert cluster.wait_state(job, ("COMPLETED", "FAILED")) == "COMPLETED"
    for name, text in ((f"out-{named}.txt", "out\n"), (f"err-{named}.txt", "err\n"),
                       (f"slurm-{default}.out", "default\n")):
        path = os.path.join(private, name)
        st = os.stat(path)
        assert (st.st_uid, st.st_gid) == (alice.pw_uid, alice.pw_gid), name
        assert open(path).read() == text


def test_a_user_cannot_make_root_create_or_truncate_files(cluster, workdir, users):
    alice, bob = users[ALICE], users[BOB]
    tag = uuid.uuid4().hex[:8]
    bobs = os.path.join(workdir[BOB], "private")
    os.mkdir(bobs, 0o700)
    os.chown(bobs, bob.pw_uid, bob.pw_gid)
    # A root-owned file others may read, and alice's link to it.
    root_dir = tempfile.mkdtemp(prefix="bramble-root-")
    os.chmod(root_dir, 0o755)  # alice may look, not write
    precious = os.path.join(root_dir, "precious")
    with open(precious, "w") as f:
        f.write("precious\n")
    os.chmod(precious, 0o644)
    link = os.path.join(workdir[ALICE], "link.out")
    os.symlink(precious, link)
    os.lchown(link, alice.pw_uid, alice.pw_gid)
    try:
        created = [f"/root/bramble-{tag}.out", f"/etc/bramble-{tag}.out", os.path.join(bobs, f"{tag}.out")]
        jobs = [submit(cluster, ALICE, ["-o", path, "--wrap", "echo hi"], cwd=workdir[ALICE]) for path in created]
        jobs += [submit(cluster, ALICE, ["-o", out, "--wrap", "echo hi"], cwd=workdir[ALICE])
                 for out in (precious, link)]
        jobs.append(submit(cluster, ALICE, ["-o", "/dev/null", "-e", f"/etc/bramble-{tag}.err", "--wrap", "true"],
                           cwd=workdir[ALICE]))
        created.append(f"/etc/bramble-{tag}.err")
        for job in jobs:
            assert cluster.wait_state(job, ("COMPLETED", "FAILED")) == "FAILED", job
        for path in created:
            assert not os.path.exists(path), f"{path} was created for a user who cannot write there"
        assert open(precious).read() == "precious\n", "root's file was truncated for alice"
    finally:
        shutil.rmtree(os.path.dirname(precious), ignore_errors=True)
        for path in (f"/root/bramble-{tag}.out", f"/etc/bramble-{tag}.out", f"/etc/bramble-{tag}.err"):
            if os.path.exists(path):
                os.unlink(path)
