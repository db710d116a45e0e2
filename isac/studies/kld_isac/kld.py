"""Kullback–Leibler divergences of the KLD ISAC papers (kld_isac spec §3–§4).

All values are in bits. Functions broadcast over leading axes, so a whole sweep of seeds and
SNR points is one call.
"""

from __future__ import annotations

import numpy as np

LN2 = np.log(2.0)


def radar_eigenvalues(H: np.ndarray, R: np.ndarray, gain: np.ndarray | float) -> np.ndarray:
    """Eigenvalues of the echo covariance g·H R Hᴴ, clipped at 0.

    Parameters
    ----------
    H : ndarray, shape (..., N, N)
        Target response H_t, complex.
    R : ndarray, shape (..., N, N)
        Transmit covariance seen by the target, complex Hermitian, in watts.
    gain : float or ndarray
        Power path loss g_{r,t}, linear; broadcasts against the leading axes (...).

    Returns
    -------
    ndarray, shape (..., N)
        Real eigenvalues (≥ 0) in ascending order, in watts.
    """
    S = H @ R @ np.conj(np.swapaxes(H, -1, -2))
    S = 0.5 * (S + np.conj(np.swapaxes(S, -1, -2)))
    eig = np.linalg.eigvalsh(S) * np.asarray(gain)[..., None]
    return np.clip(eig, 0.0, None)


def kld_radar(eigs: np.ndarray, sigma2: np.ndarray | float) -> np.ndarray:
    """Radar KLD of eq. (27), KL(H0 ‖ H1), from echo eigenvalues.

    With ν_i = eig(g H R Hᴴ)/σ_n²: KLD = Σ_i [ln(1 + ν_i) + 1/(1 + ν_i) − 1] / ln 2.

    Parameters
    ----------
    eigs : ndarray, shape (..., N)
        Echo eigenvalues of :func:`radar_eigenvalues`, in watts.
    sigma2 : float or ndarray
        Noise power σ_n² in watts; broadcasts against ``eigs[..., 0]``.

    Returns
    -------
    ndarray
        KLD_r in bits, with the broadcast shape of ``eigs[..., 0]`` and ``sigma2``.
    """
    nu = eigs / np.asarray(sigma2)[..., None]
    return np.sum(np.log1p(nu) + 1.0 / (1.0 + nu) - 1.0, axis=-1) / LN2


def constellation(modulation: str) -> np.ndarray:
    """Unit-energy points of an M-PSK constellation.

    Parameters
    ----------
    modulation : {'BPSK', 'QPSK', '8PSK', '16PSK'}
        Constellation name.

    Returns
    -------
    ndarray, shape (M,)
        Complex points e^(j(2πm/M + φ)), φ = π/4 for QPSK and 0 otherwise.

    Raises
    ------
    ValueError
        If ``modulation`` is not one of the names above.
    """
    orders = {"BPSK": 2, "QPSK": 4, "8PSK": 8, "16PSK": 16}
    if modulation not in orders:
        raise ValueError(f"unknown modulation {modulation!r}; known: {sorted(orders)}")
    m = orders[modulation]
    offset = np.pi / m if m == 4 else 0.0
    return np.exp(1j * (2 * np.pi * np.arange(m) / m + offset))


def kld_comm_prefactor(points: np.ndarray) -> float:
    """Communication-KLD prefactor c_M of a constellation (spec §3, §7 item 6).

    c_M = λ / (2 M (M−1) ln 2) with λ = Σ_m Σ_{n≠m} |s_n − s_m|².

    Parameters
    ----------
    points : ndarray, shape (M,)
        Complex constellation points s_m, e.g. from :func:`constellation`.

    Returns
    -------
    float
        c_M in bits per unit (linear) SINR.
    """
    m = points.size
    lam = np.sum(np.abs(points[:, None] - points[None, :]) ** 2)
    return float(lam / (2 * m * (m - 1) * LN2))


def kld_comm(sinr: np.ndarray, c_M: float) -> np.ndarray:
    """Conditional communication KLD of eq. (18): c_M · SINR_k.

    Parameters
    ----------
    sinr : ndarray, shape (...)
        SINR_k, linear.
    c_M : float
        Prefactor of :func:`kld_comm_prefactor`, bits per unit SINR.

    Returns
    -------
    ndarray, shape (...)
        KLD_c in bits.
    """
    return c_M * np.asarray(sinr)


def kld_comm_zf(c_M: float, gain: np.ndarray, p_k: np.ndarray, N: int, K: int,
                sigma_h2: float, sigma_eta2: np.ndarray) -> np.ndarray:
    """Closed-form ZF communication KLD of eq. (13): c_M g p_k (N−K) σ_h² / σ_η².

    Parameters
    ----------
    c_M : float
        Prefactor of :func:`kld_comm_prefactor`, bits per unit SINR.
    gain : ndarray, broadcastable
        Power path loss g_{c,k} of the user link, linear.
    p_k : ndarray or float, broadcastable
        Power allocated to user k, in watts.
    N : int
        Number of BS antennas.
    K : int
        Number of users.
    sigma_h2 : float
        Variance σ_h² of the user-channel entries, linear.
    sigma_eta2 : ndarray, broadcastable
        Radar interference plus noise σ_η² of eq. (8), in watts.

    Returns
    -------
    ndarray
        KLD_c in bits, with the broadcast shape of the array inputs.
    """
    return c_M * gain * p_k * (N - K) * sigma_h2 / sigma_eta2
