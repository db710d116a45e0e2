"""Shared fixtures: a throw-away copy of the project for workflow tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_ITEMS = ("Snakefile", "workflow", "config", "isac", "envs", "pyproject.toml")


def copy_project(dst: Path) -> Path:
    """Copy the files a workflow run needs (no results, no caches) into ``dst``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".snakemake")
    for item in PROJECT_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dst / item, ignore=ignore)
        else:
            shutil.copy2(src, dst / item)
    return dst


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run Snakemake in ``workdir`` with this interpreter."""
    cmd = [sys.executable, "-m", "snakemake", "--directory", str(workdir),
           "--snakefile", str(workdir / "Snakefile"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def ci_run(tmp_path_factory) -> Path:
    """A project copy on which ``figures`` has been built at ci scale with 2 cores."""
    work = copy_project(tmp_path_factory.mktemp("ci_run"))
    snakemake(work, "--cores", "2", "figures", "--config", "scale=ci")
    return work
