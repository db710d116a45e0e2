"""ZF, MRT and the CIC radar baseline (kld_isac spec §2, §7 items 4 and 24)."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core.channels import complex_gaussian
from isac.core.comm import user_powers
from isac.core.precoders import (
    cic_covariance,
    matched_filter,
    regularised_zero_forcing,
    zero_forcing,
)


def _frob2(W: np.ndarray) -> np.ndarray:
    return np.sum(np.abs(W) ** 2, axis=(-2, -1))


@pytest.mark.parametrize("batch", [(), (40,), (2, 5)])
def test_zf_removes_inter_user_interference(batch):
    rng = np.random.default_rng(10 + len(batch))
    K, N, P_c = 3, 20, 0.5
    G = complex_gaussian(rng, (*batch, K, N))
    W = zero_forcing(G, P_c)
    assert W.shape == (*batch, N, K)
    A = np.abs(G @ W)                                     # |h_kᵀ w_j|, rows k, columns j
    diag = np.diagonal(A, axis1=-2, axis2=-1)
    off = A * (1.0 - np.eye(K))
    # per user k: leakage to every other stream j ≤ 1e-10 · that user's desired amplitude
    assert np.all(off.max(axis=-1) <= 1e-10 * diag)
    np.testing.assert_allclose(_frob2(W), P_c, rtol=0, atol=1e-12)


def test_zf_unequal_power_weights():
    rng = np.random.default_rng(20)
    K, N, P_c = 3, 20, 0.5
    G = complex_gaussian(rng, (30, K, N))
    p = np.array([0.05, 0.15, 0.30])                      # Σ p_k = P_c
    W = zero_forcing(G, P_c, p)
    np.testing.assert_allclose(_frob2(W), P_c, rtol=0, atol=1e-12)
    desired, iui = user_powers(G, W)
    ratio = desired / p                                   # constant over k in each draw
    np.testing.assert_allclose(ratio, ratio[:, :1] * np.ones(K), rtol=1e-10)
    assert np.all(iui <= 1e-20 * desired.max(axis=-1, keepdims=True))
    # equal weights reproduce the unweighted precoder exactly
    np.testing.assert_allclose(zero_forcing(G, P_c, np.full(K, P_c / K)), zero_forcing(G, P_c),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("P_c", [0.1, 0.5, 0.7])
def test_mrt_normalisation_and_direction(P_c):
    rng = np.random.default_rng(30)
    K, N = 3, 20
    G = complex_gaussian(rng, (4, 5, K, N))
    W = matched_filter(G, P_c)
    np.testing.assert_allclose(_frob2(W), P_c, rtol=0, atol=1e-12)
    # columns are conj(h_k), all scaled by the same positive factor
    scale = W / np.conj(np.swapaxes(G, -1, -2))
    np.testing.assert_allclose(scale.imag, 0.0, atol=1e-12)
    np.testing.assert_allclose(scale.real, scale.real[..., :1, :1] * np.ones((N, K)), rtol=1e-12)
    assert np.all(scale.real > 0)


def test_cic_covariance_mean_is_scaled_identity():
    """Rank-1 CIC (n = 1): E[Σ_t R_t] = (P_r/N) I, checked entrywise by Monte Carlo."""
    rng = np.random.default_rng(40)
    N, T, P_r, chunk, n_chunks = 20, 3, 0.5, 1000, 10
    draws = chunk * n_chunks
    s1 = np.zeros((N, N), complex)
    s2 = np.zeros((N, N))
    traces = []
    for _ in range(n_chunks):
        R = cic_covariance(complex_gaussian(rng, (chunk, T, N, 1)), P_r, N, T)
        assert R.shape == (chunk, T, N, N)
        total = R.sum(axis=1)                             # Σ_t R_t per draw
        s1 += total.sum(axis=0)
        s2 += np.sum(np.abs(total) ** 2, axis=0)
        traces.append(np.trace(total, axis1=-2, axis2=-1).real)
    mean = s1 / draws
    se = np.sqrt((s2 / draws - np.abs(mean) ** 2) / (draws - 1))
    diag, diag_se = np.diagonal(mean).real, np.diagonal(se)
    assert np.all(np.abs(diag - P_r / N) < 4.0 * diag_se), (diag, P_r / N)
    # off-diagonal mean ≈ 0. For a complex entry |mean| > c·SE with probability ≈ exp(−c²);
    # over 380 entries c = 3.5 keeps the family-wise level ≈ 2e-3.
    off = ~np.eye(N, dtype=bool)
    assert np.all(np.abs(mean[off]) < 3.5 * se[off])
    # the power is right in expectation: E tr(Σ_t R_t) = P_r
    tr = np.concatenate(traces)
    assert abs(tr.mean() - P_r) < 3.0 * tr.std(ddof=1) / np.sqrt(draws)


def test_cic_covariance_rank():
    rng = np.random.default_rng(41)
    N, T, P_r, L = 20, 3, 0.5, 40
    R1 = cic_covariance(complex_gaussian(rng, (50, T, N, 1)), P_r, N, T)
    np.testing.assert_allclose(R1, np.conj(np.swapaxes(R1, -1, -2)), atol=1e-15)
    assert np.all(np.linalg.matrix_rank(R1, hermitian=True) == 1)
    assert np.all(np.linalg.eigvalsh(R1)[..., -1] > 0)
    # per-snapshot mode (n = L ≥ N): full rank, and (1/L)·Σ_l over fresh beams
    RL = cic_covariance(complex_gaussian(rng, (5, T, N, L)), P_r, N, T)
    assert np.all(np.linalg.matrix_rank(RL, hermitian=True) == N)


def test_rzf_runs_from_zf_to_mrt():
    """RZF Gᴴ(GGᴴ + αI)⁻¹: α = 0 is ZF exactly; large α approaches MRT (same normalisation)."""
    rng = np.random.default_rng(11)
    G = rng.standard_normal((3, 8)) + 1j * rng.standard_normal((3, 8))
    np.testing.assert_allclose(regularised_zero_forcing(G, 2.0, 0.0), zero_forcing(G, 2.0),
                               rtol=1e-12)
    np.testing.assert_allclose(regularised_zero_forcing(G, 2.0, 1e9), matched_filter(G, 2.0),
                               atol=1e-7)
    W = regularised_zero_forcing(G, 2.0, 0.7)
    assert np.sum(np.abs(W) ** 2) == pytest.approx(2.0, rel=1e-12)
    inter = np.abs(G @ W) ** 2
    zf_leak = np.abs(G @ zero_forcing(G, 2.0)) ** 2
    assert inter.sum() - np.trace(inter) > zf_leak.sum() - np.trace(zf_leak)  # leaks, ZF not
