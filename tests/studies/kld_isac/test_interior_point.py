"""Algorithm 2 (K-COP, B-COP): the barrier gradient against finite differences, feasible
iterates, no loss against a feasible start, "infeasible" when the floors are out of reach,
and the same optimum as SLSQP on a small problem."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from isac.studies.kld_isac import interior_point as ip
from isac.studies.kld_isac import problems as pr
from isac.studies.kld_isac.projected_gradient import radial_projection
from tests.studies.kld_isac.instances import cn, small

ETA = np.array([0.3, 0.4])       # statistical radar interference plus noise at the users [W]


def design(objective: str, floor: float = 2.0, seed: int = 5):
    inst, W_c, W_r = small(seed, floor)
    values, gradient = pr.comm_design(inst, W_r, ETA, objective, ber_ceiling=0.2)
    return inst, W_c, W_r, values, gradient


@pytest.mark.parametrize("objective", ["kld", "ber"])
def test_the_barrier_gradient_matches_finite_differences(objective):
    _, W_c, _, values, gradient = design(objective)
    f, c, state = values(W_c)
    assert (c > 0).all()
    mu = 0.3
    d = gradient(W_c, state, mu / c)
    E = cn(np.random.default_rng(1), *W_c.shape)

    def psi(W):
        f_, c_, _ = values(W)
        return f_ + mu * np.sum(np.log(c_))

    h = 1e-6
    assert np.real(np.vdot(d, E)) == pytest.approx((psi(W_c + h * E) - psi(W_c - h * E))
                                                   / (2 * h), rel=1e-5)


@pytest.mark.parametrize("objective", ["kld", "ber"])
def test_from_a_feasible_start_iterates_stay_feasible_and_never_lose(objective):
    _, W_c, _, values, gradient = design(objective)
    r = ip.interior_point(values, gradient, W_c, radial_projection(0.5, 1))
    f, c, _ = values(r.design["W"])
    assert r.status == "converged" and r.usable and r.extra["feasible_from"] == 0
    assert (c > 0).all() and r.violation == 0.0
    assert np.vdot(r.design["W"], r.design["W"]).real <= 0.5 * (1 + 1e-12)
    assert r.history[-1] >= r.history[0]


def test_unreachable_floors_end_infeasible_once_the_violation_stalls():
    _, W_c, _, values, gradient = design("kld", floor=40.0)
    r = ip.interior_point(values, gradient, W_c, radial_projection(0.5, 1))
    assert r.status == "infeasible" and not r.usable and r.violation > 0
    assert r.iterations < 1000                                # stopped by the stall rule
    capped = ip.interior_point(values, gradient, W_c, radial_projection(0.5, 1), max_iter=20)
    assert capped.status == "infeasible" and capped.iterations == 20


def test_k_cop_reaches_the_optimum_of_a_second_method():
    """Solved tightly (many steps per μ) it meets SLSQP's optimum; with the defaults it stops
    where a KLD floor becomes active, within 0.1 % of it."""
    inst, W_c, _, values, gradient = design("kld")
    tight = ip.interior_point(values, gradient, W_c, radial_projection(0.5, 1),
                              max_iter=20000, eps=1e-10, mu_steps=1000)
    default = ip.interior_point(values, gradient, W_c, radial_projection(0.5, 1))
    N, K = W_c.shape

    def unpack(v):
        return (v[:N * K] + 1j * v[N * K:]).reshape(N, K)

    def negf(v):
        f, c, state = values(unpack(v))
        g = gradient(unpack(v), state, np.zeros_like(c))
        return -f, -np.r_[g.real.ravel(), g.imag.ravel()]

    cons = [{"type": "ineq", "fun": lambda v: 0.5 - np.sum(v**2)},
            {"type": "ineq", "fun": lambda v: values(unpack(v))[1]}]
    x0 = np.r_[W_c.real.ravel(), W_c.imag.ravel()]
    s = minimize(negf, x0, jac=True, constraints=cons, method="SLSQP",
                 options={"maxiter": 2000, "ftol": 1e-12})
    assert s.success and tight.status == default.status == "converged"
    assert tight.history[-1] == pytest.approx(-s.fun, rel=1e-6)
    assert default.history[-1] == pytest.approx(-s.fun, rel=1e-3)
