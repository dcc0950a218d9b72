"""-V/--version of every Slurm-named command (docs/compatibility.md).

Each prints Slurm's one line, "slurm 22.05.8", and exits 0 without a
configuration: tools call it to learn which Slurm they talk to, before and
apart from any cluster. No cluster is started here.
"""
import os
import subprocess
import tempfile

import pytest

from conftest import BIN

COMMANDS = ("sbatch", "squeue", "sinfo", "scancel", "scontrol", "srun", "salloc", "sacct", "sprio",
            "sshare", "sdiag")


@pytest.fixture(scope="module")
def bindir():
    """A directory of links named after the commands, as `bramble up` makes."""
    with tempfile.TemporaryDirectory(prefix="bramble-version-") as d:
        for name in COMMANDS:
            os.symlink(BIN, os.path.join(d, name))
        yield d


@pytest.mark.parametrize("flag", ["-V", "--version"])
@pytest.mark.parametrize("command", COMMANDS)
def test_version_line(bindir, command, flag):
    env = dict(os.environ, SLURM_CONF="/nonexistent/slurm.conf")
    r = subprocess.run([os.path.join(bindir, command), flag], capture_output=True, text=True,
                       env=env, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "slurm 22.05.8\n"
    assert r.stderr == ""


def test_bramble_version_names_both():
    r = subprocess.run([BIN, "--version"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("bramble ") and "slurm 22.05.8" in r.stdout
