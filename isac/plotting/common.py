"""Shared plotting helpers: style, panels, curve selection (saving is the render stage's)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

MARKERS = ("o", "s", "^", "D", "v", "P")


def new_figure(style: str, ncols: int = 1, width: float | None = None) -> tuple[Figure, list]:
    """A figure with ``ncols`` panels drawn with the shared style file."""
    plt.style.use(style)
    w, h = plt.rcParams["figure.figsize"]
    fig, axes = plt.subplots(1, ncols, figsize=(width or w, h), squeeze=False)
    return fig, list(axes[0])


def curve(summary: pd.DataFrame, **where: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, mean, ci95) of one curve; refuses to return NaNs or an empty curve."""
    sel = summary
    for key, value in where.items():
        sel = sel[sel[key] == value]
    sel = sel[sel["n"] > 0].sort_values("x")
    if sel.empty:
        raise ValueError(f"no successful rows for curve {where}")
    if not np.isfinite(sel["mean"]).all():
        raise ValueError(f"non-finite values in curve {where}")
    return sel["x"].to_numpy(), sel["mean"].to_numpy(), sel["ci95"].to_numpy()


def panel_label(ax, text: str) -> None:
    ax.set_title(text, loc="left")
