"""Figures of the mi_moo study (paper Figs 2–9)."""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from isac.plotting.common import (
    MARKERS,
    below_axes,
    curve,
    legend_under_panels,
    new_figure,
    panel_label,
)

#: the target set (1-based index into params.target_sets of scenario ``single``) per figure
SETS = {"fig3": (1, 2), "fig7": 2, "fig8": 3}
RADAR_SNR = r"radar SNR $P\sigma_\beta^2/\sigma_r^2$ [dB]"
#: fixed colour and marker per scheme, the same in every figure
ORDER = ("radar_only", "sensing_centric", "proposed", "zf_violated", "communication_centric",
         "mi_constrained", "communication_only", "mi_constrained_per_user")
CHOICES = {"sensing_mi": "exact MI of Lemma 1 (eq. 13), bits; I_ub (16) is stored as mi_ub",
           "rate": "average rate (6), bit/s/Hz", "solver": "Clarabel, reduced span (spec §4.5)"}


def _style(scheme: str) -> dict[str, Any]:
    """Colour and marker of the scheme ("w/o radar signals" variants: their base's, dashed;
    the per-user MI-constrained bracket: MI-constrained's colour, dotted, its own marker)."""
    base = scheme.removesuffix("_no_radar")
    i = ORDER.index(base)
    colour = ORDER.index(base.removesuffix("_per_user"))
    ls = "--" if base != scheme else ":" if base.endswith("_per_user") else "-"
    return {"color": f"C{colour}" if colour < 6 else "k",
            "marker": MARKERS[i % len(MARKERS)], "mfc": "none", "ls": ls}


def _finish(fig: Figure, choices: dict[str, Any]) -> Figure:
    fig.tight_layout()
    fig.isac_choices = CHOICES | choices
    return fig


def _profile(summary: pd.DataFrame, scheme: str, metric: str,
             x: float) -> tuple[np.ndarray, np.ndarray] | None:
    """(angle grid in degrees, mean value) of a metric stored over the angle grid; None when
    the design failed (the render stage reports it)."""
    sel = summary[(summary.scheme == scheme) & (summary.metric == metric) & (summary.x == x)]
    sel = sel[sel.n > 0]
    if sel.empty:
        return None
    angle = sel.entity.astype(float).to_numpy()
    order = np.argsort(angle)
    values = sel["mean"].to_numpy()[order]
    if not np.isfinite(values).all():
        raise ValueError(f"non-finite {metric} for {scheme} at x = {x}")
    return angle[order], values


def _targets(spec: dict[str, Any], scenario: str, x: float | None = None) -> list[float]:
    p = spec["scenarios"][scenario]
    return list(p["target_sets"][int(x) - 1] if x is not None else p["targets_deg"])


def _mark_targets(ax, angles: list[float]) -> None:
    for a in angles:
        ax.axvline(a, color="0.4", lw=0.6, ls=":")


