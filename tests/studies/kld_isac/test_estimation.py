"""MSE of the target-response estimate, eq. (24) with the spec §7 item 15 fixes."""

from __future__ import annotations

import numpy as np
import pytest

from isac.studies.kld_isac.estimation import mse_target

N, SIGMA_H2, P_FA = 20, 1 / 20, 1e-4
SIGMA2, GAIN = np.array([1e-7, 1e-9]), np.array([1e-6, 5e-7])


def _mse(pd, power):
    return mse_target(np.asarray(pd, float), np.asarray(power, float), SIGMA2, GAIN, N,
                      SIGMA_H2, P_FA)


def test_limits_of_the_mixture():
    """P_D = 1: ½ (1 + P_FA) N σ²/(g P); P_D = 0: ½ N² σ_H² + ½ P_FA N σ²/(g P)."""
    power = np.full((1, 1, 1), 0.5)
    detect = N * SIGMA2[None, :, None] / (GAIN * 0.5)
    np.testing.assert_allclose(_mse(np.ones((1, 2, 2)), power), 0.5 * (1 + P_FA) * detect)
    np.testing.assert_allclose(_mse(np.zeros((1, 2, 2)), power),
                               0.5 * N**2 * SIGMA_H2 + 0.5 * P_FA * detect)


def test_more_detection_or_more_power_lowers_the_mse_and_no_power_is_infinite():
    pd = np.linspace(0, 1, 11)[:, None, None] * np.ones((1, 2, 2))      # (S = 11, X, T)
    m = _mse(pd, np.full((1, 1, 1), 1.0))
    assert (np.diff(m, axis=0) < 0).all()              # MSE_01 = N ≫ MSE_11 here
    low, high = (_mse(np.full((1, 2, 2), 0.5), np.full((1, 1, 1), P)) for P in (0.1, 1.0))
    assert (high < low).all()
    assert np.isinf(_mse(np.full((1, 2, 2), 0.5), np.zeros((1, 1, 1)))).all()


@pytest.mark.parametrize("pd", [0.2, 0.9])
def test_mixture_by_monte_carlo_of_the_decisions(pd):
    """Eq. (24) is the mean squared error over target presence (p = ½) and the detector's
    decisions, given the conditional errors: simulate both and compare (3 standard errors)."""
    rng = np.random.default_rng(7)
    n = 400_000
    detect = float(N * SIGMA2[0] / (GAIN[0] * 0.5))
    present = rng.random(n) < 0.5
    declared = np.where(present, rng.random(n) < pd, rng.random(n) < P_FA)
    err = np.where(present & declared, detect, 0.0)
    err = np.where(present & ~declared, N**2 * SIGMA_H2, err)
    err = np.where(~present & declared, detect, err)
    closed = mse_target(np.full((1, 1, 1), pd), np.full((1, 1, 1), 0.5), SIGMA2[:1],
                        GAIN[:1], N, SIGMA_H2, P_FA)[0, 0, 0]
    assert abs(err.mean() - closed) < 3 * err.std(ddof=1) / np.sqrt(n)
