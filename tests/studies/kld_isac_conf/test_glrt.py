"""The Monte-Carlo GLRT of the ROC overlay: the r × r statistic against the dense form of
eq. (26), false alarms at the nominal rate without a target, detection with one, and the
empirical ROC points."""

from __future__ import annotations

import numpy as np
import pytest

from isac.studies.kld_isac_conf import glrt


def cn(rng, *shape):
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) / np.sqrt(2)


def test_the_low_rank_statistic_equals_the_dense_glrt():
    rng = np.random.default_rng(0)
    N, L, r, g, sigma2 = 6, 12, 3, 0.8, 0.3
    H, V, S = cn(rng, N, N), cn(rng, N, r), np.exp(2j * np.pi * rng.random((r, L)))
    X = V @ S
    Y = np.sqrt(g) * H @ X + np.sqrt(sigma2) * cn(rng, N, L)
    H_ls = Y @ X.conj().T @ np.linalg.pinv(X @ X.conj().T) / np.sqrt(g)
    R1 = g * H_ls @ (X @ X.conj().T / L) @ H_ls.conj().T + sigma2 * np.eye(N)
    W = np.eye(N) / sigma2 - np.linalg.inv(R1)
    dense = np.real(np.einsum("nl,nm,ml->", Y.conj(), W, Y)) / L
    assert glrt.glrt_statistic(Y, S, sigma2) == pytest.approx(dense, rel=1e-10)


def test_without_a_target_the_false_alarm_rate_is_nominal():
    rng = np.random.default_rng(1)
    N, L, F = 4, 20, 4000
    H, V = cn(rng, N, N), cn(rng, N, 2)
    args = (H, V, 1, 1.0, 1.0, L, F)
    h0 = glrt.statistics(rng, *args, present=False)
    other = glrt.statistics(rng, *args, present=False)        # a second H0 sample as "H1"
    pfa = np.array([0.05, 0.2, 0.5])
    rate = glrt.roc_points(h0, other, pfa)
    se = np.sqrt(pfa * (1 - pfa) / F) * np.sqrt(2)           # both samples are random
    assert np.all(np.abs(rate - pfa) < 4 * se)


def test_a_strong_target_is_detected_and_a_weak_one_hardly():
    rng = np.random.default_rng(2)
    N, L, F = 4, 20, 2000
    H, V = cn(rng, N, N), cn(rng, N, 2)
    pfa = np.array([0.05])
    strong = (H, V, 1, 1.0, 1e-2, L, F)
    weak = (H, V, 1, 1e-6, 1.0, L, F)
    assert glrt.roc_points(glrt.statistics(rng, *strong, present=False),
                           glrt.statistics(rng, *strong, present=True), pfa)[0] > 0.99
    assert glrt.roc_points(glrt.statistics(rng, *weak, present=False),
                           glrt.statistics(rng, *weak, present=True), pfa)[0] < 0.1


def test_roc_points_count_false_alarms_exactly():
    h0 = np.arange(10.0)                                     # 0 … 9
    h1 = np.array([8.5, 9.5, 3.0, 7.0])
    # P_FA 0.1: one H0 value (9) above the threshold 8; 0.3: threshold 6; 1: everything
    np.testing.assert_array_equal(glrt.roc_points(h0, h1, np.array([0.1, 0.3, 1.0])),
                                  [0.5, 0.75, 1.0])


def test_the_transmit_factor_reproduces_the_covariance():
    rng = np.random.default_rng(3)
    w, W_c = cn(rng, 5, 1), cn(rng, 5, 2)
    V = glrt.transmit_factor(w @ w.conj().T, W_c)
    assert V.shape == (5, 3)
    np.testing.assert_allclose(V @ V.conj().T, w @ w.conj().T + W_c @ W_c.conj().T,
                               atol=1e-12)
