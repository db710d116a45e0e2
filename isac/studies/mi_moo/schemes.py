"""The mi_moo designs as per-point functions (:mod:`isac.contract`, spec §4–§5): the Proposed
method, its five benchmarks, Radar-only and the "w/o radar signals" variants.

All bisection-based schemes reuse one compiled feasibility problem per (size, variant) over
the chunk (DPP, spec §9), kept in the chunk's scratch space, and solve in the reduced span of
spec §4.5 unless their option ``reduce`` is false.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import isac.studies.mi_moo.designs as lib
from isac.contract import OK, Draw, Params, PointResult
from isac.studies.mi_moo.bisection import MooResult, design_summary, feasibility_for
from isac.studies.mi_moo.model import targets_deg
from isac.studies.mi_moo.sdp import Feasibility, MooProblem, reduced_dim

Runner = Callable[[MooProblem, dict[str, Any], dict[str, Any], "Context"], MooResult]


class Context:
    """Per-call caches: compiled feasibility problems and channel-independent optima."""

    def __init__(self, variant: str | None):
        self.variant = variant
        self.compiled: dict[tuple[Any, ...], Feasibility] = {}
        self.radar_mi: dict[tuple[Any, ...], float] = {}

    def feas(self, prob: MooProblem, reduce: bool) -> Feasibility:
        """The compiled problem (37) of this size and variant; it depends on N_t only through
        the solved dimension D, so the reduced problems of an N_t sweep share one."""
        variant = lib.FEASIBILITY_VARIANT[self.variant]
        C, K = prob.H.shape[1], prob.theta.size
        dim = reduced_dim(prob.n_t, C, K, variant["sensing"], variant["zf"], reduce)
        key = (dim, C, K)
        if key not in self.compiled:
            self.compiled[key] = feasibility_for(prob, **variant, reduce=reduce)
        return self.compiled[key]


def problem(q: dict[str, Any], H: np.ndarray) -> MooProblem:
    """One channel draw at the point q (its N_t, N_r, targets and noise powers)."""
    K = len(q["targets_deg"])
    return MooProblem(H[: q["Nt"]], np.deg2rad(targets_deg(q)), q["Nr"], q["P"], q["sigma_c2"],
                      q["sigma_r2"], np.full(K, float(q["sigma_k2"])), q["L"], q["eps"],
                      q["steering_norm"])


def _kw(o: dict[str, Any], ctx: Context, prob: MooProblem, q: dict[str, Any]
        ) -> dict[str, Any]:
    return {"delta": o["delta"], "feas": ctx.feas(prob, o["reduce"]),
            "scale": q["utility_scale"]}


def _proposed(prob, q, o, ctx, radar_streams=True, zf=True):
    return lib.proposed(prob, q["Gamma"], q["Lambda_bits"], q["alpha"],
                        radar_streams=radar_streams, zf=zf, **_kw(o, ctx, prob, q))


def _radar_mi(prob: MooProblem, q: dict[str, Any], reduce: bool, ctx: Context) -> float:
    """Exact MI of the Radar-only optimum (does not depend on the user channels)."""
    key = (q["Nt"], q["sigma_r2"], tuple(q["targets_deg"]))
    if key not in ctx.radar_mi:
        r = lib.radar_only(prob, reduce=reduce)
        ctx.radar_mi[key] = prob.mi(r.R) if r.status == "optimal" else float("nan")
    return ctx.radar_mi[key]


def _mi_constrained(prob, q, o, ctx, sinr_bound="merged"):
    """Λ_MI = Λ; on the trade-off sweep Λ_MI = Λ + u (I_radar − margin − Λ) (spec §8)."""
    lam = q["Lambda_bits"]
    if q["sweep"] == "tradeoff":
        top = _radar_mi(prob, q, o["reduce"], ctx) - o["lambda_mi_margin_bits"]
        lam = lam + q["u"] * (top - lam)
    return lib.mi_constrained(prob, lam, sinr_bound=sinr_bound, **_kw(o, ctx, prob, q))


RUNNERS: dict[str, Runner] = {
    "proposed": _proposed,
    "proposed_no_radar": lambda prob, q, o, ctx: _proposed(prob, q, o, ctx, radar_streams=False),
    "zf_violated": lambda prob, q, o, ctx: _proposed(prob, q, o, ctx, zf=False),
    "zf_violated_no_radar": lambda prob, q, o, ctx: _proposed(prob, q, o, ctx, False, False),
    "sensing_centric": lambda prob, q, o, ctx: lib.sensing_centric(prob, q["Gamma"],
                                                                   **_kw(o, ctx, prob, q)),
    "communication_centric": lambda prob, q, o, ctx: lib.communication_centric(
        prob, q["Lambda_bits"], **_kw(o, ctx, prob, q)),
    "communication_only": lambda prob, q, o, ctx: lib.communication_only(prob,
                                                                         **_kw(o, ctx, prob, q)),
    "mi_constrained": _mi_constrained,
    "mi_constrained_per_user": lambda prob, q, o, ctx: _mi_constrained(prob, q, o, ctx,
                                                                       "per_user"),
    "radar_only": lambda prob, q, o, ctx: lib.radar_only(prob, reduce=o["reduce"]),
}


def _history(prob: MooProblem, result: MooResult) -> np.ndarray:
    """(iterations, 2) exact MI and average rate after each bisection iteration; a run that
    needed no iteration holds its design's values; empty for a failed run."""
    if result.status != "optimal":
        return np.zeros((0, 2))
    h = result.history[:, 2:4]
    return h if len(h) else np.array([design_summary(prob, result.W_c, result.W_r)])


