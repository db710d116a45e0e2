"""Figures and Table I of the crlb_sca study (paper Figs 2–7)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from isac.plotting.common import MARKERS, curve, new_figure

STYLES = {"sum_rate": ("-.", "SR"), "crlb": ("--", "CRLB"), "objective": ("-", "OV")}
CHOICES = {"crlb": "trace of the inverse 4M×4M FIM (rad² and RCS units mixed)",
           "rate_unit": "nats/s/Hz"}
#: methods of the N_t sweep (Table I, Fig. 5) in the paper's order
NT_RUNS = (("nt_sweep_sdr", "wmmse_sdr"), ("nt_sweep", "fp_sgda"), ("nt_sweep", "alg1"),
           ("nt_sweep", "alg1_ns0"), ("nt_sweep", "ld_alg1"))


def _metrics_vs_sweep(summary: pd.DataFrame, spec: dict[str, Any], style: str,
                      xlabel: str) -> Figure:
    """SR (dash-dot), CRLB (dashed) and objective value (solid) per method."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    scenario = next(iter(spec["scenarios"]))
    for i, (scheme, label) in enumerate(spec["labels"].items()):
        for metric, (ls, name) in STYLES.items():
            x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric=metric)
            ax.plot(x, y, color=f"C{i}", ls=ls, marker=MARKERS[i], mfc="none",
                    label=f"{name}, {label}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("metric values")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
    fig.tight_layout()
    fig.isac_choices = dict(CHOICES)
    return fig


def fig2(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Objective per iteration for each δ_c, drawn up to the run's stopping iteration."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    hist = summary[summary.metric == "objective_history"]
    for i, dc in enumerate(sorted(hist.x.unique())):
        _, n_iter, _ = curve(summary, metric="iterations", x=dc)
        sel = hist[hist.x == dc].assign(t=lambda d: d.entity.astype(int)).sort_values("t")
        if not np.isfinite(n_iter).all():      # the run failed: a line with no result
            ax.plot([dc], [np.nan], color=f"C{i}", label=f"δ_c = {dc:g}, δ_s = 1")
            continue
        sel = sel[sel.t <= int(n_iter[0])]
        if not np.isfinite(sel["mean"]).all() or sel.empty:
            raise ValueError(f"no finite history for δ_c = {dc}")
        ax.plot(sel.t, sel["mean"], color=f"C{i}", label=f"δ_c = {dc:g}, δ_s = 1")
    ax.set_xlabel("number of iterations")
    ax.set_ylabel("objective value")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.isac_choices = CHOICES | {"lambda_rule": "main (largest-magnitude eigenvalue shift)",
                                  "curve_end": "each curve ends at its run's stopping iteration"}
    return fig


def fig3(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Mean sum rate against mean CRLB, one point per δ_c (parametric curve)."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    marks = {"wmmse_sdr": ("-", "v"), "fp_sgda": ("-", "D"), "alg1": ("--", "s")}
    for i, (scheme, label) in enumerate(spec["labels"].items()):
        _, sr, _ = curve(summary, scenario="tradeoff", scheme=scheme, metric="sum_rate")
        _, bound, _ = curve(summary, scenario="tradeoff", scheme=scheme, metric="crlb")
        ls, mk = marks.get(scheme, ("-", MARKERS[i]))
        ax.plot(bound, sr, ls=ls, marker=mk, mfc="none", color=f"C{i}", label=label)
    ax.set_xlabel("trace of the inverse of the FIM")
    ax.set_ylabel("sum rate [nats/s/Hz]")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.isac_choices = CHOICES | {"points": "(mean CRLB, mean SR) over channels per δ_c"}
    return fig


def fig4(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Objective vs N_s: Algorithm 1 solid, WMMSE-SDR dashed, one colour per K."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    for i, (scenario, params) in enumerate(spec["scenarios"].items()):
        users = "0 (sensing only)" if params["delta_c"] == 0 else str(params["K"])
        for scheme, ls in (("alg1", "-"), ("wmmse_sdr", "--")):
            x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric="objective")
            ax.plot(x, y, ls=ls, marker=MARKERS[i], mfc="none", color=f"C{i}",
                    label=f"{spec['labels'][scheme]}, K = {users}")
    ax.set_xlabel("number of sensing streams N_s")
    ax.set_ylabel("objective value")
    ax.set_ylim(-12, 0)
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.isac_choices = CHOICES | {
        "sensing_only": _sensing_only(spec),
        "wmmse_sdr": "top-N_s eigen-truncation of R_x − W_cW_cᴴ after one unconstrained solve"}
    return fig


def _sensing_only(spec: dict[str, Any]) -> str:
    """What the K = 0 curves of Fig. 4 are, from the scenario's model."""
    p = spec["scenarios"]["ns_sensing"]
    return (f"K = 0 curves: δ_c = {p['delta_c']:g}, {p['K']} all-zero user beams, "
            f"P_t = {p['Pt_dBm']:g} dBm, {spec['trials']['ns_sensing']} draw(s) (as coded)")


def _nt_label(spec: dict[str, Any], scenario: str, scheme: str) -> str:
    label = spec["labels"][scheme]
    if scheme in ("alg1", "ld_alg1"):
        label += f", N_s = {spec['scenarios'][scenario]['Ns']}"
    return label


def fig5(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Average wall time of one solve vs N_t, log–log."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    sizes: set[float] = set()
    for i, (scenario, scheme) in enumerate(NT_RUNS):
        x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric="runtime_s")
        ax.loglog(x, y, marker=MARKERS[i], mfc="none", color=f"C{i}",
                  label=_nt_label(spec, scenario, scheme))
        sizes |= set(x)
    ax.set_xticks(sorted(sizes), [f"{n:g}" for n in sorted(sizes)])
    ax.minorticks_off()
    ax.set_xlabel("number of transmit antennas N_t")
    ax.set_ylabel("average CPU time [s]")
    ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    fig.isac_choices = {"time": "wall time of the solver loop of one realisation, one BLAS "
                                "thread, this machine (not the paper's Xeon)"}
    return fig


def table1(summary: pd.DataFrame, spec: dict[str, Any]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rows = methods, columns = simulated N_t, cells "(SR, CRLB)" of the means."""
    rows = []
    for scenario, scheme in NT_RUNS:
        x, sr, _ = curve(summary, scenario=scenario, scheme=scheme, metric="sum_rate")
        _, bound, _ = curve(summary, scenario=scenario, scheme=scheme, metric="crlb")
        cells = {f"N_t = {int(n)}": f"({s:.2f}, {b:.2f})" for n, s, b in zip(x, sr, bound,
                                                                           strict=True)}
        rows.append({"algorithm": _nt_label(spec, scenario, scheme)} | cells)
    table = pd.DataFrame(rows).fillna("N/A")
    return table, CHOICES | {"cells": "(mean sum rate, mean CRLB) over the realisations"}


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _metrics_vs_sweep(summary, spec, style, "number of users K")


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _metrics_vs_sweep(summary, spec, style, "transmit power [dBm]")
