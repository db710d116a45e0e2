"""Registry entry of the iaps_dfrc study (spec ../shared/specs/iaps_dfrc.md): power allocation
for integrated active and passive sensing in a DFRC system, Figs 2–12.
"""

from __future__ import annotations

from typing import Any

from isac.studies.base import Figure, Scenario, Scheme, Study, lazy_exports

_PKG = "isac.studies.iaps_dfrc"
_UNLIMITED = ("with_s0", "without_s0")
_RCS12 = ("rap20", "rap19", "rap18")
_DP = ("dp01", "dp005", "dp001")


def validate(study_cfg: dict[str, Any]) -> list[str]:
    """Model and sweep checks the schema cannot express; each names the key and the value."""
    errors = []
    for name, scenario in study_cfg["scenarios"].items():
        p, x, key = scenario["model"], scenario["x"], f"scenarios.{name}"
        if p["K"] >= p["M"]:
            errors.append(f"{key}.model.K = {p['K']}: the zero-forcing radar beam needs "
                          f"K < M = {p['M']}")
        sweep = p["sweep"]
        if sweep in ("R", "K"):
            bad = [v for v in x if v != int(v) or not 1 <= v <= p[sweep]]
            if bad:
                errors.append(f"{key}.x = {bad}: {sweep} values must be integers in "
                              f"[1, {p[sweep]}] (samples are drawn at the model's {sweep})")
        if sweep == "eta" and any(not 0 <= v < 1 for v in x):
            errors.append(f"{key}.x = {x}: shares η of P_max must lie in [0, 1) (at η = 1 the "
                          "UEs get no power and Γ_max is −∞ dB)")
        if sweep == "p0" and any(v < 0 for v in x):
            errors.append(f"{key}.x = {x}: sensing powers p_0 must be ≥ 0 W")
        if sweep == "dp" and any(v <= 0 for v in x):
            errors.append(f"{key}.x = {x}: steps Δp must be > 0 W")
    return errors