def solve(name: str, q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Scheme ``name`` (a key of :data:`RUNNERS`) at one point: ``W_c`` (N_t, C), ``W_r``
    (N_t, N_t) and ``t`` (1,), the bisection's optimum; status ``ok`` for an optimal design."""
    ctx = chunk.setdefault("context", Context(None if name == "radar_only" else name))
    prob = problem(q, draw["H"])
    r = RUNNERS[name](prob, q, options, ctx)
    ok = r.status == "optimal"
    history = _history(prob, r) if options.get("store_history") else None
    return PointResult({"W_c": r.W_c, "W_r": r.W_r, "t": np.array([r.t])},
                       OK if ok else r.status, int(r.iterations), float(r.runtime_s), history)


def proposed(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """The Proposed method: Algorithm 1 with the weighted utility, SINR and MI thresholds and
    ZF (20) (spec §5)."""
    return solve("proposed", q, options, draw, chunk)


def proposed_no_radar(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """The Proposed method without radar streams (R = Σ_i R_i) (spec §5)."""
    return solve("proposed_no_radar", q, options, draw, chunk)


def zf_violated(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """ZF-violated: the Proposed method without the cross-correlation constraints (27c)
    (spec §5)."""
    return solve("zf_violated", q, options, draw, chunk)


def zf_violated_no_radar(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """ZF-violated without radar streams (spec §5)."""
    return solve("zf_violated_no_radar", q, options, draw, chunk)


def sensing_centric(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Sensing-centric, Case 1 (33): α = 1, SINR ≥ Γ, ZF on (spec §5)."""
    return solve("sensing_centric", q, options, draw, chunk)


def communication_centric(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Communication-centric, Case 2 (34): α = 0, I_ub ≥ Λ, ZF on (spec §5)."""
    return solve("communication_centric", q, options, draw, chunk)


def communication_only(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Communication-only: max-min SINR, no sensing, no ZF (spec §5)."""
    return solve("communication_only", q, options, draw, chunk)


def mi_constrained(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """MI-constrained (spec §5, read through ref. [15]): max-min of the merged SINR lower bound
    h_iᴴR_ih_i / (Σ_k h_kᴴ(R − R_k)h_k + σ_c²) subject to the exact MI (13) ≥ Λ_MI, no ZF."""
    return solve("mi_constrained", q, options, draw, chunk)


def mi_constrained_per_user(q: Params, options: Params, draw: Draw, chunk: Params
                            ) -> PointResult:
    """MI-constrained with floors on each user's SINR instead of the merged bound (the bracket:
    max-min SINR subject to the exact MI ≥ Λ_MI, our first reading of the benchmark)."""
    return solve("mi_constrained_per_user", q, options, draw, chunk)


def radar_only(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Radar-only: the MI-optimal covariance under ZF (20), W_c = 0 (spec §5)."""
    return solve("radar_only", q, options, draw, chunk)
