"""Hostile input against the real daemons: credentials that are forged,
replayed, expired, from the future, signed with another key or moved onto
another request; requests a user may not send; users acting on each
other's jobs; truncated, oversized and garbage frames and half-open
connections to every daemon port. Each is refused with a logged error and
the daemons keep serving. (test_failures.py has the original forged-MAC and
garbage-frame checks; test_batch_jobs.py and test_job_control.py the scancel,
release and requeue of another user's job.)

The tests run as root, so they read the cluster secret and sign their own
credentials (tests/integration/wire.py), byte for byte what a daemon signs.
"""
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time

import pytest

import wire
from conftest import BIN, Cluster, exited, wait_for

ALICE, BOB = "bramble-alice", "bramble-bob"
OK, INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED = 0, 1, 4, 5  # bramble::Code
PING = wire.field_bytes(7, b"")                       # Request{ping}
QUERY_NODES = wire.field_bytes(3, b"")                # Request{query_nodes}
MAX_FRAME = 16 << 20                                  # net::kMaxFrameBytes


def conf_text(cluster):
    return open(os.path.join(cluster.dir, "slurm.conf")).read()


def ports(cluster):
    """{daemon log name: port} for the controller and every node daemon."""
    text = conf_text(cluster)
    found = {"controller": int(re.search(r"^SlurmctldPort=(\d+)", text, re.M).group(1))}
    for name, port in re.findall(r"^NodeName=(\S+) .*Port=(\d+)", text, re.M):
        found[name] = int(port)
    return found


def secret(cluster):
    with open(os.path.join(cluster.dir, "state", "cluster.key")) as f:
        return bytes.fromhex(f.read().strip())


class Log:
    """One daemon's log from the moment this was made: what it said since."""

    def __init__(self, cluster, daemon):
        self.path = os.path.join(cluster.dir, "log", daemon + ".log")
        self.start = os.path.getsize(self.path)

    def since(self):
        with open(self.path, "rb") as f:
            f.seek(self.start)
            return f.read().decode(errors="replace")

    def wait(self, text, timeout=10):
        """Waits until `text` appears in the new part of the log."""
        return wait_for(lambda: text in self.since(), timeout=timeout, what=f"'{text}' in {self.path}")


def cancel_body(job):
    """Request{cancel_jobs{job_ids=[job]}}."""
    return wire.field_bytes(4, wire.field_bytes(1, wire.varint(job)))


def held_job(cluster, workdir, user=ALICE):
    r = cluster.run(["sbatch", "--parsable", "-H", "-o", "/dev/null", "--wrap", "true"], user=user, cwd=workdir[user])
    assert r.returncode == 0, r.stderr
    return int(r.stdout)


def assert_serving(cluster, workdir):
    """Every daemon still answers and a job still runs on every node."""
    r = cluster.run(["scontrol", "ping"])
    assert r.returncode == 0 and "UP" in r.stdout, r.stdout + r.stderr
    r = cluster.run(["sinfo", "-h", "-N", "-o", "%N %t"])
    assert r.returncode == 0 and r.stdout.split() == ["node01", "idle", "node02", "idle"], r.stdout
    jobs = []
    for node in ("node01", "node02"):
        r = cluster.run(["sbatch", "--parsable", "-w", node, "-o", "/dev/null", "--wrap", "true"], user=ALICE,
                        cwd=workdir[ALICE])
        assert r.returncode == 0, r.stderr
        jobs.append(int(r.stdout))
    for job in jobs:
        assert cluster.wait_state(job, ("COMPLETED", "FAILED")) == "COMPLETED"


# ---------------------------------------------------------------- credentials

def bad_credentials(key, body, now_ms):
    """(what, frame, the refusal the daemon logs) for each kind of bad credential."""
    wrong_key = os.urandom(32)
    other_body = cancel_body(999999)
    return [
        ("wrong key", wire.signed(wrong_key, body), "bad credential signature"),
        ("expired", wire.signed(key, body, issued_at_ms=now_ms - 301_000), "credential expired"),
        ("future", wire.signed(key, body, issued_at_ms=now_ms + 120_000), "credential issued in the future"),
        ("moved to another request",
         wire.frame(wire.envelope(body, wire.credential(key, other_body))), "credential is for another request"),
        ("uid changed after signing", wire.frame(wire.envelope(body, _tampered_uid(key, body))),
         "bad credential signature"),
        ("short nonce", wire.signed(key, body, nonce=b"\x01" * 8), "malformed credential"),
        ("no credential", wire.frame(wire.envelope(body)), "no credential"),
        ("negative issue time", wire.signed(key, body, issued_at_ms=-(2**63)), "credential expired"),
    ]


