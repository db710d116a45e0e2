"""Figures of the KLD conference study (C Figs 1–10; panels as spec kld_isac.md §9 "C")."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from isac.plotting.common import (
    MARKERS,
    below_axes,
    curve,
    new_figure,
    panel_label,
    twin_axes,
)
from isac.studies.kld_isac_conf.roc import parse_roc_entity

XLABEL = r"$P_R/N_o$ [dB]"
KLD_R = r"KLD$_r$ [bits]"
KLD_C = r"KLD$_c$ [bits]"


def _twin(ax, left: str, right: str):
    """A twin y axis (:func:`~isac.plotting.common.twin_axes`) with the x axis P_R/N_o."""
    ax.set_xlabel(XLABEL)
    return twin_axes(ax, left, right)


def _entities(summary: pd.DataFrame, metric: str, **where: str) -> list[str]:
    rows = summary[summary.metric == metric]
    for key, value in where.items():
        rows = rows[rows[key] == value]
    return sorted(rows.entity.unique())


def fig1(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Density of Re z, the normalised MRT interference term, per N (markers: histogram over
    the draws), against its CLT limit N(0, 1/2) (line)."""
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    rows = summary[summary.metric == "iui_density"].assign(
        value=lambda r: r.entity.astype(float))
    for i, (N, part) in enumerate(rows.groupby("x")):
        part = part.sort_values("value")
        ax.plot(part["value"], part["mean"], ls="none", marker=MARKERS[i], mfc="none",
                color=f"C{i}", label=f"simulated, $N$ = {N:g}")
    grid = np.linspace(rows["value"].min(), rows["value"].max(), 400)
    ax.plot(grid, np.exp(-grid**2) / np.sqrt(np.pi), color="k", label="CLT limit N(0, 1/2)")
    ax.set_xlabel(r"Re $z$ (normalised inter-user interference)")
    ax.set_ylabel("probability density")
    ax.legend()
    fig.tight_layout()
    return fig


def _comm_panel(ax, summary: pd.DataFrame, scheme: str, closed: str | None):
    """BER (solid, log, left) and KLD_c (dashed, right) per user, the closed form dotted;
    returns the twin axis."""
    kld_ax = _twin(ax, "BER", KLD_C)
    ax.set_yscale("log")
    for i, user in enumerate(_entities(summary, "ber", scheme=scheme)):
        color, marker = f"C{i}", MARKERS[i]
        x, y, _ = curve(summary, scheme=scheme, metric="ber", entity=user)
        ax.plot(x, y, color=color, marker=marker, label=f"BER, {user}")
        x, y, _ = curve(summary, scheme=scheme, metric="kld_c", entity=user)
        kld_ax.plot(x, y, color=color, marker=marker, ls="--", mfc="none",
                    label=rf"KLD$_c$, {user}")
        if closed:
            x, y, _ = curve(summary, scheme=scheme, metric=closed, entity=user)
            kld_ax.plot(x, y, color=color, ls=":", label=rf"KLD$_c$ closed form, {user}")
    return kld_ax


