"""WMMSE-SDR baseline as the authors coded it (crlb_sca spec §6.1), in cvxpy.

The SDP of one WMMSE iteration is built once per problem size and geometry with the
channel-dependent weights as Parameters (DPP), then re-solved with Clarabel:

    min δ_s tr T − δ_c (2 Re tr(W_cᴴC_1) − ‖Σ_2^{1/2}HᴴW_c‖_F² − tr(R_s HHᴴ))
    s.t. tr(R_c + R_s) ≤ P_t, [R_c W_c; W_cᴴ I] ⪰ 0, R_s ⪰ 0, [F(R_c+R_s) I; I T] ⪰ 0.

One 8M×8M LMI with a matrix T replaces the coded 4M LMIs [F e_m; e_mᵀ t_m] ⪰ 0: both give
tr T = Σ t_m ≥ tr F⁻¹ at the optimum, and F enters the cone once (much faster to solve).

The R_s interference term is unweighted as coded (``rs_penalty='unweighted'``); the WMMSE
surrogate would weight it by β_k (``'beta_weighted'``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import cvxpy as cp
import numpy as np

from isac.algorithms.sca import AscentResult, Problem, comm_weights, project_power
from isac.metrics.comm import sum_rate
from isac.metrics.fim import crlb, fim

RsPenalty = Literal["unweighted", "beta_weighted"]
#: one solver thread per job (parallelism comes from jobs; also keeps results reproducible)
SOLVER_OPTIONS = {"CLARABEL": {"max_threads": 1}}


@dataclass
class WmmseSdp:
    """A compiled SDP in the reduced coordinates and its parameters."""

    problem: cp.Problem
    Q_t: np.ndarray            # (N_t, r) orthonormal basis of span[A, Ȧ_θ, Ȧ_φ]
    d_h: int                   # dimensions added per channel for span(H)
    C1: cp.Parameter           # (n, K): Qᴴ [h_k η̄_k]
    B: cp.Parameter            # (K, n): diag(√β) HᴴQ
    HH: cp.Parameter           # (n, n): Qᴴ Σ_k w_k h_k h_kᴴ Q
    W_c: cp.Variable
    R_s: cp.Variable

    def basis(self, H: np.ndarray) -> np.ndarray:
        """Q = [Q_t, Q_h]: Q_t fixed by the targets, Q_h spans the part of H outside it."""
        if self.d_h == 0:
            return self.Q_t
        rest = H - self.Q_t @ (self.Q_t.conj().T @ H)
        U, _, _ = np.linalg.svd(rest, full_matrices=False)
        return np.concatenate([self.Q_t, U[:, : self.d_h]], axis=1)


def build_sdp(prob: Problem, reduce: bool = True) -> WmmseSdp:
    """The per-iteration SDP for the size and target geometry of ``prob``.

    Exact dimension reduction: every term depends on R only through VᴴRV, hᴴRh, tr R and on
    W_c through HᴴW_c, so projecting (R_c, R_s, W_c) onto span[H, A, Ȧ_θ, Ȧ_φ] keeps them
    feasible, leaves the objective unchanged and does not raise the power: the SDP is solved in
    an n = min(N_t, K + 3M) dimensional basis Q = [Q_t, Q_h(H)] whose target part is fixed, so
    V's coordinates Qᴴ V are constants and only the channel terms are Parameters (DPP).
    ``reduce=False`` solves in the full N_t-dimensional space instead.
    Variables are also normalised, R = P_t R̂, W_c = √P_t Ŵ_c, F = s F̂ with
    s = P_t·(2L/σ_s²)·f_0 (f_0 makes F̂ of order one).
    """
    geom = prob.geom
    n_t, K = prob.H.shape
    n_par = geom.C.shape[1]
    M = n_par // 4
    if reduce:
        U, sv, _ = np.linalg.svd(geom.V[:, : 4 * M], full_matrices=False)
        Q_t = U[:, sv > 1e-10 * sv[0]]
    else:                                   # full size, for checking the reduction
        Q_t = np.eye(n_t, dtype=complex)
    d_h = min(K, n_t - Q_t.shape[1])
    n = Q_t.shape[1] + d_h
    Vt = np.zeros((n, geom.V.shape[1]), dtype=complex)
    Vt[: Q_t.shape[1]] = Q_t.conj().T @ geom.V
    # F̂ = F/s with s chosen so that F̂ is O(1) at the isotropic R̂ = I/n (solver conditioning)
    F_iso = np.real(geom.C.conj().T @ (geom.UU * (Vt.conj().T @ Vt / n).T) @ geom.C)
    f0 = float(np.mean(np.diag(F_iso)))
    s = prob.P_t * geom.scale * f0
    W_c = cp.Variable((n, K), complex=True)
    R_c = cp.Variable((n, n), hermitian=True)
    R_s = cp.Variable((n, n), hermitian=True)
    T = cp.Variable((n_par, n_par), symmetric=True)
    C1 = cp.Parameter((n, K), complex=True)
    B = cp.Parameter((K, n), complex=True)
    HH = cp.Parameter((n, n), hermitian=True)
    Y = Vt.conj().T @ (R_c + R_s) @ Vt                           # affine in R̂_x
    F = cp.real(geom.C.conj().T @ cp.multiply(geom.UU / f0, Y.T) @ geom.C)
    eye = np.eye(n_par)
    constraints = [cp.real(cp.trace(R_c + R_s)) <= 1.0,
                   cp.bmat([[R_c, W_c], [W_c.H, np.eye(K)]]) >> 0, R_s >> 0,
                   cp.bmat([[0.5 * (F + F.T), eye], [eye, T]]) >> 0]      # tr T ≥ tr F̂⁻¹ (Schur)
    comm = (2 * np.sqrt(prob.P_t) * cp.real(cp.sum(cp.multiply(cp.conj(C1), W_c)))
            - prob.P_t * cp.sum_squares(B @ W_c) - prob.P_t * cp.real(cp.trace(R_s @ HH)))
    objective = cp.Minimize(prob.delta_s * cp.trace(T) / s - prob.delta_c * comm)
    return WmmseSdp(cp.Problem(objective, constraints), Q_t, d_h, C1, B, HH, W_c, R_s)


def _factor(R: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor of R (as coded); an eigen square root if R is only semidefinite."""
    try:
        return np.linalg.cholesky(R)
    except np.linalg.LinAlgError:
        lam, U = np.linalg.eigh(0.5 * (R + R.conj().T))
        return U * np.sqrt(np.clip(lam, 0, None))


