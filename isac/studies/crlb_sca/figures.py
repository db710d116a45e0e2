"""Figures and Table I of the crlb_sca study (paper Figs 2–7)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from isac.plotting.common import MARKERS, curve, new_figure

STYLES = {"sum_rate": ("-.", "SR"), "crlb": ("--", "CRLB"), "objective": ("-", "OV")}
CHOICES = {"crlb": "trace of the inverse 4M×4M FIM (rad² and RCS units mixed)",
           "rate_unit": "nats/s/Hz"}
#: methods of the N_t sweep (Table I, Fig. 5) in the paper's order
NT_RUNS = (("nt_sweep_sdr", "wmmse_sdr"), ("nt_sweep", "fp_sgda"), ("nt_sweep", "alg1"),
           ("nt_sweep", "alg1_ns0"), ("nt_sweep", "ld_alg1"), ("nt_sweep", "ld_alg1_random"))
#: the same methods with the dense FIM and gradient (Fig. 5b; WMMSE-SDR is a conic solve)
DENSE_RUNS = tuple(("nt_sweep_dense", m) for m in ("fp_sgda", "alg1", "alg1_ns0", "ld_alg1"))


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
            ax.plot([dc], [np.nan], color=f"C{i}", label=rf"$\delta_c = {dc:g}$, $\delta_s = 1$")
            continue
        sel = sel[sel.t <= int(n_iter[0])]
        if not np.isfinite(sel["mean"]).all() or sel.empty:
            raise ValueError(f"no finite history for δ_c = {dc}")
        ax.plot(sel.t, sel["mean"], color=f"C{i}", label=rf"$\delta_c = {dc:g}$, $\delta_s = 1$")
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
    ax.set_xlabel("number of sensing streams $N_s$")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))       # N_s counts streams
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
    if scheme in ("alg1", "ld_alg1", "ld_alg1_random"):
        label += f", $N_s = {spec['scenarios'][scenario]['Ns']}$"
    return label


def _times(ax, summary: pd.DataFrame, spec: dict[str, Any], runs) -> set[float]:
    """Mean wall time of the runs with a design (lines) and of the failed runs (open
    markers, no line) per method of the N_t sweep; returns the sizes drawn."""
    sizes: set[float] = set()
    order = [scheme for _, scheme in NT_RUNS]          # one colour and marker per method
    for scenario, scheme in runs:
        i = order.index(scheme)
        x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric="runtime_s")
        ax.loglog(x, y, marker=MARKERS[i], mfc="none", color=f"C{i}",
                  label=_nt_label(spec, scenario, scheme))
        xf, yf, _ = curve(summary, scenario=scenario, scheme=scheme, metric="failed_runtime_s")
        if np.isfinite(yf).any():
            ax.loglog(xf, yf, ls="none", marker=MARKERS[i], ms=9, mfc="none", mew=0.8,
                      color=f"C{i}", alpha=0.6)
        sizes |= set(x)
    ax.set_xticks(sorted(sizes), [f"{n:g}" for n in sorted(sizes)])
    ax.minorticks_off()
    ax.set_xlabel("number of transmit antennas $N_t$")
    return sizes


def fig5(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Average wall time of one solve vs N_t, log–log: (a) our low-rank FIM and gradient,
    (b) the dense N_t × N_t form of the authors' code; failed runs' mean time as large open
    markers."""
    fig, (ax_a, ax_b) = new_figure(style, ncols=2, width=8.4)
    ax_b.sharey(ax_a)
    _times(ax_a, summary, spec, NT_RUNS)
    _times(ax_b, summary, spec, DENSE_RUNS)
    ax_a.set_ylabel("average CPU time [s]")
    ax_a.set_title("(a) low-rank FIM and gradient (ours)", fontsize="medium")
    ax_b.set_title(r"(b) dense $N_t \times N_t$ form (as coded)", fontsize="medium")
    ax_b.legend(*ax_a.get_legend_handles_labels(), loc="upper left",
                bbox_to_anchor=(1.02, 1.0), fontsize="small")    # beside the panels
    fig.tight_layout()
    fig.isac_choices = {"time": "wall time of the solver loop of one realisation, one BLAS "
                                "thread, this machine (not the paper's Xeon)",
                        "failed": "large open markers: mean time of the runs that ended "
                                  "without a design (diverged, stalled); lines: runs with one"}
    return fig


def table1(summary: pd.DataFrame, spec: dict[str, Any]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rows = methods, columns = simulated N_t, cells "(SR, CRLB), n = …" of the means, with
    the realisations behind each mean and the failed (diverged, stalled) ones."""
    rows = []
    for scenario, scheme in NT_RUNS:
        x, sr, _ = curve(summary, scenario=scenario, scheme=scheme, metric="sum_rate")
        _, bound, _ = curve(summary, scenario=scenario, scheme=scheme, metric="crlb")
        counts = (summary[(summary.scenario == scenario) & (summary.scheme == scheme)
                          & (summary.metric == "sum_rate")].sort_values("x"))
        cells = {f"N_t = {int(n)}": f"({s:.2f}, {b:.2f}), n = {k}" + (f" ({f} failed)" if f else "")
                 for n, s, b, k, f in zip(x, sr, bound, counts["n"], counts["n_failed"],
                                          strict=True)}
        rows.append({"algorithm": _nt_label(spec, scenario, scheme)} | cells)
    table = pd.DataFrame(rows).fillna("N/A")
    return table, CHOICES | {"cells": "(mean sum rate, mean CRLB) over the n realisations with a "
                                      "design; failed runs (diverged, stalled) are counted, "
                                      "not averaged"}


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _metrics_vs_sweep(summary, spec, style, "number of users K")


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _metrics_vs_sweep(summary, spec, style, "transmit power [dBm]")
