"""The plan: per-stage slices of the configuration, scale trees, skipped figures."""

from __future__ import annotations

import re

from isac.config import load
from isac.pipeline import Plan
from isac.workspace import ROOT


def test_each_stage_gets_only_its_slice():
    plan = Plan(load(ROOT, {"scale": "ci"}))
    solve = plan.solve_spec("crlb_sca", "tradeoff", "fp_sgda")
    assert set(solve["options"]) >= {"gamma_W", "p_W", "max_iter"}
    assert "alg1" not in solve["options"] and "pd_mode" not in str(solve)
    assert solve["options"]["max_iter"] == 1000              # the ci cap beats the scenario's
    evaluate = plan.evaluate_spec("kld_isac", "pr05", "cic_zf")
    assert evaluate["options"] == {"P_FA": 1e-4, "modulation": "QPSK", "radar_echo": "own"}
    channels = plan.channels_spec("kld_isac", "pr05", "c0000")
    assert "options" not in channels and channels["model"]["P_r"] == 0.5
    render = plan.render_spec("kld_isac", "fig1")
    assert render["figure_options"] == {"pd_mode": "kld_map"} and render["scale"] == "ci"
    assert plan.render_spec("kld_isac", "fig6")["figure_options"] == {"mse_power": "transmit"}


def test_scales_have_their_own_trees():
    ci, quick = (Plan(load(ROOT, {"scale": s})) for s in ("ci", "quick"))
    assert all(p.startswith("results/ci/") for p in ci.targets())
    assert not set(ci.targets()) & set(quick.targets())
    assert ci.log("solve", "{study}") == "results/ci/logs/solve/{study}.log"


def test_a_figure_whose_runs_are_not_all_enabled_is_reported():
    cfg = load(ROOT, {"scale": "ci"})
    cfg["studies"]["crlb_sca"]["scenarios"]["k_sweep"]["schemes"].remove("fp_sgda")
    plan = Plan(cfg)
    assert "fig6" not in plan.figures("crlb_sca")
    (line,) = plan.skipped_figures()
    assert line.startswith("crlb_sca/fig6 is not built") and "k_sweep/fp_sgda" in line


def test_captions_state_the_configured_values():
    """Captions are filled from the configuration: every figure's caption formats at every
    scale, has no unfilled field, and follows a changed parameter."""
    for scale in ("paper", "quick", "ci"):
        plan = Plan(load(ROOT, {"scale": scale}))
        for study in plan.studies:
            for fig in plan.figures(study):
                caption = plan.render_spec(study, fig)["caption"]
                assert not re.search(r"\{\w+\[", caption), (study, fig, caption)
    cfg = load(ROOT, {"scale": "ci"})
    cfg["studies"]["kld_isac"]["scenarios"]["pr05"]["model"]["P_r"] = 0.4
    cfg["studies"]["mi_moo"]["scenarios"]["rmse"]["model"]["targets_deg"] = [-10, 30, 50]
    cfg["studies"]["crlb_sca"]["scenarios"]["k_sweep"]["model"]["delta_c"] = 0.5
    plan = Plan(cfg)
    assert "P_r = 0.4 of P_T = 1." in plan.render_spec("kld_isac", "fig1")["caption"]
    assert "targets at −10°, 30°, 50°" in plan.render_spec("mi_moo", "fig9")["caption"]
    assert "0.5·SR − 1·CRLB" in plan.render_spec("crlb_sca", "fig6")["caption"]
