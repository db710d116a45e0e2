"""The lifted SINR and multi-target sensing mutual information of mi_moo (spec §2–§3).
(SINR and rate from beamformers are :func:`isac.core.comm.user_sinr` and ``average_rate``.)

Conventions: user channels are the columns h_i of ``H`` (N_t, C) and user i receives h_iᴴ x;
``A`` (N_t, K) and ``B`` (N_r, K) hold the transmit and receive steering vectors of the
targets (unit-modulus entries unless the model's ``steering_norm`` is ``unit``); ``R`` is the
transmit covariance (eq. 2); ``sigma_k2`` the target reflection variances σ_k² (K,). Mutual
information is in bits.
"""

from __future__ import annotations

import numpy as np

from isac.core.arrays import ula_steering


def user_sinr_lifted(H: np.ndarray, R: np.ndarray, R_users: np.ndarray,
                     sigma_c2: float) -> np.ndarray:
    """SINR γ_i of eq. (24) from the lifted variables.

    γ_i = h_iᴴR_ih_i / (h_iᴴ(R − R_i)h_i + σ_c²).

    Parameters
    ----------
    H : numpy.ndarray
        User channels h_i as columns, complex, shape (N_t, C).
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    R_users : numpy.ndarray
        Lifted per-user matrices R_i, Hermitian, shape (C, N_t, N_t), watts.
    sigma_c2 : float
        User noise power σ_c², watts.

    Returns
    -------
    numpy.ndarray
        γ_i, float, shape (C,), linear.
    """
    s = np.real(np.einsum("ni,inm,mi->i", H.conj(), R_users, H))
    total = np.real(np.einsum("ni,nm,mi->i", H.conj(), R, H))
    return s / (total - s + sigma_c2)


def merged_sinr_bound(H: np.ndarray, R: np.ndarray, R_users: np.ndarray,
                      sigma_c2: float) -> np.ndarray:
    """Lower bound of each SINR with the whole multi-user interference in every denominator.

    γ_i ≥ γ̲_i = h_iᴴR_ih_i / (Σ_k h_kᴴ(R − R_k)h_k + σ_c²): the interference every user
    suffers, summed, replaces user i's own; the bound in the spirit of ref. [15] (Ni et al.,
    IEEE TCOM 2022), whose sum-rate bound merges the multi-user interference into one
    metric. Only for R = Σ_i R_i (communication streams only) is Σ_k h_kᴴ(R − R_k)h_k the
    multi-user interference energy; with probing streams it includes their power at the users.

    Parameters
    ----------
    H : numpy.ndarray
        User channels h_i as columns, complex, shape (N_t, C).
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    R_users : numpy.ndarray
        Lifted per-user matrices R_i, Hermitian, shape (C, N_t, N_t), watts.
    sigma_c2 : float
        User noise power σ_c², watts.

    Returns
    -------
    numpy.ndarray
        γ̲_i, float, shape (C,), linear; γ̲_i ≤ γ_i of :func:`user_sinr_lifted`.
    """
    s = np.real(np.einsum("ni,inm,mi->i", H.conj(), R_users, H))
    total = np.real(np.einsum("ni,nm,mi->i", H.conj(), R, H))
    return s / (np.sum(total - s) + sigma_c2)


def cross_correlation(R: np.ndarray, A: np.ndarray) -> np.ndarray:
    """Cross-correlation pattern [AᴴRA]_{kl} = aᴴ(θ_k) R a(θ_l) of the targets.

    Its diagonal holds the beam gains towards the targets.

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).

    Returns
    -------
    numpy.ndarray
        AᴴRA, complex Hermitian, shape (K, K), watts.
    """
    return A.conj().T @ R @ A


def max_cross_correlation(R: np.ndarray, A: np.ndarray) -> float:
    """Largest target cross-correlation max_{k≠l} |aᴴ(θ_k) R a(θ_l)|.

    This is the left side of the relaxed ZF constraint (20).

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).

    Returns
    -------
    float
        The maximum in watts; 0 when K < 2.
    """
    X = np.abs(cross_correlation(R, A))
    off = X[~np.eye(X.shape[0], dtype=bool)]
    return float(off.max()) if off.size else 0.0


def echo_sinr(R: np.ndarray, A: np.ndarray, rx_gain: float, sigma_k2: np.ndarray, L: int,
              sigma_r2: float) -> np.ndarray:
    """Echo SINR γ_k^s = L ‖b‖² σ_k² aᴴ(θ_k) R a(θ_k) / σ_r² of each target (eq. 21, ‖b‖² = N_r).

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).
    rx_gain : float
        Receive array gain ‖b(θ)‖²: N_r for unit-modulus steering (spec), 1 for unit-norm.
    sigma_k2 : numpy.ndarray
        Target reflection variances σ_k², shape (K,), linear.
    L : int
        Number of snapshots.
    sigma_r2 : float
        Radar noise power per antenna σ_r², watts.

    Returns
    -------
    numpy.ndarray
        γ_k^s, float, shape (K,), linear.
    """
    gain = np.real(np.einsum("nk,nm,mk->k", A.conj(), R, A))
    return L * rx_gain * np.asarray(sigma_k2) * gain / sigma_r2


