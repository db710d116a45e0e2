"""Fisher information of point targets seen by a MIMO radar, and the CRLB (crlb_sca spec §2).

Parameters are ω = [θ; φ; Re α; Im α] (4M reals). Every derivative matrix D_p = ∂(B U Aᴴ)/∂ω_p is a
combination of 5M rank-one terms u_e v_eᴴ (receive vector u, transmit vector v):

    ḃ_θ aᴴ, b ȧ_θᴴ, ḃ_φ aᴴ, b ȧ_φᴴ, b aᴴ   (per target, coefficients α, α, α, α, 1 or j)

so with D_p = Σ_e C_ep u_e v_eᴴ the FIM of Lemma 1 (eq. 10) is

    F = (2L/σ_s²) Re(Cᴴ [(UᴴU) ⊙ (VᴴRV)ᵀ] C),

which costs O(M N_t (K+N_s)) for R = WWᴴ and never forms an N_t×N_t matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TargetGeometry:
    """The W-independent part of the FIM: rank-one factors, coefficients and scale.

    Attributes
    ----------
    U : ndarray of complex, shape (N_r, 5M)
        Receive vectors u_e, column blocks [Ḃ_θ, B, Ḃ_φ, B, B] of M columns each.
    V : ndarray of complex, shape (N_t, 5M)
        Transmit vectors v_e, column blocks [A, Ȧ_θ, A, Ȧ_φ, A] of M columns each.
    C : ndarray of complex, shape (5M, 4M)
        Coefficients C_ep with D_p = Σ_e C_ep u_e v_eᴴ.
    UU : ndarray of complex, shape (5M, 5M)
        Gram matrix UᴴU.
    scale : float
        2L/σ_s², in 1/W (σ_s² in watts).
    """

    U: np.ndarray        # (N_r, 5M) receive vectors u_e
    V: np.ndarray        # (N_t, 5M) transmit vectors v_e
    C: np.ndarray        # (5M, 4M) coefficients C_ep
    UU: np.ndarray       # (5M, 5M) Gram matrix UᴴU
    scale: float         # 2L/σ_s²


def target_geometry(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...], alpha: np.ndarray,
                    L: int, sigma_s2: float) -> TargetGeometry:
    """Precompute the W-independent factors of the FIM.

    Parameters
    ----------
    a : tuple of 3 ndarray of complex, each shape (N_t, M)
        Transmit responses (a, ȧ_θ, ȧ_φ).
    b : tuple of 3 ndarray of complex, each shape (N_r, M)
        Receive responses (b, ḃ_θ, ḃ_φ).
    alpha : ndarray of complex, shape (M,)
        Reflection coefficients α.
    L : int
        Number of snapshots.
    sigma_s2 : float
        Radar noise power σ_s² in watts.

    Returns
    -------
    TargetGeometry
        Factors U, V, C, UᴴU and the scale 2L/σ_s².
    """
    A, dA_t, dA_p = a
    B, dB_t, dB_p = b
    M = alpha.size
    U = np.concatenate([dB_t, B, dB_p, B, B], axis=1)
    V = np.concatenate([A, dA_t, A, dA_p, A], axis=1)
    C = np.zeros((5 * M, 4 * M), dtype=complex)
    m = np.arange(M)
    C[m, m] = alpha                       # θ_m: α (ḃ_θ aᴴ + b ȧ_θᴴ)
    C[M + m, m] = alpha
    C[2 * M + m, M + m] = alpha           # φ_m: α (ḃ_φ aᴴ + b ȧ_φᴴ)
    C[3 * M + m, M + m] = alpha
    C[4 * M + m, 2 * M + m] = 1.0         # Re α_m: b aᴴ
    C[4 * M + m, 3 * M + m] = 1j          # Im α_m: j b aᴴ
    return TargetGeometry(U, V, C, U.conj().T @ U, 2.0 * L / sigma_s2)


def fim(geom: TargetGeometry, W: np.ndarray) -> np.ndarray:
    """FIM of the 4M target parameters for the transmit covariance R = WWᴴ (Lemma 1).

    Parameters
    ----------
    geom : TargetGeometry
        Target factors from :func:`target_geometry`.
    W : ndarray of complex, shape (N_t, K + N_s)
        Transmit matrix; any number of stream columns.

    Returns
    -------
    ndarray of float, shape (4M, 4M)
        Fisher information matrix F, ordered (θ, φ, Re α, Im α).
    """
    VW = geom.V.conj().T @ W
    inner = geom.UU * (VW @ VW.conj().T).T
    return geom.scale * np.real(geom.C.conj().T @ inner @ geom.C)


def crlb(F: np.ndarray) -> float:
    """CRLB = tr(F⁻¹) over all 4M parameters (mixed units, spec §1.4).

    Parameters
    ----------
    F : ndarray of float, shape (4M, 4M)
        Fisher information matrix.

    Returns
    -------
    float
        tr(F⁻¹): angle terms in rad² plus dimensionless RCS terms.
    """
    return float(np.trace(np.linalg.inv(F)))


def crlb_gradient_matrix(geom: TargetGeometry, F: np.ndarray) -> np.ndarray:
    """Small matrix K with Q̄ = V K Vᴴ, where tr(Φ F(R)) = tr(R Q̄), Φ = F⁻² (spec §2.4).

    It gives the CRLB gradient without forming an N_t×N_t matrix:
    ∂ tr F⁻¹ / ∂W* = −Q̄W = −V (K (VᴴW)).

    Parameters
    ----------
    geom : TargetGeometry
        Target factors.
    F : ndarray of float, shape (4M, 4M)
        FIM at the current W.

    Returns
    -------
    ndarray of complex, shape (5M, 5M)
        The matrix K.
    """
    Finv = np.linalg.inv(F)
    Phi = Finv @ Finv
    return geom.scale * (geom.C.conj() @ Phi @ geom.C.T) * geom.UU
