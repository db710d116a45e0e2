"""Algorithm 1 (K-ROP, D-ROP): ascent of the penalised objective, feasible designs, no loss
against the start, and the same optimum as a second method (SLSQP) on a small problem."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from isac.studies.kld_isac import problems as pr
from isac.studies.kld_isac import projected_gradient as pg
from tests.studies.kld_isac.instances import small


@pytest.mark.parametrize("objective", ["kld", "pd"])
@pytest.mark.parametrize("seed", [5, 6])
def test_each_step_raises_the_penalised_objective_and_ends_feasible(objective, seed):
    inst, W_c, W0 = small(seed)
    r = pg.projected_gradient(pr.radar_design(inst, W_c, objective),
                              pg.radial_projection(0.5, 1), W0, max_iter=300)
    assert r.status in ("converged", "max_iter") and r.usable
    assert r.extra["phi_gain"] >= 0.0                         # Armijo: φ_n never falls
    assert np.vdot(r.design["W"], r.design["W"]).real <= 0.5 * (1 + 1e-12)
    assert r.history[-1] >= r.history[0] - 1e-12               # never below the start
    if r.violation == 0.0:
        assert (inst.radar_kld(r.design["W"], W_c) >= inst.A - 1e-9).all()
        assert (inst.comm_kld(W_c, r.design["W"]) >= inst.B - 1e-9).all()
    assert len(r.history) == r.iterations + 1


def test_k_rop_reaches_the_optimum_of_a_second_method():
    """SLSQP on the real parameterisation, same start, same constraints."""
    inst, W_c, W0 = small()
    vg = pr.radar_design(inst, W_c, "kld")
    r = pg.projected_gradient(vg, pg.radial_projection(0.5, 1), W0, max_iter=5000, eps=1e-9,
                              restart_step=True)
    T, N = W0.shape[:2]

    def unpack(v):
        return (v[:T * N] + 1j * v[T * N:]).reshape(T, N, 1)

    def negf(v):
        f, _, gf, _ = vg(unpack(v))       # G = 2∂f/∂W*: ∂f/∂Re W = Re G, ∂f/∂Im W = Im G
        return -f, -np.r_[gf.real.ravel(), gf.imag.ravel()]

    cons = [{"type": "ineq", "fun": lambda v: 0.5 - np.sum(v**2)},
            {"type": "ineq", "fun": lambda v: inst.radar_kld(unpack(v), W_c) - inst.A},
            {"type": "ineq", "fun": lambda v: inst.comm_kld(W_c, unpack(v)) - inst.B}]
    s = minimize(negf, np.r_[W0.real.ravel(), W0.imag.ravel()], jac=True, constraints=cons,
                 method="SLSQP", options={"maxiter": 2000, "ftol": 1e-12})
    assert s.success and r.status == "converged"
    assert r.history[-1] == pytest.approx(-s.fun, rel=1e-6)


def test_an_infeasible_floor_grows_the_penalty_weight():
    inst, W_c, W0 = small(floor=50.0)                       # KLD floors out of reach
    r = pg.projected_gradient(pr.radar_design(inst, W_c, "kld"),
                              pg.radial_projection(0.5, 1), W0, max_iter=20)
    assert r.violation > 0 and r.extra["rho"] == pytest.approx(1.5**20)


def test_the_projection_scales_only_what_exceeds_the_budget():
    project = pg.radial_projection(2.0, 4)
    inside = np.full((1, 3, 4), 0.5 + 0j)                   # power 3·4·0.25/4 = 0.75
    assert project(inside) is inside
    outside = 4 * inside                                    # power 12
    assert np.vdot(project(outside), project(outside)).real / 4 == pytest.approx(2.0)
