"""Figures of the KLD ISAC study (J Figs 1–8), twin axes as in the paper."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from isac.plotting.common import (
    MARKERS,
    curve,
    legend_below,
    legend_under_panels,
    new_figure,
    panel_label,
    twin_axes,
)

XLABEL = r"$P_R/N_o$ [dB]"
PD_METRIC = {"kld_map": "pd_kld_map", "gauss_glrt": "pd_glrt"}
PD_NOTE = {
    "kld_map": "P_D = Q(Q^-1(P_FA) - sqrt(KLD_r)), per draw then averaged (spec kld_isac §4): "
               "the map the paper's quoted P_D values follow",
    "gauss_glrt": "P_D from the Gaussian GLRT approximation of eqs. (42)-(43) as printed "
                  "(saturates near 1 at the paper's L = 100, spec §4)",
}


def _twin(ax, left: str, right: str):
    """A twin y axis (:func:`~isac.plotting.common.twin_axes`) with the x axis P_R/N_o."""
    ax.set_xlabel(XLABEL)
    return twin_axes(ax, left, right)


def _pd(spec: dict[str, Any]) -> tuple[str, dict[str, str]]:
    mode = spec["figure_options"]["pd_mode"]
    return PD_METRIC[mode], {"pd_mode": mode, "pd_definition": PD_NOTE[mode]}


def fig1(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """(a) P_D (solid) and KLD_r (dashed) per target; (b) BER (solid) and KLD_c (dashed) per
    user, closed form (13) dotted."""
    pd_metric, choices = _pd(spec)
    fig, (ax_r, ax_c) = new_figure(style, ncols=2)
    kld_ax = _twin(ax_r, r"$P_D$", r"KLD$_r$ [bits]")
    for i, target in enumerate(sorted(summary.loc[summary.metric == "kld_r", "entity"].unique())):
        color, marker = f"C{i}", MARKERS[i]
        x, y, _ = curve(summary, metric=pd_metric, entity=target)
        ax_r.plot(x, y, color=color, marker=marker, label=rf"$P_D$, {target}")
        x, y, _ = curve(summary, metric="kld_r", entity=target)
        kld_ax.plot(x, y, color=color, marker=marker, ls="--", mfc="none",
                    label=rf"KLD$_r$, {target}")
    ax_r.set_ylim(0, 1.02)
    legend_below(ax_r, kld_ax)
    panel_label(ax_r, "(a) radar, CIC")

    kld_ax = _twin(ax_c, "BER", r"KLD$_c$ [bits]")
    ax_c.set_yscale("log")
    for i, user in enumerate(sorted(summary.loc[summary.metric == "ber", "entity"].unique())):
        color, marker = f"C{i}", MARKERS[i]
        x, y, _ = curve(summary, metric="ber", entity=user)
        ax_c.plot(x, y, color=color, marker=marker, label=f"BER, {user}")
        x, y, _ = curve(summary, metric="kld_c", entity=user)
        kld_ax.plot(x, y, color=color, marker=marker, ls="--", mfc="none",
                    label=rf"KLD$_c$, {user}")
        x, y, _ = curve(summary, metric="kld_c_zf", entity=user)
        kld_ax.plot(x, y, color=color, ls=":", label=rf"KLD$_c$ (13), {user}")
    legend_below(ax_c, kld_ax, ncol=3)
    panel_label(ax_c, "(b) communication, ZF")
    fig.tight_layout()
    fig.isac_choices = choices
    return fig


def fig2(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """T1: P_D (solid) and KLD_r (dashed), assisted vs non-assisted, one colour per P_r."""
    pd_metric, choices = _pd(spec)
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    kld_ax = _twin(ax, r"$P_D$", r"KLD$_r$ [bits]")
    i = 0
    for scenario, params in spec["scenarios"].items():
        for suffix, mode in (("", "assisted"), ("_na", "non-assisted")):
            color, marker = f"C{i}", MARKERS[i]
            label = rf"$P_r$ = {params['P_r']:g}, {mode}"
            x, y, _ = curve(summary, scenario=scenario, metric=pd_metric + suffix, entity="T1")
            ax.plot(x, y, color=color, marker=marker, label=rf"$P_D$, {label}")
            x, y, _ = curve(summary, scenario=scenario, metric="kld_r" + suffix, entity="T1")
            kld_ax.plot(x, y, color=color, marker=marker, ls="--", mfc="none",
                        label=rf"KLD$_r$, {label}")
            i += 1
    ax.set_ylim(0, 1.02)
    legend_below(ax, kld_ax)
    panel_label(ax, r"target $T_1$, CIC + ZF")
    fig.tight_layout()
    fig.isac_choices = choices
    return fig


def _designs(summary: pd.DataFrame, spec: dict[str, Any], style: str, radar: str,
             comm: str) -> Figure:
    """(a) P_D (solid) and KLD_r (dashed) per target, (b) BER (solid) and KLD_c (dashed) per
    user, for every scheme of the figure: colour by target/user, marker and line weight by
    scheme."""
    pd_metric, choices = _pd(spec)
    fig, (ax_r, ax_c) = new_figure(style, ncols=2)
    schemes = list(dict.fromkeys(sh for _, sh in spec["runs"]))
    kld_ax = _twin(ax_r, r"$P_D$", r"KLD$_r$ [bits]")
    ber_ax = ax_c
    kldc_ax = _twin(ax_c, "BER", r"KLD$_c$ [bits]")
    ax_c.set_yscale("log")
    for j, scheme in enumerate(schemes):
        name, marker, width = spec["labels"][scheme], MARKERS[j], 1.6 - 0.6 * j
        for metrics, axes, entity_metric in (((pd_metric, "kld_r"), (ax_r, kld_ax), "kld_r"),
                                             (("ber", "kld_c"), (ber_ax, kldc_ax), "ber")):
            entities = sorted(summary.loc[(summary.metric == entity_metric)
                                          & (summary.scheme == scheme), "entity"].unique())
            for i, entity in enumerate(entities):
                for metric, ax, ls in zip(metrics, axes, ("-", "--"), strict=True):
                    x, y, _ = curve(summary, scheme=scheme, metric=metric, entity=entity)
                    short = {"pd_kld_map": "$P_D$", "pd_glrt": "$P_D$", "kld_r": "KLD$_r$",
                             "ber": "BER", "kld_c": "KLD$_c$"}[metric]
                    ax.plot(x, y, color=f"C{i}", marker=marker, ls=ls, lw=width,
                            mfc="none" if ls == "--" else None,
                            label=f"{short}, {entity}, {name}")
    ax_r.set_ylim(0, 1.02)
    legend_below(ax_r, kld_ax, ncol=2)
    panel_label(ax_r, radar)
    legend_below(ber_ax, kldc_ax, ncol=2)
    panel_label(ax_c, comm)
    fig.tight_layout()
    fig.isac_choices = choices | {"line_weight": "thicker for the first scheme listed"}
    return fig


def fig3(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-ROP vs D-ROP: radar (a) and communication (b) metrics per target and user."""
    return _designs(summary, spec, style, "(a) radar, optimised beams",
                    "(b) communication, ZF")