def _tampered_uid(key, body):
    """A credential signed for uid 1000, then edited to claim uid 0."""
    signed_for_user = wire.credential(key, body, uid=1000, gid=1000)
    return wire.field_varint(1, 0) + signed_for_user[len(wire.field_varint(1, 1000)):]


@pytest.mark.parametrize("daemon", ["controller", "node01", "node02"])
def test_bad_credentials_are_refused_and_logged(cluster, workdir, daemon):
    job = held_job(cluster, workdir)
    key = secret(cluster)
    port = ports(cluster)[daemon]
    body = cancel_body(job)
    for what, frame, logged in bad_credentials(key, body, int(time.time() * 1000)):
        log = Log(cluster, daemon)  # each refusal has its own line
        reply = wire.exchange(port, frame)
        assert wire.response_code(reply) == UNAUTHENTICATED, what
        assert wire.response_error(reply).startswith("Authentication failure: " + logged), (what, reply)
        log.wait(f"refused unauthenticated message from 127.0.0.1:")
        log.wait(logged)
    assert cluster.job_state(job) == "PENDING", "no refused cancel may reach the job"
    cluster.run(["scancel", str(job)], check=True)


@pytest.mark.parametrize("daemon", ["controller", "node01"])
def test_a_replayed_credential_is_refused(cluster, daemon):
    key = secret(cluster)
    port = ports(cluster)[daemon]
    log = Log(cluster, daemon)
    # Signed as the controller signs (nodes take only its requests).
    frame = wire.signed(key, PING, node_name="slurmctld")
    first = wire.exchange(port, frame)
    assert wire.response_code(first) == OK, wire.response_error(first)
    again = wire.exchange(port, frame)
    assert wire.response_code(again) == UNAUTHENTICATED
    assert wire.response_error(again) == "Authentication failure: replayed credential"
    log.wait("replayed credential")
    # The same request freshly signed is accepted: only the nonce was refused.
    assert wire.response_code(wire.exchange(port, wire.signed(key, PING, node_name="slurmctld"))) == OK


def test_a_user_cannot_send_what_only_daemons_send(cluster, users):
    key = secret(cluster)
    uid, gid = users[ALICE].pw_uid, users[ALICE].pw_gid
    p = ports(cluster)
    # To the controller: a node registration, a job completion and an extern
    # step's usage, with a valid credential for alice (what the signer
    # socket would give her).
    log = Log(cluster, "controller")
    register = wire.field_bytes(20, wire.field_bytes(1, b"node01") + wire.field_varint(2, 64))
    complete = wire.field_bytes(22, wire.field_varint(1, 1))
    extern_usage = wire.field_bytes(23, wire.field_varint(1, 1) + wire.field_varint(3, 10**9))
    for body in (register, complete, extern_usage):
        reply = wire.exchange(p["controller"], wire.signed(key, body, uid=uid, gid=gid))
        assert wire.response_code(reply) == PERMISSION_DENIED
        assert wire.response_error(reply) == "Access/permission denied"
    log.wait(f"refused node request 20 from 127.0.0.1:")
    log.wait(f"refused node request 23 from 127.0.0.1:")
    log.wait(f"(uid {uid}): not signed by a daemon")
    # To a node: a launch and a terminate, as alice and as a node that is not the controller.
    log = Log(cluster, "node01")
    terminate = wire.field_bytes(32, wire.field_varint(1, 1))
    launch = wire.field_bytes(30, b"")
    for body, signer in ((terminate, ""), (launch, ""), (terminate, "node02")):
        reply = wire.exchange(p["node01"], wire.signed(key, body, uid=uid, gid=gid, node_name=signer))
        assert wire.response_code(reply) == PERMISSION_DENIED
        assert wire.response_error(reply) == "only the controller may send this"
    log.wait(f"(uid {uid}, signer ''): only the controller may send it")
    log.wait("signer 'node02'")
    r = cluster.run(["sinfo", "-h", "-N", "-o", "%N %t"])
    assert r.stdout.split() == ["node01", "idle", "node02", "idle"], r.stdout


# ---------------------------------------------------------------- users

