"""Registry entry of the KLD ISAC journal study (spec ../shared/specs/kld_isac.md).

CIC radar + normalised ZF precoding (J Figs 1–2) and the optimisers K-ROP, D-ROP (Fig. 3),
K-COP, B-COP (Fig. 4) and K-IOP (Fig. 5).
"""

from __future__ import annotations

from typing import Any

from isac.studies.base import Figure, Scenario, Scheme, Study, lazy_exports

_PKG = "isac.studies.kld_isac"
_RADAR = ("kld_r", "pd_kld_map", "pd_glrt")
_FIVE = ("k_rop", "d_rop", "k_cop", "b_cop", "k_iop")
_OPTIMISED = (("rop", "k_rop"), ("rop", "d_rop"), ("cop", "k_cop"), ("cop", "b_cop"),
              ("iop", "k_iop"))
_CSI = ("csi6", "csi3", "csi1")
_KLD_SCHEMES = ("k_rop", "k_cop", "k_iop")


def validate(study_cfg: dict[str, Any]) -> list[str]:
    """Model checks the schema cannot express; each message names the key and the value."""
    return model_errors(STUDY, study_cfg)


def model_errors(study: Study, study_cfg: dict[str, Any]) -> list[str]:
    """The checks of :func:`validate` for any study on this model (kld_isac_conf too)."""
    errors = []
    for name, scenario in study_cfg["scenarios"].items():
        p, key = scenario["model"], f"scenarios.{name}.model"
        if "P_r" not in p:
            errors.append(f"{key}.P_r = None: the radar power P_r must be set per scenario")
            continue
        if len(p["d_c"]) != p["K"]:
            errors.append(f"{key}.d_c = {p['d_c']}: needs K = {p['K']} distances")
        if len(p["d_r"]) != p["T"]:
            errors.append(f"{key}.d_r = {p['d_r']}: needs T = {p['T']} distances")
        if not 0.0 < p["P_r"] < p["P_T"]:
            errors.append(f"{key}.P_r = {p['P_r']}: must lie strictly between 0 and "
                          f"P_T = {p['P_T']} (ZF needs P_c > 0)")
        optimised = [s for s in scenario["schemes"] if not study.scheme(s).per_seed]
        if scenario["evaluate"].get("radar_echo", "own") != "own" and optimised:
            errors.append(f"scenarios.{name}.evaluate.radar_echo = "
                          f"{scenario['evaluate']['radar_echo']!r}: the optimisers {optimised} "
                          "model each target's own beam; the 'all' reading is for the baselines")
        uses_zf = any(study.scheme(s).uses_zf for s in scenario["schemes"])
        if uses_zf and p["K"] >= p["N"]:
            errors.append(f"{key}.K = {p['K']}: ZF precoding needs K < N = {p['N']} "
                          "(eq. 13 uses N − K)")
        errors += _sweep_errors(study, name, scenario)
    return errors


def _sweep_errors(study: Study, name: str, scenario: dict[str, Any]) -> list[str]:
    """The grid of a scenario against what its x means (model ``sweep``)."""
    p, x = scenario["model"], scenario["x"]
    if p["sweep"] == "snr":
        bad = [v for v in x if not -50 <= v <= 80]
        return [f"scenarios.{name}.x = {bad}: P_R/N_o must lie in [-50, 80] dB"] if bad else []
    errors = []
    if "x_db" not in p:
        errors.append(f"scenarios.{name}.model.x_db = None: an N sweep needs its P_R/N_o [dB]")
    bad = [v for v in x if v != int(v) or not p["K"] < v <= p["N"]]
    if bad:
        errors.append(f"scenarios.{name}.x = {bad}: antenna counts must be integers in "
                      f"(K, N] = ({p['K']}, {p['N']}] (channels are drawn at the model's N)")
    if p["csi_error"] > 0:
        errors.append(f"scenarios.{name}.model.csi_error = {p['csi_error']}: not supported on "
                      "an N sweep (cut channel estimates would rescale their errors)")
    per_seed = [s for s in scenario["schemes"] if study.scheme(s).per_seed]
    if per_seed:
        errors.append(f"scenarios.{name}.schemes = {per_seed}: one design per seed cannot "
                      "serve several N")
    return errors


