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
    """ZF precoder Gᴴ(GGᴴ)⁻¹ normalised to ‖W_c‖_F² = ``power`` (eq. 6). G is (..., K, N)."""
    GH = _hermitian(G)
    return _normalise(GH @ np.linalg.inv(G @ GH), power, p)


def regularised_zero_forcing(G: np.ndarray, power: float, alpha: float,
                             p: np.ndarray | None = None) -> np.ndarray:
    """RZF precoder Gᴴ(GGᴴ + αI)⁻¹ with regulariser α ≥ 0 (α = 0: ZF; α → ∞: MRT up to
    scale), normalised as :func:`zero_forcing`."""
    GH = _hermitian(G)
    K = G.shape[-2]
    return _normalise(GH @ np.linalg.inv(G @ GH + alpha * np.eye(K)), power, p)


def matched_filter(G: np.ndarray, power: float, p: np.ndarray | None = None) -> np.ndarray:
    """MRT precoder Gᴴ with the same normalisation as :func:`zero_forcing`."""
    return _normalise(_hermitian(G), power, p)


def cic_covariance(beams_unit: np.ndarray, P_r: float, N: int, T: int) -> np.ndarray:
    """Per-target radar covariance (1/L) W_{r,t} W_{r,t}ᴴ of the CIC baseline.

    ``beams_unit`` holds CN(0, 1) draws of shape (..., T, N, n): n = 1 repeats one beam over the
    frame (calibrated rank-1 reading, spec §2); n = L draws a new beam every snapshot. Each beam
    is scaled to CN(0, P_r/(N T) I), so E[Σ_t R_t] = (P_r/N) I.
    """
    n = beams_unit.shape[-1]
    return (P_r / (N * T)) * beams_unit @ _hermitian(beams_unit) / n
