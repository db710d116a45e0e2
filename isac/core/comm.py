"""Downlink SINR, rate and bit error rate.

Orientation (:mod:`isac.core`): ``G`` is (..., K, N) and user k receives ``(G x)_k``;
beamformers are the columns of ``W`` (..., N, ·).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr


def qfunc(x: np.ndarray) -> np.ndarray:
    """Gaussian tail Q(x) = P(Z > x)."""
    return ndtr(-np.asarray(x))


def user_powers(G: np.ndarray, W_c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Desired power |g_k w_k|² and inter-user interference Σ_{j≠k} |g_k w_j|², g_k = row k
    of ``G`` (kld_isac: g_k = h_kᵀ).

    ``G`` is (..., K, N), ``W_c`` is (..., N, K). Both outputs are (..., K) and exclude path
    loss.
    """
    P = np.abs(G @ W_c) ** 2
    desired = np.diagonal(P, axis1=-2, axis2=-1)
    return desired, P.sum(axis=-1) - desired


def sinr(desired: np.ndarray, iui: np.ndarray, gain: np.ndarray,
         sigma_eta2: np.ndarray) -> np.ndarray:
    """SINR_k = g |g_k w_k|² / (g Σ_{j≠k} |g_k w_j|² + σ_η²) from the powers of
    :func:`user_powers`, path-loss gain g and interference-plus-noise σ_η² (kld_isac eq. 18).
    Shapes broadcast."""
    return gain * desired / (gain * iui + sigma_eta2)


def ber_psk(sinr_k: np.ndarray, order: int) -> np.ndarray:
    """Gray-coded M-PSK bit error rate at symbol SNR ``sinr_k`` (spec §3, §7 item 10).

    BPSK: Q(√(2γ)); QPSK: Q(√γ) (exact); M ≥ 8: (2/log2 M) Q(√(2γ) sin(π/M)) (nearest
    neighbours).
    """
    g = np.asarray(sinr_k)
    if order == 2:
        return qfunc(np.sqrt(2.0 * g))
    if order == 4:
        return qfunc(np.sqrt(g))
    return 2.0 / np.log2(order) * qfunc(np.sqrt(2.0 * g) * np.sin(np.pi / order))


def user_sinr(G: np.ndarray, W_c: np.ndarray, W_r: np.ndarray, noise: float) -> np.ndarray:
    """γ_k = |g_k w_k|² / (Σ_{j≠k} |g_k w_j|² + Σ_m |g_k r_m|² + σ²) (mi_moo eq. 5).

    ``G`` (K, N), ``W_c`` (N, K) with column k serving user k, ``W_r`` (N, M) radar streams
    (every one interferes), ``noise`` σ² in watts. Returns (K,), linear.
    """
    P = np.abs(G @ W_c) ** 2
    desired = np.diagonal(P).copy()
    radar = np.sum(np.abs(G @ W_r) ** 2, axis=1)
    return desired / (P.sum(axis=1) - desired + radar + noise)


def average_rate(sinr_k: np.ndarray) -> float:
    """R̄ = (1/K) Σ_k log2(1 + γ_k) in bit/s/Hz (mi_moo eq. 6)."""
    return float(np.mean(np.log2(1.0 + np.asarray(sinr_k))))


def sum_rate(G: np.ndarray, W: np.ndarray, n_users: int, sigma2: float) -> float:
    """Σ_k ln(T_k / I_k) in nats/s/Hz (crlb_sca spec §2.1): T_k total received power plus
    noise, I_k = T_k − |g_k w_k|².

    ``G`` is (K, N_t); ``W`` is (N_t, K + N_s) with the K communication beams first; every
    column, sensing streams included, interferes.
    """
    P = np.abs(G @ W) ** 2
    S = np.diagonal(P[:, :n_users])
    T = P.sum(axis=1) + sigma2
    return float(np.sum(np.log(T / (T - S))))
