"""The mi_moo designs run on every (seed, x) of a chunk (spec §4–§5): the Proposed method, its
five benchmarks, Radar-only and the "w/o radar signals" variants.

All bisection-based schemes reuse one compiled feasibility problem per (size, variant) over
the chunk (DPP, spec §9) and solve in the reduced span of spec §4.5 unless ``reduce: false``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from isac.algorithms import mi_moo_schemes as lib
from isac.algorithms.mi_moo import MooResult, design_summary, feasibility_for
from isac.algorithms.mi_moo_sdp import Feasibility, MooProblem, reduced_dim
from isac.stages import Solution, solver_rows
from isac.studies.mi_moo.model import at_point, targets_deg

Runner = Callable[[MooProblem, dict[str, Any], "Context"], MooResult]


class Context:
    """Per-call caches: compiled feasibility problems and channel-independent optima."""

    def __init__(self, variant: str | None):
        self.variant = variant
        self.compiled: dict[tuple[Any, ...], Feasibility] = {}
        self.radar_mi: dict[tuple[Any, ...], float] = {}

    def feas(self, prob: MooProblem, q: dict[str, Any]) -> Feasibility:
        """The compiled problem (37) of this size and variant; it depends on N_t only through
        the solved dimension D, so the reduced problems of an N_t sweep share one."""
        variant = lib.FEASIBILITY_VARIANT[self.variant]
        C, K = prob.H.shape[1], prob.theta.size
        dim = reduced_dim(prob.n_t, C, K, variant["sensing"], variant["zf"], q["reduce"])
        key = (dim, C, K)
        if key not in self.compiled:
            self.compiled[key] = feasibility_for(prob, **variant, reduce=q["reduce"])
        return self.compiled[key]


def problem(q: dict[str, Any], H: np.ndarray) -> MooProblem:
    """One channel draw at the point q (its N_t, N_r, targets and noise powers)."""
    K = len(q["targets_deg"])
    return MooProblem(H[: q["Nt"]], np.deg2rad(targets_deg(q)), q["Nr"], q["P"], q["sigma_c2"],
                      q["sigma_r2"], np.full(K, float(q["sigma_k2"])), q["L"], q["eps"])


def _kw(q: dict[str, Any], ctx: Context, prob: MooProblem) -> dict[str, Any]:
    return {"delta": q["delta"], "feas": ctx.feas(prob, q)}


def _proposed(prob, q, ctx, radar_streams=True, zf=True):
    return lib.proposed(prob, q["Gamma"], q["Lambda_bits"], q["alpha"],
                        radar_streams=radar_streams, zf=zf, **_kw(q, ctx, prob))


def _radar_mi(prob: MooProblem, q: dict[str, Any], ctx: Context) -> float:
    """Exact MI of the Radar-only optimum (does not depend on the user channels)."""
    key = (q["Nt"], q["sigma_r2"], tuple(q["targets_deg"]))
    if key not in ctx.radar_mi:
        r = lib.radar_only(prob, reduce=q["reduce"])
        ctx.radar_mi[key] = prob.mi(r.R) if r.status == "optimal" else float("nan")
    return ctx.radar_mi[key]


def _mi_constrained(prob, q, ctx):
    """Λ_MI = Λ; on the trade-off sweep Λ_MI = Λ + u (I_radar − margin − Λ) (spec §8)."""
    lam = q["Lambda_bits"]
    if q["sweep"] == "tradeoff":
        top = _radar_mi(prob, q, ctx) - q["lambda_mi_margin_bits"]
        lam = lam + q["u"] * (top - lam)
    return lib.mi_constrained(prob, lam, **_kw(q, ctx, prob))


RUNNERS: dict[str, Runner] = {
    "proposed": _proposed,
    "proposed_no_radar": lambda prob, q, ctx: _proposed(prob, q, ctx, radar_streams=False),
    "zf_violated": lambda prob, q, ctx: _proposed(prob, q, ctx, zf=False),
    "zf_violated_no_radar": lambda prob, q, ctx: _proposed(prob, q, ctx, False, False),
    "sensing_centric": lambda prob, q, ctx: lib.sensing_centric(prob, q["Gamma"],
                                                                **_kw(q, ctx, prob)),
    "communication_centric": lambda prob, q, ctx: lib.communication_centric(
        prob, q["Lambda_bits"], **_kw(q, ctx, prob)),
    "communication_only": lambda prob, q, ctx: lib.communication_only(prob, **_kw(q, ctx, prob)),
    "mi_constrained": _mi_constrained,
    "radar_only": lambda prob, q, ctx: lib.radar_only(prob, reduce=q["reduce"]),
}


def _history(prob: MooProblem, result: MooResult, n: int) -> np.ndarray:
    """(n, 2) exact MI and average rate after each bisection iteration, padded with the final
    values (a run stops when its bracket is below δ); NaN for a failed run."""
    out = np.full((n, 2), np.nan)
    if result.status != "optimal":
        return out
    h = result.history[:n, 2:4]
    out[:] = design_summary(prob, result.W_c, result.W_r) if not len(h) else h[-1]
    out[: len(h)] = h
    return out


def run_points(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray, x: np.ndarray,
               name: str) -> Solution:
    """Scheme ``name`` on every (seed, x), seed-major. Designs are padded to the scenario's
    N_t (rows beyond a point's N_t are zero); failed designs are NaN with a status row."""
    n_t_max, C = ch["H"].shape[1], ch["H"].shape[2]
    keep, n_hist = p["store_history"], p["history_len"]
    ctx, run = Context(None if name == "radar_only" else name), RUNNERS[name]
    rows, W_c, W_r, t, hist = [], [], [], [], []
    for i, seed in enumerate(seeds):
        for xv in x:
            q = at_point(p, xv)
            prob = problem(q, ch["H"][i])
            r = run(prob, q, ctx)
            ok = r.status == "optimal"
            rows.append((int(seed), float(xv), "ok" if ok else r.status, int(r.iterations),
                         float(r.runtime_s)))
            wc = np.zeros((n_t_max, C), complex)
            wr = np.zeros((n_t_max, n_t_max), complex)
            wc[: q["Nt"]], wr[: q["Nt"], : q["Nt"]] = r.W_c, r.W_r
            if not ok:
                wc[:], wr[:] = np.nan, np.nan
            W_c.append(wc)
            W_r.append(wr)
            t.append([r.t])
            if keep:
                hist.append(_history(prob, r, n_hist))
    frame = solver_rows(rows)
    n = len(rows)
    out = {"W_c": np.stack(W_c) if n else np.zeros((0, n_t_max, C), complex),
           "W_r": np.stack(W_r) if n else np.zeros((0, n_t_max, n_t_max), complex),
           "t": np.asarray(t, dtype=float).reshape(n, 1)}
    if keep:
        out["history"] = np.stack(hist) if n else np.zeros((0, n_hist, 2))
    return frame, out


def _scheme(name: str) -> Callable[..., Solution]:
    def solve(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
              x: np.ndarray) -> Solution:
        return run_points(p, ch, seeds, x, name)

    solve.__name__ = name
    solve.__doc__ = f"Scheme {name!r} on every (seed, x) of a chunk (spec §5)."
    return solve


proposed = _scheme("proposed")
proposed_no_radar = _scheme("proposed_no_radar")
zf_violated = _scheme("zf_violated")
zf_violated_no_radar = _scheme("zf_violated_no_radar")
sensing_centric = _scheme("sensing_centric")
communication_centric = _scheme("communication_centric")
communication_only = _scheme("communication_only")
mi_constrained = _scheme("mi_constrained")
radar_only = _scheme("radar_only")