def fig2(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """(a) MRT, (b) ZF: BER and KLD_c per user with their closed forms (CIC radar)."""
    fig, (ax_m, ax_z) = new_figure(style, ncols=2)
    twin = _comm_panel(ax_m, summary, "cic_mrt", "kld_c_mrt")
    panel_label(ax_m, "(a) MRT")
    _comm_panel(ax_z, summary, "cic_zf", "kld_c_zf")
    panel_label(ax_z, "(b) ZF")
    handles, labels = ax_m.get_legend_handles_labels()
    more, names = twin.get_legend_handles_labels()
    fig.legend(handles + more, labels + names, loc="lower center", ncol=3,
               bbox_to_anchor=(0.5, 0.02))
    fig.tight_layout(rect=(0, 0.3, 1, 1))
    return fig


def _options(spec: dict[str, Any]) -> dict[str, Any]:
    """This figure's block of the study's ``figures`` section."""
    return spec["figure_options"][spec["figure"]]


def _roc(ax, summary: pd.DataFrame, spec: dict[str, Any], x: float, ls: str = "-",
         suffix: str = "", metric: str = "pd_roc", **where: str) -> None:
    """P_D vs P_FA (log x) per target at sweep value x, inside the figure's P_FA range."""
    lo, hi = _options(spec)["pfa"]
    rows = summary[(summary.metric == metric) & (summary.x == x)]
    for key, value in where.items():
        rows = rows[rows[key] == value]
    parsed = [parse_roc_entity(e) for e in rows.entity]
    rows = rows.assign(target=[t for t, _ in parsed], pfa=[f for _, f in parsed])
    rows = rows[(rows.pfa >= lo * (1 - 1e-9)) & (rows.pfa <= hi * (1 + 1e-9))]
    for i, (target, part) in enumerate(rows.groupby("target")):
        part = part.sort_values("pfa")
        ax.plot(part["pfa"], part["mean"].where(part["n"] > 0), color=f"C{i}", ls=ls,
                marker=MARKERS[i], mfc="none" if ls != "-" else None, markevery=4,
                label=f"{target}{suffix}")
    ax.set_xscale("log")
    ax.set_xlabel(r"$P_{FA}$")
    ax.set_ylabel(r"$P_D$")
    ax.set_ylim(0, 1.02)


def fig3(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """ROC of CIC + ZF per target at the figure option's P_R/N_o values (one panel each),
    with the Monte-Carlo GLRT dotted when the option ``glrt`` is set."""
    options = _options(spec)
    fig, axes = new_figure(style, ncols=len(options["x"]))
    for j, (ax, x) in enumerate(zip(axes, options["x"], strict=True)):
        _roc(ax, summary, spec, x, scenario="base")
        if options["glrt"]:
            _roc(ax, summary, spec, x, ls=":", suffix=", MC GLRT", metric="pd_roc_glrt",
                 scenario="roc_mc")
        panel_label(ax, f"({'abc'[j]}) {x:g} dB")
    entries = {}                                   # one legend for all panels, below them
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    fig.legend(list(entries.values()), list(entries), loc="lower center", ncol=6,
               bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    fig.isac_choices = {"glrt_overlay": options["glrt"]}
    return fig


def _tradeoff(ax, summary: pd.DataFrame, label: str, **where: str) -> None:
    """Mean KLD_c over users (x axis) against mean KLD_r over targets (y axis), one point
    per P_R/N_o, drawn in order of P_R/N_o."""
    x, radar, _ = curve(summary, metric="kld_r_avg", **where)
    x_c, comm, _ = curve(summary, metric="kld_c_avg", **where)
    assert np.array_equal(x, x_c)
    ax.plot(comm, radar, marker="o", label=label)


def fig4(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """(a) KLD_r per target for each radar power (CIC + ZF); (b) mean KLD_r vs mean KLD_c,
    parametric in P_R/N_o, for ZF and MRT."""
    fig, (ax_a, ax_b) = new_figure(style, ncols=2)
    styles = ("-", "--", ":")
    power = {sc: m["P_r"] for sc, m in spec["scenarios"].items()}
    for j, scenario in enumerate(sorted(power, key=power.get)):
        for i, target in enumerate(_entities(summary, "kld_r", scenario=scenario,
                                             scheme="cic_zf")):
            x, y, _ = curve(summary, scenario=scenario, scheme="cic_zf", metric="kld_r",
                            entity=target)
            ax_a.plot(x, y, color=f"C{i}", marker=MARKERS[i], ls=styles[j % 3], mfc="none",
                      label=rf"{target}, $P_r$ = {power[scenario]:g}")
    ax_a.set_xlabel(XLABEL)
    ax_a.set_ylabel(KLD_R)
    ax_a.legend(ncol=3, fontsize="small", **below_axes(ax_a))
    panel_label(ax_a, "(a) radar, CIC + ZF")
    base = next(sc for sc, sh in spec["runs"] if sh == "cic_mrt")
    for scheme in ("cic_zf", "cic_mrt"):
        _tradeoff(ax_b, summary, spec["labels"][scheme], scenario=base, scheme=scheme)
    ax_b.set_xlabel(r"mean KLD$_c$ over users [bits]")
    ax_b.set_ylabel(r"mean KLD$_r$ over targets [bits]")
    ax_b.legend()
    panel_label(ax_b, rf"(b) trade-off, $P_r$ = {power[base]:g}")
    fig.tight_layout()
    return fig


def _per_entity(ax, summary: pd.DataFrame, metric: str, ylabel: str, log: bool = False,
                **where: str) -> None:
    for i, entity in enumerate(_entities(summary, metric, **where)):
        x, y, _ = curve(summary, metric=metric, entity=entity, **where)
        ax.plot(x, y, color=f"C{i}", marker=MARKERS[i], label=entity)
    ax.set_xlabel(XLABEL)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    ax.legend()


def fig5(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-ROP: (a) KLD_r per target, (b) KLD_c per user."""
    fig, (ax_r, ax_c) = new_figure(style, ncols=2)
    _per_entity(ax_r, summary, "kld_r", KLD_R, scheme="k_rop")
    panel_label(ax_r, "(a) radar, K-ROP")
    _per_entity(ax_c, summary, "kld_c", KLD_C, scheme="k_rop")
    panel_label(ax_c, "(b) communication, ZF")
    fig.tight_layout()
    return fig


def _roc_and_ber(summary: pd.DataFrame, spec: dict[str, Any], style: str,
                 scheme: str) -> Figure:
    """(a) ROC of ``scheme`` (solid) and of CIC + ZF (dashed) at the figure's x; (b) BER per
    user of ``scheme``."""
    fig, (ax_roc, ax_ber) = new_figure(style, ncols=2)
    x = _options(spec)["x"]
    scenario = next(sc for sc, sh in spec["runs"] if sh == scheme)
    _roc(ax_roc, summary, spec, x, scenario=scenario, scheme=scheme,
         suffix=f", {spec['labels'][scheme]}")
    _roc(ax_roc, summary, spec, x, ls="--", suffix=", CIC + ZF", scenario="base",
         scheme="cic_zf")
    ax_roc.legend(loc="lower right", fontsize="small")
    panel_label(ax_roc, f"(a) ROC at {x:g} dB")
    _per_entity(ax_ber, summary, "ber", "BER", log=True, scenario=scenario, scheme=scheme)
    panel_label(ax_ber, f"(b) BER, {spec['labels'][scheme]}")
    fig.tight_layout()
    return fig


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-ROP: (a) ROC against the non-optimised CIC + ZF, (b) BER per user."""
    return _roc_and_ber(summary, spec, style, "k_rop")


def _tradeoff_and_time(summary: pd.DataFrame, spec: dict[str, Any], style: str,
                       scheme: str) -> Figure:
    """(a) trade-off of ``scheme`` against CIC + ZF; (b) its mean CPU time per run vs x."""
    fig, (ax_t, ax_cpu) = new_figure(style, ncols=2)
    scenario = next(sc for sc, sh in spec["runs"] if sh == scheme)
    _tradeoff(ax_t, summary, spec["labels"][scheme], scenario=scenario, scheme=scheme)
    _tradeoff(ax_t, summary, "CIC + ZF", scheme="cic_zf")
    ax_t.set_xscale("log")              # the optimised KLD_c spans decades beyond the baseline's
    ax_t.set_xlabel(r"mean KLD$_c$ over users [bits]")
    ax_t.set_ylabel(r"mean KLD$_r$ over targets [bits]")
    ax_t.legend()
    panel_label(ax_t, "(a) trade-off")
    x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric="runtime_s")
    ax_cpu.plot(x, y, marker="o", label=spec["labels"][scheme])
    ax_cpu.set_xlabel(XLABEL)
    ax_cpu.set_ylabel("average CPU time [s]")
    ax_cpu.set_ylim(bottom=0)
    panel_label(ax_cpu, "(b) one optimiser run, one thread")
    fig.tight_layout()
    return fig


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-ROP: (a) trade-off against CIC + ZF, (b) CPU time vs P_R/N_o."""
    return _tradeoff_and_time(summary, spec, style, "k_rop")


def fig8(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-COP at three radar powers: (a) KLD_r per target, (b) KLD_c per user (line style by
    P_r)."""
    fig, (ax_r, ax_c) = new_figure(style, ncols=2)
    styles = ("-", "--", ":")
    power = {sc: m["P_r"] for sc, m in spec["scenarios"].items()}
    for j, scenario in enumerate(sorted(power, key=power.get)):
        for ax, metric in ((ax_r, "kld_r"), (ax_c, "kld_c")):
            for i, entity in enumerate(_entities(summary, metric, scenario=scenario)):
                x, y, _ = curve(summary, scenario=scenario, metric=metric, entity=entity)
                ax.plot(x, y, color=f"C{i}", marker=MARKERS[i], ls=styles[j % 3],
                        mfc="none", label=rf"{entity}, $P_r$ = {power[scenario]:g}")
    for ax, name, text in ((ax_r, KLD_R, "(a) radar, CIC"), (ax_c, KLD_C, "(b) K-COP")):
        ax.set_xlabel(XLABEL)
        ax.set_ylabel(name)
        ax.legend(ncol=3, fontsize="small", **below_axes(ax))
        panel_label(ax, text)
    fig.tight_layout()
    return fig


def fig9(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-COP: (a) ROC against the non-optimised CIC + ZF, (b) BER per user."""
    return _roc_and_ber(summary, spec, style, "k_cop")


def fig10(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-COP: (a) trade-off against CIC + ZF, (b) CPU time vs P_R/N_o."""
    return _tradeoff_and_time(summary, spec, style, "k_cop")
