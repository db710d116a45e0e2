"""Shared plotting helpers: style, panels, curve selection (saving is the render stage's)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import ScaledTranslation  # noqa: E402

MARKERS = ("o", "s", "^", "D", "v", "P")


def new_figure(style: str, ncols: int = 1, width: float | None = None) -> tuple[Figure, list]:
    """A figure with ``ncols`` panels drawn with the shared style file."""
    plt.style.use(style)
    w, h = plt.rcParams["figure.figsize"]
    fig, axes = plt.subplots(1, ncols, figsize=(width or w, h), squeeze=False)
    return fig, list(axes[0])


def curve(summary: pd.DataFrame, **where: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, mean, ci95) of one curve over every x it has rows for, sorted by x.

    Points where every solve failed (n = 0) are NaN, so a line drawn through them breaks
    there; the render stage marks such gaps and counts them in the sidecar. A curve with no
    rows at all gives empty arrays (nothing to draw; the stage reports it as missing).
    """
    sel = summary
    for key, value in where.items():
        sel = sel[sel[key] == value]
    sel = sel.sort_values("x")
    ok = sel["n"].to_numpy() > 0
    if not np.isfinite(sel["mean"].to_numpy()[ok]).all():
        raise ValueError(f"non-finite values in curve {where}")
    mean = np.where(ok, sel["mean"].to_numpy(), np.nan)
    ci = np.where(ok, sel["ci95"].to_numpy(), np.nan)
    return sel["x"].to_numpy(), mean, ci


def panel_label(ax, text: str) -> None:
    ax.set_title(text, loc="left")


def failures(summary: pd.DataFrame, runs: list[tuple[str, str]],
             failed_by_run: dict[str, int]) -> tuple[dict, list[str]]:
    """Failed solves per run of a figure, and the runs with no result at all.

    ``failed_by_run`` holds the failed (seed, x) solves of each run ("scenario/scheme") as
    counted by the evaluate stage. Returns ``{"scenario/scheme": {"failed_solves": k,
    "points_without_result": m}}`` for the runs with a failure (m: sweep points where every
    solve failed) and the list of runs that have no successful row.
    """
    counts, missing = {}, []
    for scenario, scheme in runs:
        sel = summary[(summary["scenario"] == scenario) & (summary["scheme"] == scheme)]
        per_x = sel.groupby("x", dropna=False).agg(n=("n", "max"))
        failed = int(failed_by_run.get(f"{scenario}/{scheme}", 0))
        gaps = int((per_x["n"] == 0).sum())
        if sel.empty or (per_x["n"] == 0).all():
            missing.append(f"{scenario}/{scheme}: no result ({failed} failed solves)")
        elif failed:
            counts[f"{scenario}/{scheme}"] = {"failed_solves": failed,
                                              "points_without_result": gaps}
    return counts, missing


def mark_failures(fig: Figure) -> int:
    """Mark, on every line of ``fig``, the x values where it has no result (NaN: every solve
    failed) with a × of the line's colour at the bottom of the axes, and label lines with no
    result at all as such in the legend. Returns the number of marks."""
    marks = 0
    for ax in fig.axes:
        empty = set()
        for line in list(ax.get_lines()):
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            gaps = np.isfinite(x) & np.isnan(y)
            if not gaps.any():
                continue
            if gaps.all():
                empty.add(line.get_label())
            ax.plot(x[gaps], np.full(gaps.sum(), 0.02), transform=ax.get_xaxis_transform(),
                    marker="x", ls="none", color=line.get_color(), clip_on=False,
                    label="_failed")
            marks += int(gaps.sum())
        legend = ax.get_legend()
        for text in legend.get_texts() if legend else []:
            if text.get_text() in empty:
                text.set_text(f"{text.get_text()} (no result: every solve failed)")
    return marks


def twin_axes(ax, left: str, right: str):
    """A twin y axis on ``ax``: ``left`` and ``right`` y labels (the x label is the
    caller's); returns the twin."""
    ax.set_ylabel(left)
    twin = ax.twinx()
    twin.set_ylabel(right)
    twin.grid(False)
    return twin


#: space below an axes for its tick labels and x label, inches (the style's font sizes)
BELOW_AXES_IN = 0.42


def legend_below(ax, twin, ncol: int = 2) -> None:
    """One legend for both y axes, below the panel so that it never hides a curve: a fixed
    distance below the axes (room for the tick labels and the x label), whatever the axes
    height after the layout."""
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, ncol=ncol, **below_axes(ax))


def legend_under_panels(fig: Figure, ax, ncol: int | None = None) -> None:
    """One legend for all panels (the entries of ``ax``), centred under them, with the room
    it needs reserved below the panels (then the layout is tightened). For figures whose
    panels share their curves and whose every corner holds data.

    Parameters
    ----------
    fig : Figure
    ax : Axes
        The panel whose legend entries are shown.
    ncol : int, optional
        Legend columns (default: all entries in one row).
    """
    handles, labels = ax.get_legend_handles_labels()
    ncol = ncol or len(labels)
    rows = -(-len(labels) // ncol)
    height = fig.get_size_inches()[1]
    fig.legend(handles, labels, loc="lower center", ncol=ncol,
               bbox_to_anchor=(0.5, 0.12 / height))
    fig.tight_layout(rect=(0, (0.2 + 0.22 * rows) / height, 1, 1))


def below_axes(ax) -> dict:
    """``legend`` placement keywords that put a legend under ``ax``, past its tick labels
    and x label (:data:`BELOW_AXES_IN`), whatever the axes height after the layout."""
    below = ax.transAxes + ScaledTranslation(0, -BELOW_AXES_IN, ax.figure.dpi_scale_trans)
    return {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "bbox_transform": below}
