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
    """Solve ``problem``, trying the option sets of ``attempts`` in turn (each on top of
    :data:`BASE_OPTIONS`) until one runs without raising.

    Returns the cvxpy status of that attempt, or :data:`SOLVER_ERROR` when every attempt
    raised. cvxpy's accuracy warnings are silenced: an ``optimal_inaccurate`` status is
    returned as such.
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
    """None for a solved status; otherwise the status row to record (``solver_error`` or
    ``solver_<cvxpy status>``)."""
    if status in SOLVED:
        return None
    return status if status == SOLVER_ERROR else f"solver_{status}"
