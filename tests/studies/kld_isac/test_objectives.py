"""Optimiser objectives of kld_isac: low-rank forms against the dense ones, every gradient
against central finite differences (relative error ≤ 1e-5, issue 17 item 2)."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core.comm import sinr as sinr_dense
from isac.core.comm import user_powers
from isac.studies.kld_isac import objectives as ob
from isac.studies.kld_isac.kld import kld_radar, radar_eigenvalues


def _cn(rng, *shape):
    return (rng.normal(size=shape) + 1j * rng.normal(size=shape)) / np.sqrt(2)


def instance(n: int, seed: int = 0):
    """A small random problem: N = 6, K = 2, T = 2, n radar columns per target."""
    rng = np.random.default_rng(seed)
    N, K, T = 6, 2, 2
    return {"H": _cn(rng, T, N, N) / np.sqrt(N), "G": _cn(rng, K, N),
            "W_r": 0.3 * _cn(rng, T, N, n), "W_c": 0.3 * _cn(rng, N, K),
            "g_r": rng.uniform(0.5, 2.0, T), "g_c": rng.uniform(0.5, 2.0, K),
            "sigma2": 0.05, "b": rng.uniform(0.2, 1.0, T), "a": rng.uniform(0.2, 1.0, K),
            "E_r": _cn(rng, T, N, n), "E_c": _cn(rng, N, K)}


def directional(f, X, E, h=1e-6):
    """Central difference of f along E at X."""
    return (f(X + h * E) - f(X - h * E)) / (2 * h)


def inner(G, E):
    """df along E for a gradient G in the convention df = Re tr(Gᴴ dW)."""
    return float(np.real(np.vdot(G, E)))


@pytest.mark.parametrize("n", [1, 3])
def test_low_rank_radar_kld_equals_the_dense_eigenvalue_form(n):
    p = instance(n)
    Q = ob.echo_gram(p["H"], p["g_r"])
    terms = ob.radar_terms(Q, ob.transmit_factor(p["W_r"], p["W_c"]), p["sigma2"])
    R = p["W_r"] @ np.conj(np.swapaxes(p["W_r"], -1, -2)) / n + p["W_c"] @ p["W_c"].conj().T
    dense = kld_radar(radar_eigenvalues(p["H"], R, p["g_r"]), p["sigma2"])
    np.testing.assert_allclose(terms.kld, dense, rtol=1e-10)
    alone = ob.radar_terms(Q, ob.transmit_factor(p["W_r"], None), p["sigma2"]).kld
    R_alone = p["W_r"] @ np.conj(np.swapaxes(p["W_r"], -1, -2)) / n
    np.testing.assert_allclose(
        alone, kld_radar(radar_eigenvalues(p["H"], R_alone, p["g_r"]), p["sigma2"]), rtol=1e-10)


@pytest.mark.parametrize("n", [1, 3])
def test_radar_gradients_match_finite_differences_and_the_dense_form(n):
    p = instance(n, seed=1)

    Q = ob.echo_gram(p["H"], p["g_r"])

    def f(W_r, W_c):
        return float(p["b"] @ ob.radar_terms(Q, ob.transmit_factor(W_r, W_c), p["sigma2"]).kld)

    base_r, base_c = ob.kld_radar_grads(
        ob.radar_terms(Q, ob.transmit_factor(p["W_r"], p["W_c"]), p["sigma2"]), n, p["sigma2"])
    U = np.sqrt(p["g_r"])[:, None, None] * (p["H"] @ ob.transmit_factor(p["W_r"], p["W_c"]))
    grad_r = p["b"][:, None, None] * base_r
    grad_c = np.einsum("t,tnk->nk", p["b"], base_c)
    fd_r = directional(lambda W: f(W, p["W_c"]), p["W_r"], p["E_r"])
    fd_c = directional(lambda W: f(p["W_r"], W), p["W_c"], p["E_c"])
    assert inner(grad_r, p["E_r"]) == pytest.approx(fd_r, rel=1e-5)
    assert inner(grad_c, p["E_c"]) == pytest.approx(fd_c, rel=1e-5)
    # the spec's dense form: (2 g/(n ln 2)) Hᴴ A H W_r with A = R_2⁻¹ − σ² R_2⁻²
    N = p["H"].shape[-1]
    for t in range(2):
        R2 = U[t] @ U[t].conj().T + p["sigma2"] * np.eye(N)
        Ri = np.linalg.inv(R2)
        A = Ri - p["sigma2"] * Ri @ Ri
        B = p["H"][t].conj().T @ A @ p["H"][t]
        dense_r = 2 * p["g_r"][t] / (n * np.log(2)) * B @ p["W_r"][t] * p["b"][t]
        np.testing.assert_allclose(grad_r[t], dense_r, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("n", [1, 3])
def test_sinr_gradients_match_finite_differences(n):
    p = instance(n, seed=2)

    def f(W_c, W_r):
        s, _, _ = ob.comm_terms(p["G"], W_c, W_r, p["g_c"], p["sigma2"])
        return float(p["a"] @ s)

    s, D, C = ob.comm_terms(p["G"], p["W_c"], p["W_r"], p["g_c"], p["sigma2"])
    grad_c, grad_r = ob.sinr_grads(p["G"], p["W_r"], p["g_c"], s, D, C, p["a"])
    fd_c = directional(lambda W: f(W, p["W_r"]), p["W_c"], p["E_c"])
    fd_r = directional(lambda W: f(p["W_c"], W), p["W_r"], p["E_r"])
    assert inner(grad_c, p["E_c"]) == pytest.approx(fd_c, rel=1e-5)
    assert inner(grad_r, p["E_r"]) == pytest.approx(fd_r, rel=1e-5)


def test_sinr_with_statistical_interference_matches_the_shared_form_and_its_gradient():
    p = instance(1, seed=3)
    eta = np.array([0.2, 0.3])
    s, D, C = ob.comm_terms(p["G"], p["W_c"], None, p["g_c"], p["sigma2"], sigma_eta2=eta)
    desired, iui = user_powers(p["G"], p["W_c"])
    np.testing.assert_allclose(s, sinr_dense(desired, iui, p["g_c"], eta), rtol=1e-12)
    grad_c, grad_r = ob.sinr_grads(p["G"], None, p["g_c"], s, D, C, p["a"])
    assert grad_r is None

    def f(W_c):
        return float(p["a"] @ ob.comm_terms(p["G"], W_c, None, p["g_c"], p["sigma2"],
                                            sigma_eta2=eta)[0])

    assert inner(grad_c, p["E_c"]) == pytest.approx(directional(f, p["W_c"], p["E_c"]),
                                                     rel=1e-5)


@pytest.mark.parametrize("value", [0.5, 4.0, 12.0])
def test_pd_and_ber_slopes_match_finite_differences(value):
    pd, slope = ob.pd_map(np.array(value), 1e-4)
    fd = (ob.pd_map(np.array(value + 1e-6), 1e-4)[0] - ob.pd_map(np.array(value - 1e-6),
                                                                 1e-4)[0]) / 2e-6
    assert slope == pytest.approx(fd, rel=1e-5)
    ber, slope = ob.ber_qpsk(np.array(value))
    fd = (ob.ber_qpsk(np.array(value + 1e-6))[0] - ob.ber_qpsk(np.array(value - 1e-6))[0]) / 2e-6
    assert slope == pytest.approx(fd, rel=1e-5)
    assert 0 < pd < 1 and 0 < ber < 0.5


def test_hinge_penalty_and_its_weights():
    penalty, w = ob.hinge_weights(np.array([8.0, 12.0, 9.5]), 10.0)
    assert penalty == pytest.approx(4.0 + 0.25)
    np.testing.assert_allclose(w, [-4.0, 0.0, -1.0])
