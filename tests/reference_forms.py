"""Reference forms: direct, slow evaluations of quantities the package computes in a faster or
reduced form, used by the tests as independent oracles (never by the pipeline)."""

from __future__ import annotations

import numpy as np

from isac.studies.crlb_sca.fim import TargetGeometry, crlb_gradient_matrix


def kld_complex_gaussian(sigma0: np.ndarray, sigma1: np.ndarray) -> np.ndarray:
    """KL(CN(0, Σ0) ‖ CN(0, Σ1)) in bits via slogdet (no 1/2: complex case)."""
    n = sigma0.shape[-1]
    _, logdet0 = np.linalg.slogdet(sigma0)
    _, logdet1 = np.linalg.slogdet(sigma1)
    trace = np.trace(np.linalg.solve(sigma1, sigma0), axis1=-2, axis2=-1).real
    return (trace - n + logdet1 - logdet0) / np.log(2.0)


def glrt_statistic(Y: np.ndarray, weights_matrix: np.ndarray) -> np.ndarray:
    """Λ = (1/L) Σ_l y_lᴴ Q y_l for frames ``Y`` of shape (..., N, L)."""
    QY = weights_matrix @ Y
    return np.real(np.sum(np.conj(Y) * QY, axis=(-2, -1))) / Y.shape[-1]


def sensing_mi_kronecker(R: np.ndarray, A: np.ndarray, B: np.ndarray, sigma_k2: np.ndarray,
                         L: int, sigma_r2: float) -> float:
    """Sensing MI in the Kronecker form (eqs. 11–12), for checking eq. (13) on small arrays:
    log2 det(I + (L/σ_r²) R_g (Rᵀ ⊗ I_{N_r})), R_g = Σ_k σ_k² (a_k* ⊗ b_k)(a_k* ⊗ b_k)ᴴ."""
    n_r = B.shape[0]
    G = np.stack([np.kron(A[:, k].conj(), B[:, k]) for k in range(A.shape[1])], axis=1)
    R_g = (G * np.asarray(sigma_k2)[None, :]) @ G.conj().T
    M = np.eye(G.shape[0]) + (L / sigma_r2) * R_g @ np.kron(R.T, np.eye(n_r))
    sign, logdet = np.linalg.slogdet(M)
    return float(logdet / np.log(2.0)) if abs(sign) > 0 else float("nan")


def q_bar(geom: TargetGeometry, F: np.ndarray) -> np.ndarray:
    """Q̄ = (2L/σ_s²) Σ_pq Φ_pq D_pᴴ D_q as an explicit N_t×N_t Hermitian matrix."""
    K = crlb_gradient_matrix(geom, F)
    Q = geom.V @ K @ geom.V.conj().T
    return 0.5 * (Q + Q.conj().T)