def set_weights(sdp: WmmseSdp, prob: Problem, Q: np.ndarray, W_c: np.ndarray, R_s: np.ndarray,
                rs_penalty: RsPenalty = "unweighted") -> None:
    """Parameters of the SDP from the current (W_c, R_s); T_k includes the sensing covariance
    (spec §6.1 step 1). ``Q`` is ``sdp.basis(prob.H)``."""
    H, K = prob.H, prob.H.shape[1]
    Gh = H.conj().T
    X = np.concatenate([W_c, _factor(R_s)], axis=1)
    eta, beta = comm_weights(Gh, X, prob.sigma_c2, "all")
    HQ = Gh @ Q
    sdp.C1.value = Q.conj().T @ (H * eta[None, :])
    sdp.B.value = np.sqrt(beta)[:, None] * HQ
    w = beta if rs_penalty == "beta_weighted" else np.ones(K)
    sdp.HH.value = HQ.conj().T @ (w[:, None] * HQ)


def wmmse_sdr(prob: Problem, W_c0: np.ndarray, W_s0: np.ndarray, tol: float = 1e-4,
              max_iter: int = 2000, rs_penalty: RsPenalty = "unweighted",
              sdp: WmmseSdp | None = None, solver: str = "CLARABEL") -> AscentResult:
    """WMMSE-SDR from (W_c0, R_s0 = W_s0 W_s0ᴴ), both un-normalised as coded.

    A solver failure ends the run with status ``solver_<status>`` and the last good W (or NaN
    if none), never an exception.
    """
    start = time.perf_counter()
    sdp = sdp or build_sdp(prob)
    H, K = prob.H, prob.H.shape[1]
    Gh = H.conj().T
    Q = sdp.basis(H)
    W_c, R_s = W_c0, W_s0 @ W_s0.conj().T
    W = np.full((H.shape[0], K + H.shape[0]), np.nan, dtype=complex)
    rows, status = [], "max_iter"
    for _ in range(max_iter):
        set_weights(sdp, prob, Q, W_c, R_s, rs_penalty)
        try:
            sdp.problem.solve(solver=solver, **SOLVER_OPTIONS.get(solver, {}))
        except cp.SolverError:
            status = "solver_error"
            break
        if sdp.problem.status not in ("optimal", "optimal_inaccurate") or sdp.W_c.value is None:
            status = f"solver_{sdp.problem.status}"
            break
        W_c = np.sqrt(prob.P_t) * Q @ sdp.W_c.value
        R_s = prob.P_t * Q @ sdp.R_s.value @ Q.conj().T
        W_new = project_power(np.concatenate([W_c, _factor(R_s)], axis=1), prob.P_t)
        F = fim(prob.geom, W_new)
        sr, bound = sum_rate(Gh, W_new, K, prob.sigma_c2), crlb(F)
        rows.append((sr, -bound, prob.delta_c * sr - prob.delta_s * bound))
        converged = np.all(np.isfinite(W)) and np.linalg.norm(W_new - W, 2) < tol
        W = W_new
        if converged:
            status = "converged"
            break
    history = np.array(rows).reshape(-1, 3)
    return AscentResult(W, history, len(rows), status, time.perf_counter() - start)
