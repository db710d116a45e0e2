"""Registry entry of the KLD ISAC conference study (C; spec ../shared/specs/kld_isac.md §9
"Conference"): MRT vs ZF, the CLT check of the MRT interference, ROC curves, KLD_r–KLD_c
trade-offs and CPU time vs P_R/N_o, with K-ROP and K-COP.

The system model, metrics, CIC + ZF and the optimisers are the journal study's
(:mod:`isac.studies.kld_isac`), referenced here, never copied: a fix there reaches both.
"""

from __future__ import annotations

from typing import Any

from isac.studies.base import Figure, Scenario, Scheme, Study, lazy_exports
from isac.studies.kld_isac import model_errors

_PKG = "isac.studies.kld_isac_conf"
_J = "isac.studies.kld_isac"
_COP = ("cop01", "cop03", "cop05")
#: the ROC figures and the scenario whose P_R/N_o grid their option ``x`` must be on (the
#: Monte-Carlo overlay of Fig. 3 is drawn at the values its own grid has)
_ROC_FIGURES = {"fig3": ("base",), "fig6": ("rop",), "fig9": ("cop05",)}


def validate(study_cfg: dict[str, Any]) -> list[str]:
    """The journal's model checks (:func:`isac.studies.kld_isac.model_errors`) plus the
    user-only draws of the CLT check and the ROC figure options against the evaluated
    support and the sweep grids; each message names the key and the value."""
    errors = []
    for name, scenario in study_cfg["scenarios"].items():
        p, key = scenario["model"], f"scenarios.{name}.model"
        users = p.get("draw", "all") == "users"
        if users and set(scenario["schemes"]) - {"mrt"}:
            errors.append(f"scenarios.{name}.schemes = {scenario['schemes']}: draws of the "
                          "user channels alone (model.draw: users) serve only the scheme mrt")
        if not users and "mrt" in scenario["schemes"]:
            errors.append(f"scenarios.{name}.schemes = {scenario['schemes']}: mrt is the CLT "
                          "check's scheme and needs model.draw: users")
        if p["sweep"] == "N" and not users:
            errors.append(f"{key}.sweep = N: only the CLT check (model.draw: users) sweeps N "
                          "in this study")
    return errors + model_errors(STUDY, study_cfg) + _figure_errors(study_cfg)


def _figure_errors(study_cfg: dict[str, Any]) -> list[str]:
    """ROC figure options: the P_FA range inside the evaluated support, x on the grids."""
    errors = []
    for fig, scenarios in _ROC_FIGURES.items():
        opts = study_cfg["figures"][fig]
        lo, hi = opts["pfa"]
        if not 0 < lo < hi <= 1:
            errors.append(f"figures.{fig}.pfa = {opts['pfa']}: needs 0 < low < high ≤ 1")
        wanted = opts["x"] if isinstance(opts["x"], list) else [opts["x"]]
        for scenario in scenarios:
            cfg = study_cfg["scenarios"][scenario]
            support = cfg["evaluate"]["roc_support"]["lo"]
            if lo < support:
                errors.append(f"figures.{fig}.pfa = {opts['pfa']}: below the evaluated ROC "
                              f"support of scenario {scenario} (evaluate.roc_support.lo = "
                              f"{support:g})")
            missing = [v for v in wanted if v not in cfg["x"]]
            if missing:
                errors.append(f"figures.{fig}.x = {missing}: not on the P_R/N_o grid of "
                              f"scenario {scenario}: {cfg['x']}")
    return errors


