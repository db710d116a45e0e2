"""MRT precoding of the KLD conference paper (C): the closed-form communication KLD and the
normalised inter-user interference whose Gaussian limit it assumes (kld_isac spec §3, "MRT
closed form", reconstructed from C's prose: C's equations are missing from our copy).
"""

from __future__ import annotations

import numpy as np


def kld_comm_mrt(c_M: float, gain: np.ndarray, p_k: np.ndarray, p_others: np.ndarray, N: int,
                 sigma_h2: float, sigma_eta2: np.ndarray) -> np.ndarray:
    """Closed-form MRT communication KLD (C; spec §3):
    c_M g p_k (N + 1) σ_h² / (g σ_h² Σ_{i≠k} p_i + σ_η²).

    The desired power uses E‖h_k‖⁴ = N(N + 1)σ_h⁴ and the Frobenius normaliser at its mean
    N K σ_h² (law of large numbers); each interferer's term h_kᵀ h_i* is CN(0, N σ_h⁴) by the
    central limit theorem, so the inter-user interference is Gaussian with variance
    g σ_h² Σ_{i≠k} p_i; σ_η² is the radar interference plus noise of eq. (8).

    Parameters
    ----------
    c_M : float
        Prefactor of :func:`~isac.studies.kld_isac.kld.kld_comm_prefactor`, bits per unit
        SINR.
    gain : ndarray, broadcastable
        Power path loss g_{c,k}, linear.
    p_k : ndarray or float, broadcastable
        Power of user k's stream, in watts.
    p_others : ndarray or float, broadcastable
        Σ_{i≠k} p_i, in watts.
    N : int
        BS antennas.
    sigma_h2 : float
        Variance σ_h² of the user-channel entries.
    sigma_eta2 : ndarray, broadcastable
        Radar interference plus noise σ_η² of eq. (8), in watts.

    Returns
    -------
    ndarray
        KLD_c in bits, with the broadcast shape of the array inputs.
    """
    return c_M * gain * p_k * (N + 1) * sigma_h2 / (gain * sigma_h2 * p_others + sigma_eta2)


def iui_normalised(G: np.ndarray, W_c: np.ndarray, sigma_h2: float) -> np.ndarray:
    """Real parts of the normalised inter-user interference terms of an MRT design, one per
    unordered user pair (C Fig. 1).

    z_{k,i} = h_kᵀ w_{c,i} / √(p_i σ_h²), k < i, with p_i = ‖w_{c,i}‖²-share P_c/K of the
    equal-power MRT design; the CLT and the mean normaliser make z → CN(0, 1), so Re z has
    the limit density N(0, 1/2). (For MRT, h_iᵀ w_{c,k} is the conjugate of h_kᵀ w_{c,i}
    up to the common scale, so the pairs k > i add no new real parts.)

    Parameters
    ----------
    G : ndarray, complex, shape (S, K, N)
        User channels.
    W_c : ndarray, complex, shape (S, N, K)
        MRT precoders with equal user powers.
    sigma_h2 : float
        Variance σ_h² of the channel entries.

    Returns
    -------
    ndarray, shape (S, K (K − 1) / 2)
        Re z_{k,i} per draw and pair.
    """
    K = G.shape[-2]
    p = np.sum(np.abs(W_c) ** 2, axis=(-2, -1)) / K                       # (S,)
    C = G @ W_c                                                             # (S, K, K)
    k, i = np.triu_indices(K, 1)
    return C[:, k, i].real / np.sqrt(p * sigma_h2)[:, None]
