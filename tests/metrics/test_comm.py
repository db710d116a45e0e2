"""SINR and BER against explicit loops and a symbol-level simulation."""

from __future__ import annotations

import numpy as np
import pytest

from isac.metrics.comm import ber_psk, qfunc, sinr, user_powers
from isac.models.channels import complex_gaussian


def _simulate_qpsk(gamma, n, rng):
    """Bit error rate of Gray-mapped QPSK (one bit on I, one on Q), unit symbol energy."""
    bits = rng.integers(0, 2, size=(n, 2))
    s = ((1 - 2 * bits[:, 0]) + 1j * (1 - 2 * bits[:, 1])) / np.sqrt(2)
    r = s + complex_gaussian(rng, (n,), 1.0 / gamma)
    decided = np.stack([r.real < 0, r.imag < 0], axis=1).astype(int)
    return np.mean(decided != bits)


@pytest.mark.parametrize("gamma_db", [0.0, 4.0, 8.0])
def test_qpsk_ber_matches_symbol_simulation(gamma_db):
    rng = np.random.default_rng(int(gamma_db) + 1)
    gamma, n = 10 ** (gamma_db / 10), 400_000
    sim = _simulate_qpsk(gamma, n, rng)
    p = ber_psk(gamma, 4)
    assert abs(sim - p) < 3 * np.sqrt(p * (1 - p) / (2 * n))


def test_bpsk_ber_matches_symbol_simulation():
    rng = np.random.default_rng(9)
    gamma, n = 10 ** 0.4, 400_000
    bits = rng.integers(0, 2, n)
    r = (1 - 2 * bits) + complex_gaussian(rng, (n,), 1.0 / gamma)
    sim = np.mean((r.real < 0) != bits)
    p = ber_psk(gamma, 2)
    assert p == pytest.approx(qfunc(np.sqrt(2 * gamma)))
    assert abs(sim - p) < 3 * np.sqrt(p * (1 - p) / n)


def test_user_powers_and_sinr_against_a_loop():
    rng = np.random.default_rng(2)
    K, N = 3, 6
    G, W = complex_gaussian(rng, (K, N)), complex_gaussian(rng, (N, K))
    gain, eta2 = np.array([1.0, 0.5, 2.0]), np.array([0.1, 0.2, 0.3])
    desired, iui = user_powers(G, W)
    out = sinr(desired, iui, gain, eta2)
    for k in range(K):
        d = abs(G[k] @ W[:, k]) ** 2
        i = sum(abs(G[k] @ W[:, j]) ** 2 for j in range(K) if j != k)
        assert desired[k] == pytest.approx(d) and iui[k] == pytest.approx(i)
        assert out[k] == pytest.approx(gain[k] * d / (gain[k] * i + eta2[k]))
