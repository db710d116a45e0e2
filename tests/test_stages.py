"""Stages: failed solves are status rows counted up to the sidecar, never NaNs on a plot."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from isac import io, stages
from isac.config import load
from isac.pipeline import STYLE, Plan
from isac.plotting.common import curve
from isac.workspace import ROOT


@pytest.fixture()
def plan():
    return Plan(load(ROOT, {"scale": "ci"}))


def _chunk(plan, tmp_path, scenario="pr05", fail_seed=None):
    ch, sol, met = (tmp_path / f"{scenario}_{n}.parquet" for n in ("ch", "sol", "met"))
    stages.run_channels(plan.channels_spec("kld_isac", scenario, "c0000"), str(ch))
    stages.run_solve(plan.solve_spec("kld_isac", scenario, "cic_zf"), str(ch), str(sol))
    if fail_seed is not None:  # simulate a solver failure of one seed
        frame, tensors = io.read_table(sol)
        frame.loc[frame.seed == fail_seed, "status"] = "solver_error"
        tensors["W_c"][frame.seed == fail_seed] = np.nan
        io.write_table(sol, frame, tensors)
    stages.run_evaluate(plan.evaluate_spec("kld_isac", scenario, "cic_zf"), str(ch), str(sol),
                        str(met))
    return met


def test_failed_solve_is_a_counted_status_row(plan, tmp_path):
    met = _chunk(plan, tmp_path, fail_seed=3)
    table, _ = io.read_table(met)
    bad = table[table.seed == 3]
    assert (bad.status == "solver_error").all() and bad.value.isna().all()
    assert table[table.seed != 3].value.notna().all()
    assert io.read_meta(met)["failed"] == 1

    summary = tmp_path / "fig1.parquet"
    stages.run_summarise(plan.summary_spec("kld_isac", "fig1"), [str(met)], str(summary))
    frame, _ = io.read_table(summary)
    n_seeds = plan.seeds("kld_isac", "pr05", "c0000")[1]
    assert (frame.n == n_seeds - 1).all() and (frame.n_failed == 1).all()
    assert frame["mean"].notna().all()

    outs = [str(tmp_path / f"fig1{s}") for s in (".pdf", ".png", ".json")]
    stages.run_render(plan.render_spec("kld_isac", "fig1"), str(summary), str(STYLE), outs)
    info = json.loads((tmp_path / "fig1.json").read_text())
    assert info["failed_solves"] == 1 and info["solves"] == n_seeds


def test_non_finite_metric_from_a_successful_solve_is_an_error(plan, tmp_path):
    ch, sol = tmp_path / "ch.parquet", tmp_path / "sol.parquet"
    stages.run_channels(plan.channels_spec("kld_isac", "pr05", "c0000"), str(ch))
    stages.run_solve(plan.solve_spec("kld_isac", "pr05", "cic_zf"), str(ch), str(sol))
    frame, tensors = io.read_table(sol)
    tensors["W_c"][0] = np.nan          # status still "ok"
    io.write_table(sol, frame, tensors)
    out = tmp_path / "met.parquet"
    with pytest.raises(FloatingPointError, match="non-finite"):
        stages.run_evaluate(plan.evaluate_spec("kld_isac", "pr05", "cic_zf"), str(ch),
                            str(sol), str(out))
    assert not out.exists()


def test_curve_refuses_nan_or_all_failed():
    s = pd.DataFrame({"metric": ["m"] * 2, "entity": ["T1"] * 2, "x": [0.0, 1.0],
                      "mean": [1.0, np.nan], "ci95": [0.0, 0.0], "n": [5, 5]})
    with pytest.raises(ValueError, match="non-finite"):
        curve(s, metric="m", entity="T1")
    with pytest.raises(ValueError, match="no successful rows"):
        curve(s.assign(n=0), metric="m", entity="T1")
