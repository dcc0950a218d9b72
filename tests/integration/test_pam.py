"""pam_bramble.so with the real node daemons: pamtester against each node's
NodeSocket, and a real sshd (Debian's openssh-server) on a loopback port with
key login. The PAM service files this module writes to /etc/pam.d are named
bramble-test-*, and are removed again, as is everything else it starts.
"""
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile

import pytest

from conftest import BIN, processes_with, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"
PAM_SO = os.path.join(os.path.dirname(BIN), "pam_bramble.so")
NO_JOB = "Access denied by pam_bramble: you have no active job on this node"
UNREACHABLE = "Access denied by pam_bramble: cannot reach the node daemon on this node"

pytestmark = pytest.mark.skipif(not shutil.which("pamtester"), reason="pamtester is not installed")


def node_socket(cluster, node):
    return os.path.join(cluster.dir, "run", node + ".sock")


@pytest.fixture
def pam_service():
    """Writes /etc/pam.d/bramble-test-<random> from lines; returns its name.
    Every file made is removed at the end of the test."""
    made = []

    def make(lines):
        name = "bramble-test-" + secrets.token_hex(4)
        path = os.path.join("/etc/pam.d", name)
        with open(path, "w") as f:
            f.write("# Written by Bramble's tests/integration/test_pam.py; removed when it ends.\n")
            f.write("\n".join(lines) + "\n")
        made.append(path)
        return name

    yield make
    for path in made:
        os.unlink(path)


def bramble_account(cluster, node, *extra):
    return " ".join(["account required", PAM_SO, "socket=" + node_socket(cluster, node)] + list(extra))


def pamtester(service, user):
    return subprocess.run(["pamtester", "-v", service, user, "acct_mgmt"], capture_output=True, text=True,
                          timeout=30)


def allowed(service, user):
    return pamtester(service, user).returncode == 0


def submit(cluster, user, *args, command="sleep 300"):
    """Submits a batch job of `command` and waits until it runs."""
    r = cluster.run(["sbatch", "--parsable", "-o", "/dev/null"] + list(args) + ["--wrap", command],
                    user=user, cwd="/tmp", check=True)
    job = int(r.stdout.strip())
    cluster.wait_state(job, "RUNNING")
    return job


@pytest.fixture(scope="module")
def alice_job(cluster):
    """A batch job of alice running on node01 for the whole module."""
    job = submit(cluster, ALICE, "-w", "node01")
    yield job
    cluster.run(["scancel", str(job)])


def test_node_socket_is_for_root_only(cluster, users):
    path = node_socket(cluster, "node01")
    st = os.stat(path)
    assert stat.S_ISSOCK(st.st_mode) and st.st_uid == 0 and stat.S_IMODE(st.st_mode) == 0o600
    probe = "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])"
    r = cluster.run(["python3", "-c", probe, path], user=BOB)
    assert r.returncode != 0 and "PermissionError" in r.stderr, r.stderr


def test_user_with_a_job_here_is_allowed_and_others_are_denied(cluster, alice_job, pam_service):
    on_node01 = pam_service([bramble_account(cluster, "node01")])
    wait_for(lambda: allowed(on_node01, ALICE), timeout=30, what="alice allowed on node01")
    r = pamtester(on_node01, BOB)
    assert r.returncode != 0
    assert NO_JOB in r.stderr, r.stderr
    # alice's job runs on node01 only.
    r = pamtester(pam_service([bramble_account(cluster, "node02")]), ALICE)
    assert r.returncode != 0 and NO_JOB in r.stderr, r.stderr


def test_root_is_allowed_and_unknown_users_are_unknown(cluster, pam_service):
    service = pam_service([bramble_account(cluster, "node02")])
    assert pamtester(service, "root").returncode == 0
    r = pamtester(service, "bramble-nosuchuser")
    assert r.returncode != 0
    assert "User not known" in r.stderr, r.stderr


