"""Downlink SINR and bit error rate (kld_isac spec §3)."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr


def qfunc(x: np.ndarray) -> np.ndarray:
    """Gaussian tail Q(x) = P(Z > x)."""
    return ndtr(-np.asarray(x))


def user_powers(G: np.ndarray, W_c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Desired power |h_kᵀ w_k|² and inter-user interference Σ_{j≠k} |h_kᵀ w_j|².

    ``G`` is (..., K, N) with rows h_kᵀ, ``W_c`` is (..., N, K). Both outputs are (..., K) and
    exclude path loss.
    """
    P = np.abs(G @ W_c) ** 2
    desired = np.diagonal(P, axis1=-2, axis2=-1)
    return desired, P.sum(axis=-1) - desired


def radar_interference_statistical(gain: np.ndarray, sigma_h2: float, P_r: float,
                                   sigma_n2: np.ndarray) -> np.ndarray:
    """σ_η² of eq. (8): g_{c,k} σ_h² tr(R_w) + σ_n² with tr(R_w) = P_r."""
    return gain * sigma_h2 * P_r + sigma_n2


def sinr(desired: np.ndarray, iui: np.ndarray, gain: np.ndarray,
         sigma_eta2: np.ndarray) -> np.ndarray:
    """SINR_k = g |h_kᵀ w_k|² / (g Σ_{j≠k} |h_kᵀ w_j|² + σ_η²) (eq. 18)."""
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


def sum_rate(Gh: np.ndarray, W: np.ndarray, n_users: int, sigma2: float) -> float:
    """Σ_k ln(T_k / I_k) in nats/s/Hz (crlb_sca spec §2.1).

    ``Gh`` is (K, N_t) with rows h_kᴴ (user k receives h_kᴴ x); ``W`` is (N_t, K + N_s) with the
    K communication beams first; every column, sensing streams included, interferes.
    """
    P = np.abs(Gh @ W) ** 2
    S = np.diagonal(P[:, :n_users])
    T = P.sum(axis=1) + sigma2
    return float(np.sum(np.log(T / (T - S))))
