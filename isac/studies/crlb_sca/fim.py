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
    """The W-independent part of the FIM: rank-one factors, coefficients and scale."""

    U: np.ndarray        # (N_r, 5M) receive vectors u_e
    V: np.ndarray        # (N_t, 5M) transmit vectors v_e
    C: np.ndarray        # (5M, 4M) coefficients C_ep
    UU: np.ndarray       # (5M, 5M) Gram matrix UᴴU
    scale: float         # 2L/σ_s²


def target_geometry(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...], alpha: np.ndarray,
                    L: int, sigma_s2: float) -> TargetGeometry:
    """Precompute the factors of F from transmit (a, ȧ_θ, ȧ_φ) and receive (b, ḃ_θ, ḃ_φ)
    responses, each (N, M), and the reflection coefficients α (M,)."""
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
    """FIM (4M×4M) for the transmit matrix W (N_t × streams), R = WWᴴ (Lemma 1)."""
    VW = geom.V.conj().T @ W
    inner = geom.UU * (VW @ VW.conj().T).T
    return geom.scale * np.real(geom.C.conj().T @ inner @ geom.C)


def crlb(F: np.ndarray) -> float:
    """CRLB = tr(F⁻¹) over all 4M parameters (mixed units, spec §1.4)."""
    return float(np.trace(np.linalg.inv(F)))


def crlb_gradient_matrix(geom: TargetGeometry, F: np.ndarray) -> np.ndarray:
    """Small matrix K with Q̄ = V K Vᴴ, where tr(Φ F(R)) = tr(R Q̄), Φ = F⁻² (spec §2.4).

    ∂ tr F⁻¹ / ∂W* = −Q̄W = −V (K (VᴴW)).
    """
    Finv = np.linalg.inv(F)
    Phi = Finv @ Finv
    return geom.scale * (geom.C.conj() @ Phi @ geom.C.T) * geom.UU
