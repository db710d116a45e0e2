"""Detection of the iaps_dfrc study: the GLRT's P_D from its non-centrality (unlimited
backhaul, eqs. 27–28) and voting fusion of binary decisions (limited backhaul, eqs. 48–53).
Spec §4.2 and §6.2.
"""

from __future__ import annotations

import numpy as np
from scipy.special import comb
from scipy.stats import binom, ncx2


def threshold(p_fa: float) -> float:
    """ξ = F⁻¹_{χ²₂}(1 − P_FA) = −2 ln P_FA (23.03 at 1e-5)."""
    return -2.0 * np.log(p_fa)


def detection_probability(rho: np.ndarray, p_fa: float) -> np.ndarray:
    """P_D = 1 − F_{χ²₂(ρ)}(ξ), the non-central χ² with 2 degrees of freedom (eq. 28).

    Parameters
    ----------
    rho : ndarray
        Non-centrality ρ ≥ 0 (dimensionless).
    p_fa : float
        False-alarm probability of the detector.

    Returns
    -------
    ndarray
        P_D, same shape; P_D(0) = P_FA.
    """
    return ncx2.sf(threshold(p_fa), 2, np.asarray(rho, dtype=float))


def vote_beta(pd_hat: np.ndarray, p_fa: float) -> np.ndarray:
    """β(P̂_D) = ln(P̂_FA/P̂_D) / ln((1 − P̂_D)/(1 − P̂_FA)), eq. (53) (P̂_D > P̂_FA)."""
    pd_hat = np.asarray(pd_hat, dtype=float)
    return np.log(p_fa / pd_hat) / np.log((1.0 - pd_hat) / (1.0 - p_fa))


def vote_threshold(n: int, pd_hat: np.ndarray, p_fa: float) -> np.ndarray:
    """The optimal number of votes κ̃ = min(n, ⌈n / (1 + β(P̂_D))⌉), eq. (52), with κ̃ = n when
    P̂_D ≤ P̂_FA (the spec's guard) and at P̂_D = 1 (the limit β → 0), and κ̃ ≥ 1.

    Parameters
    ----------
    n : int
        Number of voting nodes.
    pd_hat : ndarray
        Averaged local detection probability P̂_D.
    p_fa : float
        Local false-alarm probability.

    Returns
    -------
    ndarray of int
        κ̃, same shape as ``pd_hat``.
    """
    pd_hat = np.asarray(pd_hat, dtype=float)
    informative = (pd_hat > p_fa) & (pd_hat < 1.0)
    safe = np.where(informative, pd_hat, 0.5)
    kappa = np.ceil(n / (1.0 + vote_beta(safe, p_fa)))
    kappa = np.where(informative, kappa, n)
    return np.clip(kappa, 1, n).astype(int)


def error_probability(kappa: np.ndarray, n: int, pd_hat: np.ndarray,
                      p_fa: float) -> np.ndarray:
    """Υ(κ, P̂_D) = ½ + ½ Σ_{i<κ} C(n, i)[P̂_D^i (1 − P̂_D)^{n−i} − P̂_FA^i (1 − P̂_FA)^{n−i}],
    eq. (48): the CC's error probability with equal priors."""
    kappa, pd_hat = np.broadcast_arrays(np.asarray(kappa), np.asarray(pd_hat, dtype=float))
    i = np.arange(n + 1)
    terms = comb(n, i) * (pd_hat[..., None] ** i * (1 - pd_hat[..., None]) ** (n - i)
                          - p_fa ** i * (1 - p_fa) ** (n - i))
    return 0.5 + 0.5 * np.sum(np.where(i < kappa[..., None], terms, 0.0), axis=-1)


def fused_detection(kappa: np.ndarray, n: int, pd_hat: np.ndarray) -> np.ndarray:
    """CC-level P_D: at least κ of n nodes detect, each with P̂_D (binomial, spec §6.2)."""
    return binom.sf(np.asarray(kappa) - 1, n, np.asarray(pd_hat, dtype=float))
