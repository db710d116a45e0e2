"""The designs compared in the mi_moo figures (spec §5), each a concrete function of one
channel draw returning a :class:`MooResult`, plus the per-design metrics of spec §5.

Every scheme but Radar-only runs Algorithm 1 (:func:`bisection`) with its own weights,
thresholds and constraint set; pass ``feas`` (from :func:`feasibility_for` with the same
variant) to reuse one compiled problem over many channel draws.
"""

from __future__ import annotations

import time

import cvxpy as cp
import numpy as np

from isac.core.comm import average_rate, user_sinr
from isac.core.cvx import failure, solve
from isac.core.linalg import psd_factor, span_basis
from isac.studies.mi_moo.bisection import (
    MooResult,
    Utility,
    UtilityScale,
    bisection,
    failed_result,
)
from isac.studies.mi_moo.mi import max_cross_correlation, mi_upper_bound
from isac.studies.mi_moo.sdp import (
    RTOL,
    ZF_MARGIN,
    MooProblem,
    SinrBound,
    max_violation,
)

#: constraint set of each bisection-based scheme, i.e. the arguments of ``feasibility_for``
#: that build a compiled problem it can reuse (``feas=``); "_no_radar" = w/o radar signals
FEASIBILITY_VARIANT: dict[str, dict[str, object]] = {
    "proposed": {"sensing": "beam", "zf": True, "radar_streams": True},
    "proposed_no_radar": {"sensing": "beam", "zf": True, "radar_streams": False},
    "zf_violated": {"sensing": "beam", "zf": False, "radar_streams": True},
    "zf_violated_no_radar": {"sensing": "beam", "zf": False, "radar_streams": False},
    "sensing_centric": {"sensing": "beam", "zf": True, "radar_streams": True},
    "communication_centric": {"sensing": "beam", "zf": True, "radar_streams": True},
    "communication_only": {"sensing": "none", "zf": False, "radar_streams": True},
    "mi_constrained": {"sensing": "mi", "zf": False, "radar_streams": False,
                       "sinr_bound": "merged"},
    "mi_constrained_per_user": {"sensing": "mi", "zf": False, "radar_streams": False},
}


def _utility(prob: MooProblem, alpha: float, Lambda: float, Gamma: float,
             scale: UtilityScale = "linear") -> Utility:
    C, K = prob.H.shape[1], prob.theta.size
    I_top, gamma_top = Utility.utopia(prob)
    return Utility(alpha, np.full(C, (1 - alpha) / C), np.full(K, 1 / K), Lambda,
                   np.full(C, Gamma), scale, I_top, gamma_top)


def proposed(prob: MooProblem, Gamma: float, Lambda: float, alpha: float = 0.5,
             radar_streams: bool = True, zf: bool = True, scale: UtilityScale = "linear",
             **kw) -> MooResult:
    """Proposed method: Algorithm 1 with the weighted max-min utility.

    Weights ω_i = (1−α)/C, ξ_k = 1/K; ZF (20) on. ``radar_streams=False`` is the "w/o radar
    signals" variant (R = Σ_i R_i).

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    Gamma : float
        SINR threshold Γ, linear.
    Lambda : float
        MI threshold Λ, bits.
    alpha : float, default 0.5
        Sensing weight α.
    radar_streams : bool, default True
        False forces R = Σ_i R_i.
    zf : bool, default True
        Impose the cross-correlation constraints (20).
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the utility's SINR terms (:class:`Utility`).
    **kw
        Passed on to :func:`bisection` (``delta``, ``reduce``, ``feas``, ``solver``).

    Returns
    -------
    MooResult
        The design and its solver record.
    """
    return bisection(prob, _utility(prob, alpha, Lambda, Gamma, scale), zf=zf,
                     radar_streams=radar_streams, **kw)


