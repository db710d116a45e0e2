"""Run the workflow in a scratch copy of the project (used by workflow tests and benchmarks)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_ITEMS = ("Snakefile", "workflow", "profiles", "config", "isac", "envs",
                 "pyproject.toml")


def copy_project(dst: Path, src: Path = ROOT) -> Path:
    """Copy the files a workflow run needs (no results, no caches) into ``dst``."""
    dst.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".snakemake")
    for item in PROJECT_ITEMS:
        if (src / item).is_dir():
            shutil.copytree(src / item, dst / item, ignore=ignore)
        else:
            shutil.copy2(src / item, dst / item)
    return dst


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run Snakemake on the copy in ``workdir`` with this interpreter."""
    cmd = [sys.executable, "-m", "snakemake", "--directory", str(workdir),
           "--snakefile", str(workdir / "Snakefile"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
    if check and proc.returncode != 0:
        raise RuntimeError(f"snakemake {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def planned_jobs(workdir: Path, *args: str) -> dict[str, int]:
    """Rule -> job count of a dry run (empty when there is nothing to do)."""
    out = snakemake(workdir, "-n", *args).stdout
    if "Job stats:" not in out:
        return {}
    table = out.split("Job stats:", 1)[1]
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)$", table, re.M)
            if m[1] != "total"}


def planned_outputs(workdir: Path, *args: str) -> set[tuple[str, str]]:
    """(rule, first output) of every job of a dry run; target rules without outputs appear
    as (rule, "")."""
    out = snakemake(workdir, "-n", *args).stdout
    jobs = set()
    for block in re.split(r"^(?:localrule|rule) ", out, flags=re.M)[1:]:
        rule = block.split(":", 1)[0]
        found = re.search(r"^\s+output: ([^,\n]+)", block, re.M)
        jobs.add((rule, found[1] if found else ""))
    return jobs
