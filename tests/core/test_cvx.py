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