def test_a_step_counts_on_its_node_and_access_ends_with_the_job(cluster, alice_job, pam_service):
    # The batch script runs on node01; node02 only has the srun step.
    job = submit(cluster, BOB, "-N", "2", "-w", "node01,node02", command="srun -N1 -w node02 sleep 300")
    on_node02 = pam_service([bramble_account(cluster, "node02")])
    wait_for(lambda: allowed(on_node02, BOB), timeout=30, what="bob's step seen on node02")
    cluster.run(["scancel", str(job)], check=True)
    wait_for(lambda: not allowed(on_node02, BOB), timeout=30, what="bob denied once his job ended")
    r = pamtester(on_node02, BOB)
    assert NO_JOB in r.stderr, r.stderr


def test_allow_list_lets_a_listed_user_in_without_a_job(cluster, pam_service, tmp_path):
    allow = tmp_path / "allowed_users"
    allow.write_text(BOB + "\n")
    service = pam_service([
        f"account sufficient pam_listfile.so item=user sense=allow onerr=fail file={allow}",
        bramble_account(cluster, "node02"),
    ])
    assert pamtester(service, BOB).returncode == 0
    r = pamtester(service, ALICE)
    assert r.returncode != 0 and NO_JOB in r.stderr, r.stderr


def test_adopt_moves_the_caller_into_the_job(cluster, alice_job, pam_service):
    # pamtester itself is the process adopted: it lands in the job's extern step.
    service = pam_service([bramble_account(cluster, "node01", "adopt")])
    wait_for(lambda: allowed(service, ALICE), timeout=30, what="alice allowed with adopt")
    wait_for(lambda: f"into job {alice_job}" in cluster.logs(), what="the node daemon's adoption log line")