def per_target_mi(R: np.ndarray, A: np.ndarray, rx_gain: float, sigma_k2: np.ndarray, L: int,
                  sigma_r2: float) -> np.ndarray:
    """Single-target terms log2(1 + γ_k^s) of Corollary 1 (eq. 22).

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).
    rx_gain : float
        Receive array gain ‖b(θ)‖²: N_r for unit-modulus steering (spec), 1 for unit-norm.
    sigma_k2 : numpy.ndarray
        Target reflection variances σ_k², shape (K,), linear.
    L : int
        Number of snapshots.
    sigma_r2 : float
        Radar noise power per antenna σ_r², watts.

    Returns
    -------
    numpy.ndarray
        Per-target MI, float, shape (K,), bits.
    """
    return np.log2(1.0 + echo_sinr(R, A, rx_gain, sigma_k2, L, sigma_r2))


def mi_upper_bound(R: np.ndarray, A: np.ndarray, rx_gain: float, sigma_k2: np.ndarray, L: int,
                   sigma_r2: float) -> float:
    """Sensing-MI upper bound I_ub of Theorem 1 (eq. 16) = Σ_k log2(1 + γ_k^s) (eq. 22).

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).
    rx_gain : float
        Receive array gain ‖b(θ)‖²: N_r for unit-modulus steering (spec), 1 for unit-norm.
    sigma_k2 : numpy.ndarray
        Target reflection variances σ_k², shape (K,), linear.
    L : int
        Number of snapshots.
    sigma_r2 : float
        Radar noise power per antenna σ_r², watts.

    Returns
    -------
    float
        I_ub in bits.
    """
    return float(np.sum(per_target_mi(R, A, rx_gain, sigma_k2, L, sigma_r2)))


def mi_matrix(R: np.ndarray, A: np.ndarray, B: np.ndarray, sigma_k2: np.ndarray) -> np.ndarray:
    """MI matrix T = diag(σ) [(BᴴB) ∘ (AᴴRA)ᵀ] diag(σ), so that I = log2 det(I + (L/σ_r²)T).

    Entry (k, l) is σ_k σ_l (b_kᴴ b_l)(a_lᴴ R a_k), what Sylvester's identity gives from the
    Kronecker form (12) for any arrays. The spec's eq. (14) writes a_kᴴ R a_l instead; for ULAs
    both matrices have the same determinant (see tests).

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).
    B : numpy.ndarray
        Receive steering matrix, complex, shape (N_r, K).
    sigma_k2 : numpy.ndarray
        Target reflection variances σ_k², shape (K,), linear.

    Returns
    -------
    numpy.ndarray
        T, complex Hermitian PSD, shape (K, K), watts.
    """
    s = np.sqrt(np.asarray(sigma_k2, dtype=float))
    T = (B.conj().T @ B) * cross_correlation(R, A).T
    return s[:, None] * T * s[None, :]


def sensing_mi(R: np.ndarray, A: np.ndarray, B: np.ndarray, sigma_k2: np.ndarray, L: int,
               sigma_r2: float) -> float:
    """Exact multi-target sensing MI of Lemma 1 (eqs. 13–15): log2 det(I_K + (L/σ_r²) T).

    T is :func:`mi_matrix`, symmetrised before the determinant.

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    A : numpy.ndarray
        Transmit steering matrix, complex, shape (N_t, K).
    B : numpy.ndarray
        Receive steering matrix, complex, shape (N_r, K).
    sigma_k2 : numpy.ndarray
        Target reflection variances σ_k², shape (K,), linear.
    L : int
        Number of snapshots.
    sigma_r2 : float
        Radar noise power per antenna σ_r², watts.

    Returns
    -------
    float
        Sensing MI in bits; NaN if the determinant is not positive.
    """
    T = mi_matrix(R, A, B, sigma_k2)
    M = np.eye(T.shape[0]) + (L / sigma_r2) * 0.5 * (T + T.conj().T)
    sign, logdet = np.linalg.slogdet(M)
    return float(logdet / np.log(2.0)) if sign.real > 0 else float("nan")


def beampattern(R: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Transmit beampattern P(θ) = aᴴ(θ) R a(θ) on an angle grid (spec §6).

    Parameters
    ----------
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    theta : numpy.ndarray
        Grid angles, shape (G,), radians.

    Returns
    -------
    numpy.ndarray
        P(θ), float, shape (G,), watts (unnormalised steering vectors).
    """
    a = ula_steering(R.shape[0], theta)
    return np.real(np.einsum("ng,nm,mg->g", a.conj(), R, a))