STUDY = Study(
    slug="kld_isac",
    title="A Framework for Holistic KLD-based Waveform Design for Multi-User-Multi-Target "
          "ISAC Systems",
    channels=f"{_PKG}.model:draw_channels",
    at_point=f"{_PKG}.model:at_point",
    footprint=f"{_PKG}.model:footprint",
    evaluate=f"{_PKG}.evaluate:evaluate",
    validate=f"{_PKG}:validate",
    docs="docs/studies/kld_isac.md",
    scenarios=(
        Scenario("pr05", ("cic_zf",), "P_r = P_c = 0.5 (J Fig. 1)"),
        Scenario("pr01", ("cic_zf",), "P_r = 0.1, P_c = 0.9 (J Fig. 2)"),
        Scenario("pr09", ("cic_zf",), "P_r = 0.9, P_c = 0.1 (J Fig. 2)"),
        Scenario("rop", ("k_rop", "d_rop"), "radar beams optimised, ZF fixed (J Fig. 3)"),
        Scenario("cop", ("k_cop", "b_cop"), "precoder optimised, CIC fixed (J Fig. 4)"),
        Scenario("iop", ("k_iop",), "radar beams and precoder together (J Fig. 5)"),
        Scenario("cpu", _FIVE, "CPU time of one run vs N at 18 dB (J Fig. 7a)"),
        Scenario("conv", _FIVE, "KLD_ISAC per iteration at 18 dB (J Fig. 7b)"),
        Scenario("csi6", _KLD_SCHEMES, "channel estimates with error variance 1e-6 (J Fig. 8)"),
        Scenario("csi3", _KLD_SCHEMES, "channel estimates with error variance 1e-3 (J Fig. 8)"),
        Scenario("csi1", _KLD_SCHEMES, "channel estimates with error variance 1e-1 (J Fig. 8)"),
    ),
    schemes=(
        Scheme("cic_zf", f"{_PKG}.schemes:cic_zf", "CIC radar + ZF", uses_zf=True,
               per_seed=True),
        Scheme("k_rop", f"{_PKG}.rop:k_rop", "K-ROP", uses_zf=True),
        Scheme("d_rop", f"{_PKG}.rop:d_rop", "D-ROP", uses_zf=True),
        Scheme("k_cop", f"{_PKG}.cop:k_cop", "K-COP", uses_zf=True),
        Scheme("b_cop", f"{_PKG}.cop:b_cop", "B-COP", uses_zf=True),
        Scheme("k_iop", f"{_PKG}.iop:k_iop", "K-IOP", uses_zf=True),
    ),
    figures=(
        Figure(
            "fig1", "isac.studies.kld_isac.figures:fig1", options=("pd_mode",),
            needs=(("pr05", "cic_zf"),),
            metrics=(*_RADAR, "kld_c", "kld_c_zf", "ber"),
            title="Conventional benchmark: P_D, KLD_r, BER and KLD_c",
            caption="J Fig. 1: conventional benchmark (CIC radar, ZF precoding) at "
                    "P_r = {m[pr05][P_r]} of P_T = {m[pr05][P_T]}. (a) P_D and KLD_r per "
                    "target; (b) BER and KLD_c per user, with the closed form of eq. (13) "
                    "dotted.",
        ),
        Figure(
            "fig2", "isac.studies.kld_isac.figures:fig2", options=("pd_mode",),
            needs=(("pr01", "cic_zf"), ("pr09", "cic_zf")),
            metrics=(*_RADAR, *(m + "_na" for m in _RADAR)),
            entities=("T1",),
            title="Communication-assisted vs non-assisted radar",
            caption="J Fig. 2: target T1, communication-assisted vs non-assisted radar at "
                    "P_r ∈ {{{m[pr01][P_r]}, {m[pr09][P_r]}}}: P_D and KLD_r.",
        ),
        Figure(
            "fig3", "isac.studies.kld_isac.figures:fig3", options=("pd_mode",),
            needs=(("rop", "k_rop"), ("rop", "d_rop")),
            metrics=(*_RADAR, "kld_c", "ber"),
            title="K-ROP vs D-ROP",
            caption="J Fig. 3: radar beams optimised (Algorithm 1) with ZF fixed, "
                    "P_r = {m[rop][P_r]}, floors A_t = {o[rop/k_rop][A_bits]} bits "
                    "(K-ROP) or P_D ≥ {o[rop/d_rop][D_min]} (D-ROP) and B_k = "
                    "{o[rop/k_rop][B_bits]} bits; {n[rop]} draw(s) per point. (a) P_D and "
                    "KLD_r per target; (b) BER and KLD_c per user (interference of the "
                    "designed beams).",
        ),
        Figure(
            "fig4", "isac.studies.kld_isac.figures:fig4", options=("pd_mode",),
            needs=(("cop", "k_cop"), ("cop", "b_cop")),
            metrics=(*_RADAR, "kld_c", "ber"),
            title="K-COP vs B-COP",
            caption="J Fig. 4: precoder optimised (Algorithm 2) with the CIC radar fixed, "
                    "P_r = {m[cop][P_r]}, floors A_t = {o[cop/k_cop][A_bits]} bits and "
                    "B_k = {o[cop/k_cop][B_bits]} bits (K-COP) or BER ≤ "
                    "{o[cop/b_cop][C_max]} (B-COP); {n[cop]} draw(s) per point; draws "
                    "with no feasible precoder are failed solves. (a) P_D and KLD_r; "
                    "(b) BER and KLD_c.",
        ),
        Figure(
            "fig5", "isac.studies.kld_isac.figures:fig5", options=("pd_mode",),
            needs=(("iop", "k_iop"),),
            metrics=(*_RADAR, "kld_c", "ber"),
            title="K-IOP",
            caption="J Fig. 5: radar beams and precoder optimised together (Algorithm 3, "
                    "ADMM) under P_T = {m[iop][P_T]}, floors A_t = {o[iop/k_iop][A_bits]} "
                    "and B_k = {o[iop/k_iop][B_bits]} bits; {n[iop]} draw(s) per point. "
                    "(a) P_D and KLD_r; (b) BER and KLD_c.",
        ),
        Figure(
            "fig6", "isac.studies.kld_isac.figures:fig6", options=("mse_power",),
            needs=_OPTIMISED,
            metrics=("mse", "mse_radar"),
            title="MSE of the target-response estimate",
            caption="J Fig. 6: MSE of the estimated target response (eq. 24, p(H1) = 1/2, "
                    "P_D of the calibrated map at P_FA = {e[rop][P_FA]}), averaged over the "
                    "targets, for the designs of Figs 3–5; {n[rop]} draw(s) per point. The "
                    "power in MSE_11 is chosen by the figure option mse_power (docs).",
        ),
        Figure(
            "fig7", "isac.studies.kld_isac.figures:fig7",
            needs=(*(("cpu", sh) for sh in _FIVE), *(("conv", sh) for sh in _FIVE)),
            metrics=("runtime_s", "kld_isac_history", "iterations_to_95"),
            title="CPU time and convergence",
            caption="J Fig. 7: (a) mean wall-clock time of one optimiser run (one BLAS "
                    "thread) vs N at P_R/N_o = {m[cpu][x_db]} dB, {n[cpu]} draw(s) per N; "
                    "(b) KLD_ISAC of the iterate vs iteration at {lo[conv]} dB, mean over "
                    "{n[conv]} draw(s) (iteration 0 is the start; for K-ROP/D-ROP the "
                    "precoder stays ZF, for K-COP/B-COP the radar stays CIC).",
        ),
        Figure(
            "fig8", "isac.studies.kld_isac.figures:fig8",
            needs=tuple((sc, sh) for sc in _CSI for sh in _KLD_SCHEMES),
            metrics=("kld_r", "kld_c"),
            entities=("T1", "UE1"),
            title="Imperfect channel estimates",
            caption="J Fig. 8: K-ROP, K-COP and K-IOP designed on channel estimates with "
                    "error variance σ_e² ∈ {{{m[csi6][csi_error]:g}, {m[csi3][csi_error]:g}, "
                    "{m[csi1][csi_error]:g}}} and evaluated on the true channels (radar "
                    "interference of the actual beams at the users); {n[csi6]} draw(s) per "
                    "point. (a) KLD_r of T1; (b) KLD_c of UE1.",
        ),
    ),
)