def fig2(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """(a) MI and (b) average rate vs bisection iteration, one curve per N_t = N_r."""
    fig, axes = new_figure(style, ncols=2)
    iters = summary[(summary.metric == "iterations") & (summary.n > 0)]
    n_show = max(1, math.ceil(iters["mean"].max())) if len(iters) else 1
    for ax, metric, ylabel, tag in zip(axes, ("mi_history", "rate_history"),
                                       ("sensing MI [bits]", "average rate [bit/s/Hz]"),
                                       ("(a)", "(b)"), strict=True):
        hist = summary[(summary.metric == metric) & (summary.n > 0)]
        for i, n_t in enumerate(sorted(summary.x.unique())):
            sel = hist[hist.x == n_t].assign(k=lambda d: d.entity.astype(int)).sort_values("k")
            sel = sel[sel.k <= n_show]
            if sel.empty:      # every run failed: reported by the render stage
                continue
            if not np.isfinite(sel["mean"]).all():
                raise ValueError(f"non-finite {metric} at N_t = {n_t}")
            ax.plot(sel.k, sel["mean"], color=f"C{i}", marker=MARKERS[i], mfc="none",
                    label=rf"$N_t = N_r = {int(n_t)}$")
        ax.set_xlabel("iteration number")
        ax.set_ylabel(ylabel)
        panel_label(ax, tag)
    fig = _finish(fig, {"iterations": "value of the stored (last feasible) design after "
                         "each bisection step; before the first feasible step the t = 0 design",
                         "alpha": f"{spec['scenarios']['convergence']['alpha']:g} (chosen, "
                                  "spec §7)"})
    legend_under_panels(fig, axes[0])    # the curves fill every corner of both panels
    return fig


def fig3(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Normalised beampatterns for (a) three and (b) two targets."""
    fig, axes = new_figure(style, ncols=2)
    for ax, x, tag in zip(axes, SETS["fig3"], ("(a)", "(b)"), strict=True):
        for scheme, label in spec["labels"].items():
            prof = _profile(summary, scheme, "beampattern_db", x)
            if prof is not None:
                st = _style(scheme)
                ax.plot(*prof, color=st["color"], ls=st["ls"], label=label)
        angles = _targets(spec, "single", x)
        _mark_targets(ax, angles)
        ax.set_xlim(-90, 90)
        ax.set_ylim(-40, 2)
        ax.set_xlabel("angle [deg]")
        ax.set_ylabel("normalised beampattern [dB]")
        panel_label(ax, f"{tag} K = {len(angles)}: " + ", ".join(f"{a:g}°" for a in angles))
    axes[0].legend(loc="lower left")        # one legend: in (b) it would hide sidelobes
    step = spec["evaluate"]["single"]["grid_step_deg"]
    return _finish(fig, {"beampattern": f"a^H(θ) R a(θ) / max, {step:g}° grid; designs in the "
                         "reduced span, so no power leaves span{h_i, a_k} (spec §4.5)"})


def _fixed_noise(spec: dict[str, Any], scenario: str, fixed: str) -> str:
    """"σ_c² = P/SNR_c, σ_r² = 0 dBm (SNR_r = 40 dB)" from the scenario's model: which noise
    the sweep sets and the value of the other."""
    p = spec["scenarios"][scenario]
    swept = "r" if fixed == "c" else "c"
    level = p[f"sigma_{fixed}2_dBm"]
    return (f"σ_{swept}² = P/SNR_{swept}, σ_{fixed}² = {level:g} dBm "
            f"(SNR_{fixed} = {p['P_dBm'] - level:g} dB)")


def _versus_snr(summary: pd.DataFrame, spec: dict[str, Any], style: str, metric: str,
                xlabel: str, ylabel: str, choices: dict[str, Any]) -> Figure:
    fig, (ax,) = new_figure(style, ncols=1, width=6.4)
    scenario = next(iter(spec["scenarios"]))
    for scheme, label in spec["labels"].items():
        c = curve(summary, scenario=scenario, scheme=scheme, metric=metric)
        ax.plot(c[0], c[1], label=label, **_style(scheme))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")  # 7 curves
    return _finish(fig, choices)


def fig4(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _versus_snr(summary, spec, style, "mi", RADAR_SNR,
                       "sensing MI [bits]",
                       {"sweep": _fixed_noise(spec, "radar_snr", "c")})


def fig5(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    gamma = spec["scenarios"]["comm_snr"]["Gamma_dB"]
    return _versus_snr(summary, spec, style, "avg_rate", r"communication SNR $P/\sigma_c^2$ [dB]",
                       "average rate [bit/s/Hz]",
                       {"sweep": _fixed_noise(spec, "comm_snr", "r"),
                        "failures": f"points where Γ = {gamma:g} dB cannot be met are status rows "
                                    "(see failed_solves)"})


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Mean (rate, MI) per weight u, one curve per scheme and (C, K)."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    for scenario, p in spec["scenarios"].items():
        C, K = len(p["users_deg"]), len(p["targets_deg"])
        for scheme in spec["labels"]:
            rate = curve(summary, scenario=scenario, scheme=scheme, metric="avg_rate")
            mi = curve(summary, scenario=scenario, scheme=scheme, metric="mi")
            both = np.intersect1d(rate[0], mi[0])
            r = rate[1][np.isin(rate[0], both)]
            m = mi[1][np.isin(mi[0], both)]
            st = _style(scheme) | {"ls": "-" if C == 2 else "--"}
            ax.plot(r, m, label=f"{spec['labels'][scheme]}, C = {C}, K = {K}", **st)
    ax.set_xlabel("average rate [bit/s/Hz]")
    ax.set_ylabel("sensing MI [bits]")
    ax.legend(loc="lower left", fontsize="small")
    p = spec["scenarios"]["tradeoff_c2"]
    lam = f"{p['Lambda_bits']:g} bits"
    margin = spec["options"]["tradeoff_c2/mi_constrained"]["lambda_mi_margin_bits"]
    users = ", ".join(f"{a:g}°" for a in spec["scenarios"]["tradeoff_c3"]["users_deg"])
    return _finish(fig, {"alpha_range": "Proposed/ZF-violated: α = u over the sweep, "
                         "ω_i = (1−α)/C (range chosen)",
                         "lambda_mi_range": f"MI-constrained: Λ_MI = {lam} + u (Radar-only MI − "
                                            f"{margin:g} bit − {lam}) (range chosen)",
                         "users_c3": f"{users} (chosen)"})


def _capon(summary: pd.DataFrame, spec: dict[str, Any], style: str, x: int) -> Figure:
    """Six panels (a)–(f), one design each, in the registry order."""
    plt.style.use(style)
    fig, axes = plt.subplots(2, 3, figsize=(7.0, 4.4), sharex=True, sharey=True)
    angles = _targets(spec, "single", x)
    profiles = {scheme: _profile(summary, scheme, "capon_db", x) for scheme in spec["labels"]}
    lowest = min((p[1].min() for p in profiles.values() if p is not None), default=-50.0)
    floor = 10 * math.floor((lowest - 2) / 10)   # every panel's floor shows, not only its peaks
    for k, (ax, (scheme, label)) in enumerate(zip(axes.ravel(), spec["labels"].items(),
                                                  strict=True)):
        prof = profiles[scheme]
        if prof is not None:
            ax.plot(*prof, color=_style(scheme)["color"])
        else:
            ax.text(0.5, 0.5, "design failed", transform=ax.transAxes, ha="center")
        _mark_targets(ax, angles)
        ax.set_xlim(-90, 90)
        ax.set_ylim(floor, 2)
        panel_label(ax, f"({'abcdef'[k]}) {label}")
        if k >= 3:
            ax.set_xlabel("angle [deg]")
        if k % 3 == 0:
            ax.set_ylabel("Capon spectrum [dB]")
    fig.suptitle("targets at " + ", ".join(f"{a:g}°" for a in angles) + " (dotted)",
                 fontsize="small")
    L, beta = spec["scenarios"]["single"]["L"], spec["evaluate"]["single"]["beta"]
    return _finish(fig, {"spectrum": f"1/(b^H R_Y^-1 b), R_Y = YY^H/L, L = {L}, normalised; "
                         f"QPSK user symbols, CN(0,1) radar streams, β_k = {beta:g} (spec §6)",
                         "panels": "mapping (a)–(f) reconstructed from the text (spec §8)"},)


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _capon(summary, spec, style, SETS["fig7"])


def fig8(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _capon(summary, spec, style, SETS["fig8"])


def fig9(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """RMSE = √(mean squared angle error), log scale; exact hits drawn at a floor."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    step = spec["evaluate"]["rmse"]["fine_step_deg"]
    floor = 0.1 * step
    for scheme, label in spec["labels"].items():
        c = curve(summary, scenario="rmse", scheme=scheme, metric="angle_sq_err")
        ax.semilogy(c[0], np.maximum(np.sqrt(c[1]), floor), label=label, **_style(scheme))
    ax.axhline(floor, color="0.5", lw=0.6, ls=":", zorder=0)
    ax.annotate(f"RMSE 0 (exact grid hits) drawn at {floor:g}°", (0.99, floor),
                xycoords=("axes fraction", "data"), xytext=(0, 3), textcoords="offset points",
                ha="right", va="bottom", fontsize="x-small", color="0.4")
    ax.set_xlabel(RADAR_SNR)
    ax.set_ylabel("RMSE [deg]")
    ax.legend(fontsize="small", ncol=2, **below_axes(ax))
    return _finish(fig, {"rmse": "K highest Capon peaks on a 0.1° grid refined to "
                         f"{step}°, sorted and matched to the sorted truth",
                         "floor": f"RMSE below {floor:g}° (exact grid hits) drawn at {floor:g}°",
                         "snr_range": f"{min(spec['x']['rmse']):g}…{max(spec['x']['rmse']):g} "
                                      "dB [S, L]"})
