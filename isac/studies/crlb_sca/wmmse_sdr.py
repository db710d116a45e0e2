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

from isac.core.comm import sum_rate
from isac.core.cvx import SOLVED, Compiled, failure, solve
from isac.studies.crlb_sca.fim import crlb, fim
from isac.studies.crlb_sca.sca import AscentResult, Problem, comm_weights, project_power

RsPenalty = Literal["unweighted", "beta_weighted"]
#: no chordal decomposition (faster here, and it stalls on some M = 3 instances). A stalled
#: solve (large weights make the KKT system ill-conditioned) is retried with a larger static
#: regularisation, then with the QDLDL factorisation, before it counts as a failure.
_CLARABEL = {"chordal_decomposition_enable": False}
ATTEMPTS = {"CLARABEL": [_CLARABEL, _CLARABEL | {"static_regularization_constant": 1e-7},
                         _CLARABEL | {"static_regularization_constant": 1e-6},
                         _CLARABEL | {"direct_solve_method": "qdldl"}]}


@dataclass
class WmmseSdp:
    """A compiled SDP in the reduced coordinates and its parameters.

    Coordinates are those of the basis Q = [Q_t, Q_h] of :meth:`basis`, of dimension
    n = r + d_h; variables are normalised by the power (R = P_t R̂, W_c = √P_t Ŵ_c).

    Attributes
    ----------
    problem : cvxpy.Problem
        The compiled SDP (DPP).
    compiled : Compiled
        Its fast Clarabel re-solve path (:class:`isac.core.cvx.Compiled`).
    Q_t : ndarray of complex, shape (N_t, r)
        Orthonormal basis of span[A, Ȧ_θ, Ȧ_φ].
    d_h : int
        Dimensions added per channel for span(H).
    C1 : cvxpy.Parameter, complex, shape (n, K)
        Qᴴ [h_k η̄_k].
    B : cvxpy.Parameter, complex, shape (K, n)
        diag(√β) HᴴQ.
    HH : cvxpy.Parameter, Hermitian, shape (n, n)
        Qᴴ Σ_k w_k h_k h_kᴴ Q.
    W_c : cvxpy.Variable, complex, shape (n, K)
        Normalised communication beams Ŵ_c.
    R_c : cvxpy.Variable, Hermitian, shape (n, n)
        Normalised communication covariance R̂_c.
    R_s : cvxpy.Variable, Hermitian, shape (n, n)
        Normalised sensing covariance R̂_s.
    """

    problem: cp.Problem
    compiled: Compiled
    Q_t: np.ndarray            # (N_t, r) orthonormal basis of span[A, Ȧ_θ, Ȧ_φ]
    d_h: int                   # dimensions added per channel for span(H)
    C1: cp.Parameter           # (n, K): Qᴴ [h_k η̄_k]
    B: cp.Parameter            # (K, n): diag(√β) HᴴQ
    HH: cp.Parameter           # (n, n): Qᴴ Σ_k w_k h_k h_kᴴ Q
    W_c: cp.Variable
    R_c: cp.Variable
    R_s: cp.Variable

    def basis(self, H: np.ndarray) -> np.ndarray:
        """Q = [Q_t, Q_h]: Q_t fixed by the targets, Q_h spans the part of H outside it.

        Parameters
        ----------
        H : ndarray of complex, shape (N_t, K)
            User channels.

        Returns
        -------
        ndarray of complex, shape (N_t, n)
            Basis Q with n = r + d_h columns.
        """
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
    Variables are also normalised, R = P_t R̂, W_c = √P_t Ŵ_c, and F = s D⁻¹F̂D⁻¹ with
    s = P_t·2L/σ_s² and D = diag(d) chosen so that F̂ has a unit diagonal at the isotropic
    R̂ = I/n (angle and RCS entries differ by orders of magnitude); then
    tr F⁻¹ = Σ_i d_i² (F̂⁻¹)_ii / s ≤ Σ_i d_i² T_ii / s.

    Parameters
    ----------
    prob : Problem
        Problem instance; its sizes, target geometry, P_t (watts) and weights enter the
        SDP, its channel H does not.
    reduce : bool
        Solve in the reduced basis (default) or in the full space.

    Returns
    -------
    WmmseSdp
        The compiled SDP; its Parameters are set by :func:`set_weights`.
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
    d = 1.0 / np.sqrt(np.diag(F_iso))             # per-parameter scaling (angles vs RCS)
    s = prob.P_t * geom.scale
    W_c = cp.Variable((n, K), complex=True)
    R_c = cp.Variable((n, n), hermitian=True)
    R_s = cp.Variable((n, n), hermitian=True)
    T = cp.Variable((n_par, n_par), symmetric=True)
    C1 = cp.Parameter((n, K), complex=True)
    B = cp.Parameter((K, n), complex=True)
    HH = cp.Parameter((n, n), hermitian=True)
    Y = Vt.conj().T @ (R_c + R_s) @ Vt                           # affine in R̂_x
    Cd = geom.C * d[None, :]
    F = cp.real(Cd.conj().T @ cp.multiply(geom.UU, Y.T) @ Cd)
    eye = np.eye(n_par)
    constraints = [cp.real(cp.trace(R_c + R_s)) <= 1.0,
                   cp.bmat([[R_c, W_c], [W_c.H, np.eye(K)]]) >> 0, R_s >> 0,
                   cp.bmat([[0.5 * (F + F.T), eye], [eye, T]]) >> 0]      # T ⪰ F̂⁻¹ (Schur)
    comm = (2 * np.sqrt(prob.P_t) * cp.real(cp.sum(cp.multiply(cp.conj(C1), W_c)))
            - prob.P_t * cp.sum_squares(B @ W_c) - prob.P_t * cp.real(cp.trace(R_s @ HH)))
    objective = cp.Minimize(prob.delta_s * cp.sum(cp.multiply(d**2, cp.diag(T))) / s
                            - prob.delta_c * comm)
    problem = cp.Problem(objective, constraints)
    return WmmseSdp(problem, Compiled(problem), Q_t, d_h, C1, B, HH, W_c, R_c, R_s)


