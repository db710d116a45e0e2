"""Linear precoders (ZF, RZF, MRT) and the CIC radar baseline (kld_isac spec §2).

``G`` is (..., K, N) in the orientation of :mod:`isac.core` (user k receives (G x)_k); every
precoder returns W_c (..., N, K) normalised to ‖W_c‖_F² = ``power`` with optional per-user
powers p (..., K).
"""

from __future__ import annotations

import numpy as np

from isac.core.linalg import hermitian as _hermitian


def _normalise(W: np.ndarray, power: float, p: np.ndarray | None) -> np.ndarray:
    """W_c = sqrt(P_c) W̃P / ‖W̃P‖_F with P = diag(√p_k) (spec §7 item 4)."""
    if p is not None:
        W = W * np.sqrt(np.asarray(p))[..., None, :]
    norm = np.sqrt(np.sum(np.abs(W) ** 2, axis=(-2, -1), keepdims=True))
    return np.sqrt(power) * W / norm


def zero_forcing(G: np.ndarray, power: float, p: np.ndarray | None = None) -> np.ndarray:
    """Zero-forcing precoder W_c ∝ Gᴴ(GGᴴ)⁻¹, normalised to ‖W_c‖_F² = ``power`` (eq. 6).

    Convention of :mod:`isac.core`: user k receives (G x)_k and column k of W_c serves user k.

    Parameters
    ----------
    G : numpy.ndarray, complex, shape (..., K, N)
        Downlink channel, one row per user; GGᴴ must be invertible.
    power : float
        Total transmit power ‖W_c‖_F² in watts.
    p : numpy.ndarray, float, shape (..., K), optional
        Per-user powers p_k (linear): column k is scaled by √p_k before the normalisation.

    Returns
    -------
    numpy.ndarray, complex, shape (..., N, K)
        Precoder W_c.
    """
    GH = _hermitian(G)
    return _normalise(GH @ np.linalg.inv(G @ GH), power, p)


def regularised_zero_forcing(G: np.ndarray, power: float, alpha: float,
                             p: np.ndarray | None = None) -> np.ndarray:
    """Regularised zero-forcing precoder W_c ∝ Gᴴ(GGᴴ + αI)⁻¹.

    The regulariser α ≥ 0 interpolates between ZF (α = 0) and MRT up to scale (α → ∞); the
    normalisation is that of :func:`zero_forcing`.

    Parameters
    ----------
    G : numpy.ndarray, complex, shape (..., K, N)
        Downlink channel, one row per user.
    power : float
        Total transmit power ‖W_c‖_F² in watts.
    alpha : float
        Regulariser α ≥ 0, linear.
    p : numpy.ndarray, float, shape (..., K), optional
        Per-user powers p_k (linear): column k is scaled by √p_k before the normalisation.

    Returns
    -------
    numpy.ndarray, complex, shape (..., N, K)
        Precoder W_c.
    """
    GH = _hermitian(G)
    K = G.shape[-2]
    return _normalise(GH @ np.linalg.inv(G @ GH + alpha * np.eye(K)), power, p)


def matched_filter(G: np.ndarray, power: float, p: np.ndarray | None = None) -> np.ndarray:
    """Maximum-ratio (matched-filter) precoder W_c ∝ Gᴴ, normalised as :func:`zero_forcing`.

    Parameters
    ----------
    G : numpy.ndarray, complex, shape (..., K, N)
        Downlink channel, one row per user.
    power : float
        Total transmit power ‖W_c‖_F² in watts.
    p : numpy.ndarray, float, shape (..., K), optional
        Per-user powers p_k (linear): column k is scaled by √p_k before the normalisation.

    Returns
    -------
    numpy.ndarray, complex, shape (..., N, K)
        Precoder W_c.
    """
    return _normalise(_hermitian(G), power, p)


def cic_covariance(beams_unit: np.ndarray, P_r: float, N: int, T: int) -> np.ndarray:
    """Per-target radar covariance R_t = (1/L) W_{r,t} W_{r,t}ᴴ of the CIC baseline (spec §2).

    Each beam is scaled to CN(0, P_r/(N T) I), so E[Σ_t R_t] = (P_r/N) I. With n = 1 one beam
    is repeated over the frame (calibrated rank-1 reading, spec §2); with n = L a new beam is
    drawn every snapshot.

    Parameters
    ----------
    beams_unit : numpy.ndarray, complex, shape (..., T, N, n)
        CN(0, 1) beam draws, n ∈ {1, L} per target.
    P_r : float
        Radar transmit power in watts.
    N : int
        Number of transmit antennas.
    T : int
        Number of targets.

    Returns
    -------
    numpy.ndarray, complex, shape (..., T, N, N)
        Covariances R_t in watts, one per target.
    """
    n = beams_unit.shape[-1]
    return (P_r / (N * T)) * beams_unit @ _hermitian(beams_unit) / n
