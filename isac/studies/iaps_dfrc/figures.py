"""Figures of the iaps_dfrc study (Figs 2–12; spec §8)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from isac.plotting.common import MARKERS, curve, new_figure, twin_axes

RCS = r"$\sigma_{rcs}^2$ [dB]"
PD = "average detection probability"
#: colour per node set, line style per allocation
SET_COLOUR = {"IAPS": "C0", "passive": "C1", "active": "C2"}
SCHEME_STYLE = {"with_s0": "-", "without_s0": "--", "min_power": ":", "algorithm1": "-.",
                "upper_bound": ":"}


def _by_set(ax, summary: pd.DataFrame, spec: dict[str, Any], metric: str = "pd",
            label: str | None = None, **where: str) -> None:
    """One curve per node set and scheme of the figure's runs."""
    sets = [s for s in SET_COLOUR if s in set(summary.loc[summary.metric == metric, "entity"])]
    for scenario, scheme in spec["runs"]:
        for i, entity in enumerate(sets):
            x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric=metric,
                            entity=entity, **where)
            if len(x) == 0:
                continue
            name = label or spec["labels"][scheme]
            ax.plot(x, y, color=SET_COLOUR[entity], ls=SCHEME_STYLE.get(scheme, "-"),
                    marker=MARKERS[i], mfc="none", label=f"{entity}, {name}")


def _twin_legend(ax, right, loc: str) -> None:
    """One legend for the curves of both y axes."""
    handles, labels = ax.get_legend_handles_labels()
    more, names = right.get_legend_handles_labels()
    ax.legend(handles + more, labels + names, loc=loc)


def _finish(fig: Figure, ax, xlabel: str, ylabel: str = PD) -> Figure:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.02, 1.02)
    # beside the axes: P_D curves rise from 0 to 1 and leave no corner free at every scale
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    return fig