def test_an_allocation_without_a_step_counts_on_its_nodes(cluster, pam_service):
    # salloc holds node02 but runs nothing there (its command runs here).
    env = dict(cluster.env, HOME=pwd.getpwnam(BOB).pw_dir, USER=BOB)
    bob = pwd.getpwnam(BOB)
    salloc = subprocess.Popen(["setpriv", f"--reuid={bob.pw_uid}", f"--regid={bob.pw_gid}", "--init-groups", "--",
                               "salloc", "-N1", "-w", "node02", "sleep", "300"],
                              env=env, cwd="/tmp", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        on_node02 = pam_service([bramble_account(cluster, "node02")])
        wait_for(lambda: allowed(on_node02, BOB), timeout=30, what="bob's allocation seen on node02")
    finally:
        cluster.run(["scancel", "-u", BOB])
        salloc.wait(timeout=30)
    wait_for(lambda: not allowed(on_node02, BOB), timeout=30, what="bob denied once his allocation ended")


def test_unreachable_node_daemon_denies_all_but_root(cluster, alice_job, pam_service):
    service = pam_service([bramble_account(cluster, "node01")])
    wait_for(lambda: allowed(service, ALICE), timeout=30, what="alice allowed on node01")
    pid = cluster.pid_of("node01")
    os.kill(pid, signal.SIGTERM)
    try:
        wait_for(lambda: not os.path.exists(f"/proc/{pid}"), timeout=30, what="node01 daemon gone")
        r = pamtester(service, ALICE)
        assert r.returncode != 0 and UNREACHABLE in r.stderr, r.stderr
        assert pamtester(service, "root").returncode == 0
        # A socket path that is not absolute is kept, so it fails closed too.
        r = pamtester(pam_service([f"account required {PAM_SO} socket=run/node01.sock"]), ALICE)
        assert r.returncode != 0 and UNREACHABLE in r.stderr, r.stderr
    finally:
        cluster.up()
    # The restarted daemon re-adopts the job, and knows whose it is.
    assert cluster.job_state(alice_job) == "RUNNING"
    wait_for(lambda: allowed(service, ALICE), timeout=30, what="alice allowed after the restart")


# ---------------------------------------------------------------- sshd

class Sshd:
    """Debian's sshd on 127.0.0.1:<free port> with its own host key, config
    and authorized keys under `dir`, and PAM service `service`: sshd names
    its PAM service after the name it was started under, so it is started
    through a link of that name."""

    def __init__(self, dir, service):
        self.dir = dir
        self.port = free_port()
        self.log = os.path.join(dir, "sshd.log")
        self.keys = os.path.join(dir, "authorized_keys")
        os.chmod(dir, 0o755)  # sshd reads a user's authorized keys as that user
        os.mkdir(self.keys, 0o755)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(dir, "host_key")],
                       check=True)
        self.client_key = os.path.join(dir, "client_key")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.client_key], check=True)
        config = os.path.join(dir, "sshd_config")
        # StrictModes no: the keys live under /tmp, which is world-writable.
        with open(config, "w") as f:
            f.write(f"""ListenAddress 127.0.0.1:{self.port}
HostKey {dir}/host_key
PidFile {dir}/sshd.pid
UsePAM yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile {self.keys}/%u
StrictModes no
PermitRootLogin no
PrintMotd no
LogLevel VERBOSE
""")
        self.program = os.path.join(dir, service)
        os.symlink(shutil.which("sshd") or "/usr/sbin/sshd", self.program)
        self.made_privsep_dir = not os.path.isdir("/run/sshd")
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self.proc = subprocess.Popen([self.program, "-D", "-f", config, "-E", self.log])
        try:
            wait_for(self.answers, timeout=30, what=f"sshd on port {self.port}")
        except AssertionError:
            self.stop()
            raise

    def answers(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"sshd exited ({self.proc.returncode}):\n{self.read_log()}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                return s.recv(64).startswith(b"SSH-2.0-")
        except OSError:
            return False

    def authorize(self, user):
        with open(self.client_key + ".pub") as f, open(os.path.join(self.keys, user), "w") as out:
            out.write(f.read())

    def ssh(self, user, command="true"):
        return subprocess.run(
            ["ssh", "-F", "/dev/null", "-p", str(self.port), "-i", self.client_key, "-o", "IdentitiesOnly=yes",
             "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "ConnectTimeout=10", f"{user}@127.0.0.1", command],
            capture_output=True, text=True, timeout=60)

    def read_log(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        if self.made_privsep_dir:
            shutil.rmtree("/run/sshd", ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sshd(cluster, users):
    """An sshd whose account stack is Slurm's: an allow-list, then pam_bramble
    asking node01. Yields (sshd, allow-list path)."""
    yield from start_sshd(cluster, users)


@pytest.fixture
def adopting_sshd(cluster, users):
    """The same with pam_bramble's adopt."""
    yield from start_sshd(cluster, users, "adopt")


def start_sshd(cluster, users, *module_args):
    if not shutil.which("sshd") and not os.path.exists("/usr/sbin/sshd"):
        pytest.skip("openssh-server is not installed")
    dir = tempfile.mkdtemp(prefix="bramble-sshd-")
    service = "bramble-test-sshd-" + secrets.token_hex(4)
    allow = os.path.join(dir, "allowed_users")
    open(allow, "w").close()
    pam_file = os.path.join("/etc/pam.d", service)
    with open(pam_file, "w") as f:
        f.write(f"""# Written by Bramble's tests/integration/test_pam.py; removed when it ends.
auth     required   pam_deny.so
account  sufficient pam_listfile.so item=user sense=allow onerr=fail file={allow}
{bramble_account(cluster, "node01", *module_args)}
session  required   pam_permit.so
password required   pam_deny.so
""")
    server = None
    try:
        server = Sshd(dir, service)
        for user in users:
            server.authorize(user)
        yield server, allow
    finally:
        if server:
            server.stop()
        os.unlink(pam_file)
        shutil.rmtree(dir, ignore_errors=True)


def test_ssh_login_needs_a_job_on_the_node(cluster, alice_job, sshd):
    server, _ = sshd

    def logged_in_as_alice():
        r = server.ssh(ALICE, "id -un")
        return r.returncode == 0 and r.stdout.strip() == ALICE

    wait_for(logged_in_as_alice, timeout=30, what="alice's ssh login")
    r = server.ssh(BOB)
    assert r.returncode != 0, r.stdout
    assert NO_JOB in r.stderr, r.stderr + server.read_log()


def test_ssh_allow_list_lets_a_listed_user_in(cluster, sshd):
    server, allow = sshd
    assert server.ssh(BOB).returncode != 0
    with open(allow, "w") as f:
        f.write(BOB + "\n")
    r = server.ssh(BOB, "id -un")
    assert r.returncode == 0, r.stderr + server.read_log()
    assert r.stdout.strip() == BOB


def test_ssh_sessions_are_adopted_into_the_job_and_end_with_it(cluster, users, adopting_sshd):
    server, _ = adopting_sshd
    job = submit(cluster, BOB, "-w", "node01")
    detached = "setsid sleep 7401 </dev/null >/dev/null 2>&1 &"

    def logged_in():
        r = server.ssh(BOB, "cat /proc/self/cgroup; " + detached)
        return r.returncode == 0 and r.stdout

    groups = wait_for(logged_in, timeout=30, what="bob's ssh login")
    assert f"/job_{job}/step_extern" in groups, groups + server.read_log()
    wait_for(lambda: processes_with("sleep 7401"), what="the session's detached process")
    # It outlives the ssh session, but not the job.
    cluster.run(["scancel", str(job)], check=True)
    wait_for(lambda: not processes_with("sleep 7401"), timeout=30, what="the session's processes killed with the job")


def test_ssh_session_usage_is_accounted_in_the_extern_step(cluster, users, adopting_sshd):
    server, _ = adopting_sshd
    job = submit(cluster, BOB, "-w", "node01")
    # About a second of CPU and 64 MiB in a session that ends before the job:
    # its usage stays counted in the extern step's cgroup.
    burn = ("python3 -c 'import time; b = bytearray(64 << 20); b[::4096] = b\"x\" * len(b[::4096]); "
            "t = time.process_time()\nwhile time.process_time() - t < 1: pass'")

    def burned():
        r = server.ssh(BOB, burn)
        return r.returncode == 0

    wait_for(burned, timeout=60, what="bob's ssh session burning CPU")
    cluster.run(["scancel", str(job)], check=True)

    def extern_line():
        r = cluster.run(["sacct", "-P", "-n", "-j", f"{job}.extern", "-o", "JobID,JobName,State,TotalCPU,MaxRSS,NodeList"],
                        user=BOB, check=True)
        fields = r.stdout.strip().split("|")
        # The node's report of the usage may arrive while the job is still
        # completing: the step then shows RUNNING with its time, until the
        # job's end closes it.
        return fields if len(fields) == 6 and fields[3] != "00:00.000" and fields[2] != "RUNNING" else None

    fields = wait_for(extern_line, timeout=60, what="the extern step's usage in sacct, the step ended")
    job_id, name, state, total_cpu, max_rss, nodes = fields
    assert (job_id, name, state, nodes) == (f"{job}.extern", "extern", "COMPLETED", "node01"), fields
    minutes, seconds = total_cpu.split(":")
    assert int(minutes) * 60 + float(seconds) >= 0.8, fields
    unit = {"K": 1, "M": 1024, "G": 1024 * 1024}[max_rss[-1]]
    assert int(max_rss[:-1]) * unit >= 64 * 1024, fields
    # The job's own row sums its steps, the extern step's time included.
    r = cluster.run(["sacct", "-P", "-n", "-X", "-j", str(job), "-o", "State,TotalCPU"], user=BOB, check=True)
    state, job_cpu = r.stdout.strip().split("|")
    assert state.startswith("CANCELLED"), r.stdout
    minutes, seconds = job_cpu.split(":")
    assert int(minutes) * 60 + float(seconds) >= 0.8, r.stdout
