"""Detection in iaps_dfrc: the χ² threshold and P_D, the voting rule against brute-force
binomial enumeration and a Monte-Carlo simulation of the binary decisions, Lemmas 1–2, and
the per-node non-centralities against their dense forms."""

from __future__ import annotations

from itertools import product
from math import comb

import numpy as np
import pytest

from isac.studies.iaps_dfrc import detection as dt
from isac.studies.iaps_dfrc import sensing


def test_threshold_and_detection_probability():
    assert dt.threshold(1e-5) == pytest.approx(23.0259, rel=1e-5)
    assert dt.detection_probability(0.0, 1e-5) == pytest.approx(1e-5, rel=1e-9)
    rho = np.linspace(0, 100, 101)
    assert np.all(np.diff(dt.detection_probability(rho, 1e-5)) > 0)
    assert dt.detection_probability(52.0, 1e-5) == pytest.approx(0.99, abs=0.01)


@pytest.mark.parametrize("n", [3, 5, 11])
def test_voting_matches_enumeration_and_monte_carlo(n):
    pd_hat, pfa = 0.3, 0.05
    for kappa in range(1, n + 1):
        brute_pd = sum(np.prod([pd_hat if v else 1 - pd_hat for v in votes])
                       for votes in product([0, 1], repeat=n) if sum(votes) >= kappa)
        assert dt.fused_detection(kappa, n, pd_hat) == pytest.approx(brute_pd, rel=1e-12)
        miss = 1 - brute_pd
        false_alarm = sum(comb(n, i) * pfa**i * (1 - pfa) ** (n - i) for i in range(kappa, n + 1))
        assert dt.error_probability(kappa, n, pd_hat, pfa) == pytest.approx(
            0.5 * (miss + false_alarm), rel=1e-12)
    rng = np.random.default_rng(n)
    kappa = int(dt.vote_threshold(n, pd_hat, pfa))
    decisions = rng.random((200000, n)) < pd_hat
    simulated = np.mean(decisions.sum(axis=1) >= kappa)
    assert simulated == pytest.approx(dt.fused_detection(kappa, n, pd_hat), abs=4e-3)


@pytest.mark.parametrize("n", [3, 11, 21])
def test_lemmas_1_and_2_on_a_grid(n):
    pfa = 1e-5
    grid = np.linspace(2e-5, 0.999, 4000)
    assert np.all(np.diff(dt.vote_beta(grid, pfa)) < 0)                       # Lemma 1
    kappa = dt.vote_threshold(n, grid, pfa)
    assert np.all((kappa >= 1) & (kappa <= n))
    error = dt.error_probability(kappa, n, grid, pfa)
    assert np.all(np.diff(error) <= 1e-12)                                    # Lemma 2
    best = np.array([min(dt.error_probability(k, n, g, pfa) for k in range(1, n + 1))
                     for g in grid[::400]])
    np.testing.assert_allclose(error[::400], best, atol=1e-12)                # κ̃ optimal


def test_node_rho_matches_the_dense_whitened_form_and_the_bs_matches_unlimited_active():
    rng = np.random.default_rng(2)
    M, N1, R, K = 6, 5, 3, 2
    W = rng.standard_normal((M, K + 1)) + 1j * rng.standard_normal((M, K + 1))
    W /= np.linalg.norm(W, axis=0)
    G = 1e-5 * (rng.standard_normal((R, N1, M)) + 1j * rng.standard_normal((R, N1, M)))
    b1 = np.exp(2j * np.pi * rng.random((R, N1)))
    p, c = rng.random(K + 1), rng.random(K + 1) * 4
    q = {"L": 30, "sigma_rcs2": 0.01, "beta_s": 1e-14, "sigma2": 1e-13, "N0": 7, "N1": N1,
         "R": R, "rho_norm": "element"}
    rho = sensing.rho_nodes(q, p, c, W, G, b1)
    What = (W * p) @ W.conj().T
    base = q["L"] * q["sigma_rcs2"] * q["beta_s"] * float(p @ c)
    for r in range(R):
        C = G[r] @ What @ G[r].conj().T + q["sigma2"] * np.eye(N1)
        dense = base * np.real(b1[r].conj() @ np.linalg.solve(C, b1[r]))
        assert rho[r + 1] == pytest.approx(dense, rel=1e-9)
    assert rho[0] == pytest.approx(sensing.rho_unlimited(q, p, c)["active"], rel=1e-12)
    fused = sensing.rho_unlimited(q, p, c)
    assert fused["IAPS"] == pytest.approx(fused["active"] + fused["passive"], rel=1e-12)