#: the library API of this study: name -> module (imported on first use)
_EXPORTS = {
    "at_point": "model",
    "draw_channels": "model",
    "noise_power": "model",
    "radar_interference_statistical": "model",
    "target_variance": "model",
    "constellation": "kld",
    "kld_comm": "kld",
    "kld_comm_prefactor": "kld",
    "kld_comm_zf": "kld",
    "kld_radar": "kld",
    "radar_eigenvalues": "kld",
    "glrt_moments": "detection",
    "glrt_weights": "detection",
    "pd_gauss_glrt": "detection",
    "pd_kld_map": "detection",
    "cic_zf": "schemes",
    "k_rop": "rop",
    "d_rop": "rop",
    "k_cop": "cop",
    "b_cop": "cop",
    "k_iop": "iop",
    "echo_gram": "objectives",
    "transmit_factor": "objectives",
    "radar_terms": "objectives",
    "kld_radar_grads": "objectives",
    "comm_terms": "objectives",
    "sinr_grads": "objectives",
    "Instance": "problems",
    "Packing": "problems",
    "radar_design": "problems",
    "comm_design": "problems",
    "integrated_design": "problems",
    "radial_projection": "projected_gradient",
}
__all__ = ["STUDY", "model_errors", "validate", *_EXPORTS]
__getattr__ = lazy_exports(__name__, _EXPORTS)
