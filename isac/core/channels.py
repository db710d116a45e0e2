"""Channel draws, path loss and Rician fading (convention: :mod:`isac.core`)."""

from __future__ import annotations

import numpy as np

from isac.core.arrays import ula_steering


def complex_gaussian(rng: np.random.Generator, shape: tuple[int, ...],
                     variance: float = 1.0) -> np.ndarray:
    """i.i.d. circularly-symmetric CN(0, ``variance``) entries."""
    scale = np.sqrt(variance / 2.0)
    return scale * (rng.standard_normal(shape) + 1j * rng.standard_normal(shape))


def pathloss(distance_m: np.ndarray, exponent: float) -> np.ndarray:
    """Power path loss d^(-ζ) (amplitude d^(-ζ/2)); kld_isac spec §1 and §7 item 1."""
    return np.asarray(distance_m, dtype=float) ** (-float(exponent))


def rician_channels(rng: np.random.Generator, n_t: int, user_angles: np.ndarray,
                    k_factor: float) -> np.ndarray:
    """User channels h_i as the columns of an (N_t, C) array (mi_moo eq. 41).

    h_i = √(μ/(1+μ)) a(φ_i) + √(1/(1+μ)) h_i^NLoS with the unnormalised ULA vector a(φ_i)
    (``user_angles`` in radians, (C,)), h_i^NLoS ~ CN(0, I) and Rician factor μ = ``k_factor``
    (μ = 0: Rayleigh). Hence E h_i = √(μ/(1+μ)) a(φ_i), Cov h_i = I/(1+μ), E‖h_i‖² = N_t.
    """
    if k_factor < 0:
        raise ValueError(f"Rician factor must be non-negative, got {k_factor}")
    angles = np.atleast_1d(np.asarray(user_angles, dtype=float))
    los = ula_steering(n_t, angles)
    nlos = complex_gaussian(rng, (n_t, angles.size))
    return np.sqrt(k_factor / (1 + k_factor)) * los + np.sqrt(1 / (1 + k_factor)) * nlos
