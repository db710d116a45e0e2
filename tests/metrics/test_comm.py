"""SINR, radar interference and BER (kld_isac spec §3, §7 item 10) against explicit loops and
a symbol-level simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from isac.algorithms.precoders import cic_covariance
from isac.metrics.comm import (
    ber_psk,
    qfunc,
    radar_interference_statistical,
    sinr,
    user_powers,
)
from isac.metrics.kld import constellation
from isac.models.channels import complex_gaussian

# Gray labels (b0, b1) of the QPSK points exp(j(π/4 + kπ/2)), k = 0..3: neighbours differ in
# one bit (b0 ↔ sign of the real part, b1 ↔ sign of the imaginary part).
QPSK_GRAY = np.array([[0, 0], [1, 0], [1, 1], [0, 1]])


def _simulate_ber(rng: np.random.Generator, points: np.ndarray, labels: np.ndarray,
                  gamma: float, n_symbols: int) -> tuple[float, int]:
    """Bit error rate of minimum-distance detection of unit-energy ``points`` in complex AWGN
    of variance 1/γ. Returns (BER, number of bits)."""
    idx = rng.integers(0, points.size, n_symbols)
    noise = np.sqrt(0.5 / gamma) * (rng.standard_normal(n_symbols)
                                    + 1j * rng.standard_normal(n_symbols))
    r = points[idx] + noise
    detected = np.argmin(np.abs(r[:, None] - points[None, :]), axis=1)
    errors = np.sum(labels[idx] != labels[detected])
    n_bits = n_symbols * labels.shape[1]
    return errors / n_bits, n_bits


def test_qpsk_gray_labels_are_gray():
    pts = constellation("QPSK")
    np.testing.assert_allclose(np.abs(pts) ** 2, 1.0, atol=1e-15)
    for k in range(4):
        d = np.abs(pts - pts[k])
        neighbours = np.flatnonzero(np.isclose(d, np.sqrt(2.0)))
        assert neighbours.size == 2
        assert np.all(np.sum(QPSK_GRAY[neighbours] != QPSK_GRAY[k], axis=1) == 1)


@pytest.mark.parametrize("gamma_db", [0.0, 4.0, 8.0])
def test_qpsk_ber_matches_symbol_simulation(gamma_db):
    rng = np.random.default_rng(100 + int(gamma_db))
    gamma = 10.0 ** (gamma_db / 10.0)
    sim, n_bits = _simulate_ber(rng, constellation("QPSK"), QPSK_GRAY, gamma, 200_000)
    p = float(ber_psk(gamma, 4))
    assert p == pytest.approx(norm.sf(np.sqrt(gamma)), rel=1e-12)
    assert abs(sim - p) < 3.0 * np.sqrt(p * (1.0 - p) / n_bits), (sim, p)


@pytest.mark.parametrize("gamma_db", [0.0, 4.0, 8.0])
def test_bpsk_ber_matches_symbol_simulation(gamma_db):
    rng = np.random.default_rng(200 + int(gamma_db))
    gamma = 10.0 ** (gamma_db / 10.0)
    pts = constellation("BPSK")
    sim, n_bits = _simulate_ber(rng, pts, np.array([[0], [1]]), gamma, 400_000)
    p = float(ber_psk(gamma, 2))
    assert p == pytest.approx(norm.sf(np.sqrt(2.0 * gamma)), rel=1e-12)
    assert abs(sim - p) < 3.0 * np.sqrt(p * (1.0 - p) / n_bits), (sim, p)


def test_qfunc_and_ber_broadcast():
    x = np.linspace(-3.0, 6.0, 36).reshape(3, 12)
    np.testing.assert_allclose(qfunc(x), norm.sf(x), rtol=1e-12)
    g = np.logspace(-1, 1.5, 12).reshape(2, 6)
    assert ber_psk(g, 4).shape == g.shape
    assert np.all(np.diff(ber_psk(np.sort(g.ravel()), 4)) < 0)


def test_user_powers_and_sinr_against_a_loop():
    rng = np.random.default_rng(300)
    B, K, N = 4, 3, 6
    G = complex_gaussian(rng, (B, K, N))
    W = complex_gaussian(rng, (B, N, K))
    gain = rng.uniform(1e-7, 1e-6, K)
    eta2 = rng.uniform(1e-8, 1e-7, (B, K))
    desired, iui = user_powers(G, W)
    assert desired.shape == iui.shape == (B, K)
    out = sinr(desired, iui, gain, eta2)
    for b in range(B):
        for k in range(K):
            d = abs(np.sum(G[b, k] * W[b, :, k])) ** 2
            i = sum(abs(np.sum(G[b, k] * W[b, :, j])) ** 2 for j in range(K) if j != k)
            assert desired[b, k] == pytest.approx(d, rel=1e-12)
            assert iui[b, k] == pytest.approx(i, rel=1e-12)
            assert out[b, k] == pytest.approx(gain[k] * d / (gain[k] * i + eta2[b, k]),
                                              rel=1e-12)


def test_statistical_radar_interference_is_mean_of_instantaneous():
    """Eq. (8): E_h[g (1/L) Σ_t ‖h_kᵀ W_{r,t}‖²] + σ² = g σ_h² P_r + σ² under the rank-1 CIC
    radar (E tr R_w = P_r), by Monte Carlo over (h_k, beams)."""
    rng = np.random.default_rng(400)
    n, N, T, P_r, sigma_h2 = 20_000, 20, 3, 0.5, 1.0
    gain, sigma_n2 = 150.0**-3, 1e-8
    chunks = []
    for _ in range(n // 2000):
        h = complex_gaussian(rng, (2000, N), sigma_h2)
        R_t = cic_covariance(complex_gaussian(rng, (2000, T, N, 1)), P_r, N, T)  # (s,T,N,N)
        R_w = R_t.sum(axis=1)
        quad = np.sum(h * (R_w @ np.conj(h)[:, :, None])[:, :, 0], axis=1).real  # hᵀ R_w h*
        chunks.append(gain * quad + sigma_n2)
    inst = np.concatenate(chunks)
    expected = radar_interference_statistical(gain, sigma_h2, P_r, sigma_n2)
    assert expected == pytest.approx(gain * sigma_h2 * P_r + sigma_n2, rel=1e-12)
    se = inst.std(ddof=1) / np.sqrt(n)
    assert abs(inst.mean() - expected) < 3.0 * se, (inst.mean(), expected, se)
