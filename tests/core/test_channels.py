"""Channel draws: circular symmetry, variance and path loss."""

from __future__ import annotations

import numpy as np

from isac.core.channels import complex_gaussian, pathloss


def test_complex_gaussian_moments():
    rng = np.random.default_rng(0)
    n, var = 400_000, 2.5
    z = complex_gaussian(rng, (n,), var)
    power = np.abs(z) ** 2
    assert abs(power.mean() - var) < 4 * power.std() / np.sqrt(n)
    pseudo = z**2                                   # circular: E[z²] = 0
    assert abs(pseudo.mean()) < 4 * np.abs(pseudo).std() / np.sqrt(n)
    assert abs(z.real.var() - z.imag.var()) < 0.02 * var


def test_pathloss_is_power_law():
    np.testing.assert_allclose(pathloss([100.0, 200.0], 3.0), [1e-6, 1.25e-7])
