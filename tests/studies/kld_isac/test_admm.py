"""Algorithm 3 (K-IOP): the packed KLD_ISAC gradient against finite differences, a feasible
result above the start, and a local optimum that a second method (trust-constr) started there
cannot improve on a small problem. (SLSQP from the common start stops at a worse point with a
failed line search: KLD_ISAC rewards pouring SINR into one user, a hard landscape.)"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from isac.studies.kld_isac import admm as ad
from isac.studies.kld_isac import problems as pr
from tests.studies.kld_isac.instances import cn, small


def setup(seed: int = 5):
    inst, W_c, W_r = small(seed)
    packing = pr.Packing(*W_r.shape, W_c.shape[1])
    return inst, packing, pr.integrated_design(inst, packing), packing.pack(W_r, W_c)


@pytest.mark.parametrize("part", [0, 1])          # ∇f, ∇p
def test_the_packed_gradients_match_finite_differences(part):
    inst, packing, vg, z = setup()
    inst_low = pr.Instance(**{**inst.__dict__, "A": inst.A + 3.0, "B": inst.B + 3.0})
    vg = pr.integrated_design(inst_low, packing)              # make the penalty active
    assert vg(z)[1] > 0
    E = cn(np.random.default_rng(2), z.size)
    h = 1e-6
    fd = (vg(z + h * E)[part] - vg(z - h * E)[part]) / (2 * h)
    assert np.real(np.vdot(vg(z)[2 + part], E)) == pytest.approx(fd, rel=1e-5)


def test_k_iop_ends_feasible_and_above_its_start():
    inst, packing, vg, z = setup()
    r = ad.admm(vg, packing.projection(1.0), z)
    assert r.status == "converged" and r.usable
    assert packing.power(r.design["W"]) <= 1.0 * (1 + 1e-12)
    assert r.history[-1] > r.history[0]
    # a penalty method meets active floors from outside, to its accuracy: the weight grows
    # once per ADMM iteration (J's ρ_n), so at the stop (ρ_n ≈ 2e3 here) a quadratic penalty
    # leaves a gap of order (multiplier)/(2 ρ_n), a few 1e-4 bits on a 2-bit floor
    W_r, W_c = packing.unpack(r.design["W"])
    assert r.extra["rho_n"] > 1e3
    assert (inst.radar_kld(W_r, W_c) >= inst.A - 1e-3).all()
    assert (inst.comm_kld(W_c, W_r) >= inst.B - 1e-3).all() and r.violation < 1e-6


def test_no_second_method_improves_the_k_iop_design():
    inst, packing, vg, z = setup()
    r = ad.admm(vg, packing.projection(1.0), z, eps=1e-9, max_iter=5000)
    m = z.size

    def negf(v):
        f, _, gf, _ = vg(v[:m] + 1j * v[m:])
        return -f, -np.r_[gf.real, gf.imag]

    def margins(v):
        W_r, W_c = packing.unpack(v[:m] + 1j * v[m:])
        return np.r_[inst.radar_kld(W_r, W_c) - inst.A, inst.comm_kld(W_c, W_r) - inst.B]

    cons = [{"type": "ineq", "fun": lambda v: 1.0 - packing.power(v[:m] + 1j * v[m:])},
            {"type": "ineq", "fun": margins}]
    w = r.design["W"]
    s = minimize(negf, np.r_[w.real, w.imag], jac=True, constraints=cons,
                 method="trust-constr", options={"maxiter": 500})
    assert r.status == "converged"
    assert (margins(s.x) >= -1e-6).all()
    assert -s.fun <= r.history[-1] * (1 + 1e-4)


def test_the_value_only_path_and_the_cache_leave_the_run_unchanged():
    inst, packing, vg, z = setup()
    value = pr.integrated_design(inst, packing, gradient=False)
    for point in (z, 0.7 * z, z + 0.01 * cn(np.random.default_rng(3), z.size)):
        assert value(point) == vg(point)[:2]
    seen = []

    def counted(v):
        seen.append(v)
        return vg(v)

    a = ad.admm(counted, packing.projection(1.0), z, value=value, max_iter=50)
    b = ad.admm(vg, packing.projection(1.0), z, max_iter=50)
    np.testing.assert_array_equal(a.design["W"], b.design["W"])
    np.testing.assert_array_equal(a.history, b.history)
    # the start of each inner ascent is the previous one's end: served from the cache, so
    # no array is evaluated twice (``seen`` holds every array, so no id is reused)
    assert len({id(x) for x in seen}) == len(seen)
