"""The convex-solve helper's direct LP path against cvxpy and scipy's HiGHS."""

from __future__ import annotations

import cvxpy as cp
import numpy as np
import pytest
from cvxpy.reductions.dgp2dcp.dgp2dcp import Dgp2Dcp
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


def _hermitian_sdp(n: int = 3):
    """A small complex SDP with every kind of parameter the studies use (complex, Hermitian,
    real vector, scalar) and a quadratic term: min ‖B w‖² − Re tr(C X) s.t. tr X ≤ p, X ⪰ 0,
    [X w; wᴴ 1] ⪰ 0, Re(aᴴXa) ≥ τ."""
    X = cp.Variable((n, n), hermitian=True)
    w = cp.Variable(n, complex=True)
    C = cp.Parameter((n, n), hermitian=True)
    B = cp.Parameter((2, n), complex=True)
    a = cp.Parameter((n, n), complex=True)
    tau, power = cp.Parameter(nonneg=True), cp.Parameter(nonneg=True)
    cons = [cp.real(cp.trace(X)) <= power, X >> 0,
            cp.bmat([[X, cp.reshape(w, (n, 1), order="F")],
                     [cp.reshape(cp.conj(w), (1, n), order="F"), np.ones((1, 1))]]) >> 0,
            cp.real(cp.sum(cp.multiply(a, X))) >= tau]
    problem = cp.Problem(cp.Minimize(cp.sum_squares(B @ w) - cp.real(cp.trace(C @ X))), cons)
    return problem, (C, B, a, tau, power), (X, w)


def _set(params, rng, infeasible=False):
    C, B, a, tau, power = params
    n = C.shape[0]
    G = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    C.value = 0.5 * (G + G.conj().T)
    B.value = rng.standard_normal((2, n)) + 1j * rng.standard_normal((2, n))
    v = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    a.value = np.outer(v.conj(), v) / np.vdot(v, v).real
    power.value = rng.uniform(0.5, 2.0)
    tau.value = 3 * power.value if infeasible else 0.3 * power.value


def _plain(monkeypatch):
    monkeypatch.setattr(cvx, "FAST_CVXPY", ("not this release",))


def test_compiled_fast_path_equals_the_plain_path_solve_by_solve(monkeypatch):
    """Same statuses, values and variables to the bit over a run of re-solves with new data
    (including infeasible ones), and the fast path stays in use."""
    runs = []
    for plain in (False, True):
        if plain:
            _plain(monkeypatch)
        problem, params, variables = _hermitian_sdp()
        compiled = cvx.Compiled(problem)
        assert (compiled.fallback is None) != plain
        rng, out = np.random.default_rng(3), []
        for k in range(12):
            _set(params, rng, infeasible=k % 4 == 3)
            status = compiled.solve()
            out.append((status, problem.value,
                        *[None if v.value is None else v.value.copy() for v in variables]))
        assert compiled.fallback is None or plain
        runs.append(out)
    assert [r[0] for r in runs[0]].count("infeasible") == 3
    for fast, plain in zip(*runs, strict=True):
        assert fast[:2] == plain[:2]
        for x, y in zip(fast[2:], plain[2:], strict=True):
            assert (x is None and y is None) or np.array_equal(x, y)


def test_compiled_maximisation_value_and_variables_match_cvxpy():
    x = cp.Variable(3)
    c = cp.Parameter(3)
    problem = cp.Problem(cp.Maximize(c @ x - cp.sum_squares(x)), [cp.sum(x) <= 1])
    compiled = cvx.Compiled(problem)
    c.value = np.array([1.0, -2.0, 0.5])
    for _ in range(2):                                 # the checked solve, then the fast one
        assert compiled.solve() == "optimal" and compiled.fallback is None
        np.testing.assert_allclose(x.value, [0.5, -1.0, 0.25], atol=1e-7)
        assert problem.value == pytest.approx(0.25 + 1.0 + 0.0625, abs=1e-7)


def test_compiled_falls_back_when_its_first_solve_disagrees(monkeypatch):
    problem, params, (X, _) = _hermitian_sdp()
    compiled = cvx.Compiled(problem)
    original = cvx.Compiled._unpack

    def corrupt(self, status, result, offset):
        original(self, status, result, offset)
        X.save_value(X.value + 1e-3)
    monkeypatch.setattr(cvx.Compiled, "_unpack", corrupt)
    _set(params, np.random.default_rng(0))
    with pytest.warns(RuntimeWarning, match="differs from cvxpy"):
        status = compiled.solve()
    assert status == "optimal" and "differs" in compiled.fallback
    reference, ref_params, (X_ref, _) = _hermitian_sdp()
    _set(ref_params, np.random.default_rng(0))
    reference.solve(solver="CLARABEL")
    np.testing.assert_array_equal(X.value, X_ref.value)   # the plain path's answer is kept

    def never(*args):
        raise AssertionError("the fast path ran after the fallback")
    monkeypatch.setattr(cvx.Compiled, "_solve_fast", never)
    _set(params, np.random.default_rng(1))
    assert compiled.solve() == "optimal"


def test_compiled_takes_the_plain_path_outside_its_cvxpy_releases(monkeypatch):
    _plain(monkeypatch)
    compiled = cvx.Compiled(_hermitian_sdp()[0])
    assert "not in FAST_CVXPY" in compiled.fallback
    assert "no fast path" in cvx.Compiled(_hermitian_sdp()[0], solver="SCS").fallback


def test_compiled_falls_back_on_what_it_does_not_model(monkeypatch):
    """A reduction that transforms parameters in a way not mirrored (here DGP's logarithm)
    stops the compilation; the problem is then solved by the plain path, with a warning."""
    with pytest.raises(NotImplementedError, match="Dgp2Dcp"):
        cvx._parameter_map(Dgp2Dcp())

    def unsupported(self):
        raise NotImplementedError("parameters transformed by Dgp2Dcp")
    monkeypatch.setattr(cvx.Compiled, "_compile", unsupported)
    x, c = cp.Variable(2), cp.Parameter(2)
    problem = cp.Problem(cp.Minimize(c @ x), [x >= 0, x <= 1])
    with pytest.warns(RuntimeWarning, match="plain cvxpy path"):
        compiled = cvx.Compiled(problem)
    c.value = np.array([1.0, -1.0])
    assert compiled.solve() == "optimal"
    np.testing.assert_allclose(x.value, [0.0, 1.0], atol=1e-7)


def test_a_panic_in_the_compiled_path_is_a_solver_error(monkeypatch):
    problem, params, _ = _hermitian_sdp()
    compiled = cvx.Compiled(problem)
    _set(params, np.random.default_rng(0))
    compiled.solve()

    def panicking_solver(*args, **kwargs):
        raise PanicException("assertion failed")
    monkeypatch.setattr(cvx.clarabel, "DefaultSolver", panicking_solver)
    problem._solver_cache.clear()
    assert compiled.solve(attempts=[{}, {"max_iter": 5}]) == cvx.SOLVER_ERROR
    assert compiled.fallback is None
