"""Rician downlink user channels with a steering-vector line-of-sight part (mi_moo eq. 41)."""

from __future__ import annotations

import numpy as np

from isac.models.arrays import ula_steering
from isac.models.channels import complex_gaussian


def rician_channels(rng: np.random.Generator, n_t: int, user_angles: np.ndarray,
                    k_factor: float) -> np.ndarray:
    """User channels h_i (columns, shape (N_t, C)) of eq. (41).

    h_i = √(μ/(1+μ)) a(φ_i) + √(1/(1+μ)) h_i^NLoS with the unnormalised ULA vector a(φ_i)
    (``user_angles`` in radians), h_i^NLoS ~ CN(0, I) and Rician factor μ = ``k_factor``
    (μ = 0: Rayleigh). Hence E h_i = √(μ/(1+μ)) a(φ_i), Cov h_i = I/(1+μ), E‖h_i‖² = N_t.
    """
    if k_factor < 0:
        raise ValueError(f"Rician factor must be non-negative, got {k_factor}")
    angles = np.atleast_1d(np.asarray(user_angles, dtype=float))
    los = ula_steering(n_t, angles)
    nlos = complex_gaussian(rng, (n_t, angles.size))
    return np.sqrt(k_factor / (1 + k_factor)) * los + np.sqrt(1 / (1 + k_factor)) * nlos