def zf_violated(prob: MooProblem, Gamma: float, Lambda: float, alpha: float = 0.5,
                radar_streams: bool = True, scale: UtilityScale = "linear", **kw) -> MooResult:
    """ZF-violated: the Proposed method without the cross-correlation constraints (27c).

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    Gamma : float
        SINR threshold Γ, linear.
    Lambda : float
        MI threshold Λ, bits.
    alpha : float, default 0.5
        Sensing weight α.
    radar_streams : bool, default True
        False forces R = Σ_i R_i (the "w/o radar signals" variant).
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the utility's SINR terms (:class:`Utility`).
    **kw
        Passed on to :func:`bisection` (``delta``, ``reduce``, ``feas``, ``solver``).

    Returns
    -------
    MooResult
        The design and its solver record.
    """
    return proposed(prob, Gamma, Lambda, alpha, radar_streams, zf=False, scale=scale, **kw)


def sensing_centric(prob: MooProblem, Gamma: float, scale: UtilityScale = "linear",
                    **kw) -> MooResult:
    """Sensing-centric, Case 1 (33): α = 1, ω = 0, Λ = 0, γ_i ≥ Γ; ZF on.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    Gamma : float
        SINR threshold Γ, linear.
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the utility's SINR terms (:class:`Utility`).
    **kw
        Passed on to :func:`bisection` (``delta``, ``reduce``, ``feas``, ``solver``).

    Returns
    -------
    MooResult
        The design and its solver record.
    """
    return bisection(prob, _utility(prob, 1.0, 0.0, Gamma, scale), zf=True, **kw)


def communication_centric(prob: MooProblem, Lambda: float, scale: UtilityScale = "linear",
                          **kw) -> MooResult:
    """Communication-centric, Case 2 (34): α = 0, ω_i = 1/C, Γ = 0, I_ub ≥ Λ; ZF on.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    Lambda : float
        MI threshold Λ, bits.
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the utility's SINR terms (:class:`Utility`).
    **kw
        Passed on to :func:`bisection` (``delta``, ``reduce``, ``feas``, ``solver``).

    Returns
    -------
    MooResult
        The design and its solver record.
    """
    return bisection(prob, _utility(prob, 0.0, Lambda, 0.0, scale), zf=True, **kw)


def communication_only(prob: MooProblem, scale: UtilityScale = "linear", **kw) -> MooResult:
    """Communication-only: max-min SINR with no sensing and no ZF constraint.

    α = 0, ω_i = 1/C, Γ = 0, so t* = C · min_i γ_i.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the utility's SINR terms (:class:`Utility`).
    **kw
        Passed on to :func:`bisection` (``delta``, ``reduce``, ``feas``, ``solver``).

    Returns
    -------
    MooResult
        The design and its solver record.
    """
    return bisection(prob, _utility(prob, 0.0, 0.0, 0.0, scale), sensing="none", zf=False,
                     **kw)


def mi_constrained(prob: MooProblem, Lambda_mi: float, scale: UtilityScale = "linear",
                   sinr_bound: SinrBound = "merged", **kw) -> MooResult:
    """MI-constrained: max-min SINR bound subject to the exact MI (13) ≥ Λ_MI (spec §5).

    Communication streams only (R = Σ_i R_i), no ZF. The floors bound the merged SINR lower
    bound of :func:`~isac.studies.mi_moo.mi.merged_sinr_bound` (in the spirit of ref. [15]:
    a lower bound of the rate that lumps all multi-user interference; the reading that
    explains most of the paper's statements, docs/studies/mi_moo.md); ``sinr_bound='per_user'``
    puts them on each SINR (t* = C · min_i γ_i).

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    Lambda_mi : float
        Exact-MI threshold Λ_MI, bits.
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the utility's SINR terms (:class:`Utility`).
    sinr_bound : {'merged', 'per_user'}, default 'merged'
        What the floors bound: the merged lower bound, or each SINR.
    **kw
        Passed on to :func:`bisection` (``delta``, ``reduce``, ``feas``, ``solver``).

    Returns
    -------
    MooResult
        The design and its solver record.
    """
    return bisection(prob, _utility(prob, 0.0, Lambda_mi, 0.0, scale), sensing="mi", zf=False,
                     radar_streams=False, sinr_bound=sinr_bound, **kw)


