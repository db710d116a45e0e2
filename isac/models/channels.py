"""Random channel models."""

from __future__ import annotations

import numpy as np


def complex_gaussian(rng: np.random.Generator, shape: tuple[int, ...],
                     variance: float = 1.0) -> np.ndarray:
    """i.i.d. circularly-symmetric CN(0, ``variance``) entries."""
    scale = np.sqrt(variance / 2.0)
    return scale * (rng.standard_normal(shape) + 1j * rng.standard_normal(shape))


def pathloss(distance_m: np.ndarray, exponent: float) -> np.ndarray:
    """Power path loss d^(-ζ) (amplitude d^(-ζ/2)); kld_isac spec §1 and §7 item 1."""
    return np.asarray(distance_m, dtype=float) ** (-float(exponent))