def test_a_user_cannot_hold_update_or_cancel_another_users_job(cluster, workdir):
    r = cluster.run(["sbatch", "--parsable", "--begin=now+1hour", "-t", "10", "-o", "/dev/null", "--wrap", "true"],
                    user=ALICE, cwd=workdir[ALICE])
    job = int(r.stdout)
    log = Log(cluster, "controller")
    r = cluster.run(["scontrol", "hold", str(job)], user=BOB)
    assert (r.returncode, r.stderr) == (1, f"Access/permission denied for job {job}\n")
    r = cluster.run(["scontrol", "update", f"JobId={job}", "TimeLimit=5"], user=BOB)
    assert (r.returncode, r.stderr) == (1, "slurm_update error: Access/permission denied\n")
    r = cluster.run(["scontrol", "update", f"JobId={job}", "Nice=100"], user=BOB)
    assert r.returncode == 1 and "Access/permission denied" in r.stderr, r.stderr
    r = cluster.run(["scontrol", "requeue", str(job)], user=BOB)
    assert (r.returncode, r.stderr) == (1, f"Access/permission denied for job {job}\n")
    r = cluster.run(["scancel", str(job)], user=BOB)
    assert r.returncode == 1 and "Access/permission denied" in r.stderr, r.stderr
    r = cluster.run(["scancel", "-u", ALICE], user=BOB)  # a filter only ever reaches one's own jobs
    log.wait(f"may not update job {job}")
    log.wait(f"may not cancel job {job} of {ALICE}")
    info = cluster.run(["scontrol", "show", "job", str(job)]).stdout
    assert "JobState=PENDING" in info and "TimeLimit=00:10:00" in info and "Nice=0" in info, info
    assert "Reason=BeginTime" in info, info
    cluster.run(["scancel", str(job)], user=ALICE, check=True)
    assert cluster.wait_state(job, "CANCELLED") == "CANCELLED"


def test_only_operators_change_node_states(cluster):
    log = Log(cluster, "controller")
    for user in (ALICE, BOB):
        r = cluster.run(["scontrol", "update", "NodeName=node01", "State=DRAIN", "Reason=mine"], user=user)
        assert (r.returncode, r.stderr) == (1, "slurm_update error: Access/permission denied\n")
        r = cluster.run(["scontrol", "update", "NodeName=node[01-02]", "State=DOWN", "Reason=mine"], user=user)
        assert r.returncode == 1 and "Access/permission denied" in r.stderr
    log.wait("may not update nodes")
    r = cluster.run(["sinfo", "-h", "-N", "-o", "%N %t"])
    assert r.stdout.split() == ["node01", "idle", "node02", "idle"], r.stdout


# ---------------------------------------------------------------- frames

