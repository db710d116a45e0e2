"""Kullback–Leibler divergences of the KLD ISAC papers (kld_isac spec §3–§4).

All values are in bits. Functions broadcast over leading axes, so a whole sweep of seeds and
SNR points is one call.
"""

from __future__ import annotations

import numpy as np

LN2 = np.log(2.0)


def radar_eigenvalues(H: np.ndarray, R: np.ndarray, gain: np.ndarray | float) -> np.ndarray:
    """Eigenvalues of the echo covariance g·H R Hᴴ (≥ 0), shape (..., N).

    ``H`` is the target response (..., N, N), ``R`` the transmit covariance seen by the target
    (..., N, N) and ``gain`` the power path loss g_{r,t} broadcast over the leading axes.
    """
    S = H @ R @ np.conj(np.swapaxes(H, -1, -2))
    S = 0.5 * (S + np.conj(np.swapaxes(S, -1, -2)))
    eig = np.linalg.eigvalsh(S) * np.asarray(gain)[..., None]
    return np.clip(eig, 0.0, None)


def kld_radar(eigs: np.ndarray, sigma2: np.ndarray | float) -> np.ndarray:
    """Radar KLD of eq. (27), KL(H0 ‖ H1) in bits, from echo eigenvalues.

    With ν_i = eig(g H R Hᴴ)/σ_n²: KLD = Σ_i [ln(1 + ν_i) + 1/(1 + ν_i) − 1] / ln 2.
    ``eigs`` has shape (..., N); ``sigma2`` broadcasts against ``eigs[..., 0]``.
    """
    nu = eigs / np.asarray(sigma2)[..., None]
    return np.sum(np.log1p(nu) + 1.0 / (1.0 + nu) - 1.0, axis=-1) / LN2


def constellation(modulation: str) -> np.ndarray:
    """Unit-energy points of an M-PSK constellation named 'BPSK', 'QPSK', '8PSK' or '16PSK'."""
    orders = {"BPSK": 2, "QPSK": 4, "8PSK": 8, "16PSK": 16}
    if modulation not in orders:
        raise ValueError(f"unknown modulation {modulation!r}; known: {sorted(orders)}")
    m = orders[modulation]
    offset = np.pi / m if m == 4 else 0.0
    return np.exp(1j * (2 * np.pi * np.arange(m) / m + offset))


def kld_comm_prefactor(points: np.ndarray) -> float:
    """c_M = λ / (2 M (M−1) ln 2), λ = Σ_m Σ_{n≠m} |s_n − s_m|² (spec §3, §7 item 6)."""
    m = points.size
    lam = np.sum(np.abs(points[:, None] - points[None, :]) ** 2)
    return float(lam / (2 * m * (m - 1) * LN2))


def kld_comm(sinr: np.ndarray, c_M: float) -> np.ndarray:
    """Conditional communication KLD of eq. (18): c_M · SINR_k, in bits."""
    return c_M * np.asarray(sinr)


def kld_comm_zf(c_M: float, gain: np.ndarray, p_k: np.ndarray, N: int, K: int,
                sigma_h2: float, sigma_eta2: np.ndarray) -> np.ndarray:
    """Closed-form ZF communication KLD of eq. (13): c_M g p_k (N−K) σ_h² / σ_η²."""
    return c_M * gain * p_k * (N - K) * sigma_h2 / sigma_eta2
