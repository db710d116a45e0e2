"""The convex-solve helper's direct LP path against cvxpy and scipy's HiGHS."""

from __future__ import annotations

import cvxpy as cp
import numpy as np
import pytest
from scipy.optimize import linprog

from isac.core import cvx


def _random_lp(rng, n=6, m=9):
    A = rng.standard_normal((m, n))
    x0 = rng.random(n)
    b = A @ x0 + rng.random(m)                        # x0 strictly feasible
    return rng.standard_normal(n), np.vstack([A, -np.eye(n), np.ones((1, n))]), \
        np.concatenate([b, np.zeros(n), [x0.sum() + 5.0]])


def test_the_direct_lp_matches_cvxpy_and_highs():
    rng = np.random.default_rng(0)
    for _ in range(20):
        c, A_ub, b_ub = _random_lp(rng)
        A_eq, b_eq = np.ones((1, len(c))), np.array([1.0])
        x, status = cvx.linear_program(c, A_ub, b_ub, A_eq, b_eq)
        ref = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=(None, None),
                      method="highs")
        if ref.status == 2:
            assert status == "infeasible"
            continue
        assert status == "optimal"
        assert c @ x == pytest.approx(ref.fun, abs=1e-7)
        v = cp.Variable(len(c))
        cp.Problem(cp.Minimize(c @ v), [A_ub @ v <= b_ub, A_eq @ v == b_eq]).solve()
        assert c @ x == pytest.approx(c @ v.value, abs=1e-6)
        assert np.all(A_ub @ x <= b_ub + 1e-7)


def test_the_direct_lp_reports_infeasible_and_unbounded():
    A = np.array([[1.0], [-1.0]])
    assert cvx.linear_program(np.array([1.0]), A, np.array([-1.0, -1.0])) == (None, "infeasible")
    assert cvx.linear_program(np.array([-1.0]), np.array([[-1.0]]), np.array([0.0])) == \
        (None, "unbounded")


class PanicException(BaseException):
    """Stands in for pyo3's class of the same name (a Rust panic in the solver)."""


def test_a_solver_panic_is_a_solver_error_not_a_crash(monkeypatch):
    x = cp.Variable(2)
    problem = cp.Problem(cp.Minimize(cp.sum(x)), [x >= 0])
    calls = []

    def panicking_solve(*args, **kwargs):
        calls.append(kwargs)
        raise PanicException("index out of bounds")

    monkeypatch.setattr(problem, "solve", panicking_solve)
    assert cvx.solve(problem, attempts=[{}, {"max_iter": 5}]) == cvx.SOLVER_ERROR
    assert len(calls) == 2                             # every attempt was tried
    assert cvx.failure(cvx.SOLVER_ERROR) == cvx.SOLVER_ERROR

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(problem, "solve", interrupted)
    with pytest.raises(KeyboardInterrupt):              # other BaseExceptions still propagate
        cvx.solve(problem)


def test_a_panic_in_the_direct_lp_is_a_solver_error(monkeypatch):
    def panicking_solver(*args, **kwargs):
        raise PanicException("assertion failed")
    monkeypatch.setattr(cvx.clarabel, "DefaultSolver", panicking_solver)
    c, A_ub, b_ub = _random_lp(np.random.default_rng(1))
    assert cvx.linear_program(c, A_ub, b_ub) == (None, cvx.SOLVER_ERROR)
