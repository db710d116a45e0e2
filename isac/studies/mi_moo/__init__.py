"""Registry entry of the multi-objective MI beamforming study (spec ../shared/specs/mi_moo.md):
paper Figs 2–9 with Algorithm 1 (SDR + bisection), Radar-only and five benchmarks.
"""

from __future__ import annotations

import math
from typing import Any

from isac.studies.base import Figure, Scenario, Scheme, Study, check_scenarios, lazy_exports
from isac.studies.mi_moo.model import at_point

_PKG = "isac.studies.mi_moo"
#: the six designs of the Capon figures (paper Figs 7–9, panels a–f)
CAPON = ("radar_only", "proposed", "proposed_no_radar", "zf_violated", "zf_violated_no_radar",
         "mi_constrained")
FIG4 = ("radar_only", "sensing_centric", "proposed", "zf_violated", "communication_centric",
        "mi_constrained", "mi_constrained_per_user")
FIG5 = ("communication_only", "communication_centric", "proposed", "zf_violated",
        "sensing_centric", "mi_constrained", "mi_constrained_per_user")
TRADEOFF = ("proposed", "zf_violated", "mi_constrained", "mi_constrained_per_user")
#: upper end of the cheap MI bound per target: log2(1 + c_k P N_t) is below this many bits
_MAX_TARGET_BITS = 200.0


def _sweep_errors(name: str, p: dict[str, Any], x: list[float]) -> list[str]:
    key, sweep = f"scenarios.{name}.x", p["sweep"]
    if sweep == "Nt" and any(v != int(v) or v < 1 or v > p["Nt"] for v in x):
        return [f"{key} = {x}: N_t values must be integers in 1…model.Nt = {p['Nt']} "
                "(channels are drawn at model.Nt and sliced)"]
    if sweep == "target_set":
        n = len(p["target_sets"])
        if any(v != int(v) or not 1 <= v <= n for v in x):
            return [f"{key} = {x}: target-set indices must be integers in 1…{n} "
                    f"(model.target_sets has {n} sets)"]
    if sweep == "tradeoff" and any(not 0 <= v <= 1 for v in x):
        return [f"{key} = {x}: trade-off weights u must lie in [0, 1]"]
    if sweep in ("snr", "snr_r", "snr_c") and any(abs(v) > 100 for v in x):
        return [f"{key} = {x}: SNRs in dB must lie in [-100, 100]"]
    if sweep == "none" and len(x) != 1:
        return [f"{key} = {x}: sweep 'none' takes exactly one (ignored) x value"]
    return []


def _angle_errors(key: str, angles: list[float]) -> list[str]:
    seen = sorted(angles)
    dup = sorted({a for a, b in zip(seen, seen[1:], strict=False) if a == b})
    if dup:
        return [f"{key} = {angles}: duplicate target angle(s) {dup}; the targets must be "
                "distinct (their steering vectors would coincide)"]
    return []


def _model_errors(key: str, p: dict[str, Any], x: list[float]) -> list[str]:
    """Checks of one scenario with a valid sweep."""
    errors = _angle_errors(f"{key}.targets_deg", p["targets_deg"])
    for j, angles in enumerate(p["target_sets"]):
        errors += _angle_errors(f"{key}.target_sets.{j}", angles)
    points = [at_point(p, v) for v in x]
    C = len(p["users_deg"])
    smallest = min(pt["Nt"] for pt in points)
    if C > smallest:
        errors.append(f"{key}.users_deg = {p['users_deg']}: C = {C} users but the array "
                      f"has only N_t = {smallest} antennas (C ≤ N_t needed)")
    K = max(len(pt["targets_deg"]) for pt in points)
    if K > min(smallest, min(pt["Nr"] for pt in points)):
        errors.append(f"{key}.targets_deg: K = {K} targets but the arrays have only "
                      f"N_t = {smallest}, N_r = {min(pt['Nr'] for pt in points)} antennas "
                      "(K ≤ min(N_t, N_r) needed to form the K beams)")
    # cheap MI bound of Algorithm 1 step 1: Σ_k log2(1 + L ‖b‖² σ_k² P ‖a‖² / σ_r²)
    arrays = 1.0 if p["steering_norm"] == "unit" else None
    bound = max(len(pt["targets_deg"]) * min(math.log2(
        1 + p["L"] * p["sigma_k2"] * pt["P"] / pt["sigma_r2"]
        * (arrays or pt["Nr"] * pt["Nt"])),
        _MAX_TARGET_BITS) for pt in points)
    if p["Lambda_bits"] >= bound:
        errors.append(f"{key}.Lambda_bits = {p['Lambda_bits']}: the MI threshold is "
                      f"not below the largest achievable sensing MI ({bound:.1f} bits) at "
                      "any sweep point, so every point is infeasible")
    # γ_i ≤ P‖h_i‖²/σ_c²; ‖h_i‖² above 10 N_t has negligible probability (≤ 1e-30 for
    # N_t ≥ 8 at μ ≥ 0), so a threshold beyond that is infeasible for every draw
    best = max(10.0 * pt["Nt"] * pt["P"] / pt["sigma_c2"] for pt in points)
    if points[0]["Gamma"] >= best:
        errors.append(f"{key}.Gamma_dB = {p['Gamma_dB']}: the SINR threshold exceeds "
                      f"10·N_t·P/σ_c² = {10 * math.log10(best):.1f} dB at every sweep point, "
                      "so every point is infeasible")
    return errors


