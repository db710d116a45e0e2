"""Figures of the crlb_sca study: metrics vs a sweep (paper Figs 6–7)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from isac.plotting.common import MARKERS, curve, new_figure

STYLES = {"sum_rate": ("-.", "SR"), "crlb": ("--", "CRLB"), "objective": ("-", "OV")}


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
    fig.isac_choices = {"crlb": "trace of the inverse 4M×4M FIM (rad² and RCS units mixed)",
                        "rate_unit": "nats/s/Hz"}
    return fig


def fig6(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _metrics_vs_sweep(summary, spec, style, "number of users K")


def fig7(summary: pd.DataFrame, spec: dict[str, Any], style: str) -> Figure:
    return _metrics_vs_sweep(summary, spec, style, "transmit power [dBm]")
