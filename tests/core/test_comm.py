"""SINR, rate and BER (kld_isac spec §3, §7 item 10; mi_moo eqs. 5–6) against explicit loops
and a symbol-level simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from isac.core.channels import complex_gaussian
from isac.core.comm import (
    average_rate,
    ber_psk,
    qfunc,
    sinr,
    user_powers,
    user_sinr,
)
from isac.studies.kld_isac.kld import constellation

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


def test_user_sinr_and_average_rate_against_a_loop():
    rng = np.random.default_rng(5)
    K, N, M, noise = 3, 6, 2, 0.3
    G = complex_gaussian(rng, (K, N))
    W_c, W_r = complex_gaussian(rng, (N, K)), complex_gaussian(rng, (N, M))
    gamma = user_sinr(G, W_c, W_r, noise)
    for k in range(K):
        others = sum(abs(G[k] @ W_c[:, j]) ** 2 for j in range(K) if j != k)
        radar = sum(abs(G[k] @ W_r[:, m]) ** 2 for m in range(M))
        assert gamma[k] == pytest.approx(abs(G[k] @ W_c[:, k]) ** 2 / (others + radar + noise),
                                         rel=1e-12)
    assert average_rate(gamma) == pytest.approx(np.mean(np.log2(1 + gamma)), rel=1e-14)
