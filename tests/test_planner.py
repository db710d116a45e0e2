"""The planner (``python -m isac plan``): costs from benchmark files, scaled across scales by
runs per job, unknown when never measured, and a list schedule that respects the DAG."""

from __future__ import annotations

import pytest

from isac import cli, planner
from isac.config import load
from isac.pipeline import Plan
from isac.workspace import ROOT


def _job(stage, scheme, chunk, seconds):
    return planner.Job("s", stage, "a", scheme, chunk, 1, seconds, "measured")


def test_wall_time_follows_the_chain_and_the_cores():
    """Two chunks: channels 1 s → solve 10 s → evaluate 1 s, and channels 1 s → solve 2 s:
    on one core the sum, on two the longest chain (12 s), never less."""
    jobs = [_job("channels", "", "c0", 1.0), _job("solve", "m", "c0", 10.0),
            _job("evaluate", "m", "c0", 1.0), _job("channels", "", "c1", 1.0),
            _job("solve", "m", "c1", 2.0)]
    assert planner.wall_time(jobs, 1) == pytest.approx(15.0)
    assert planner.wall_time(jobs, 2) == pytest.approx(12.0)
    assert planner.wall_time(jobs, 8) == pytest.approx(12.0)


def _bench(tmp_path, plan: Plan, stage: str, pattern: str, seconds: float) -> None:
    path = tmp_path / plan.log(stage, pattern, ".tsv")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"s\th:m:s\n{seconds}\t0:00:00\n")


def test_costs_are_measured_scaled_or_unknown(tmp_path):
    """A ci benchmark file costs its ci job; the quick job of the same kind is scaled by its
    runs; a kind never measured stays unknown (None), not guessed."""
    ci = Plan(load(ROOT, {"scale": "ci", "studies": ["iaps_dfrc"]}))
    study = "iaps_dfrc"
    scenario, cfg = next(iter(ci.study_cfg(study)["scenarios"].items()))
    scheme = cfg["schemes"][0]
    chunk = ci.chunks(study, scenario)[0]
    _bench(tmp_path, ci, "solve", f"{study}/{scenario}/{scheme}/{chunk}", 4.0)
    ci_jobs = planner.jobs(ROOT, "ci", [study], results=tmp_path)
    solve = next(j for j in ci_jobs if (j.stage, j.scenario, j.scheme, j.chunk)
                 == ("solve", scenario, scheme, chunk))
    assert (solve.seconds, solve.source) == (4.0, "measured")
    quick_jobs = planner.jobs(ROOT, "quick", [study], results=tmp_path)
    scaled = [j for j in quick_jobs if (j.stage, j.scenario, j.scheme) == ("solve", scenario,
                                                                          scheme)]
    per_run = 4.0 / solve.runs
    assert all(j.source == "scaled from ci" for j in scaled)
    assert all(j.seconds == pytest.approx(per_run * j.runs) for j in scaled)
    assert any(j.source == "unknown" and j.seconds is None for j in quick_jobs)


def test_affine_cost_separates_start_up_from_per_run_cost():
    assert planner.affine_cost([1, 2, 4], [3.0, 4.0, 6.0]) == pytest.approx((2.0, 1.0))
    assert planner.affine_cost([2, 2], [3.0, 5.0]) == pytest.approx((0.0, 2.0))   # no spread
    assert planner.affine_cost([1, 3], [1.0, 9.0]) == pytest.approx((0.0, 2.5))   # a < 0
    assert planner.affine_cost([1, 3], [5.0, 3.0]) == pytest.approx((4.0, 0.0))   # b < 0


def test_paper_jobs_are_fitted_from_two_scales(tmp_path):
    """Measured at ci and quick with different runs per job, a job kind's paper cost is the
    fitted start-up plus the fitted per-run cost times its runs, not a proportional scaling."""
    study = "iaps_dfrc"
    plans = {s: Plan(load(ROOT, {"scale": s, "studies": [study]})) for s in ("ci", "quick")}
    scenario, cfg = next(iter(plans["ci"].study_cfg(study)["scenarios"].items()))
    scheme = cfg["schemes"][0]
    points = []
    for plan in plans.values():
        for chunk in plan.chunks(study, scenario):
            start, stop = plan.seeds(study, scenario, chunk)
            runs = (stop - start) * len(plan.x(study, scenario))
            _bench(tmp_path, plan, "solve", f"{study}/{scenario}/{scheme}/{chunk}",
                   2.0 + 0.01 * runs)
            points.append(runs)
    assert len(set(points)) > 1
    paper = [j for j in planner.jobs(ROOT, "paper", [study], results=tmp_path)
             if (j.stage, j.scenario, j.scheme) == ("solve", scenario, scheme)]
    assert paper and all(j.source == "fitted from quick+ci" for j in paper)
    assert all(j.seconds == pytest.approx(2.0 + 0.01 * j.runs) for j in paper)


def test_plan_command_prints_one_row_per_study(capsys):
    assert cli.main(["--root", str(ROOT), "--scale", "ci", "plan", "--cores", "4"]) == 0
    out = capsys.readouterr().out
    assert "all studies" in out and "kld_isac" in out and "costs:" in out
