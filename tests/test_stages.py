"""Stages: failed solves are status rows counted up to the sidecar, never NaNs on a plot."""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_curve_refuses_nan_and_leaves_failed_points_as_gaps():
    s = pd.DataFrame({"metric": ["m"] * 3, "entity": ["T1"] * 3, "x": [2.0, 0.0, 1.0],
                      "mean": [3.0, 1.0, np.nan], "ci95": [0.0, 0.0, 0.0], "n": [5, 5, 5]})
    with pytest.raises(ValueError, match="non-finite"):
        curve(s, metric="m", entity="T1")
    x, y, _ = curve(s.assign(n=[5, 5, 0]), metric="m", entity="T1")
    np.testing.assert_array_equal(x, [0, 1, 2])
    np.testing.assert_array_equal(y, [1, np.nan, 3])            # x = 1: a gap, not a bridge
    x, y, _ = curve(s.assign(n=0), metric="m", entity="T1")
    assert len(x) == 3 and np.isnan(y).all()                     # all failed: nothing drawn
    assert len(curve(s, metric="other")[0]) == 0


def test_failed_points_and_curves_are_marked_and_counted(plan, tmp_path):
    """A point where every solve failed is a marked gap; a curve with no result is named in
    the legend and the sidecar; failed solves are counted per run and on the figure."""
    import matplotlib.pyplot as plt

    from isac.plotting.common import failures, mark_failures

    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1.0, np.nan, 3.0], label="a")
    ax.plot([0, 1, 2], [np.nan] * 3, label="b")
    ax.legend()
    assert mark_failures(fig) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "a", "b (no result: every solve failed)"]
    plt.close(fig)
    summary = pd.DataFrame({"scenario": ["s"] * 3 + ["t"] * 2, "scheme": ["p"] * 3 + ["q"] * 2,
                            "metric": ["m"] * 5, "entity": [""] * 5,
                            "x": [0.0, 1.0, 2.0, 0.0, 1.0], "n": [4, 0, 3, 0, 0],
                            "n_failed": [0, 4, 1, 2, 2]})
    counts, missing = failures(summary, [("s", "p"), ("t", "q"), ("u", "r")],
                               {"s/p": 5, "t/q": 4})
    assert counts == {"s/p": {"failed_solves": 5, "points_without_result": 1}}
    assert missing == ["t/q: no result (4 failed solves)", "u/r: no result (0 failed solves)"]


def test_solver_index_matches_points_and_rejects_gaps_and_duplicates():
    seeds, x = np.array([5, 6]), np.array([0.0, 1.0])
    solver = {"seed": np.array([6, 6, 5, 5]), "x": np.array([1.0, 0.0, 1.0, 0.0])}
    assert stages.solver_index(seeds, x, solver).tolist() == [3, 2, 1, 0]
    per_seed = {"seed": np.array([6, 5]), "x": np.full(2, np.nan)}
    assert stages.solver_index(seeds, x, per_seed).tolist() == [1, 1, 0, 0]
    with pytest.raises(ValueError, match="no row"):
        stages.solver_index(seeds, x, {"seed": solver["seed"][:3], "x": solver["x"][:3]})
    with pytest.raises(ValueError, match="several rows"):
        stages.solver_index(seeds, x, {"seed": np.array([5, 5]), "x": np.array([0.0, 0.0])})


def test_simulation_stages_run_without_pandas(plan, tmp_path):
    """channels, solve and evaluate jobs hide pandas (start-up time) and write the same tables."""
    specs = {"channels": plan.channels_spec("kld_isac", "pr05", "c0000"),
             "solve": plan.solve_spec("kld_isac", "pr05", "cic_zf"),
             "evaluate": plan.evaluate_spec("kld_isac", "pr05", "cic_zf")}
    code = """
import json, sys
from isac import io, stages
io.hide_pandas()
specs, d = json.loads(sys.argv[1]), sys.argv[2]
stages.run_channels(specs["channels"], d + "/ch.parquet")
stages.run_solve(specs["solve"], d + "/ch.parquet", d + "/sol.parquet")
stages.run_evaluate(specs["evaluate"], d + "/ch.parquet", d + "/sol.parquet", d + "/met.parquet")
sys.exit("pandas" in sys.modules)
"""
    hidden, normal = tmp_path / "hidden", tmp_path / "normal"
    hidden.mkdir()
    subprocess.run([sys.executable, "-c", code, json.dumps(specs), str(hidden)], check=True)
    stages.run_channels(specs["channels"], str(normal / "ch.parquet"))
    stages.run_solve(specs["solve"], str(normal / "ch.parquet"), str(normal / "sol.parquet"))
    stages.run_evaluate(specs["evaluate"], str(normal / "ch.parquet"),
                        str(normal / "sol.parquet"), str(normal / "met.parquet"))
    assert (hidden / "ch.parquet").read_bytes() == (normal / "ch.parquet").read_bytes()
    for name in ("sol", "met"):
        a = io.read_table(hidden / f"{name}.parquet")[0].drop(columns="runtime_s")
        pd.testing.assert_frame_equal(a, io.read_table(normal / f"{name}.parquet")[0]
                                      .drop(columns="runtime_s"))


