"""Algorithm 1 of the sum-rate/CRLB balancing paper: two-layer SCA (crlb_sca spec §3).

Each iteration maximises a concave minorant of f(W) = δ_c SR(W) − δ_s tr F⁻¹(W) on the power
sphere ‖W‖_F² = P_t, which reduces to a projected gradient step
W ← Π(C_1 + C_2 W), C_2 = λI + δ_s Q̄ − δ_c H Σ_2 Hᴴ (eqs. 16, 24, 29–30).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np

from isac.metrics.comm import sum_rate
from isac.metrics.fim import TargetGeometry, crlb, crlb_gradient_matrix, fim

LambdaRule = Literal["fig", "main"]
WeightsInterference = Literal["comm_only", "all"]


@dataclass
class SCAResult:
    """Final beamformer, per-iteration (SR, −CRLB, objective) rows, count, status, wall time."""

    W: np.ndarray
    history: np.ndarray
    iterations: int
    status: str
    runtime_s: float


def project_power(X: np.ndarray, P_t: float) -> np.ndarray:
    """Π_B(X) = sqrt(P_t) X/‖X‖_F (eq. 30)."""
    return np.sqrt(P_t) * X / np.linalg.norm(X)


def comm_weights(Gh: np.ndarray, W: np.ndarray, sigma2: float,
                 interference: WeightsInterference) -> tuple[np.ndarray, np.ndarray]:
    """η̄_k = h_kᴴw_k / I_k and β_k = S_k/(I_k T_k) of eq. (16).

    'comm_only' leaves the sensing streams out of T_k, as every stored result of the authors'
    code does (spec §3.1); 'all' is the paper's eq. (16).
    """
    K = Gh.shape[0]
    HW = Gh @ W
    P = np.abs(HW) ** 2
    desired = np.diagonal(HW[:, :K])
    S = np.abs(desired) ** 2
    T = (P[:, :K] if interference == "comm_only" else P).sum(axis=1) + sigma2
    I = T - S  # noqa: E741 - the paper's interference-plus-noise I_k
    return desired / I, S / (I * T)


def two_layer_sca(H: np.ndarray, W0: np.ndarray, geom: TargetGeometry, P_t: float,
                  sigma_c2: float, delta_c: float = 0.25, delta_s: float = 1.0,
                  tol: float = 1e-5, max_iter: int = 4000, lambda_rule: LambdaRule = "fig",
                  weights_interference: WeightsInterference = "comm_only") -> SCAResult:
    """Run Algorithm 1 from ``W0`` (already at full power) until ‖ΔW‖_2 < ``tol``.

    ``H`` is (N_t, K) with columns h_k; ``geom`` holds the FIM factors (isac.metrics.fim).
    λ rule 'fig' is δ_c λ_max(H Σ_2 Hᴴ) (the figure scripts); 'main' is |μ| for the largest
    magnitude eigenvalue μ of δ_c H Σ_2 Hᴴ − δ_s Q̄ (the paper and the main script), spec §3.2.
    """
    start = time.perf_counter()
    K = H.shape[1]
    Gh = H.conj().T
    W = W0
    F = fim(geom, W)
    rows = []
    status = "max_iter"
    for _ in range(max_iter):
        eta, beta = comm_weights(Gh, W, sigma_c2, weights_interference)
        KQ = crlb_gradient_matrix(geom, F)
        QW = geom.V @ (KQ @ (geom.V.conj().T @ W))
        HSHW = H @ (beta[:, None] * (Gh @ W))
        if lambda_rule == "fig":
            sb = np.sqrt(beta)
            lam = delta_c * np.linalg.eigvalsh(sb[:, None] * (Gh @ H) * sb[None, :])[-1]
        else:
            Q = geom.V @ KQ @ geom.V.conj().T
            M = delta_c * (H * beta) @ Gh - delta_s * 0.5 * (Q + Q.conj().T)
            lam = np.max(np.abs(np.linalg.eigvalsh(M)))
        X = lam * W + delta_s * QW - delta_c * HSHW
        X[:, :K] += delta_c * H * eta[None, :]
        W_new = project_power(X, P_t)
        F = fim(geom, W_new)
        sr, bound = sum_rate(Gh, W_new, K, sigma_c2), crlb(F)
        rows.append((sr, -bound, delta_c * sr - delta_s * bound))
        step = np.linalg.norm(W_new - W, 2)
        W = W_new
        if step < tol:
            status = "converged"
            break
    return SCAResult(W, np.array(rows), len(rows), status, time.perf_counter() - start)