STUDY = Study(
    slug="kld_isac_conf",
    title="Waveform Design of Multi-User-Multi-Target ISAC System based on Kullback–Leibler "
          "Divergence",
    channels=f"{_PKG}.model:draw_channels",
    at_point=f"{_J}.model:at_point",
    footprint=f"{_PKG}.model:footprint",
    evaluate=f"{_PKG}.evaluate:evaluate",
    validate=f"{_PKG}:validate",
    docs="docs/studies/kld_isac_conf.md",
    scenarios=(
        Scenario("clt", ("mrt",), "MRT interference terms at several N (C Fig. 1)"),
        Scenario("base", ("cic_zf", "cic_mrt"), "CIC radar, ZF or MRT, P_r = P_c (C Figs 2-4)"),
        Scenario("roc_mc", ("cic_zf",), "Monte-Carlo GLRT frames for the ROC overlay (C Fig. 3)"),
        Scenario("pr01", ("cic_zf",), "CIC + ZF at a low radar power (C Fig. 4a)"),
        Scenario("pr09", ("cic_zf",), "CIC + ZF at a high radar power (C Fig. 4a)"),
        Scenario("rop", ("k_rop",), "radar beams optimised, ZF fixed (C Figs 5-7)"),
        Scenario("cop01", ("k_cop",), "precoder optimised, low radar power (C Fig. 8)"),
        Scenario("cop03", ("k_cop",), "precoder optimised, middle radar power (C Fig. 8)"),
        Scenario("cop05", ("k_cop",), "precoder optimised, P_r = P_c (C Figs 8-10)"),
    ),
    schemes=(
        Scheme("cic_zf", f"{_J}.schemes:cic_zf", "CIC + ZF", uses_zf=True, per_seed=True),
        Scheme("cic_mrt", f"{_PKG}.schemes:cic_mrt", "CIC + MRT", per_seed=True),
        Scheme("mrt", f"{_PKG}.schemes:mrt", "MRT"),
        Scheme("k_rop", f"{_J}.rop:k_rop", "K-ROP", uses_zf=True),
        Scheme("k_cop", f"{_J}.cop:k_cop", "K-COP", uses_zf=True),
    ),
    figures=(
        Figure("fig1", f"{_PKG}.figures:fig1", needs=(("clt", "mrt"),),
               metrics=("iui_density", "iui_var"), title="CLT check of the MRT interference",
               caption="C Fig. 1: density of the real part of the normalised MRT inter-user "
                       "interference term h_kᵀw_i/√(p_i σ_h²) for N ∈ {{{x[clt]!l}}} "
                       "(markers: histogram over {n[clt]} draws of K = {m[clt][K]} users, "
                       "K(K−1)/2 pairs each) against its CLT limit N(0, 1/2)."),
        Figure("fig2", f"{_PKG}.figures:fig2", needs=(("base", "cic_mrt"), ("base", "cic_zf")),
               metrics=("ber", "kld_c", "kld_c_mrt", "kld_c_zf"), title="MRT vs ZF",
               caption="C Fig. 2: BER and KLD_c per user with the CIC radar at P_r = "
                       "{m[base][P_r]} (assumed: C's values are lost), statistical radar "
                       "interference, {n[base]} draws; (a) MRT with its closed form (dotted, "
                       "spec §3), (b) ZF with eq. (13) (dotted)."),
        Figure("fig3", f"{_PKG}.figures:fig3", options=("fig3",),
               needs=(("base", "cic_zf"), ("roc_mc", "cic_zf")),
               metrics=("pd_roc", "pd_roc_glrt"), title="ROC of CIC + ZF",
               caption="C Fig. 3: ROC P_D = Q(Q⁻¹(P_FA) − √KLD_r) per draw, averaged over "
                       "{n[base]} draws, per target, CIC + ZF at P_r = {m[base][P_r]}, at "
                       "P_R/N_o = {f[fig3][x]!l} dB (assumed); dotted (figure option glrt): "
                       "the Monte-Carlo GLRT of eq. (26) on frames of L = {m[roc_mc][L]} "
                       "snapshots, {e[roc_mc][roc_glrt][frames]} frames per hypothesis, "
                       "{n[roc_mc]} draws."),
        Figure("fig4", f"{_PKG}.figures:fig4",
               needs=(("pr01", "cic_zf"), ("base", "cic_zf"), ("pr09", "cic_zf"),
                      ("base", "cic_mrt")),
               metrics=("kld_r", "kld_r_avg", "kld_c_avg"),
               title="Radar power and the ZF/MRT trade-off",
               caption="C Fig. 4: (a) KLD_r per target with CIC + ZF at P_r ∈ "
                       "{{{m[pr01][P_r]}, {m[base][P_r]}, {m[pr09][P_r]}}} (assumed); "
                       "(b) mean KLD_r over targets vs mean KLD_c over users, one point per "
                       "P_R/N_o from {lo[base]} to {hi[base]} dB, ZF and MRT at P_r = "
                       "{m[base][P_r]}; {n[base]} draws."),
        Figure("fig5", f"{_PKG}.figures:fig5", needs=(("rop", "k_rop"),),
               metrics=("kld_r", "kld_c"), title="K-ROP",
               caption="C Fig. 5: K-ROP (the journal's Algorithm 1) at P_r = {m[rop][P_r]} "
                       "with ZF fixed, floors A_t = {o[rop/k_rop][A_bits]} and B_k = "
                       "{o[rop/k_rop][B_bits]} bits, {n[rop]} draws per point: (a) KLD_r per "
                       "target, (b) KLD_c per user (interference of the designed beams)."),
        Figure("fig6", f"{_PKG}.figures:fig6", options=("fig6",),
               needs=(("rop", "k_rop"), ("base", "cic_zf")), metrics=("pd_roc", "ber"),
               title="K-ROP: ROC and BER",
               caption="C Fig. 6: (a) ROC per target of K-ROP (solid) and of CIC + ZF "
                       "(dashed) at P_R/N_o = {f[fig6][x]} dB (assumed); (b) BER per user "
                       "of K-ROP; {n[rop]} draws per point."),
        Figure("fig7", f"{_PKG}.figures:fig7",
               needs=(("rop", "k_rop"), ("base", "cic_zf")),
               metrics=("kld_r_avg", "kld_c_avg", "runtime_s"),
               title="K-ROP: trade-off and CPU time",
               caption="C Fig. 7: (a) mean KLD_r vs mean KLD_c, one point per P_R/N_o, K-ROP "
                       "and CIC + ZF; (b) mean wall-clock time of one K-ROP run (one BLAS "
                       "thread) vs P_R/N_o at N = {m[rop][N]}; {n[rop]} draws per point."),
        Figure("fig8", f"{_PKG}.figures:fig8", needs=tuple((sc, "k_cop") for sc in _COP),
               metrics=("kld_r", "kld_c"), title="K-COP at three radar powers",
               caption="C Fig. 8: K-COP (the journal's Algorithm 2) with the CIC radar at "
                       "P_r ∈ {{{m[cop01][P_r]}, {m[cop03][P_r]}, {m[cop05][P_r]}}} "
                       "(assumed; K-COP is infeasible above about 0.52, docs), floors A_t = "
                       "{o[cop05/k_cop][A_bits]} and B_k = {o[cop05/k_cop][B_bits]} bits, "
                       "{n[cop05]} draws per point; draws with no feasible precoder are "
                       "failed solves. (a) KLD_r, (b) KLD_c."),
        Figure("fig9", f"{_PKG}.figures:fig9", options=("fig9",),
               needs=(("cop05", "k_cop"), ("base", "cic_zf")), metrics=("pd_roc", "ber"),
               title="K-COP: ROC and BER",
               caption="C Fig. 9: (a) ROC per target of K-COP (solid, P_r = {m[cop05][P_r]}) "
                       "and of CIC + ZF (dashed) at P_R/N_o = {f[fig9][x]} dB (assumed: "
                       "K-COP is infeasible below 12 dB); "
                       "(b) BER per user of K-COP; {n[cop05]} draws per point."),
        Figure("fig10", f"{_PKG}.figures:fig10",
               needs=(("cop05", "k_cop"), ("base", "cic_zf")),
               metrics=("kld_r_avg", "kld_c_avg", "runtime_s"),
               title="K-COP: trade-off and CPU time",
               caption="C Fig. 10: (a) mean KLD_r vs mean KLD_c, one point per P_R/N_o, "
                       "K-COP (P_r = {m[cop05][P_r]}) and CIC + ZF; (b) mean wall-clock time "
                       "of one K-COP run (one BLAS thread) vs P_R/N_o at N = {m[cop05][N]}; "
                       "{n[cop05]} draws per point."),
    ),
)

#: the library API of this study: name -> module (imported on first use)
_EXPORTS = {
    "kld_comm_mrt": "mrt",
    "iui_normalised": "mrt",
    "cic_mrt": "schemes",
    "roc_metrics": "evaluate",
    "roc_grid": "roc",
    "iui_metrics": "evaluate",
    "draw_channels": "model",
}
__all__ = ["STUDY", "validate", *_EXPORTS]
__getattr__ = lazy_exports(__name__, _EXPORTS)
