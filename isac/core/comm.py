"""Downlink SINR, rate and bit error rate.

Orientation (:mod:`isac.core`): ``G`` is (..., K, N) and user k receives ``(G x)_k``;
beamformers are the columns of ``W`` (..., N, ·).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr


def qfunc(x: np.ndarray) -> np.ndarray:
    """Gaussian tail function Q(x) = P(Z > x) for Z ~ N(0, 1), element-wise.

    Parameters
    ----------
    x : float or numpy.ndarray, shape (...)
        Argument, real.

    Returns
    -------
    numpy.ndarray, float, shape (...)
        Tail probability Q(x).
    """
    return ndtr(-np.asarray(x))


def user_powers(G: np.ndarray, W_c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-user desired power and inter-user interference of a linear downlink.

    With g_k the row k of ``G`` (kld_isac: g_k = h_kᵀ): desired power |g_k w_k|² and
    inter-user interference Σ_{j≠k} |g_k w_j|². Path loss is not included. Convention of
    :mod:`isac.core`: user k receives (G x)_k, column k of ``W_c`` serves user k.

    Parameters
    ----------
    G : numpy.ndarray, complex, shape (..., K, N)
        Downlink channel, one row per user.
    W_c : numpy.ndarray, complex, shape (..., N, K)
        Communication beamformers, one column per user.

    Returns
    -------
    desired : numpy.ndarray, float, shape (..., K)
        |g_k w_k|², linear power without path loss.
    iui : numpy.ndarray, float, shape (..., K)
        Σ_{j≠k} |g_k w_j|², linear power without path loss.
    """
    P = np.abs(G @ W_c) ** 2
    desired = np.diagonal(P, axis1=-2, axis2=-1)
    return desired, P.sum(axis=-1) - desired


def sinr(desired: np.ndarray, iui: np.ndarray, gain: np.ndarray,
         sigma_eta2: np.ndarray) -> np.ndarray:
    """Per-user SINR from the powers of :func:`user_powers` (kld_isac eq. 18).

    SINR_k = g |g_k w_k|² / (g Σ_{j≠k} |g_k w_j|² + σ_η²), with path-loss gain g and
    interference-plus-noise power σ_η². All inputs broadcast against each other.

    Parameters
    ----------
    desired : numpy.ndarray, float, shape (..., K)
        Desired power |g_k w_k|² without path loss.
    iui : numpy.ndarray, float, shape (..., K)
        Inter-user interference Σ_{j≠k} |g_k w_j|² without path loss.
    gain : float or numpy.ndarray, broadcastable to (..., K)
        Path-loss power gain g, linear.
    sigma_eta2 : float or numpy.ndarray, broadcastable to (..., K)
        Interference-plus-noise power σ_η² in watts.

    Returns
    -------
    numpy.ndarray, float, broadcast shape of the inputs
        SINR_k, linear.
    """
    return gain * desired / (gain * iui + sigma_eta2)


def ber_psk(sinr_k: np.ndarray, order: int) -> np.ndarray:
    """Bit error rate of Gray-coded M-PSK at symbol SNR γ (spec §3, §7 item 10).

    BPSK: Q(√(2γ)); QPSK: Q(√γ) (exact); M ≥ 8: (2/log2 M) Q(√(2γ) sin(π/M)) (nearest
    neighbours).

    Parameters
    ----------
    sinr_k : float or numpy.ndarray, shape (...)
        Symbol SNR (or SINR) γ, linear.
    order : int
        Constellation size M (2, 4, 8, ...).

    Returns
    -------
    numpy.ndarray, float, shape (...)
        Bit error probability, element-wise in ``sinr_k``.
    """
    g = np.asarray(sinr_k)
    if order == 2:
        return qfunc(np.sqrt(2.0 * g))
    if order == 4:
        return qfunc(np.sqrt(g))
    return 2.0 / np.log2(order) * qfunc(np.sqrt(2.0 * g) * np.sin(np.pi / order))


def user_sinr(G: np.ndarray, W_c: np.ndarray, W_r: np.ndarray, noise: float) -> np.ndarray:
    """Per-user SINR with radar-stream interference (mi_moo eq. 5).

    γ_k = |g_k w_k|² / (Σ_{j≠k} |g_k w_j|² + Σ_m |g_k r_m|² + σ²), g_k the row k of ``G``.
    Every radar stream r_m interferes. Single snapshot only (no batch axes).

    Parameters
    ----------
    G : numpy.ndarray, complex, shape (K, N)
        Downlink channel; user k receives (G x)_k.
    W_c : numpy.ndarray, complex, shape (N, K)
        Communication beamformers; column k serves user k.
    W_r : numpy.ndarray, complex, shape (N, M)
        Radar beamformers r_m, one column per stream.
    noise : float
        Noise power σ² in watts.

    Returns
    -------
    numpy.ndarray, float, shape (K,)
        γ_k, linear.
    """
    P = np.abs(G @ W_c) ** 2
    desired = np.diagonal(P).copy()
    radar = np.sum(np.abs(G @ W_r) ** 2, axis=1)
    return desired / (P.sum(axis=1) - desired + radar + noise)


def average_rate(sinr_k: np.ndarray) -> float:
    """Average user rate R̄ = (1/K) Σ_k log2(1 + γ_k) (mi_moo eq. 6).

    Parameters
    ----------
    sinr_k : numpy.ndarray, float, shape (K,)
        Per-user SINR γ_k, linear.

    Returns
    -------
    float
        R̄ in bit/s/Hz.
    """
    return float(np.mean(np.log2(1.0 + np.asarray(sinr_k))))


def sum_rate(G: np.ndarray, W: np.ndarray, n_users: int, sigma2: float) -> float:
    """Sum rate Σ_k ln(T_k / I_k) in nats/s/Hz (crlb_sca spec §2.1).

    T_k is the total power received by user k plus noise and I_k = T_k − |g_k w_k|², with g_k
    the row k of ``G``. Every column of ``W``, sensing streams included, interferes.

    Parameters
    ----------
    G : numpy.ndarray, complex, shape (K, N_t)
        Downlink channel; user k receives (G x)_k.
    W : numpy.ndarray, complex, shape (N_t, K + N_s)
        Beamformers: the K communication beams first (column k serves user k), then N_s
        sensing streams.
    n_users : int
        Number of users K.
    sigma2 : float
        Noise power σ² in watts.

    Returns
    -------
    float
        Sum rate in nats/s/Hz.
    """
    P = np.abs(G @ W) ** 2
    S = np.diagonal(P[:, :n_users])
    T = P.sum(axis=1) + sigma2
    return float(np.sum(np.log(T / (T - S))))