def fig2(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """P̂_D (eq. 49) of IAPS against the sensing power p_0 (Lemma 3)."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    x, y, _ = curve(summary, metric="pd_hat", entity="IAPS")
    ax.plot(x, y, marker="o", label=r"$\hat P_D$, IAPS")
    ax.set_xlabel(r"$p_0$ [W]")
    ax.set_ylabel(r"$\hat P_D$")
    ax.legend()
    fig.tight_layout()
    return fig


def fig3(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Algorithm 1 at three Δp and the upper bound: CC-level P_D (IAPS) against σ_rcs²."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    for i, (scenario, scheme) in enumerate(spec["runs"]):
        x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric="pd_cc",
                        entity="IAPS")
        label = ("upper bound" if scheme == "upper_bound" else
                 rf"Algorithm 1, $\Delta p$ = {spec['scenarios'][scenario]['dp']:g} W")
        ax.plot(x, y, marker=MARKERS[i], mfc="none", ls=SCHEME_STYLE[scheme], label=label)
    return _finish(fig, ax, RCS, r"$P_D$ at the CC (limited backhaul)")


def fig4(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Mean wall time of Algorithm 1 (left) and 10 log10 Σ_r ρ_r (right) against Δp."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    right = twin_axes(ax, "mean time of one run [s]", r"$10\log_{10}\sum_r \rho_r$ [dB]")
    x, y, _ = curve(summary, metric="runtime_s")
    ax.plot(x, y, marker="o", color="C0", label="time")
    x, y, _ = curve(summary, metric="rho_sum_db")
    right.plot(x, y, marker="s", color="C3", ls="--", label=r"$\sum_r \rho_r$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\Delta p$ [W]")
    _twin_legend(ax, right, "upper center")
    fig.tight_layout()
    return fig


def fig5(summary: pd.DataFrame, spec: dict[str, Any], style: str,
         channels: dict[str, tuple[dict, dict]]) -> Figure:
    """Positions of the first sample of the σ_rcs² sweep."""
    _, tensors = channels["rcs"]
    model = spec["scenarios"]["rcs"]
    fig, (ax,) = new_figure(style, ncols=1, width=4.2)
    side = model["side"]
    ax.scatter(*tensors["raps"][0].T, marker="^", color="C0", label="RAP")
    ax.scatter(*tensors["ues"][0].T, marker="o", color="C2", label="UE")
    ax.scatter(*tensors["bs"][0], marker="s", s=60, color="C3", label="DFRC BS")
    ax.scatter(side / 2, side / 2, marker="*", s=120, color="k", label="target")
    ax.set_xlim(0, side)
    ax.set_ylim(0, side)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    return fig


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Γ_max of the UEs (left) and 10 log10 ρ_IAPS (right) against the share η of P_max
    given to the sensing stream."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    right = twin_axes(ax, r"$\Gamma_{max}$ [dB]", r"$10\log_{10}\rho$ (IAPS) [dB]")
    x, y, _ = curve(summary, metric="gamma_max_db")
    ax.plot(x, y, marker="o", color="C0", label=r"$\Gamma_{max}$")
    x, y, _ = curve(summary, metric="rho_iaps_db")
    right.plot(x, y, marker="s", color="C3", ls="--", label=r"$\rho$")
    ax.set_xlabel(r"share $\eta$ of $P_{max}$ given to $p_0$")
    _twin_legend(ax, right, "lower left")
    fig.tight_layout()
    return fig


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Unlimited backhaul: P_D against σ_rcs² per node set and allocation; min P_total for
    IAPS only."""
    fig, (ax,) = new_figure(style, ncols=1, width=5.0)
    rows = summary[~((summary.scheme == "min_power") & (summary.entity != "IAPS"))]
    _by_set(ax, rows, spec)
    return _finish(fig, ax, RCS)


def fig8(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Unlimited backhaul: P_D against the power budget."""
    fig, (ax,) = new_figure(style, ncols=1, width=5.0)
    _by_set(ax, summary, spec)
    return _finish(fig, ax, r"$P_{max}$ [dBm]")


def fig9(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Unlimited backhaul: P_D against the number of RAPs (IAPS and passive)."""
    fig, (ax,) = new_figure(style, ncols=1, width=5.0)
    _by_set(ax, summary, spec)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _finish(fig, ax, "number of RAPs $R$")


def fig10(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Unlimited backhaul: P_D against the number of UEs."""
    fig, (ax,) = new_figure(style, ncols=1, width=5.0)
    _by_set(ax, summary, spec)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _finish(fig, ax, "number of UEs $K$")


def fig11(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """P_D against σ_rcs²: unlimited (P2 with s0, fused GLRT) and limited (Algorithm 1,
    voting) backhaul, per node set."""
    fig, (ax,) = new_figure(style, ncols=1, width=5.0)
    for metric, scheme, label, ls in (("pd", "with_s0", "unlimited", "-"),
                                      ("pd_cc", "algorithm1", "limited", "--")):
        for i, entity in enumerate(SET_COLOUR):
            x, y, _ = curve(summary, scheme=scheme, metric=metric, entity=entity)
            ax.plot(x, y, color=SET_COLOUR[entity], ls=ls, marker=MARKERS[i], mfc="none",
                    label=f"{entity}, {label}")
    return _finish(fig, ax, RCS)


def fig12(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Limited backhaul, IAPS: CC-level P_D against R for three σ_rcs²."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    for i, (scenario, _) in enumerate(spec["runs"]):
        x, y, _ = curve(summary, scenario=scenario, metric="pd_cc", entity="IAPS")
        rcs = spec["scenarios"][scenario]["sigma_rcs2_dB"]
        ax.plot(x, y, marker=MARKERS[i], label=rf"$\sigma_{{rcs}}^2$ = {rcs:g} dB")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("number of RAPs $R$")
    ax.set_ylabel(r"$P_D$ at the CC (limited backhaul)")
    ax.legend()
    fig.tight_layout()
    return fig


__all__ = [f"fig{i}" for i in range(2, 13)]
