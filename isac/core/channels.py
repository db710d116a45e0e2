"""Channel draws, path loss and Rician fading (convention: :mod:`isac.core`)."""

from __future__ import annotations

import numpy as np

from isac.core.arrays import ula_steering


def complex_gaussian(rng: np.random.Generator, shape: tuple[int, ...],
                     variance: float = 1.0) -> np.ndarray:
    """Draw i.i.d. circularly-symmetric complex Gaussian entries CN(0, ``variance``).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    shape : tuple of int
        Shape of the returned array.
    variance : float, optional
        Variance E|x|² of each entry (linear power, watts for a noise draw), default 1.

    Returns
    -------
    numpy.ndarray, complex, shape ``shape``
        The draws; real and imaginary parts each carry half of ``variance``.
    """
    scale = np.sqrt(variance / 2.0)
    return scale * (rng.standard_normal(shape) + 1j * rng.standard_normal(shape))


def pathloss(distance_m: np.ndarray, exponent: float) -> np.ndarray:
    """Power path loss d^(-ζ) (amplitude d^(-ζ/2)); kld_isac spec §1 and §7 item 1.

    Parameters
    ----------
    distance_m : float or numpy.ndarray, shape (...)
        Distance d in metres.
    exponent : float
        Path-loss exponent ζ.

    Returns
    -------
    numpy.ndarray, float, shape (...)
        Power gain d^(-ζ), linear, element-wise in ``distance_m``.
    """
    return np.asarray(distance_m, dtype=float) ** (-float(exponent))


def rician_channels(rng: np.random.Generator, n_t: int, user_angles: np.ndarray,
                    k_factor: float) -> np.ndarray:
    """Draw Rician user channels h_i as the columns of an (N_t, C) array (mi_moo eq. 41).

    h_i = √(μ/(1+μ)) a(φ_i) + √(1/(1+μ)) h_i^NLoS with the unnormalised ULA vector a(φ_i),
    h_i^NLoS ~ CN(0, I) and Rician factor μ (μ = 0: Rayleigh). Hence E h_i = √(μ/(1+μ)) a(φ_i),
    Cov h_i = I/(1+μ) and E‖h_i‖² = N_t. The columns are channel vectors, not the rows of a
    downlink ``G`` (:mod:`isac.core`): a y_k = h_kᴴ x model uses G = Hᴴ.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness for the NLoS part.
    n_t : int
        Number of transmit antennas N_t.
    user_angles : float or numpy.ndarray, shape (C,)
        User angles φ_i in radians.
    k_factor : float
        Rician factor μ ≥ 0, linear (not dB).

    Returns
    -------
    numpy.ndarray, complex, shape (N_t, C)
        Channel matrix H = [h_1 … h_C].

    Raises
    ------
    ValueError
        If ``k_factor`` is negative.
    """
    if k_factor < 0:
        raise ValueError(f"Rician factor must be non-negative, got {k_factor}")
    angles = np.atleast_1d(np.asarray(user_angles, dtype=float))
    los = ula_steering(n_t, angles)
    nlos = complex_gaussian(rng, (n_t, angles.size))
    return np.sqrt(k_factor / (1 + k_factor)) * los + np.sqrt(1 / (1 + k_factor)) * nlos
