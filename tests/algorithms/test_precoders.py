"""ZF, MRT and the CIC radar baseline (spec kld_isac §2)."""

from __future__ import annotations

import numpy as np

from isac.algorithms.precoders import cic_covariance, matched_filter, zero_forcing
from isac.metrics.comm import user_powers
from isac.models.channels import complex_gaussian


def test_zf_removes_inter_user_interference_and_meets_power():
    rng = np.random.default_rng(0)
    G = complex_gaussian(rng, (50, 3, 20))
    W = zero_forcing(G, 0.5)
    A = np.abs(G @ W)
    off = A * (1 - np.eye(3))
    assert off.max() <= 1e-10 * A.max()
    np.testing.assert_allclose(np.sum(np.abs(W) ** 2, axis=(1, 2)), 0.5, rtol=1e-12)


def test_zf_power_weights_set_the_desired_power_ratio():
    rng = np.random.default_rng(1)
    G = complex_gaussian(rng, (3, 20))
    p = np.array([0.1, 0.3, 0.6])
    desired, iui = user_powers(G, zero_forcing(G, 1.0, p))
    np.testing.assert_allclose(desired / desired.sum(), p, rtol=1e-10)
    assert iui.max() < 1e-20


def test_mrt_power():
    rng = np.random.default_rng(2)
    W = matched_filter(complex_gaussian(rng, (4, 3, 20)), 0.7)
    np.testing.assert_allclose(np.sum(np.abs(W) ** 2, axis=(1, 2)), 0.7, rtol=1e-12)


def test_cic_covariance_mean_and_rank():
    rng = np.random.default_rng(3)
    N, T, P_r, draws = 8, 3, 0.5, 20_000
    R = cic_covariance(complex_gaussian(rng, (draws, T, N, 1)), P_r, N, T)
    total = R.sum(axis=1)                                 # Σ_t R_t, per draw
    diag = total.diagonal(axis1=1, axis2=2).real
    se = diag.std(axis=0, ddof=1) / np.sqrt(draws)
    assert np.all(np.abs(diag.mean(axis=0) - P_r / N) < 4 * se)
    off = np.abs(total.mean(axis=0) - np.diag(np.diag(total.mean(axis=0))))
    assert off.max() < 4 * diag.std() / np.sqrt(draws)
    assert np.all(np.linalg.matrix_rank(R[:20], hermitian=True) == 1)
    full = cic_covariance(complex_gaussian(rng, (5, T, N, 50)), P_r, N, T)
    assert np.all(np.linalg.matrix_rank(full, hermitian=True) == N)
