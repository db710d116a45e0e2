"""Algorithm 3 of J: ADMM for the integrated design K-IOP (kld_isac spec §5.4, scaled form).

Splitting max f(Z) s.t. W ∈ 𝒞, W = Z (𝒞 the joint power set of eq. 55b): each iteration
sets W ← Π_𝒞(Z − u), then raises f(Z) − ρ_n p(Z) − (ρ/2)‖Z − V‖², V = W + u, by ``inner``
projected-gradient ascent steps (Algorithm 1 with ρ_n held fixed; its step carries over from
one iteration to the next), updates the scaled dual u ← u + W − Z and grows ρ_n by γ while
p(Z) > 0. ρ_n and α_n belong to the ADMM iteration n, as in J's Z-update after (62): grown
once per inner step instead, ρ_n overflows after ~1750 steps on an infeasible draw. Stops when
‖W − Z‖ < ε (spec: for W_r and W_c separately; one norm over both is at least as strict) or
after ``max_iter`` iterations. J's own update is degenerate without the projection in the
W-step and descends in its inner loop (spec §7 items 21–22); this is the corrected form.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from isac.core.optimize import OptimResult, Trace
from isac.studies.kld_isac.projected_gradient import ValueGrad, projected_gradient


def admm(value_grad: ValueGrad, project: Callable[[np.ndarray], np.ndarray], z0: np.ndarray,
         *, value: Callable[[np.ndarray], tuple[float, float]] | None = None,
         rho: float = 1.0, max_iter: int = 1000, eps: float = 1e-6, inner: int = 10,
         rho0: float = 1.0, gamma: float = 1.5, alpha0: float = 0.1, beta: float = 0.5,
         c: float = 1e-4, monitor: Callable[[np.ndarray], float] | None = None
         ) -> OptimResult:
    """Run Algorithm 3 from ``z0`` (Z = W = z0, u = 0).

    Parameters
    ----------
    value_grad : callable
        z -> (f, p, ∇f, ∇p) of the problem (e.g. :func:`~.problems.integrated_design`).
    project : callable
        Π_𝒞, the projection onto the joint power set.
    z0 : ndarray, complex
        Starting point (CIC radar + ZF precoder, packed).
    value : callable, optional
        z -> (f, p) without the gradients, for f(W) in the history (default: from
        ``value_grad``).
    rho, max_iter, eps, rho0, gamma, alpha0 : float
        J §IX-D: ρ = 1, 1000, 1e-6, ρ_0 = 1, γ = 1.5, α_0 = 0.1.
    inner : int
        Ascent steps J_in of the Z-update (not in J; spec default 10).
    beta, c : float
        Backtracking factor and Armijo constant, as Algorithm 1.
    monitor : callable, optional
        W -> float recorded for the start and every iterate W in ``trace``.

    Returns
    -------
    OptimResult
        ``design = {"W": W}`` (the feasible copy); ``history`` holds f(W) per iteration (the
        start first); ``violation`` the penalty p(W); status ``"converged"``, ``"max_iter"``
        or ``"not_finite"``; ``extra`` has the final ``rho_n`` and the primal residual
        ``residual`` = ‖W − Z‖.
    """
    start = time.perf_counter()
    if value is None:
        def value(z: np.ndarray, value_grad=value_grad) -> tuple[float, float]:
            return value_grad(z)[:2]
    value_grad = _remember_last(value_grad)
    Z = project(z0)
    W, u = Z, np.zeros_like(Z)
    rho_n, alpha = rho0, alpha0
    history, trace = [value(W)[0]], Trace(monitor, W)
    status, residual = "max_iter", np.inf
    for _ in range(max_iter):
        W = project(Z - u)
        V = W + u

        def augmented(z: np.ndarray, V=V):
            f, p, gf, gp = value_grad(z)
            diff = z - V
            return f - 0.5 * rho * float(np.vdot(diff, diff).real), p, gf - rho * diff, gp

        step = projected_gradient(augmented, project, Z, max_iter=inner, eps=0.0, rho0=rho_n,
                                  gamma=1.0, alpha0=alpha, beta=beta, c=c)
        Z, alpha = step.design["W"], step.extra["alpha"]
        if step.violation > 0:
            rho_n *= gamma
        u = u + W - Z
        f_W = value(W)[0]
        if not np.isfinite(f_W):
            status = "not_finite"
            break
        history.append(f_W)
        trace.record(W)
        residual = float(np.linalg.norm(W - Z))
        if residual < eps:
            status = "converged"
            break
    p_W = value(W)[1]
    return OptimResult({"W": W}, np.asarray(history), float(p_W), len(history) - 1, status,
                       time.perf_counter() - start, {"rho_n": rho_n, "residual": residual},
                       trace.result())


def _remember_last(value_grad: ValueGrad) -> ValueGrad:
    """``value_grad`` that returns its last result again when called with the same array
    object: each inner ascent starts at the Z the previous one ended on, already evaluated."""
    last: list = [None, None]

    def cached(z: np.ndarray):
        if z is not last[0]:
            last[0], last[1] = z, value_grad(z)
        return last[1]

    return cached