def validate(study_cfg: dict[str, Any]) -> list[str]:
    """Model checks the schema cannot express; each message names the key and the value."""
    return check_scenarios(study_cfg, _sweep_errors, _model_errors)


def _fig(name: str, needs: tuple[tuple[str, str], ...], metrics: tuple[str, ...],
         caption: str) -> Figure:
    return Figure(name, f"isac.studies.mi_moo.figures:{name}", needs=needs, metrics=metrics,
                  caption=caption, title=_TITLES[name])


_TITLES = {"fig2": "Convergence of the Proposed method", "fig3": "Transmit beampatterns",
           "fig4": "Sensing MI vs radar SNR", "fig5": "Average rate vs communication SNR",
           "fig6": "Rate–MI trade-off", "fig7": "Capon spectra, first target set",
           "fig8": "Capon spectra, second target set", "fig9": "Capon angle RMSE vs radar SNR"}


STUDY = Study(
    slug="mi_moo",
    title="Multi-Objective Optimization-based Transmit Beamforming for Multi-Target and "
          "Multi-User MIMO-ISAC Systems",
    channels=f"{_PKG}.model:draw_channels",
    at_point=f"{_PKG}.model:at_point",
    footprint=f"{_PKG}.model:footprint",
    evaluate=f"{_PKG}.evaluate:evaluate",
    validate=f"{_PKG}:validate",
    docs="docs/studies/mi_moo.md",
    scenarios=(
        Scenario("convergence", ("proposed",),
                 "MI and average rate per bisection iteration vs N_t = N_r (paper Fig. 2)"),
        Scenario("single", CAPON,
                 "one realisation, x = target set: beampatterns (Fig. 3) and Capon spectra "
                 "(Figs 7–8)"),
        Scenario("radar_snr", FIG4, "sensing MI vs radar SNR, C = 2, K = 2 (paper Fig. 4)"),
        Scenario("comm_snr", FIG5, "average rate vs communication SNR (paper Fig. 5)"),
        Scenario("tradeoff_c2", TRADEOFF, "rate–MI trade-off, C = 2, K = 2 (paper Fig. 6)"),
        Scenario("tradeoff_c3", TRADEOFF, "rate–MI trade-off, C = 3, K = 2 (paper Fig. 6)"),
        Scenario("rmse", CAPON, "Capon angle RMSE vs radar SNR, K = 3 (paper Fig. 9)"),
    ),
    schemes=(
        Scheme("proposed", f"{_PKG}.schemes:proposed", "Proposed method", uses_zf=True),
        Scheme("proposed_no_radar", f"{_PKG}.schemes:proposed_no_radar",
               "Proposed method w/o radar signals", uses_zf=True),
        Scheme("zf_violated", f"{_PKG}.schemes:zf_violated", "ZF-violated"),
        Scheme("zf_violated_no_radar", f"{_PKG}.schemes:zf_violated_no_radar",
               "ZF-violated w/o radar signals"),
        Scheme("sensing_centric", f"{_PKG}.schemes:sensing_centric", "Sensing-centric",
               uses_zf=True),
        Scheme("communication_centric", f"{_PKG}.schemes:communication_centric",
               "Communication-centric", uses_zf=True),
        Scheme("communication_only", f"{_PKG}.schemes:communication_only",
               "Communication-only"),
        Scheme("mi_constrained", f"{_PKG}.schemes:mi_constrained", "MI-constrained"),
        Scheme("mi_constrained_per_user", f"{_PKG}.schemes:mi_constrained_per_user",
               "MI-constrained, per-user SINR floors"),
        Scheme("radar_only", f"{_PKG}.schemes:radar_only", "Radar-only", uses_zf=True),
    ),
    figures=(
        _fig("fig2", (("convergence", "proposed"),), ("mi_history", "rate_history", "iterations"),
             "Paper Fig. 2: (a) exact sensing MI and (b) average rate of the Proposed method "
             "after each bisection iteration, N_t = N_r ∈ {{{x[convergence]!l}}}, users at "
             "{m[convergence][users_deg]!d}, targets at {m[convergence][targets_deg]!d}; mean "
             "over channel draws (runs that stopped earlier hold their final value)."),
        _fig("fig3", tuple(("single", s) for s in ("radar_only", "proposed", "mi_constrained")),
             ("beampattern_db",),
             "Paper Fig. 3: normalised transmit beampattern aᴴ(θ)Ra(θ), {n[single]} draw(s), "
             "targets at (a) {m[single][target_sets][0]!d} and (b) "
             "{m[single][target_sets][1]!d}; users at {m[single][users_deg]!d}. Designs solved "
             "in the reduced span (no power outside span{{h_i, a_k}})."),
        _fig("fig4", tuple(("radar_snr", s) for s in FIG4), ("mi",),
             "Paper Fig. 4: exact sensing MI (13) vs radar SNR Pσ_β²/σ_r² (σ_r² swept, "
             "σ_c² = {m[radar_snr][sigma_c2_dBm]} dBm), users at {m[radar_snr][users_deg]!d}, "
             "targets at {m[radar_snr][targets_deg]!d}."),
        _fig("fig5", tuple(("comm_snr", s) for s in FIG5), ("avg_rate",),
             "Paper Fig. 5: average rate (6) vs communication SNR P/σ_c² (σ_c² swept, "
             "σ_r² = {m[comm_snr][sigma_r2_dBm]} dBm), users at {m[comm_snr][users_deg]!d}, "
             "targets at {m[comm_snr][targets_deg]!d}."),
        _fig("fig6", tuple((sc, s) for sc in ("tradeoff_c2", "tradeoff_c3") for s in TRADEOFF),
             ("avg_rate", "mi"),
             "Paper Fig. 6: rate–MI trade-off for users at {m[tradeoff_c2][users_deg]!d} and "
             "at {m[tradeoff_c3][users_deg]!d}, targets at {m[tradeoff_c2][targets_deg]!d}: "
             "Proposed and ZF-violated over α ∈ [{lo[tradeoff_c2]}, {hi[tradeoff_c2]}], "
             "MI-constrained over Λ_MI from {m[tradeoff_c2][Lambda_bits]} bits to the "
             "Radar-only MI − {o[tradeoff_c2/mi_constrained][lambda_mi_margin_bits]} bit "
             "(ranges chosen, spec §8)."),
        _fig("fig7", tuple(("single", s) for s in CAPON), ("capon_db",),
             "Paper Fig. 7: normalised Capon spectra, targets at "
             "{m[single][target_sets][1]!d} (β = {e[single][beta]}), "
             "{n[single]} draw(s): (a) Radar-only, (b)/(c) Proposed with/without radar signals, "
             "(d)/(e) ZF-violated with/without, (f) MI-constrained."),
        _fig("fig8", tuple(("single", s) for s in CAPON), ("capon_db",),
             "Paper Fig. 8: as Fig. 7 with the targets at {m[single][target_sets][2]!d}."),
        _fig("fig9", tuple(("rmse", s) for s in CAPON), ("angle_sq_err",),
             "Paper Fig. 9: RMSE of Capon peak angles vs radar SNR, targets at "
             "{m[rmse][targets_deg]!d}; "
             "RMSE = √(mean squared error over trials and targets)."),
    ),
)

