"""The per-point contract that every scheme of every study follows (docs/architecture.md,
"The per-point contract").

A scheme is one function of one point::

    solve_point(q, options, draw, chunk) -> PointResult

``q``
    The model parameters at the point: the study's ``at_point(model, x)``, or the model itself
    for a scheme whose design does not depend on x.
``options``
    The scheme's own block of the study config (``schemes.<name>``, scenario and scale
    overrides applied).
``draw``
    The channel tensors of one seed (the channel table's arrays without the seed axis) and
    ``seed``, its index.
``chunk``
    A dictionary shared by the calls of one chunk, for what may be reused across points
    (compiled convex problems, a solve shared by several x). It starts as ``{"n_x": X}``.

:func:`solve_points` is the one loop over a chunk's (seed, x) points: it records a failure as a
status row, pads designs of different sizes to one shape, keeps per-iteration histories in one
layout and returns the columns the solve stage writes. This module sits below the stage runner
(it imports NumPy only), so study code that imports it never pulls pipeline plumbing into a
solver's code version.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: solver columns of every solution and metric table, after ``seed`` and ``x``
SOLVER_COLUMNS = ("status", "iterations", "runtime_s")
#: the status of a valid design; anything else is a failure, excluded from means and counted
OK = "ok"
#: exceptions of numerical origin that turn one point into a status row
#: (``exception_<Type>``); any other exception is a programming error and fails the job
NUMERICAL_ERRORS = (np.linalg.LinAlgError, ArithmeticError)

Params = dict[str, Any]
#: one seed's channel tensors (and its ``seed``)
Draw = dict[str, Any]
Columns = dict[str, np.ndarray]


@dataclass
class PointResult:
    """What a scheme returns for one (seed, x) point.

    Attributes
    ----------
    design : dict of str to ndarray
        Design tensors of the point, e.g. ``W_c`` (N_t, K) complex. A tensor whose size
        varies with x (an N_t or K sweep) is zero-padded at the end of each axis by
        :func:`solve_points`; evaluation slices it back with the point's sizes.
    status : str
        ``"ok"`` for a valid design; otherwise a short reason (``"diverged"``,
        ``"solver_infeasible"``, ...). Failed designs are stored as NaN.
        A failed point may return an empty ``design``; a numerical exception raised by the
        scheme (:data:`NUMERICAL_ERRORS`) becomes such a point with status
        ``exception_<Type>``.
    iterations : int
        Iterations the method ran (0 for closed forms).
    runtime_s : float
        Wall-clock seconds of this point's solve.
    history : ndarray or None
        Per-iteration quantities, shape (iterations, Q), kept when the scheme's options set
        ``store_history``; a failed run returns an empty (0, Q) array.
    """

    design: dict[str, np.ndarray]
    status: str = OK
    iterations: int = 0
    runtime_s: float = 0.0
    history: np.ndarray | None = field(default=None, repr=False)


SolvePoint = Callable[[Params, Params, Draw, Params], PointResult]
AtPoint = Callable[[Params, float], Params]


def history_length(options: Params) -> int | None:
    """Rows of stored history: ``history_len`` if set, else the scheme's ``max_iter``; None
    when ``store_history`` is off."""
    if not options.get("store_history", False):
        return None
    return int(options.get("history_len") or options["max_iter"])


def fixed_history(result: PointResult, n: int, width: int) -> np.ndarray:
    """(n, width) history: the run's rows, then its last row repeated (a run that stopped
    early holds its final value); truncated at n rows; NaN for a failed or empty run."""
    out = np.full((n, width), np.nan)
    h = result.history
    if result.status != OK or h is None or not len(h):
        return out
    out[:] = h[min(len(h), n) - 1]
    out[: min(len(h), n)] = h[:n]
    return out


def history_entities(n: int) -> list[str]:
    """Entity labels of a stored history's iteration axis: "1", "2", … (one per row).

    Parameters
    ----------
    n : int
        Rows of the history.

    Returns
    -------
    list of str
        Labels "1" … str(n).
    """
    return [str(t) for t in range(1, n + 1)]


def pad_stack(arrays: list[np.ndarray]) -> np.ndarray:
    """Stack arrays of equal rank, zero-padding each at the end of every axis to the largest
    shape (rows beyond a point's N_t, columns beyond its K)."""
    shape = np.max([a.shape for a in arrays], axis=0)
    dtype = np.result_type(*arrays)
    out = np.zeros((len(arrays), *shape), dtype=dtype)
    for i, a in enumerate(arrays):
        out[(i, *(slice(0, n) for n in a.shape))] = a
    return out


def _guarded(solve_point: SolvePoint, q: Params, options: Params, draw: Draw, chunk: Params,
             point: tuple[int, float]) -> PointResult:
    """``solve_point`` with numerical exceptions turned into a status row (and a log line)."""
    start = time.perf_counter()
    try:
        return solve_point(q, options, draw, chunk)
    except NUMERICAL_ERRORS as err:
        name = type(err).__name__
        print(f"seed {point[0]}, x = {point[1]}: {name}: {err}", file=sys.stderr)
        return PointResult({}, f"exception_{name}", 0, time.perf_counter() - start)


def solve_points(solve_point: SolvePoint, at_point: AtPoint, model: Params, options: Params,
                 draws: dict[str, np.ndarray], seeds: np.ndarray, x: np.ndarray,
                 per_seed: bool = False) -> tuple[Columns, dict[str, np.ndarray]]:
    """Run one scheme on every (seed, x) point of a chunk, seed-major.

    Parameters
    ----------
    solve_point, at_point
        The scheme's per-point function and the study's sweep map (module docstring).
    model, options : dict
        The scenario's model parameters and the scheme's options.
    draws : dict of str to ndarray
        Channel tensors, each of shape (S, ...).
    seeds : ndarray, shape (S,)
        Seeds of the chunk, in the order of ``draws``.
    x : ndarray, shape (X,)
        The sweep grid.
    per_seed : bool
        The design does not depend on x: one point per seed, stored with x = NaN and valid
        for every x.

    Returns
    -------
    columns : dict
        ``seed`` (int64), ``x`` (float) and the solver columns, one row per point.
    tensors : dict
        The stacked designs (NaN for failed points) and, with ``store_history``, ``history``
        of shape (points, n, Q) (:func:`fixed_history`).
    """
    if not len(seeds):
        raise ValueError("a chunk needs at least one seed")
    points = [np.nan] if per_seed else [float(v) for v in x]
    chunk: dict[str, Any] = {"n_x": len(points)}
    n_hist = history_length(options)
    rows: list[tuple[int, float, str, int, float]] = []
    results: list[PointResult] = []
    for i, seed in enumerate(seeds):
        draw = {name: values[i] for name, values in draws.items()} | {"seed": int(seed)}
        for xv in points:
            q = model if per_seed else at_point(model, xv)
            r = _guarded(solve_point, q, options, draw, chunk, (int(seed), xv))
            rows.append((int(seed), xv, r.status, int(r.iterations), float(r.runtime_s)))
            results.append(r)
    columns = {"seed": np.array([r[0] for r in rows], dtype=np.int64),
               "x": np.array([r[1] for r in rows], dtype=float),
               "status": np.array([r[2] for r in rows], dtype=str),
               "iterations": np.array([r[3] for r in rows], dtype=np.int64),
               "runtime_s": np.array([r[4] for r in rows], dtype=float)}
    failed = columns["status"] != OK
    tensors = {}
    shapes = next((r.design for r in results if r.design), {})
    for name, template in shapes.items():
        stacked = pad_stack([np.asarray(r.design.get(name, np.zeros_like(template)))
                             for r in results])
        if failed.any():
            stacked = stacked.astype(np.result_type(stacked, float))
            stacked[failed] = np.nan
        tensors[name] = stacked
    if n_hist is not None:
        widths = {r.history.shape[1] for r in results if r.history is not None}
        widths = widths or {1}      # every point raised: there is no history to keep
        if len(widths) != 1:
            raise ValueError(f"store_history is set but the histories have widths {widths}; "
                             "every point must return a (iterations, Q) history")
        width = widths.pop()
        tensors["history"] = np.stack([fixed_history(r, n_hist, width) for r in results])
    return columns, tensors
