"""Algorithm 1 of the sum-rate/CRLB balancing paper and the FP-SGDA baseline (crlb_sca §3, §6.2).

Both maximise f(W) = δ_c SR(W) − δ_s tr F⁻¹(W) on the power sphere ‖W‖_F² = P_t with steps
built from the same ascent direction ½∇f = C_1 + (δ_s Q̄ − δ_c H Σ_2 Hᴴ) W (eqs. 16, 24, 32):

* Algorithm 1 (two-layer SCA): W ← Π(λW + ½∇f), the maximiser of a concave minorant (eqs. 29–30).
* FP-SGDA as the authors coded it: W ← Π(W + γ_W ∇f + γ_W p_W (W − Ŵ)), Ŵ ← Ŵ + γ_Ŵ (W − Ŵ).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from isac.core.comm import sum_rate
from isac.studies.crlb_sca.fim import TargetGeometry, crlb, crlb_gradient_matrix, fim

LambdaRule = Literal["fig", "main"]
WeightsInterference = Literal["comm_only", "all"]
StopRule = Literal["w_change", "objective"]
FimForm = Literal["low_rank", "dense"]


@dataclass
class AscentResult:
    """Outcome of one run of an iterative beamforming method.

    Attributes
    ----------
    W : ndarray of complex, shape (N_t, K + N_s)
        Final beamformer [W_c, W_s].
    history : ndarray of float, shape (iterations, 3)
        One row per update: (SR in nats/s/Hz, −CRLB, objective).
    iterations : int
        Number of updates run.
    status : str
        ``"converged"``, ``"max_iter"``, ``"diverged"``, or a solver failure (WMMSE-SDR).
    runtime_s : float
        Wall-clock time of the run, seconds.
    state : dict of str to ndarray or None
        For WMMSE-SDR, the solver's final ``W_c`` (N_t, K) and ``R_x`` (N_t, N_t), complex;
        None otherwise.
    """

    W: np.ndarray
    history: np.ndarray
    iterations: int
    status: str
    runtime_s: float
    state: dict[str, np.ndarray] | None = None


@dataclass(frozen=True)
class Problem:
    """One instance of max δ_c SR − δ_s tr F⁻¹ s.t. ‖W‖_F² ≤ P_t (eq. 11).

    Attributes
    ----------
    H : ndarray of complex, shape (N_t, K)
        User channels, columns h_k.
    geom : TargetGeometry
        W-independent FIM factors of the targets.
    P_t : float
        Transmit power budget, watts.
    sigma_c2 : float
        User noise power σ_c², watts.
    delta_c : float
        Weight δ_c of the sum rate.
    delta_s : float
        Weight δ_s of the CRLB.
    weights_interference : {"comm_only", "all"}
        Streams counted in T_k of the weights (see :func:`comm_weights`).
    fim_form : {"low_rank", "dense"}
        How the FIM and the gradient are computed: from the thin products VᴴW (ours, no
        N_t × N_t matrix), or through the N_t × N_t matrices R = WWᴴ, Q̄ and HΣ_2Hᴴ, the
        O((K + N_s) N_t²) per-iteration cost of spec §3.4 (the authors' form). Same values
        up to rounding; only the run time differs (Fig. 5).
    """

    H: np.ndarray                 # (N_t, K), columns h_k
    geom: TargetGeometry
    P_t: float
    sigma_c2: float
    delta_c: float = 0.25
    delta_s: float = 1.0
    weights_interference: WeightsInterference = "comm_only"
    fim_form: FimForm = "low_rank"


def problem_fim(prob: Problem, W: np.ndarray) -> np.ndarray:
    """FIM at W in the problem's ``fim_form``: :func:`~.fim.fim` (low rank) or through the
    N_t × N_t covariance R = WWᴴ (dense), F = scale · Re(Cᴴ[(UᴴU) ⊙ (VᴴRV)ᵀ]C).

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W : ndarray of complex, shape (N_t, K + N_s)
        Beamformer.

    Returns
    -------
    ndarray of float, shape (4M, 4M)
    """
    if prob.fim_form == "low_rank":
        return fim(prob.geom, W)
    geom = prob.geom
    R = W @ W.conj().T
    inner = geom.UU * (geom.V.conj().T @ R @ geom.V).T
    return geom.scale * np.real(geom.C.conj().T @ inner @ geom.C)


def project_power(X: np.ndarray, P_t: float) -> np.ndarray:
    """Π_B(X) = sqrt(P_t) X/‖X‖_F (eq. 30).

    Parameters
    ----------
    X : ndarray of complex, shape (N, n)
        Matrix to scale, e.g. (N_t, K + N_s).
    P_t : float
        Power budget, watts.

    Returns
    -------
    ndarray of complex, shape (N, n)
        X scaled to ‖·‖_F² = P_t.
    """
    return np.sqrt(P_t) * X / np.linalg.norm(X)


def comm_weights(Gh: np.ndarray, W: np.ndarray, sigma2: float,
                 interference: WeightsInterference) -> tuple[np.ndarray, np.ndarray]:
    """Communication weights η̄_k = h_kᴴw_k / I_k and β_k = S_k/(I_k T_k) of eq. (16).

    'comm_only' leaves the sensing streams out of T_k, as every stored result of the authors'
    code does (spec §3.1); 'all' is the paper's eq. (16).

    Parameters
    ----------
    Gh : ndarray of complex, shape (K, N)
        Hᴴ, rows h_kᴴ (N = N_t, or K + 3M in the low-dimensional coordinates).
    W : ndarray of complex, shape (N, K + N_s)
        Beamformer with the K communication beams first.
    sigma2 : float
        User noise power σ_c², watts.
    interference : {"comm_only", "all"}
        Columns of ``W`` counted in T_k.

    Returns
    -------
    eta : ndarray of complex, shape (K,)
        η̄_k.
    beta : ndarray of float, shape (K,)
        β_k, in 1/W.
    """
    K = Gh.shape[0]
    HW = Gh @ W
    desired = np.diagonal(HW[:, :K])
    S = np.abs(desired) ** 2
    cols = HW[:, :K] if interference == "comm_only" else HW
    T = np.sum(np.abs(cols) ** 2, axis=1) + sigma2
    I = T - S  # noqa: E741 - the paper's interference-plus-noise I_k
    return desired / I, S / (I * T)


def half_gradient(prob: Problem, W: np.ndarray, F: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """½∇f = C_1 + (δ_s Q̄ − δ_c H Σ_2 Hᴴ) W (spec §2.4) and the weights β (for λ).

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W : ndarray of complex, shape (N_t, K + N_s)
        Current beamformer.
    F : ndarray of float, shape (4M, 4M)
        FIM at ``W``.

    Returns
    -------
    X : ndarray of complex, shape (N_t, K + N_s)
        Half gradient ½∇f.
    beta : ndarray of float, shape (K,)
        Weights β_k of :func:`comm_weights`.
    """
    H, geom = prob.H, prob.geom
    Gh = H.conj().T
    eta, beta = comm_weights(Gh, W, prob.sigma_c2, prob.weights_interference)
    if prob.fim_form == "low_rank":
        QW = geom.V @ (crlb_gradient_matrix(geom, F) @ (geom.V.conj().T @ W))
        X = prob.delta_s * QW - prob.delta_c * (H @ (beta[:, None] * (Gh @ W)))
    else:                                   # N_t × N_t matrices Q̄ and HΣ_2Hᴴ, then times W
        Q = geom.V @ crlb_gradient_matrix(geom, F) @ geom.V.conj().T
        X = (prob.delta_s * Q - prob.delta_c * ((H * beta) @ Gh)) @ W
    X[:, : H.shape[1]] += prob.delta_c * H * eta[None, :]
    return X, beta


def shift(prob: Problem, F: np.ndarray, beta: np.ndarray, rule: LambdaRule) -> float:
    """λ of spec §3.2: 'fig' = δ_c λ_max(HΣ_2Hᴴ); 'main' = max |eig(δ_c HΣ_2Hᴴ − δ_s Q̄)|.

    Parameters
    ----------
    prob : Problem
        Problem instance.
    F : ndarray of float, shape (4M, 4M)
        FIM at the current W (used by 'main').
    beta : ndarray of float, shape (K,)
        Weights β_k, the diagonal of Σ_2.
    rule : {"fig", "main"}
        Shift rule.

    Returns
    -------
    float
        The shift λ.
    """
    H, geom = prob.H, prob.geom
    if rule == "fig":
        sb = np.sqrt(beta)
        return prob.delta_c * np.linalg.eigvalsh(sb[:, None] * (H.conj().T @ H) * sb)[-1]
    Q = geom.V @ crlb_gradient_matrix(geom, F) @ geom.V.conj().T
    M = prob.delta_c * (H * beta) @ H.conj().T - prob.delta_s * 0.5 * (Q + Q.conj().T)
    return float(np.max(np.abs(np.linalg.eigvalsh(M))))


def spectral_norm_below(D: np.ndarray, tol: float) -> bool | None:
    """Test ‖D‖_2 < tol, skipping the SVD when the Frobenius bounds decide.

    The bounds are ‖D‖_F/√rank ≤ ‖D‖_2 ≤ ‖D‖_F.

    Parameters
    ----------
    D : ndarray of complex, shape (m, n)
        Matrix, e.g. a change of W, (N_t, K + N_s).
    tol : float
        Threshold.

    Returns
    -------
    bool or None
        Whether the spectral norm is below ``tol``; None if D is not finite.
    """
    fro = np.linalg.norm(D)
    if not np.isfinite(fro):
        return None
    if fro < tol:
        return True
    if fro / np.sqrt(min(D.shape)) >= tol:
        return False
    return bool(np.linalg.norm(D, 2) < tol)


def iterate(prob: Problem, W0: np.ndarray, update: Callable[[np.ndarray, np.ndarray], np.ndarray],
            tol: float, max_iter: int, stop: StopRule = "w_change") -> AscentResult:
    """Shared ascent loop W ← update(W, F(W)), one history row per update.

    The loop stops after ``max_iter`` updates, or when ‖ΔW‖_2 < tol (``w_change``: spectral
    norm, as coded), or when the objective changes by less than tol relative
    (``objective``). A run that ends with a lower objective than its starting point, or with
    a non-finite W, has status ``diverged``.

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W0 : ndarray of complex, shape (N_t, K + N_s)
        Initial beamformer (not recorded in the history).
    update : callable
        ``update(W, F) -> W_new``, both (N_t, K + N_s), F the (4M, 4M) FIM at W.
    tol : float
        Stopping tolerance.
    max_iter : int
        Maximum number of updates.
    stop : {"w_change", "objective"}
        Stopping test.

    Returns
    -------
    AscentResult
        Final W, history (iterations, 3), status ``converged``, ``max_iter`` or ``diverged``.
    """
    start = time.perf_counter()
    K = prob.H.shape[1]
    Gh = prob.H.conj().T
    W, F = W0, problem_fim(prob, W0)
    f_start = f_prev = prob.delta_c * sum_rate(Gh, W0, K, prob.sigma_c2) - prob.delta_s * crlb(F)
    rows, status = [], "max_iter"
    for _ in range(max_iter):
        W_new = update(W, F)
        F = problem_fim(prob, W_new)
        sr, bound = sum_rate(Gh, W_new, K, prob.sigma_c2), crlb(F)
        rows.append((sr, -bound, prob.delta_c * sr - prob.delta_s * bound))
        if stop == "objective":
            change = abs(rows[-1][2] - f_prev)
            step = None if not np.isfinite(change) else bool(change < tol * abs(f_prev))
            f_prev = rows[-1][2]
        else:
            step = spectral_norm_below(W_new - W, tol)
        W = W_new
        if step is None:
            status = "diverged"
            break
        if step:
            status = "converged"
            break
    history = np.array(rows).reshape(-1, 3)
    if rows and rows[-1][2] < f_start:   # an ascent method that ends below its start failed
        status = "diverged"
    return AscentResult(W, history, len(rows), status, time.perf_counter() - start)


def two_layer_sca(prob: Problem, W0: np.ndarray, tol: float = 1e-5, max_iter: int = 4000,
                  lambda_rule: LambdaRule = "main", stop: StopRule = "w_change") -> AscentResult:
    """Algorithm 1 (two-layer SCA) from ``W0``: W ← Π(λW + ½∇f).

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W0 : ndarray of complex, shape (N_t, K + N_s)
        Initial beamformer at full power, ‖W0‖_F² = P_t.
    tol : float
        Stopping tolerance.
    max_iter : int
        Maximum number of iterations.
    lambda_rule : {"main", "fig"}
        Shift rule of :func:`shift`. "main" (default, the paper's text) takes the largest
        shift: small, safe steps. "fig" (the authors' figure scripts) takes far larger steps;
        with the coded weights (``weights_interference="comm_only"``) the update is not an
        exact minorise-maximise step and can diverge on ordinary inputs such as a low-SNR
        channel, so check the returned history before trusting a "fig" run.
    stop : {"w_change", "objective"}
        ``"objective"`` is the paper's stopping test (relative objective change),
        ``"w_change"`` the code's.

    Returns
    -------
    AscentResult
        Final W (N_t, K + N_s) and history (iterations, 3).
    """

    def update(W: np.ndarray, F: np.ndarray) -> np.ndarray:
        X, beta = half_gradient(prob, W, F)
        return project_power(shift(prob, F, beta, lambda_rule) * W + X, prob.P_t)

    return iterate(prob, W0, update, tol, max_iter, stop)


def fp_sgda(prob: Problem, W0: np.ndarray, gamma_W: float = 5e-6, p_W: float = 10.0,
            gamma_What: float = 0.02, tol: float = 1e-5, max_iter: int = 4000) -> AscentResult:
    """FP-SGDA as coded by the authors (spec §6.2).

    A gradient step with a term p_W(W − Ŵ) that pushes away from the smoothing anchor Ŵ
    (sign as coded; the FP variable Y is unused); Ŵ starts at ``W0``.

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W0 : ndarray of complex, shape (N_t, K + N_s)
        Initial beamformer at full power.
    gamma_W : float
        Step size γ_W of the gradient step.
    p_W : float
        Weight p_W of the anchor term.
    gamma_What : float
        Step size γ_Ŵ of the anchor update.
    tol : float
        Tolerance on the spectral-norm W change.
    max_iter : int
        Maximum number of iterations.

    Returns
    -------
    AscentResult
        Final W (N_t, K + N_s) and history (iterations, 3).
    """
    anchor = [W0]

    def update(W: np.ndarray, F: np.ndarray) -> np.ndarray:
        X, _ = half_gradient(prob, W, F)
        W_new = project_power(W + gamma_W * 2 * X + gamma_W * p_W * (W - anchor[0]), prob.P_t)
        anchor[0] = anchor[0] + gamma_What * (W_new - anchor[0])
        return W_new

    return iterate(prob, W0, update, tol, max_iter)


def low_dimensional_sca(prob: Problem, W0: np.ndarray, n_inner: int = 20, tol: float = 1e-5,
                        max_iter: int = 4000, stop: StopRule = "w_change") -> AscentResult:
    """LD Algorithm 1 (Prop. 5, eqs. 38–40) as coded: W = N P with N = [H, A, Ȧ_θ, Ȧ_φ].

    Per outer iteration the weights, Q̃ and μ = λ_max(H̃Σ_2H̃ᴴ) are frozen for ``n_inner``
    repetitions of P ← G⁻¹(C̃_1 + C̃_2 P), rescaled to tr(PᴴGP) = P_t, where G = NᴴN,
    H̃ = NᴴH and C̃_2 = δ_c μ G + δ_s Q̃ − δ_c H̃Σ_2H̃ᴴ. P starts at N⁺W0. LD works in the
    K + 3M reduced coordinates whatever the problem's ``fim_form``: that is its point.

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W0 : ndarray of complex, shape (N_t, K + N_s)
        Initial beamformer, N_s = 3M.
    n_inner : int
        Inner repetitions per outer iteration.
    tol : float
        Stopping tolerance.
    max_iter : int
        Maximum number of outer iterations.
    stop : {"w_change", "objective"}
        Stopping test of :func:`iterate`.

    Returns
    -------
    AscentResult
        Final W = N P, shape (N_t, K + 3M), and history (iterations, 3).
    """
    prob = replace(prob, fim_form="low_rank")
    geom, H, K = prob.geom, prob.H, prob.H.shape[1]
    M = geom.C.shape[1] // 4
    N = np.concatenate([H, geom.V[:, 4 * M:], geom.V[:, M:2 * M], geom.V[:, 3 * M:4 * M]], axis=1)
    G = N.conj().T @ N
    G_inv = np.linalg.inv(G)
    Ht, Vt = N.conj().T @ H, N.conj().T @ geom.V
    Ght = Ht.conj().T
    state = {"P": np.linalg.pinv(N) @ W0}

    def update(W: np.ndarray, F: np.ndarray) -> np.ndarray:
        P = state["P"]
        eta, beta = comm_weights(Ght, P, prob.sigma_c2, prob.weights_interference)
        KQ = crlb_gradient_matrix(geom, F)
        sb = np.sqrt(beta)
        mu = np.linalg.eigvalsh(sb[:, None] * (Ght @ Ht) * sb)[-1]
        C1 = np.zeros_like(P)
        C1[:, :K] = prob.delta_c * Ht * eta[None, :]
        C2 = (prob.delta_c * mu * G + prob.delta_s * (Vt @ KQ @ Vt.conj().T)
              - prob.delta_c * (Ht * beta) @ Ght)          # (K+3M)², frozen for the inner loop
        A, b = G_inv @ C2, G_inv @ C1
        for _ in range(n_inner):
            P = A @ P + b
            P = P * np.sqrt(prob.P_t / np.real(np.vdot(P, G @ P)))
        state["P"] = P
        return N @ P

    return iterate(prob, W0, update, tol, max_iter, stop)