def send_and_hold(port, data):
    """Connects, sends data, keeps the connection open: the caller closes it."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    if data:
        s.sendall(data)
    return s


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1))


@pytest.mark.parametrize("daemon", ["controller", "node01", "node02"])
def test_bad_frames_are_refused_and_logged(cluster, workdir, daemon):
    key = secret(cluster)
    port = ports(cluster)[daemon]
    cases = [
        # (what, bytes sent before the write side is closed, what the daemon logs)
        ("garbage envelope", wire.frame(b"\xff" * 8 + os.urandom(200)), "malformed envelope"),
        ("other wire version", wire.frame(wire.envelope(PING, version=99)), "unsupported wire version 99"),
        ("length over the cap", struct.pack(">I", MAX_FRAME + 1) + b"x" * 100,
         f"frame of {MAX_FRAME + 1} bytes exceeds"),
        ("length 0xffffffff", b"\xff\xff\xff\xff", "frame of 4294967295 bytes exceeds"),
        ("truncated body", wire.frame(b"x" * 1000)[:300], "truncated frame from 127.0.0.1:"),
        ("huge length, little data", struct.pack(">I", MAX_FRAME) + b"x" * 1000,
         f"(1000 of {MAX_FRAME} bytes)"),
        ("truncated header", b"\x00\x00", "truncated frame header from 127.0.0.1:"),
        ("signed garbage request", wire.signed(key, b"\xff" * 100, node_name="slurmctld"), "malformed request"),
        ("empty request", wire.signed(key, b"", node_name="slurmctld"), "malformed request"),
    ]
    for what, data, logged in cases:
        log = Log(cluster, daemon)
        reply = wire.exchange(port, data)
        code = wire.response_code(reply)
        assert code in (None, INVALID_ARGUMENT), (what, reply)
        log.wait(logged)
    # Random bytes: refused somehow (length cap, truncation or garbage), never served.
    for _ in range(20):
        reply = wire.exchange(port, os.urandom(64))
        assert wire.response_code(reply) in (None, INVALID_ARGUMENT)
    # A connection that sent garbage is closed by the daemon, though the peer keeps it open.
    with send_and_hold(port, wire.frame(b"\xff" * 8)) as s:
        received = b""
        while True:
            chunk = s.recv(65536)  # the socket's 10 s timeout bounds this
            if not chunk:
                break
            received += chunk
        assert wire.response_code(received) == INVALID_ARGUMENT
    assert_serving(cluster, workdir)


def test_half_open_connections_do_not_block_or_bloat_the_daemons(cluster, workdir):
    p = ports(cluster)
    key = secret(cluster)
    before = {name: rss_kib(cluster.pid_of(name)) for name in p}
    held = []
    try:
        for name, port in p.items():
            for _ in range(10):
                held.append(send_and_hold(port, b""))                    # nothing at all
                held.append(send_and_hold(port, b"\x00\x00"))            # half a header
                # Announces the largest frame, sends a little: the daemon must not
                # reserve 16 MiB for each (40 of these would be 640 MiB).
                held.append(send_and_hold(port, struct.pack(">I", MAX_FRAME) + b"y" * 4096))
                held.append(send_and_hold(port, struct.pack(">I", MAX_FRAME) + b"y" * 4096))
        # While they hang, every daemon answers.
        for name, port in p.items():
            reply = wire.exchange(port, wire.signed(key, PING, node_name="slurmctld"))
            assert wire.response_code(reply) == OK, name
        r = cluster.run(["squeue"], user=ALICE)
        assert r.returncode == 0, r.stderr
        r = cluster.run(["sinfo", "-h", "-N", "-o", "%N %t"])
        assert r.stdout.split() == ["node01", "idle", "node02", "idle"], r.stdout
        for name in p:
            grown_mib = (rss_kib(cluster.pid_of(name)) - before[name]) / 1024
            assert grown_mib < 64, f"{name} grew by {grown_mib:.0f} MiB for 20 half-sent 16 MiB frames"
    finally:
        logs = {name: Log(cluster, name) for name in p}
        for s in held:
            s.close()
    for name in p:
        logs[name].wait(f"(4096 of {MAX_FRAME} bytes)")
        logs[name].wait("truncated frame header from 127.0.0.1:")
    assert_serving(cluster, workdir)


# ---------------------------------------------------------------- joining

@pytest.fixture
def own_cluster(users):
    """A cluster for one destructive test (in /tmp: test users must reach it)."""
    base = tempfile.mkdtemp(prefix="bramble-it-")
    os.chmod(base, 0o755)
    c = Cluster(base, nodes=2, cpus=2, slurmd_timeout=4)
    c.up()
    yield c
    c.down()
    shutil.rmtree(base, ignore_errors=True)


def test_a_node_with_the_wrong_secret_cannot_join(own_cluster):
    c = own_cluster
    pid = c.pid_of("node02")
    os.kill(pid, signal.SIGTERM)
    wait_for(lambda: exited(pid), what="node02 to stop")
    wrong_key = os.path.join(c.dir, "wrong.key")
    with open(os.open(wrong_key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write(os.urandom(32).hex() + "\n")
    wrong_conf = os.path.join(c.dir, "wrong.conf")
    with open(wrong_conf, "w") as f:
        f.write(conf_text(c) + f"AuthKeyFile={wrong_key}\n")
    controller_log = Log(c, "controller")
    node_log = os.path.join(c.dir, "log", "wrong-node02.log")
    impostor = subprocess.Popen([BIN, "node", "-N", "node02", "-f", wrong_conf, "-L", node_log],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        controller_log.wait("refused unauthenticated message from 127.0.0.1:")
        controller_log.wait("bad credential signature")
        wait_for(lambda: os.path.exists(node_log) and
                 "registration with the controller failed: Authentication failure: bad credential signature"
                 in open(node_log).read(), what="the node to log its refusal")
        # Not up: the controller marks it down once SlurmdTimeout passes without a heartbeat.
        wait_for(lambda: "State=DOWN" in c.run(["scontrol", "show", "node", "node02"]).stdout, timeout=30,
                 what="node02 down")
        # ... and stays down while the impostor keeps trying.
        later = Log(c, "controller")
        later.wait("bad credential signature")
        assert "State=DOWN" in c.run(["scontrol", "show", "node", "node02"]).stdout
        assert impostor.poll() is None, "a refused node keeps trying; it does not crash"
        text = open(node_log).read()
        assert "registered with the controller" not in text
        assert text.count("registration with the controller failed") == 1, "said once, not every second"
        r = c.run(["sbatch", "--parsable", "-w", "node02", "-o", "/dev/null", "--wrap", "true"], user=ALICE,
                  cwd="/tmp")
        job = int(r.stdout)
        assert c.job_state(job) == "PENDING"
        c.run(["scancel", str(job)], check=True)
    finally:
        impostor.terminate()
        impostor.wait(timeout=30)
    c.up()  # the real node02, with the right secret, joins again
    wait_for(lambda: "State=IDLE" in c.run(["scontrol", "show", "node", "node02"]).stdout, timeout=60,
             what="node02 back")
