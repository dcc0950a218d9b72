"""Real MPI from Debian's packages through Bramble: MPICH launched directly
by srun (Bramble's PMI-1/PMI-2 server), Open MPI's mpirun and MPICH's
mpiexec (Hydra) inside sbatch, both starting their daemons through srun.
The programs are compiled here, in tests/integration/mpi/."""
import os
import re
import shutil
import subprocess
import tempfile
import textwrap

import pytest

from conftest import wait_for

ALICE = "bramble-alice"
SOURCES = os.path.join(os.path.dirname(__file__), "mpi")
LINE = re.compile(r"rank (\d+) of (\d+) on (\S+) node (\S+) sum (\d+) ring ok")


@pytest.fixture(scope="module")
def programs(users):
    """{"hello.mpich": path, ...} built into a directory the test user can read."""
    out = tempfile.mkdtemp(prefix="bramble-mpi-")
    os.chmod(out, 0o755)
    built = {}
    for stack, compiler in (("mpich", "mpicc.mpich"), ("openmpi", "mpicc.openmpi")):
        assert shutil.which(compiler), f"{compiler} missing: scripts/install-deps.sh installs the MPI packages"
        for name in ("mpi_hello", "mpi_abort"):
            target = os.path.join(out, f"{name}.{stack}")
            subprocess.run([compiler, "-O1", "-Wall", "-o", target, os.path.join(SOURCES, name + ".c")],
                           check=True, capture_output=True, text=True)
            built[f"{name[4:]}.{stack}"] = target
    yield built
    shutil.rmtree(out, ignore_errors=True)


def ranks(text):
    """{rank: (size, hostname)} from mpi_hello output; each rank once."""
    found = {}
    for line in text.splitlines():
        m = LINE.search(line)
        if m:
            rank = int(m.group(1))
            assert rank not in found, text
            found[rank] = (int(m.group(2)), m.group(3))
    return found


def pids_alive(pids):
    alive = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.append(pid)
        except OSError:
            pass
    return alive


@pytest.mark.parametrize("mpi", ["pmi2", "pmi1"])
def test_mpich_direct_launch_spans_two_nodes(cluster, workdir, programs, mpi):
    # Debian's MPICH speaks PMI-1 (its simple client) whatever --mpi says;
    # Bramble's server answers either on the same socket, as Slurm's does.
    r = cluster.run(["srun", "-N", "2", "-n", "4", f"--mpi={mpi}", programs["hello.mpich"]], user=ALICE,
                    cwd=workdir[ALICE], timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    found = ranks(r.stdout)
    assert sorted(found) == [0, 1, 2, 3], r.stdout
    assert all(size == 4 for size, _ in found.values())
    assert sorted(host for _, host in found.values()) == ["node01", "node01", "node02", "node02"]


def test_mpich_without_pmi_starts_singletons(cluster, workdir, programs):
    r = cluster.run(["srun", "-n", "2", "--mpi=none", programs["hello.mpich"]], user=ALICE,
                    cwd=workdir[ALICE], timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(m.group(1, 2) for m in LINE.finditer(r.stdout)) == [("0", "1"), ("0", "1")]


def test_mpich_rank_abort_ends_the_step_and_leaves_nothing(cluster, workdir, programs):
    r = cluster.run(["srun", "-N", "2", "-n", "4", "--mpi=pmi2", programs["abort.mpich"]], user=ALICE,
                    cwd=workdir[ALICE], timeout=120)
    assert r.returncode != 0, r.stdout + r.stderr
    pids = [int(p) for p in re.findall(r"pid (\d+)", r.stdout)]
    assert len(pids) == 4, r.stdout
    wait_for(lambda: not pids_alive(pids), timeout=20, what="every rank to be gone")


def run_batch(cluster, workdir, body, ntasks=4):
    d = workdir[ALICE]
    script = "#!/bin/bash\n#SBATCH --ntasks=%d\n#SBATCH -N 2\n#SBATCH -o mpi.out\n%s" % (ntasks, body)
    r = cluster.run(["sbatch", "--parsable"], user=ALICE, input=script, cwd=d)
    assert r.returncode == 0, r.stderr
    job = int(r.stdout)
    state = cluster.wait_state(job, ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"), timeout=120)
    return state, open(os.path.join(d, "mpi.out")).read()


def test_openmpi_mpirun_in_sbatch_starts_orteds_through_srun(cluster, workdir, programs):
    state, out = run_batch(cluster, workdir, f"mpirun.openmpi {programs['hello.openmpi']}\n")
    assert state == "COMPLETED", out
    found = ranks(out)
    assert sorted(found) == [0, 1, 2, 3], out
    assert sorted(host for _, host in found.values()) == ["node01", "node01", "node02", "node02"], out


def test_mpich_mpiexec_in_sbatch_uses_the_srun_bootstrap(cluster, workdir, programs):
    state, out = run_batch(cluster, workdir, f"mpiexec.mpich {programs['hello.mpich']}\n")
    assert state == "COMPLETED", out
    found = ranks(out)
    assert sorted(found) == [0, 1, 2, 3], out
    assert sorted(host for _, host in found.values()) == ["node01", "node01", "node02", "node02"], out


@pytest.mark.parametrize("launcher,program", [("mpirun.openmpi", "abort.openmpi"),
                                              ("mpiexec.mpich", "abort.mpich")])
def test_abort_under_a_launcher_fails_the_job_and_leaves_nothing(cluster, workdir, programs, launcher, program):
    state, out = run_batch(cluster, workdir, f"{launcher} {programs[program]}\n")
    assert state == "FAILED", out
    pids = [int(p) for p in re.findall(r"pid (\d+)", out)]
    assert len(pids) == 4, out
    wait_for(lambda: not pids_alive(pids), timeout=20, what="every rank to be gone")
