"""Integration harness: real daemons on loopback, driven through the real CLI.

Each test module gets its own local cluster from `bramble up` (one controller
and several node daemons on 127.0.0.1) and two unprivileged test users, made
here with useradd. Commands run as those users through setpriv, with the
environment a user would have after sourcing DIR/env.sh. Every wait polls
with a bound; nothing sleeps in place of a condition.
"""
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

BIN = os.environ.get("BRAMBLE_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "bramble")
BIN = os.path.abspath(BIN)
USERS = ("bramble-alice", "bramble-bob")


def wait_for(predicate, timeout=30.0, interval=0.1, what="condition"):
    """Polls predicate until it returns a truthy value; fails after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


def exited(pid):
    """True once `pid` is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def processes_with(marker):
    """Pids whose command line (arguments joined by spaces) contains marker."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read().replace(b"\0", b" "):
                    found.append(int(pid))
        except OSError:
            pass
    return found


def ensure_user(name):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
        return pwd.getpwnam(name)


class Cluster:
    """One `bramble up` cluster in its own directory."""

    def __init__(self, base, nodes=2, cpus=4, mem="2G", slurmd_timeout=6, kill_wait=2):
        self.dir = os.path.join(base, "cluster")
        self.nodes = nodes
        self.args = ["--nodes", str(nodes), "--cpus-per-node", str(cpus), "--mem-per-node", mem,
                     "--slurmd-timeout", str(slurmd_timeout), "--kill-wait", str(kill_wait)]
        self.env = dict(os.environ)
        self.env["PATH"] = os.path.join(self.dir, "bin") + ":/usr/sbin:/usr/bin:/sbin:/bin"
        self.env["SLURM_CONF"] = os.path.join(self.dir, "slurm.conf")
        self.env.pop("BRAMBLE_AUTH_SOCKET", None)

    def up(self):
        result = subprocess.run([BIN, "up", "--dir", self.dir] + self.args,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"bramble up failed:\n{result.stdout}\n{result.stderr}\n{self.logs()}"
        return result

    def down(self):
        return subprocess.run([BIN, "down", "--dir", self.dir], capture_output=True, text=True, timeout=120)

    def run(self, args, user=None, input=None, cwd=None, extra_env=None, timeout=60, check=False):
        """Runs a command (list) as `user` (None = root) with the cluster's environment."""
        env = dict(self.env)
        cmd = list(args)
        if user is not None:
            pw = pwd.getpwnam(user)
            env.update(HOME=pw.pw_dir, USER=user, LOGNAME=user)
            cmd = ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--init-groups", "--"] + cmd
        if extra_env:
            env.update(extra_env)
        result = subprocess.run(cmd, input=input, capture_output=True, text=True, cwd=cwd, env=env,
                                timeout=timeout)
        if check:
            assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        return result

    def pid_of(self, daemon):
        with open(os.path.join(self.dir, "run", daemon + ".pid")) as f:
            return int(f.read().strip())

    def kill9(self, daemon):
        """SIGKILLs a daemon and waits until it has exited. A bare kill
        returns while the process may still be dying, and `up` right after
        it would find the daemon alive by its pid file and start none."""
        pid = self.pid_of(daemon)
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: exited(pid), timeout=30, what=f"{daemon} (pid {pid}) to exit")

    def job_state(self, job_id):
        """The job's long state (squeue %T over all states), or None if unknown."""
        r = self.run(["squeue", "-h", "-t", "all", "-j", str(job_id), "-o", "%T"])
        return r.stdout.strip() or None if r.returncode == 0 else None

    def wait_state(self, job_id, states, timeout=60):
        states = (states,) if isinstance(states, str) else tuple(states)
        try:
            return wait_for(lambda: self.job_state(job_id) in states and self.job_state(job_id),
                            timeout=timeout, what=f"job {job_id} in {states}")
        except AssertionError as e:
            raise AssertionError(f"{e}; it is {self.job_state(job_id)}\n{self.logs()}") from None

    def logs(self):
        out = []
        log_dir = os.path.join(self.dir, "log")
        if os.path.isdir(log_dir):
            for name in sorted(os.listdir(log_dir)):
                with open(os.path.join(log_dir, name), errors="replace") as f:
                    out.append(f"==> {name} <==\n" + "".join(f.readlines()[-60:]))
        return "\n".join(out)


@pytest.fixture(scope="session")
def users():
    assert os.geteuid() == 0, "integration tests start daemons as root and create test users"
    return {name: ensure_user(name) for name in USERS}


@pytest.fixture(scope="module")
def cluster(users, request):
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base)
    c.up()
    yield c
    c.down()
    if not getattr(request.node, "failed_tests", False):
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def workdir(users):
    """A fresh directory owned by each test user: {user: path}."""
    made = {}
    for name, pw in users.items():
        d = tempfile.mkdtemp(prefix=f"work-{name}-")
        os.chown(d, pw.pw_uid, pw.pw_gid)
        os.chmod(d, 0o755)
        made[name] = d
    yield made
    for d in made.values():
        shutil.rmtree(d, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, print the cluster's logs (as k3s's harness does)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        c = item.funcargs.get("cluster")
        if isinstance(c, Cluster):
            report.sections.append(("bramble logs", c.logs()))
