"""Mechanical layout checks of a rendered figure (what a reviewer rejects at a glance).

:func:`layout_problems` finds two kinds of problem:

* a legend box covering plotted data points or an axis label;
* a count axis (its data are consecutive integers, e.g. N_s or K) with fractional tick
  labels;
* a literal underscore in a visible text (``N_t`` written where mathtext ``$N_t$`` was meant);
* a curve drawn exactly under another one (same points on screen, covered by a solid line
  with the same markers), so that it cannot be seen.

The render stage writes the problems into the figure's sidecar (``layout_problems``), so a
figure that needs attention says so.
"""

from __future__ import annotations

import re

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text


def _data(ax: Axes) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, (P, 2) data coordinates, (P, 2) display coordinates) of every visible line and
    scatter of ``ax``; display coordinates follow each artist's own transform (a gap mark
    placed in axes units along y lands where it is drawn)."""
    out = []
    for line in ax.get_lines():
        if line.get_visible():
            out.append((str(line.get_label()), np.asarray(line.get_xydata(), dtype=float),
                        line.get_transform()))
    for coll in ax.collections:
        if isinstance(coll, PathCollection) and coll.get_visible():
            out.append((str(coll.get_label()), np.asarray(coll.get_offsets(), dtype=float),
                        coll.get_offset_transform()))
    result = []
    for label, xy, transform in out:
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size:
            result.append((label, xy, transform.transform(xy)))
    return result


def _legend_problems(ax: Axes, renderer, where: str) -> list[str]:
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return []
    box = legend.get_window_extent(renderer)
    problems = []
    for label, _, px in _data(ax):
        inside = ((px[:, 0] > box.x0) & (px[:, 0] < box.x1)
                  & (px[:, 1] > box.y0) & (px[:, 1] < box.y1))
        if inside.any():
            name = label if not label.startswith("_") else "an unlabelled curve"
            problems.append(f"{where}: the legend covers {int(inside.sum())} data point(s) of "
                            f"{name}")
    for axis_label in (ax.xaxis.label, ax.yaxis.label):
        if axis_label.get_text() and box.overlaps(axis_label.get_window_extent(renderer)):
            problems.append(f"{where}: the legend covers the axis label "
                            f"'{axis_label.get_text()}'")
    return problems


def _count_axis_problems(ax: Axes, where: str) -> list[str]:
    problems = []
    for k, (axis, name) in enumerate(((ax.xaxis, "x"), (ax.yaxis, "y"))):
        values = np.unique(np.concatenate([xy[:, k] for _, xy, _ in _data(ax)] or [np.zeros(0)]))
        if values.size < 2 or not np.all(values == np.round(values)) or \
                not np.all(np.diff(values) == 1):
            continue
        lo, hi = sorted(axis.get_view_interval())
        ticks = [t for t in axis.get_majorticklocs() if lo - 1e-9 <= t <= hi + 1e-9]
        fractional = [t for t in ticks if abs(t - round(t)) > 1e-9]
        if fractional:
            problems.append(f"{where}: the {name} axis counts ({values[0]:g}…{values[-1]:g}) "
                            f"but has fractional ticks {[round(float(t), 3) for t in fractional]}")
    return problems


def _covers(top: Line2D, low: Line2D) -> bool:
    """Whether ``top`` (drawn later) hides ``low`` completely."""
    solid = top.get_linestyle() in ("-", "solid") and top.get_linewidth() >= low.get_linewidth()
    no_line = low.get_linestyle() in ("None", "none", "", " ")
    marker = low.get_marker() in ("None", "none", "", " ", None) or (
        top.get_marker() == low.get_marker() and top.get_markersize() >= low.get_markersize())
    return (solid or no_line and top.get_marker() == low.get_marker()) and marker


def _hidden_problems(ax: Axes, where: str) -> list[str]:
    """Curves whose every point is within half a pixel of a curve drawn over them."""
    lines = [line for line in ax.get_lines() if line.get_visible()
             and not str(line.get_label()).startswith("_")]
    order = sorted(range(len(lines)), key=lambda i: (lines[i].get_zorder(), i))
    px = [line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
          for line in lines]
    problems = []
    for a, i in enumerate(order):
        for j in order[a + 1:]:
            if px[i].shape != px[j].shape or len(px[i]) < 2:
                continue
            both = np.all(np.isfinite(px[i]), axis=1) & np.all(np.isfinite(px[j]), axis=1)
            if both.sum() >= 2 and np.all(np.abs(px[i] - px[j])[both] <= 0.5) \
                    and _covers(lines[j], lines[i]):
                problems.append(f"{where}: {lines[i].get_label()} is hidden under "
                                f"{lines[j].get_label()} (the curves coincide: show both)")
                break
    return problems


def _underscore_problems(fig: Figure) -> list[str]:
    """Visible texts with an underscore outside mathtext ``$…$`` (drawn literally)."""
    problems = []
    for text in fig.findobj(Text):
        content = text.get_text()
        if text.get_visible() and "_" in re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", content):
            problems.append(f"a literal underscore in the text '{content}' (use mathtext)")
    return sorted(set(problems))


def single_point_curves(fig: Figure) -> list[str]:
    """Labels of the legend curves that have one point only (a sweep of one value at this
    scale: drawn as a lone marker, which the figure's footer then explains)."""
    out = []
    for ax in fig.axes:
        for line in ax.get_lines():
            xy = np.asarray(line.get_xydata(), dtype=float)
            label = str(line.get_label())
            if line.get_visible() and not label.startswith("_") and \
                    int(np.all(np.isfinite(xy), axis=1).sum()) == 1:
                out.append(label)
    return out


def layout_problems(fig: Figure) -> list[str]:
    """The layout problems of a drawn figure (empty when none).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure as it will be saved (drawn here once to place legends and ticks).

    Returns
    -------
    list of str
        One sentence per problem, naming the panel ("axes i", in ``fig.axes`` order).
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    for i, ax in enumerate(fig.axes):
        where = f"axes {i}" + (f" ({ax.get_title()})" if ax.get_title() else "")
        problems += _legend_problems(ax, renderer, where)
        problems += _count_axis_problems(ax, where)
        problems += _hidden_problems(ax, where)
    return problems + _underscore_problems(fig)
