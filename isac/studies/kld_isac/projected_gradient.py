"""Algorithm 1 of J: projected gradient ascent with an adaptive quadratic penalty and Armijo
backtracking (K-ROP and D-ROP; kld_isac spec §5.2).

Each iteration maximises φ_n(W) = f(W) − ρ_n p(W) along G = ∇f − ρ_n ∇p, projects onto the
power set, accepts the first step α β^m with the ascent Armijo condition
φ_n(𝒫(W + αβ^m G)) ≥ φ_n(W) + c ⟨G, 𝒫(W + αβ^m G) − W⟩, then grows ρ by γ while the
penalty is positive. Stops when ‖W^{n+1} − W^n‖_F < ε or after ``max_iter`` iterations.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from isac.core.optimize import OptimResult, Trace

#: f, p, ∇f, ∇p at a point (gradients in the convention G = 2 ∂/∂W*)
ValueGrad = Callable[[np.ndarray], tuple[float, float, np.ndarray, np.ndarray]]


def radial_projection(power: float, n: int) -> Callable[[np.ndarray], np.ndarray]:
    """𝒫 of eq. (38): scale W onto {(1/n) ‖W‖_F² ≤ power} when it lies outside.

    Parameters
    ----------
    power : float
        The budget in watts (P_r for the radar beams).
    n : int
        Columns per beam matrix (the compact snapshot count of
        :mod:`isac.studies.kld_isac.objectives`): the power of W is ‖W‖_F²/n.

    Returns
    -------
    callable
        W -> projected W (same shape).
    """
    def project(W: np.ndarray) -> np.ndarray:
        used = np.vdot(W, W).real / n
        return W if used <= power else W * np.sqrt(power / used)

    return project


def projected_gradient(value_grad: ValueGrad, project: Callable[[np.ndarray], np.ndarray],
                       W0: np.ndarray, *, max_iter: int = 1000, eps: float = 1e-6,
                       rho0: float = 1.0, gamma: float = 1.5, alpha0: float = 0.1,
                       beta: float = 0.5, c: float = 1e-4, max_backtracks: int = 50,
                       restart_step: bool = False,
                       monitor: Callable[[np.ndarray], float] | None = None) -> OptimResult:
    """Run Algorithm 1 from ``W0``.

    Parameters
    ----------
    value_grad : callable
        W -> (f, p, ∇f, ∇p): objective, penalty Σ [bound − value]_+² and their gradients.
    project : callable
        Projection onto the feasible power set (e.g. :func:`radial_projection`).
    W0 : ndarray, complex
        Starting point (projected first).
    max_iter, eps, rho0, gamma, alpha0 : float
        J §IX-B: 1000, 1e-6, 1, 1.5, 0.1.
    beta, c : float
        Backtracking factor and Armijo constant (not in J; spec defaults 0.5, 1e-4).
    max_backtracks : int
        Cap on the backtracking steps m per iteration (spec: 50).
    restart_step : bool
        Start each line search from α_0 (False: from the previous step, as J's rule, which
        never lets the step grow).
    monitor : callable, optional
        W -> float recorded for the start and every iterate in ``trace``.

    Returns
    -------
    OptimResult
        ``design = {"W": W}``; ``history`` holds f per iteration (the start first);
        ``violation`` the final penalty p; status ``"converged"``, ``"max_iter"`` or
        ``"not_finite"``; ``extra`` has the final ``rho`` and ``alpha`` and ``phi_gain``, the
        smallest per-iteration increase of φ_n (≥ 0 by the Armijo condition).
    """
    start = time.perf_counter()
    W = project(W0)
    f, p, gf, gp = value_grad(W)
    rho, alpha = rho0, alpha0
    history, gains, trace = [f], [], Trace(monitor, W)
    status = "max_iter"
    for _ in range(max_iter):
        G = gf - rho * gp
        phi = f - rho * p
        step = alpha0 if restart_step else alpha
        for _m in range(max_backtracks + 1):
            W_new = project(W + step * G)
            f_new, p_new, gf_new, gp_new = value_grad(W_new)
            gain = f_new - rho * p_new - phi
            if gain >= c * np.real(np.vdot(G, W_new - W)):
                break
            step *= beta
        else:                        # no acceptable step: the last trial is tiny; stay put
            W_new, f_new, p_new, gf_new, gp_new, gain = W, f, p, gf, gp, 0.0
        if not np.isfinite(f_new):
            status = "not_finite"
            break
        moved = np.linalg.norm(W_new - W)
        W, f, p, gf, gp, alpha = W_new, f_new, p_new, gf_new, gp_new, step
        history.append(f)
        trace.record(W)
        gains.append(gain)
        if p > 0:
            rho *= gamma
        if moved < eps:
            status = "converged"
            break
    return OptimResult({"W": W}, np.asarray(history), float(p), len(history) - 1, status,
                       time.perf_counter() - start,
                       {"rho": rho, "alpha": alpha, "phi_gain": min(gains, default=0.0)},
                       trace.result())
