"""The one convex-solve helper: solver options, fallbacks and status mapping.

Every convex problem of the package is solved through :func:`solve`, with one solver thread
(parallelism comes from jobs; it also keeps results reproducible). Small linear programs
solved per sample take the direct path :func:`linear_program`: the same Clarabel solver fed
the standard conic form without cvxpy's per-solve canonicalisation (4× faster on a 9-variable
LP; a test checks it against cvxpy and scipy's HiGHS).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import clarabel
import cvxpy as cp
import numpy as np
import scipy.sparse as sp

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
        except BaseException as exc:
            if not is_panic(exc):
                raise
            continue
        return problem.status
    return SOLVER_ERROR


def is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a solver's Rust panic (pyo3's ``PanicException``, e.g. Clarabel's).

    pyo3 derives it from ``BaseException``, so ``except Exception`` misses it and it would end
    the job; it is recognised by name because pyo3 creates its class only at the first panic.
    """
    return type(exc).__name__ == "PanicException"


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


#: Clarabel statuses of :func:`linear_program`, mapped to cvxpy's names
_CLARABEL_STATUS = {"Solved": "optimal", "AlmostSolved": "optimal_inaccurate",
                    "PrimalInfeasible": "infeasible", "AlmostPrimalInfeasible": "infeasible",
                    "DualInfeasible": "unbounded", "AlmostDualInfeasible": "unbounded"}


def linear_program(c: np.ndarray, A_ub: np.ndarray, b_ub: np.ndarray,
                   A_eq: np.ndarray | None = None, b_eq: np.ndarray | None = None
                   ) -> tuple[np.ndarray | None, str]:
    """Minimise cᵀx subject to A_ub x ≤ b_ub and A_eq x = b_eq, with Clarabel directly.

    Parameters
    ----------
    c : ndarray, shape (n,)
        Cost vector.
    A_ub, b_ub : ndarray, shapes (m, n), (m,)
        Inequality rows (bounds such as x ≥ 0 included by the caller as −I x ≤ 0).
    A_eq, b_eq : ndarray, shapes (e, n), (e,), optional
        Equality rows.

    Returns
    -------
    x : ndarray, shape (n,), or None
        The minimiser when the status is solved (:data:`SOLVED`).
    status : str
        In cvxpy's vocabulary: ``optimal``, ``optimal_inaccurate``, ``infeasible``,
        ``unbounded``, ``solver_<Clarabel status>`` (e.g. iteration limits), or
        :data:`SOLVER_ERROR` when the solver panicked.
    """
    n = c.shape[0]
    blocks, rhs, cones = [], [], []
    if A_eq is not None and len(A_eq):
        blocks.append(A_eq)
        rhs.append(b_eq)
        cones.append(clarabel.ZeroConeT(A_eq.shape[0]))
    blocks.append(A_ub)
    rhs.append(b_ub)
    cones.append(clarabel.NonnegativeConeT(A_ub.shape[0]))
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_threads = 1
    try:
        solver = clarabel.DefaultSolver(sp.csc_matrix((n, n)), np.asarray(c, dtype=float),
                                        sp.csc_matrix(np.vstack(blocks)), np.concatenate(rhs),
                                        cones, settings)
        solution = solver.solve()
    except BaseException as exc:
        if not is_panic(exc):
            raise
        return None, SOLVER_ERROR
    status = _CLARABEL_STATUS.get(str(solution.status), f"solver_{solution.status}")
    return (np.array(solution.x) if status in SOLVED else None), status