def _factor(R: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor of R (as coded); an eigen square root if R is only semidefinite."""
    try:
        return np.linalg.cholesky(R)
    except np.linalg.LinAlgError:
        lam, U = np.linalg.eigh(0.5 * (R + R.conj().T))
        return U * np.sqrt(np.clip(lam, 0, None))


def set_weights(sdp: WmmseSdp, prob: Problem, Q: np.ndarray, W_c: np.ndarray, R_s: np.ndarray,
                rs_penalty: RsPenalty = "unweighted") -> None:
    """Set the SDP's Parameters from the current (W_c, R_s), in place.

    T_k includes the sensing covariance (spec §6.1 step 1).

    Parameters
    ----------
    sdp : WmmseSdp
        Compiled SDP.
    prob : Problem
        Problem instance.
    Q : ndarray of complex, shape (N_t, n)
        ``sdp.basis(prob.H)``.
    W_c : ndarray of complex, shape (N_t, K)
        Current communication beams.
    R_s : ndarray of complex, shape (N_t, N_t)
        Current sensing covariance, watts.
    rs_penalty : {"unweighted", "beta_weighted"}
        Weights w_k of the R_s interference term in ``HH``: ones (as coded) or β_k.

    Returns
    -------
    None
    """
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
              sdp: WmmseSdp | None = None, solver: str = "CLARABEL",
              stall_tol: float | None = None, stall_window: int = 10) -> AscentResult:
    """WMMSE-SDR from (W_c0, R_s0 = W_s0 W_s0ᴴ), both un-normalised as coded.

    A solver failure ends the run with status ``solver_<status>`` and the last good W (or NaN
    if none), never an exception.

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W_c0 : ndarray of complex, shape (N_t, K)
        Initial communication beams.
    W_s0 : ndarray of complex, shape (N_t, N_s)
        Factor of the initial sensing covariance.
    tol : float
        Tolerance on the spectral-norm change of the rescaled W.
    max_iter : int
        Maximum number of SDP iterations.
    rs_penalty : {"unweighted", "beta_weighted"}
        Weighting of the R_s interference term (see :func:`set_weights`).
    sdp : WmmseSdp or None
        Prebuilt SDP for this size and geometry; built with :func:`build_sdp` if None.
    solver : str
        cvxpy solver name.
    stall_tol : float or None
        Also stop (status ``"converged"``) once the objective δ_c R − δ_s CRLB has moved by
        at most ``stall_tol`` · |objective| over the last ``stall_window`` iterations. The SDP's
        minimiser is not unique at small δ_c, so W can wander on a flat objective and never
        meet ``tol`` (docs/studies/crlb_sca.md); None keeps the coded W-change rule alone.
    stall_window : int
        Iterations the objective must stay flat.

    Returns
    -------
    AscentResult
        W = [W_c, W_s] at full power, shape (N_t, K + N_t), W_s the Cholesky factor of R_s;
        history (iterations, 3); ``state`` holds the solver's final ``W_c`` (N_t, K) and
        ``R_x`` (N_t, N_t) before the rescaling.
    """
    start = time.perf_counter()
    sdp = sdp or build_sdp(prob)
    H, K = prob.H, prob.H.shape[1]
    Gh = H.conj().T
    Q = sdp.basis(H)
    W_c, R_s = W_c0, W_s0 @ W_s0.conj().T
    R_x = np.full((H.shape[0], H.shape[0]), np.nan, dtype=complex)
    W = np.full((H.shape[0], K + H.shape[0]), np.nan, dtype=complex)
    rows, status = [], "max_iter"
    for _ in range(max_iter):
        set_weights(sdp, prob, Q, W_c, R_s, rs_penalty)
        attempts = ATTEMPTS.get(solver, [{}])
        outcome = sdp.compiled.solve(attempts) if solver == sdp.compiled.solver \
            else solve(sdp.problem, solver, attempts)
        if outcome not in SOLVED or sdp.W_c.value is None:
            status = failure(outcome) or f"solver_{outcome}"
            break
        W_c = np.sqrt(prob.P_t) * Q @ sdp.W_c.value
        R_s = prob.P_t * Q @ sdp.R_s.value @ Q.conj().T
        R_x = prob.P_t * Q @ sdp.R_c.value @ Q.conj().T + R_s
        W_new = project_power(np.concatenate([W_c, _factor(R_s)], axis=1), prob.P_t)
        F = fim(prob.geom, W_new)
        sr, bound = sum_rate(Gh, W_new, K, prob.sigma_c2), crlb(F)
        rows.append((sr, -bound, prob.delta_c * sr - prob.delta_s * bound))
        converged = np.all(np.isfinite(W)) and np.linalg.norm(W_new - W, 2) < tol
        W = W_new
        if stall_tol is not None and len(rows) > stall_window:
            recent = [row[2] for row in rows[-stall_window - 1:]]
            converged |= max(recent) - min(recent) <= stall_tol * abs(recent[-1])
        if converged:
            status = "converged"
            break
    history = np.array(rows).reshape(-1, 3)
    return AscentResult(W, history, len(rows), status, time.perf_counter() - start,
                        {"W_c": W_c, "R_x": R_x})


def truncate_sensing(W_c: np.ndarray, R_x: np.ndarray, n_s: int, P_t: float) -> np.ndarray:
    """Fig. 4 variant of WMMSE-SDR (spec §6.1): N_s sensing streams from the top N_s
    eigenpairs of the solver's R_x − W_cW_cᴴ, W_s = V Λ^{1/2}, then [W_c, W_s] at full power.

    Parameters
    ----------
    W_c : ndarray of complex, shape (N_t, K)
        Solver's communication beams.
    R_x : ndarray of complex, shape (N_t, N_t)
        Solver's transmit covariance, watts.
    n_s : int
        Number of sensing streams N_s kept.
    P_t : float
        Power budget, watts.

    Returns
    -------
    ndarray of complex, shape (N_t, K + N_s)
        Design [W_c, W_s] with ‖·‖_F² = P_t.
    """
    lam, V = np.linalg.eigh(R_x - W_c @ W_c.conj().T)
    top = np.argsort(lam)[::-1][:n_s]
    W_s = V[:, top] * np.sqrt(np.clip(lam[top], 0.0, None))
    return project_power(np.concatenate([W_c, W_s], axis=1), P_t)