STUDY = Study(
    slug="iaps_dfrc",
    title="Power Optimization for Integrated Active and Passive Sensing in DFRC Systems",
    channels=f"{_PKG}.model:draw_channels",
    at_point=f"{_PKG}.model:at_point",
    footprint=f"{_PKG}.model:footprint",
    evaluate=f"{_PKG}.evaluate:evaluate",
    validate=f"{_PKG}:validate",
    docs="docs/studies/iaps_dfrc.md",
    scenarios=(
        Scenario("p0_sweep", ("fixed_p0",), "P̂_D against the sensing power p_0 (Fig. 2)"),
        Scenario("dp01", ("algorithm1",), "Algorithm 1 with Δp = 0.1 W (Fig. 3)"),
        Scenario("dp005", ("algorithm1",), "Algorithm 1 with Δp = 0.05 W (Fig. 3)"),
        Scenario("dp001", ("algorithm1", "upper_bound"),
                 "Algorithm 1 with Δp = 0.01 W and its upper bound (Fig. 3)"),
        Scenario("dp_sweep", ("algorithm1",), "Algorithm 1's time against Δp (Fig. 4)"),
        Scenario("eta_sweep", ("max_min",), "communication-sensing power split (Fig. 6)"),
        Scenario("rcs", ("with_s0", "without_s0", "min_power"),
                 "unlimited backhaul against σ_rcs² (Figs 5, 7)"),
        Scenario("pmax", _UNLIMITED, "unlimited backhaul against P_max (Fig. 8)"),
        Scenario("rap", _UNLIMITED, "unlimited backhaul against the RAP count (Fig. 9)"),
        Scenario("ue", _UNLIMITED, "unlimited backhaul against the UE count (Fig. 10)"),
        Scenario("backhaul", ("with_s0", "algorithm1"),
                 "unlimited against limited backhaul (Fig. 11)"),
        Scenario("rap20", ("algorithm1",), "limited backhaul against R, σ_rcs² = −20 dB (Fig. 12)"),
        Scenario("rap19", ("algorithm1",), "limited backhaul against R, σ_rcs² = −19 dB (Fig. 12)"),
        Scenario("rap18", ("algorithm1",), "limited backhaul against R, σ_rcs² = −18 dB (Fig. 12)"),
    ),
    schemes=(
        Scheme("with_s0", f"{_PKG}.schemes:with_s0", "with s0"),
        Scheme("without_s0", f"{_PKG}.schemes:without_s0", "w/o s0"),
        Scheme("min_power", f"{_PKG}.schemes:min_power", r"min $P_{total}$"),
        Scheme("algorithm1", f"{_PKG}.schemes:algorithm1", "Algorithm 1"),
        Scheme("upper_bound", f"{_PKG}.schemes:upper_bound", "upper bound"),
        Scheme("fixed_p0", f"{_PKG}.schemes:fixed_p0", "fixed p0"),
        Scheme("max_min", f"{_PKG}.schemes:max_min", "max-min SINR"),
    ),
    figures=(
        Figure("fig2", f"{_PKG}.figures:fig2", needs=(("p0_sweep", "fixed_p0"),),
               metrics=("pd_hat",), entities=("IAPS",), title="Lemma 3: P̂_D against p_0",
               caption="Fig. 2: averaged local detection probability P̂_D (eq. 49, BS and "
                       "{m[p0_sweep][R]} RAPs) against the sensing power p_0, the UE powers "
                       "filling P_max − p_0; P_max = {m[p0_sweep][P_max_dBm]} dBm, Γ = "
                       "{m[p0_sweep][Gamma_dB]} dB, σ_rcs² = {m[p0_sweep][sigma_rcs2_dB]} dB "
                       "(assumed); {n[p0_sweep]} samples, a sample counts where p_0 ≤ P_max "
                       "minus its least UE power; infeasible samples: "
                       "{o[p0_sweep/fixed_p0][infeasible]}."),
        Figure("fig3", f"{_PKG}.figures:fig3",
               needs=(*((sc, "algorithm1") for sc in _DP), ("dp001", "upper_bound")),
               metrics=("pd_cc",), entities=("IAPS",), title="Algorithm 1 against its bound",
               caption="Fig. 3: CC-level detection probability with limited backhaul (IAPS, "
                       "voting) of Algorithm 1 with Δp ∈ {{{m[dp01][dp]}, {m[dp005][dp]}, "
                       "{m[dp001][dp]}}} W and of its Δp → 0 upper bound, against σ_rcs² "
                       "(axis assumed); {n[dp001]} samples per point; infeasible samples: "
                       "{o[dp001/algorithm1][infeasible]}."),
        Figure("fig4", f"{_PKG}.figures:fig4", needs=(("dp_sweep", "algorithm1"),),
               metrics=("runtime_s", "rho_sum_db"), title="Step size, time and sensing",
               caption="Fig. 4: mean wall time of one Algorithm 1 run (the literal loop, each "
                       "P_A an LP solved by Clarabel) and 10 log10 Σ_r ρ_r against Δp; σ_rcs² = "
                       "{m[dp_sweep][sigma_rcs2_dB]} dB (assumed); {n[dp_sweep]} samples; "
                       "infeasible samples: {o[dp_sweep/algorithm1][infeasible]}."),
        Figure("fig5", f"{_PKG}.figures:fig5", needs=(("rcs", "with_s0"),),
               metrics=("p0",), channel_tables=("rcs",), title="Layout of one sample",
               caption="Fig. 5: positions of the BS, the {m[rcs][R]} RAPs and the "
                       "{m[rcs][K]} UEs of the first sample of the σ_rcs² sweep, target at "
                       "the centre of the {m[rcs][side]} m square."),
        Figure("fig6", f"{_PKG}.figures:fig6", needs=(("eta_sweep", "max_min"),),
               metrics=("gamma_max_db", "rho_iaps_db"), title="Communication-sensing split",
               caption="Fig. 6: largest common SINR threshold Γ_max of the UEs (left) and "
                       "10 log10 ρ of IAPS (right) against the share η of P_max = "
                       "{m[eta_sweep][P_max_dBm]} dBm given to the sensing stream; σ_rcs² = "
                       "{m[eta_sweep][sigma_rcs2_dB]} dB (assumed); {n[eta_sweep]} samples; "
                       "infeasible samples: {o[eta_sweep/max_min][infeasible]}."),
        Figure("fig7", f"{_PKG}.figures:fig7",
               needs=tuple(("rcs", sh) for sh in ("with_s0", "without_s0", "min_power")),
               metrics=("pd",), title="Unlimited backhaul against σ_rcs²",
               caption="Fig. 7: average detection probability with unlimited backhaul "
                       "against σ_rcs², P_max = {m[rcs][P_max_dBm]} dBm, Γ = "
                       "{m[rcs][Gamma_dB]} dB, R = {m[rcs][R]}, K = {m[rcs][K]}; "
                       "{n[rcs]} samples per point; infeasible samples (SINR floors out of reach): "
                       "{o[rcs/with_s0][infeasible]}."),
        Figure("fig8", f"{_PKG}.figures:fig8", needs=tuple(("pmax", sh) for sh in _UNLIMITED),
               metrics=("pd",), title="Unlimited backhaul against P_max",
               caption="Fig. 8: average detection probability against P_max, σ_rcs² = "
                       "{m[pmax][sigma_rcs2_dB]} dB; {n[pmax]} samples per point; infeasible "
                       "samples: {o[pmax/with_s0][infeasible]}."),
        Figure("fig9", f"{_PKG}.figures:fig9", needs=tuple(("rap", sh) for sh in _UNLIMITED),
               metrics=("pd",), entities=("IAPS", "passive"),
               title="Unlimited backhaul against the RAP count",
               caption="Fig. 9: average detection probability against R (the first R of "
                       "{m[rap][R]} RAPs per sample), σ_rcs² = {m[rap][sigma_rcs2_dB]} dB, "
                       "P_max = {m[rap][P_max_dBm]} dBm; {n[rap]} samples per point; infeasible "
                       "samples: {o[rap/with_s0][infeasible]}."),
        Figure("fig10", f"{_PKG}.figures:fig10", needs=tuple(("ue", sh) for sh in _UNLIMITED),
               metrics=("pd",), title="Unlimited backhaul against the UE count",
               caption="Fig. 10: average detection probability against K (the first K of "
                       "{m[ue][K]} UEs per sample), σ_rcs² = {m[ue][sigma_rcs2_dB]} dB, "
                       "P_max = {m[ue][P_max_dBm]} dBm; {n[ue]} samples per point; "
                       "infeasible samples: {o[ue/with_s0][infeasible]}."),
        Figure("fig11", f"{_PKG}.figures:fig11",
               needs=(("backhaul", "with_s0"), ("backhaul", "algorithm1")),
               metrics=("pd", "pd_cc"), title="Unlimited against limited backhaul",
               caption="Fig. 11: average detection probability against σ_rcs², unlimited "
                       "backhaul (allocation P2 with s0, fused GLRT) and limited backhaul "
                       "(Algorithm 1 with Δp = {m[backhaul][dp]} W, voting); P_max = "
                       "{m[backhaul][P_max_dBm]} dBm; {n[backhaul]} samples per point; infeasible "
                       "samples: {o[backhaul/with_s0][infeasible]}."),
        Figure("fig12", f"{_PKG}.figures:fig12", needs=tuple((sc, "algorithm1") for sc in _RCS12),
               metrics=("pd_cc",), entities=("IAPS",), title="Limited backhaul against R",
               caption="Fig. 12: CC-level detection probability with limited backhaul (IAPS, "
                       "Algorithm 1 and voting) against R for σ_rcs² ∈ "
                       "{{{m[rap20][sigma_rcs2_dB]}, {m[rap19][sigma_rcs2_dB]}, "
                       "{m[rap18][sigma_rcs2_dB]}}} dB; {n[rap20]} samples per point; infeasible "
                       "samples: {o[rap20/algorithm1][infeasible]}."),
    ),
)

#: the library API of this study: name -> module (imported on first use)
_EXPORTS = {
    "at_point": "model", "draw_channels": "model", "geometry": "model", "path_gain": "model",
    "transmit_beams": "beams", "link_gains": "beams", "point_links": "beams",
    "sensing_beam": "beams", "sinr": "beams", "user_beams": "beams",
    "maximise_sensing": "allocation", "minimise_power": "allocation",
    "algorithm1": "allocation", "max_min_sinr": "allocation",
    "min_ue_power": "allocation", "sinr_rows": "allocation", "upper_bound": "allocation",
    "rho_nodes": "sensing", "rho_unlimited": "sensing",
    "detection_probability": "detection", "error_probability": "detection",
    "fused_detection": "detection", "threshold": "detection", "vote_threshold": "detection",
}
__all__ = ["STUDY", "validate", *_EXPORTS]
__getattr__ = lazy_exports(__name__, _EXPORTS)