def radar_only(prob: MooProblem, zf: bool = True, reduce: bool = True,
               solver: str = "CLARABEL") -> MooResult:
    """Radar-only: max_R Σ_k log2(1 + γ_k^s(R)) s.t. tr R ≤ P, R ⪰ 0 and ZF (20), W_c = 0.

    Solved directly (concave) in span{a_k} with log(1 + κy) = log κ + log(1/κ + y) for
    scaling, y_k = aᴴ_kRa_k/(P‖a_k‖²).

    Parameters
    ----------
    prob : MooProblem
        The channel draw (only its size and targets matter).
    zf : bool, default True
        Impose the cross-correlation constraints (20).
    reduce : bool, default True
        Solve in span{a_k} instead of at full size N_t.
    solver : str, default 'CLARABEL'
        cvxpy solver name.

    Returns
    -------
    MooResult
        W_c = 0 (N_t, C), W_r (N_t, N_t) in √W; ``t`` of the result is the optimum I_ub in bits.
    """
    start = time.perf_counter()
    n_t, C = prob.H.shape
    K = prob.theta.size
    U = span_basis(prob.A, min(n_t, K)) if reduce else np.eye(n_t, dtype=complex)
    a_norm = np.linalg.norm(prob.A, axis=0)
    a = U.conj().T @ prob.A / a_norm
    kappa = prob.echo_gain * prob.P * a_norm ** 2
    X = cp.Variable((U.shape[1],) * 2, hermitian=True)
    y = [cp.real(a[:, k].conj() @ X @ a[:, k]) for k in range(K)]
    cons = [X >> 0, cp.real(cp.trace(X)) <= 1.0]
    if zf:
        bound = (1 - ZF_MARGIN) * prob.eps / prob.P
        cons += [cp.abs(a[:, k].conj() @ X @ a[:, m]) <= bound / (a_norm[k] * a_norm[m])
                 for k in range(K) for m in range(k + 1, K)]
    problem = cp.Problem(cp.Maximize(sum(cp.log(1 / kappa[k] + y[k]) for k in range(K))), cons)
    reason = failure(solve(problem, solver))
    if reason:
        return failed_result(n_t, C, reason, start, 1, 1)
    R = prob.P * U @ X.value @ U.conj().T
    R = 0.5 * (R + R.conj().T)
    if max_violation(prob, R, np.zeros((0, n_t, n_t)), np.zeros(0), None, None, zf, True) > RTOL:
        return failed_result(n_t, C, "check_failed", start, 1, 1)
    W_r = psd_factor(R)
    W_c = np.zeros((n_t, C), dtype=complex)
    R = W_r @ W_r.conj().T
    ub = mi_upper_bound(R, prob.A, prob.rx_gain, prob.sigma_k2, prob.L, prob.sigma_r2)
    return MooResult(W_c, W_r, R, ub, 1, "optimal", time.perf_counter() - start,
                     np.zeros((0, 4)), 1, 0)


def design_metrics(prob: MooProblem, result: MooResult) -> dict[str, float | np.ndarray]:
    """Reported quantities of spec §5 for one design.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    result : MooResult
        The design.

    Returns
    -------
    dict
        ``sinr``: per-user SINR γ_i (5), shape (C,), linear; ``avg_rate``: average rate (6),
        bit/s/Hz; ``mi``: exact MI (13), bits; ``mi_ub``: upper bound I_ub (16), bits;
        ``max_xcorr``: max |aᴴ_kRa_l|, watts; ``power``: tr R, watts; plus ``t`` (t*),
        ``iterations``, ``status`` and ``runtime_s`` (run time, seconds).
    """
    R = result.R
    sinr = user_sinr(prob.H.conj().T, result.W_c, result.W_r, prob.sigma_c2)
    return {"sinr": sinr, "avg_rate": average_rate(sinr), "mi": prob.mi(R),
            "mi_ub": mi_upper_bound(R, prob.A, prob.rx_gain, prob.sigma_k2, prob.L, prob.sigma_r2),
            "max_xcorr": max_cross_correlation(R, prob.A), "power": float(np.trace(R).real),
            "t": result.t, "iterations": result.iterations, "status": result.status,
            "runtime_s": result.runtime_s}
