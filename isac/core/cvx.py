"""The one convex-solve helper: solver options, fallbacks and status mapping.

Every convex problem of the package is solved through :func:`solve`, with one solver thread
(parallelism comes from jobs; it also keeps results reproducible).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import cvxpy as cp

#: options every solve of a solver gets
BASE_OPTIONS: dict[str, dict[str, Any]] = {"CLARABEL": {"max_threads": 1}}
#: cvxpy statuses whose solution is used (acceptance is then the caller's own check)
SOLVED = ("optimal", "optimal_inaccurate")
#: the status when every attempt raised
SOLVER_ERROR = "solver_error"


def solve(problem: cp.Problem, solver: str = "CLARABEL",
          attempts: Sequence[dict[str, Any]] = ({},)) -> str:
    """Solve a cvxpy problem, trying option sets in turn until one runs without raising.

    Each option set of ``attempts`` is applied on top of :data:`BASE_OPTIONS`. cvxpy's accuracy
    warnings are silenced: an ``optimal_inaccurate`` status is returned as such.

    Parameters
    ----------
    problem : cvxpy.Problem
        The problem; solved in place.
    solver : str, optional
        cvxpy solver name, default ``"CLARABEL"``.
    attempts : sequence of dict, optional
        Solver option sets, tried in order; default one attempt with no extra options.

    Returns
    -------
    str
        cvxpy status of the first attempt that did not raise, or :data:`SOLVER_ERROR` when
        every attempt raised.
    """
    for options in attempts:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                problem.solve(solver=solver, **(BASE_OPTIONS.get(solver, {}) | options))
        except (cp.SolverError, ValueError, ArithmeticError):
            continue
        return problem.status
    return SOLVER_ERROR


def failure(status: str) -> str | None:
    """Map a solve status to the failure status to record, if any.

    Parameters
    ----------
    status : str
        Status returned by :func:`solve`.

    Returns
    -------
    str or None
        None for a solved status (:data:`SOLVED`); otherwise the status row to record:
        ``solver_error`` or ``solver_<cvxpy status>``.
    """
    if status in SOLVED:
        return None
    return status if status == SOLVER_ERROR else f"solver_{status}"