#: the library API of this study: name -> module (imported on first use)
_EXPORTS = {
    "angle_grid": "model",
    "at_point": "model",
    "draw_channels": "model",
    "steering": "model",
    "target_steering": "model",
    "beampattern": "mi",
    "cross_correlation": "mi",
    "echo_sinr": "mi",
    "merged_sinr_bound": "mi",
    "max_cross_correlation": "mi",
    "mi_matrix": "mi",
    "mi_upper_bound": "mi",
    "per_target_mi": "mi",
    "sensing_mi": "mi",
    "user_sinr_lifted": "mi",
    "angle_rmse": "capon",
    "capon_amplitude": "capon",
    "capon_angles": "capon",
    "capon_spectrum": "capon",
    "spectrum_peaks": "capon",
    "MooProblem": "sdp",
    "MooResult": "bisection",
    "Utility": "bisection",
    "rank_one": "bisection",
    "communication_centric": "designs",
    "communication_only": "designs",
    "design_metrics": "designs",
    "mi_constrained": "designs",
    "proposed": "designs",
    "radar_only": "designs",
    "sensing_centric": "designs",
    "zf_violated": "designs",
}
__all__ = ["STUDY", "validate", *_EXPORTS]
__getattr__ = lazy_exports(__name__, _EXPORTS)
