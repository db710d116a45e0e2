"""End-to-end workflow tests on a tiny ``ci``-scale run (DESIGN.md, determinism and reruns)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from isac import io
from isac.config import load
from isac.pipeline import Plan
from isac.workspace import ROOT, copy_project, planned_jobs, snakemake

pytestmark = pytest.mark.workflow


def metric_tables(workdir) -> pd.DataFrame:
    files = sorted((workdir / "results").glob("*/metrics/**/*.parquet"))
    assert files
    frames = [io.read_table(f)[0].assign(file=str(f.relative_to(workdir))) for f in files]
    # runtime_s is a wall-clock measurement: the only column allowed to differ between runs
    return pd.concat(frames, ignore_index=True).drop(columns="runtime_s")


def test_ci_run_produces_every_registered_figure(ci_run):
    plan = Plan(load(ci_run, {"scale": "ci"}))
    targets = plan.targets()
    studies = {s for s in plan.studies}
    assert {p.split("/")[2] for p in targets} == studies
    for study in studies:
        registered = {f.name for f in plan.studies[study].figures}
        assert set(plan.figures(study)) == registered
    for path in targets:
        assert (ci_run / path).stat().st_size > 0, path
    for sidecar in (p for p in targets if p.endswith(".json")):
        info = json.loads((ci_run / sidecar).read_text())
        for key in ("config_hash", "code", "trials", "failed_solves", "solve_runtime_s",
                    "render_runtime_s", "caption"):
            assert key in info, (sidecar, key)
        assert info["failed_solves"] == 0
        for run, n in info["trials"].items():
            scenario = run.split("/")[0]
            assert n == plan.scenario_cfg(info["study"], scenario)["trials"], (sidecar, run)


def test_noop_after_run(ci_run):
    assert planned_jobs(ci_run, "figures", "--config", "scale=ci") == {}


def test_same_metric_tables_for_one_and_two_cores(ci_run, tmp_path):
    work = copy_project(tmp_path)
    snakemake(work, "--cores", "1", "figures", "--config", "scale=ci")
    one, two = metric_tables(work), metric_tables(ci_run)
    pd.testing.assert_frame_equal(one, two, check_exact=True)


def _copy_of_run(ci_run, tmp_path):
    """A fresh copy of the code with the finished run's results and Snakemake metadata."""
    work = copy_project(tmp_path)
    for sub in ("results", ".snakemake"):
        shutil.copytree(ci_run / sub, work / sub, symlinks=True)
    return work


def _edit(path, line="\n# edited by a test\n"):
    path.write_text(path.read_text() + line)


def test_editing_a_plot_function_reruns_only_renders(ci_run, tmp_path):
    work = _copy_of_run(ci_run, tmp_path)
    assert planned_jobs(work, "figures", "--config", "scale=ci") == {}
    _edit(work / "isac" / "plotting" / "kld_isac.py")
    jobs = planned_jobs(work, "figures", "--config", "scale=ci")
    assert set(jobs) == {"render", "figures"}


def test_editing_a_metric_reruns_evaluate_summarise_render_only(ci_run, tmp_path):
    work = _copy_of_run(ci_run, tmp_path)
    _edit(work / "isac" / "metrics" / "kld.py")
    jobs = planned_jobs(work, "figures", "--config", "scale=ci")
    assert set(jobs) == {"evaluate", "summarise", "render", "figures"}


def test_editing_one_scenario_reruns_only_that_scenario(ci_run, tmp_path):
    work = _copy_of_run(ci_run, tmp_path)
    cfg = work / "config" / "studies" / "kld_isac.yaml"
    cfg.write_text(cfg.read_text().replace("params: {P_r: 0.9}", "params: {P_r: 0.8}"))
    out = snakemake(work, "-n", "figures", "--config", "scale=ci").stdout
    touched = set(re.findall(r"results/kld_isac/channels/(\w+)/", out))
    assert touched == {"pr09"}
    assert "fig1" not in re.findall(r"summary/(\w+)\.parquet", out)


def test_paper_dry_run_builds_the_dag(tmp_path):
    work = copy_project(tmp_path)
    jobs = planned_jobs(work, "all")
    plan = Plan(load(ROOT))
    n_runs = sum(len(plan.runs(s)) for s in plan.studies)
    assert jobs["evaluate"] == sum(len(plan.chunks(s, sc)) for s in plan.studies
                                   for sc, _ in plan.runs(s))
    assert jobs["render"] + jobs.get("tabulate", 0) == sum(len(plan.figures(s))
                                                           for s in plan.studies)
    assert n_runs > 0


def test_cli_stage_reproduces_the_workflow_output(ci_run, tmp_path):
    work = copy_project(tmp_path)
    args = ["--study", "kld_isac", "--scenario", "pr05", "--chunk", "c0000"]
    for stage, extra in (("channels", []), ("solve", ["--scheme", "cic_zf"]),
                         ("evaluate", ["--scheme", "cic_zf"])):
        subprocess.run([sys.executable, "-m", "isac", "--scale", "ci", stage, *args, *extra],
                       cwd=work, check=True, env=os.environ | {"PYTHONPATH": str(work)})
    rel = "results/kld_isac/channels/pr05/c0000.parquet"
    assert (work / rel).read_bytes() == (ci_run / rel).read_bytes()
    rel = "results/kld_isac/metrics/pr05/cic_zf/c0000.parquet"
    a = io.read_table(work / rel)[0].drop(columns="runtime_s")
    pd.testing.assert_frame_equal(a, io.read_table(ci_run / rel)[0].drop(columns="runtime_s"))