def geometry_plot(summary, spec, style, channels):
    """A plot that draws one channel draw (a geometry map), as a registry entry may declare."""
    from isac.plotting.common import new_figure

    columns, tensors = channels["pr05"]
    fig, (ax,) = new_figure(style)
    ax.plot(np.abs(tensors["G"][0]).ravel())
    fig.isac_choices = {"seeds_drawn": [int(s) for s in columns["seed"]]}
    return fig


def test_a_figure_can_read_a_channel_table(plan, tmp_path):
    """Figure.channel_tables: the render job gets the scenario's first channel chunk as an
    input (no special rule) and the plot receives its columns and tensors."""
    import dataclasses

    from isac.studies import REGISTRY

    met = _chunk(plan, tmp_path)
    summary = tmp_path / "fig1.parquet"
    stages.run_summarise(plan.summary_spec("kld_isac", "fig1"), [str(met)], str(summary))
    study = REGISTRY["kld_isac"]
    fig = dataclasses.replace(study.figure("fig1"), name="geometry",
                              plot="tests.test_stages:geometry_plot", channel_tables=("pr05",))
    plan.studies = {"kld_isac": dataclasses.replace(study, figures=(*study.figures, fig))}
    inputs = plan.figure_inputs("kld_isac", "geometry")
    assert inputs["channels_pr05"] == "results/ci/kld_isac/channels/pr05/c0000.parquet"
    spec = plan.render_spec("kld_isac", "geometry")
    spec["channel_tables"] = {"pr05": str(tmp_path / "pr05_ch.parquet")}
    outs = [str(tmp_path / f"geometry{s}") for s in (".pdf", ".png", ".json")]
    stages.run_render(spec, str(summary), str(STYLE), outs)
    info = json.loads((tmp_path / "geometry.json").read_text())
    assert info["choices"]["seeds_drawn"] == list(range(*plan.seeds("kld_isac", "pr05", "c0000")))


def test_a_run_whose_every_point_raised_still_renders(plan, tmp_path, monkeypatch):
    """Every solve of fig2's pr01 run raises LinAlgError: status rows, no metric rows, and
    fig2 is drawn with the pr09 curves only; the sidecar names the missing run."""
    import isac.studies.kld_isac.schemes as kld_schemes

    def singular(*args):
        raise np.linalg.LinAlgError("Singular matrix")

    met = {"pr09": _chunk(plan, tmp_path, "pr09")}
    monkeypatch.setattr(kld_schemes, "cic_zf", singular)
    met["pr01"] = _chunk(plan, tmp_path, "pr01")
    table, _ = io.read_table(met["pr01"])
    assert table.empty and io.read_meta(met["pr01"])["failed"] == io.read_meta(
        met["pr01"])["solves"] > 0
    summary = tmp_path / "fig2.parquet"
    stages.run_summarise(plan.summary_spec("kld_isac", "fig2"),
                         [str(met["pr01"]), str(met["pr09"])], str(summary))
    outs = [str(tmp_path / f"fig2{s}") for s in (".pdf", ".png", ".json")]
    stages.run_render(plan.render_spec("kld_isac", "fig2"), str(summary), str(STYLE), outs)
    info = json.loads((tmp_path / "fig2.json").read_text())
    n = io.read_meta(met["pr01"])["solves"]
    assert info["missing_curves"] == [f"pr01/cic_zf: no result ({n} failed solves)"]
    assert info["failed_solves"] == n


def test_scale_stamp_names_the_scale_the_draws_and_a_smoke_run():
    from isac.stages import scale_stamp

    assert scale_stamp("quick", {"a": 10}) == "scale quick, n = 10"
    assert scale_stamp("paper", {"a": 50, "b": 100}) == "scale paper, n = 50–100"
    assert scale_stamp("ci", {"a": 1}) == "scale ci, n = 1, smoke run: not the papers' numbers"
