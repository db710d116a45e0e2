"""Power allocation of the iaps_dfrc study (spec §5–§6.3): the LP P2 (the paper's SDP is an
LP in p: the squared SOC row (33) is linear), P_A, the minimum-UE-power closed form, Algorithm 1
and its upper bound, and the max-min-SINR split of Fig. 6.
"""

from __future__ import annotations

import numpy as np

from isac.core.cvx import failure, linear_program

INFEASIBLE = "infeasible"


def sinr_rows(g: np.ndarray, Gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """(A, b) with the SINR constraints as A p ≥ b over p = [p_0, …, p_K] in W.

    Row k is p_k g_kk/Γ − Σ_{j≠k} g_kj p_j ≥ 1 (SINR_k ≥ Γ in units of σ_n², each row scaled
    so that its right-hand side is 1; dividing by g_kk instead, as the spec writes it, leaves
    right-hand sides of 1e-8…1e-3 W and the solver's absolute tolerance then violates the
    SINR of a weak user by up to 10 %).

    Parameters
    ----------
    g : ndarray, shape (K, K + 1)
        Normalised gains |h_kᴴ w̃_j|²/σ_n² (1/W).
    Gamma : float
        SINR threshold, linear.

    Returns
    -------
    A : ndarray, shape (K, K + 1), in 1/W
    b : ndarray, shape (K,), ones
    """
    K = g.shape[0]
    A = -g.copy()
    A[np.arange(K), np.arange(1, K + 1)] = g[np.arange(K), np.arange(1, K + 1)] / Gamma
    return A, np.ones(K)


def min_ue_power(g: np.ndarray, Gamma: float, p0: float = 0.0) -> np.ndarray | None:
    """The least UE powers meeting every SINR ≥ Γ with p_0 fixed: all constraints tight,
    (D − Γ F) p_u = Γ (1 + p_0 g_{·,0}) (spec §5, independent check of the LP).

    Returns
    -------
    ndarray, shape (K,), or None
        p_1 … p_K in W, or None if no non-negative solution exists (infeasible).
    """
    F = g[:, 1:].copy()
    D = np.diag(np.diag(F).copy())
    np.fill_diagonal(F, 0.0)
    try:
        p_u = np.linalg.solve(D - Gamma * F, Gamma * (1.0 + p0 * g[:, 0]))
    except np.linalg.LinAlgError:
        return None
    return p_u if np.all(p_u >= 0) and np.all(np.isfinite(p_u)) else None


def _powers(x: np.ndarray | None, status: str) -> tuple[np.ndarray | None, str]:
    """The LP's powers (clipped at 0) and ``ok``, or None and the failure status."""
    if status in ("infeasible", "infeasible_inaccurate"):
        return None, INFEASIBLE
    bad = failure(status)
    return (None, bad) if bad else (np.clip(x, 0.0, None), "ok")


def maximise_sensing(g: np.ndarray, c: np.ndarray, Gamma: float, budget: float,
                     dedicated: bool = True) -> tuple[np.ndarray | None, str]:
    """P2: the powers maximising Σ_j c_j p_j (∝ every ρ_S) under the SINR rows and the budget;
    ``dedicated=False`` holds p_0 at 0 ("w/o s0"). An LP in K + 1 variables, solved directly
    by Clarabel (:func:`isac.core.cvx.linear_program`).

    Returns
    -------
    (p, status)
        [p_0, …, p_K] in W and ``ok``, or None and ``infeasible`` (or the solver failure).
    """
    n = g.shape[0] + 1
    A, b = sinr_rows(g, Gamma)
    cap = np.zeros((1, n))
    cap[0, 0] = 1.0
    A_ub = np.vstack([-A, np.ones((1, n)), -np.eye(n), cap])
    b_ub = np.concatenate([-b, [budget], np.zeros(n), [budget if dedicated else 0.0]])
    return _powers(*linear_program(-c, A_ub, b_ub))


def minimise_power(g: np.ndarray, Gamma: float, p0: float = 0.0
                   ) -> tuple[np.ndarray | None, str]:
    """P_A: the least Σ_{k≥1} p_k meeting every SINR with p_0 fixed (no budget row: Algorithm
    1 and the communication-centric "min P_total" compare the total with P_max themselves).

    Returns
    -------
    (p, status)
        [p_0, …, p_K] in W and ``ok``, or None and ``infeasible`` (or the solver failure).
    """
    n = g.shape[0] + 1
    A, b = sinr_rows(g, Gamma)
    cost = np.ones(n)
    cost[0] = 0.0
    fix = np.zeros((1, n))
    fix[0, 0] = 1.0
    return _powers(*linear_program(cost, np.vstack([-A, -np.eye(n)]),
                                   np.concatenate([-b, np.zeros(n)]), fix, np.array([p0])))


def algorithm1(g: np.ndarray, Gamma: float, budget: float, dp: float,
               solver: str = "closed_form") -> tuple[np.ndarray | None, int, str]:
    """Algorithm 1 (heuristic, limited backhaul), literally: lower p_0 from P_max in steps of
    Δp and solve P_A(p_0) (least UE powers) until p_0 + Σ p_k < P_max (spec §6.3).

    P_A is the LP :func:`minimise_power` with ``solver="lp"`` (the literal loop that Fig. 4
    times), else the closed form :func:`min_ue_power` (the same solution, microseconds).

    Returns
    -------
    p : ndarray, shape (K + 1,), or None
        [p_0, p_1, …, p_K] in W; None when infeasible.
    iterations : int
        Number of P_A solves.
    status : str
        ``ok`` or the failure.
    """
    p0, total, iterations = budget, budget, 0
    p_u = None
    while total >= budget:
        p0 -= dp
        if p0 < 0:
            return None, iterations, INFEASIBLE
        iterations += 1
        if solver == "lp":
            p, status = minimise_power(g, Gamma, p0)
            p_u = None if p is None else p[1:]
        else:
            p_u = min_ue_power(g, Gamma, p0)
            status = "ok" if p_u is not None else INFEASIBLE
        if p_u is None:
            return None, iterations, status
        total = p0 + float(p_u.sum())
    return np.concatenate([[p0], p_u]), iterations, "ok"


def upper_bound(g: np.ndarray, Gamma: float, budget: float, tol: float = 1e-12
                ) -> tuple[np.ndarray | None, str]:
    """The Δp → 0 limit of Algorithm 1: the largest p_0 with p_0 + S(p_0) ≤ P_max, S the
    least UE power (bisection; S does not depend on p_0 for the projector beam, spec §6.3).

    Returns
    -------
    (p, status)
        [p_0*, p_u] in W, or None and ``infeasible``.
    """
    def excess(p0: float) -> float:
        p_u = min_ue_power(g, Gamma, p0)
        return np.inf if p_u is None else p0 + float(p_u.sum()) - budget

    if excess(0.0) > 0:
        return None, INFEASIBLE
    lo, hi = 0.0, budget
    while hi - lo > tol * budget:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if excess(mid) <= 0 else (lo, mid)
    return np.concatenate([[lo], min_ue_power(g, Gamma, lo)]), "ok"


def max_min_sinr(g: np.ndarray, ue_budget: float, p0: float, tol_db: float = 1e-3
                 ) -> tuple[float, np.ndarray | None]:
    """The largest common SINR threshold Γ_max the UEs can all meet with Σ p_k ≤ ue_budget
    and p_0 fixed (bisection on Γ with :func:`min_ue_power`, Fig. 6).

    Returns
    -------
    (Gamma_max, p_u)
        Γ_max linear (0 when ue_budget = 0) and the least UE powers at it.
    """
    if ue_budget <= 0:
        return 0.0, np.zeros(g.shape[0])

    def fits(gamma: float) -> np.ndarray | None:
        p_u = min_ue_power(g, gamma, p0)
        return p_u if p_u is not None and p_u.sum() <= ue_budget else None

    lo, hi = -60.0, 60.0                                   # dB
    best = fits(10 ** (lo / 10))
    if best is None:
        return 0.0, np.zeros(g.shape[0])
    while hi - lo > tol_db:
        mid = 0.5 * (lo + hi)
        found = fits(10 ** (mid / 10))
        lo, hi, best = (mid, hi, found) if found is not None else (lo, mid, best)
    return 10 ** (lo / 10), best