def fig4(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-COP vs B-COP: radar (a) and communication (b) metrics per target and user."""
    return _designs(summary, spec, style, "(a) radar, CIC", "(b) communication, optimised")


def fig5(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """K-IOP: radar (a) and communication (b) metrics per target and user."""
    return _designs(summary, spec, style, "(a) radar, optimised jointly",
                    "(b) communication, optimised jointly")


MSE_METRIC = {"transmit": "mse", "radar": "mse_radar"}
MSE_NOTE = {
    "transmit": "eq. (24) with MSE_11 = MSE_10 = N sigma_n^2/(g_r P), P the whole transmit "
                "power (the radar knows the communication symbols)",
    "radar": "eq. (24) with MSE_11 = MSE_10 = N sigma_n^2/(g_r P_r), P_r the radar power "
             "alone (infinite where a design gives the radar no power)",
}


#: one colour and marker per optimiser in every figure of Figs 6-8
_SCHEMES = ("k_rop", "d_rop", "k_cop", "b_cop", "k_iop")


def _scheme_style(scheme: str) -> dict[str, Any]:
    j = _SCHEMES.index(scheme)
    return {"color": f"C{j}", "marker": MARKERS[j]}


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """Average MSE of the target-response estimate (mean over targets), one curve per
    scheme, log y."""
    mode = spec["figure_options"]["mse_power"]
    fig, (ax,) = new_figure(style, ncols=1, width=4.6)
    for scenario, scheme in spec["runs"]:
        x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric=MSE_METRIC[mode])
        ax.plot(x, y, label=spec["labels"][scheme], **_scheme_style(scheme))
    ax.set_yscale("log")
    ax.set_xlabel(XLABEL)
    ax.set_ylabel(r"average MSE of $\hat{H}_t$")
    ax.legend()
    fig.tight_layout()
    fig.isac_choices = {"mse_power": mode, "mse_definition": MSE_NOTE[mode]}
    return fig


def _scheme_runs(spec: dict[str, Any], scenario: str) -> list[str]:
    """The schemes of ``scenario`` among the figure's runs, in the figure's order."""
    return [sh for sc, sh in spec["runs"] if sc == scenario]


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """(a) mean CPU time of one optimiser run vs N; (b) mean KLD_ISAC of the iterate vs
    iteration (iteration 0 is the start; a run that stopped early holds its last value)."""
    fig, (ax_t, ax_h) = new_figure(style, ncols=2)
    timing = next(sc for sc, m in spec["scenarios"].items() if m.get("sweep") == "N")
    trace = next(sc for sc in spec["scenarios"] if sc != timing)
    for scheme in _scheme_runs(spec, timing):
        x, y, _ = curve(summary, scenario=timing, scheme=scheme, metric="runtime_s")
        ax_t.plot(x, y, label=spec["labels"][scheme], **_scheme_style(scheme))
    ax_t.set_yscale("log")
    ax_t.set_xlabel("BS antennas $N$")
    ax_t.set_ylabel("average CPU time [s]")
    panel_label(ax_t, "(a) one optimiser run, one thread")
    hist = summary[(summary.scenario == trace) & (summary.metric == "kld_isac_history")]
    for k, scheme in enumerate(_scheme_runs(spec, trace)):
        rows = hist[hist.scheme == scheme].assign(it=lambda r: r.entity.astype(int) - 1)
        rows = rows.sort_values("it")
        mean = rows["mean"].where(rows["n"] > 0)
        every = max(len(rows) // 8, 1)          # staggered markers: K-COP and B-COP coincide
        ax_h.plot(rows["it"], mean, mfc="none", markevery=(k * every // 5, every),
                  label=spec["labels"][scheme], **_scheme_style(scheme))
    ax_h.set_xlabel("iteration")
    ax_h.set_ylabel(r"KLD$_{ISAC}$ [bits]")
    ax_h.set_yscale("log")
    panel_label(ax_h, "(b) convergence")
    legend_under_panels(fig, ax_t)        # K-IOP's rise at the first iterations fills (b)
    return fig


def fig8(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    """(a) KLD_r of T1 and (b) KLD_c of UE1 vs x: colour by scheme, line style by the
    channel-estimation error variance σ_e²."""
    fig, (ax_r, ax_c) = new_figure(style, ncols=2)
    styles = ("-", "--", ":")
    for i, (scenario, params) in enumerate(spec["scenarios"].items()):
        for scheme in _scheme_runs(spec, scenario):
            label = rf"{spec['labels'][scheme]}, $\sigma_e^2$ = {params['csi_error']:g}"
            for ax, metric, entity in ((ax_r, "kld_r", "T1"), (ax_c, "kld_c", "UE1")):
                x, y, _ = curve(summary, scenario=scenario, scheme=scheme, metric=metric,
                                entity=entity)
                ax.plot(x, y, ls=styles[i % 3], label=label, mfc="none",
                        **_scheme_style(scheme))
    for ax, name, text in ((ax_r, r"KLD$_r$ of $T_1$ [bits]", "(a) radar"),
                           (ax_c, r"KLD$_c$ of UE$_1$ [bits]", "(b) communication")):
        ax.set_xlabel(XLABEL)
        ax.set_ylabel(name)
        ax.set_yscale("log")
        panel_label(ax, text)
    legend_under_panels(fig, ax_r, ncol=3)
    return fig
