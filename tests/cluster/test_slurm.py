"""The SLURM profile on a real one-node cluster (tests/cluster/slurm_single_node.sh): skipped
with the script's reason where the machine cannot run SLURM (not root, no Debian packages)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("slurm_single_node.sh")


@pytest.mark.cluster
@pytest.mark.workflow
def test_the_slurm_profile_runs_a_study_on_a_one_node_cluster():
    run = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=2400)
    if run.returncode == 77:
        pytest.skip(run.stdout.strip().splitlines()[-1])
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "metric tables equal" in run.stdout
    assert "reported as FAILED" in run.stdout
