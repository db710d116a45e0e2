"""Power-allocation schemes of the iaps_dfrc study, one per point (spec §5, §6.3, §8).

Each returns the design ``p`` = [p_0, p_1, …, p_K] in W. A sample where the UEs' SINR floors
cannot be met within P_max is a status row ``infeasible`` (excluded from every mean, spec §7),
or, with the option ``infeasible: counted_as_zero``, a valid point with ``feasible`` = 0 whose
detection probabilities evaluate to 0. The allocation does not depend on σ_rcs² or on the number of
RAPs, so a chunk computes it once per sample and reuses it across such sweeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

import isac.studies.iaps_dfrc.allocation as al
from isac.contract import OK, Draw, Params, PointResult
from isac.studies.iaps_dfrc.beams import point_links, sinr

#: model keys an allocation depends on (σ_rcs², R and the sensing constants do not enter)
ALLOCATION_KEYS = ("K", "P_max_W", "Gamma", "sigma2", "p0", "eta", "dp", "sensing_beam",
                   "rzf_scale")


def _point(name: str, allocate: Callable[[Params, Params, dict, Params], tuple]):
    """A scheme from ``allocate(q, options, links, chunk) -> (p or None, status,
    iterations, extra design)``: links, caching across σ_rcs²/R, the SINR check and the
    infeasibility rule."""

    def solve(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
        key = (name, draw["seed"], *(q.get(k) for k in ALLOCATION_KEYS))
        if key not in chunk:
            start = time.perf_counter()
            links = point_links(q, draw)
            p, status, iterations, extra = allocate(q, options, links, chunk)
            target = extra.get("gamma_max", [q["Gamma"]])[0]        # Fig. 6: its own Γ
            if p is not None and np.any(sinr(p, links["g"]) < target * (1 - 1e-6)):
                p, status = None, "sinr_violated"
            chunk[key] = (p, status, iterations, extra, time.perf_counter() - start)
        p, status, iterations, extra, runtime = chunk[key]
        if p is None and status == al.INFEASIBLE and options.get("infeasible") == "counted_as_zero":
            return PointResult({"p": np.zeros(q["K"] + 1), "feasible": np.zeros(1)} | extra,
                               OK, iterations, runtime)
        if p is None:
            return PointResult({}, status, iterations, runtime)
        return PointResult({"p": p, "feasible": np.ones(1)} | extra, OK, iterations, runtime)

    solve.__name__ = name
    return solve


def _with_s0(q, options, links, chunk):
    p, status = al.maximise_sensing(links["g"], links["c"], q["Gamma"], q["P_max_W"], True)
    return p, status, 1, {}


def _without_s0(q, options, links, chunk):
    p, status = al.maximise_sensing(links["g"], links["c"], q["Gamma"], q["P_max_W"], False)
    return p, status, 1, {}


def _min_power(q, options, links, chunk):
    p, status = al.minimise_power(links["g"], q["Gamma"], 0.0)
    if p is not None and p.sum() > q["P_max_W"]:
        return None, al.INFEASIBLE, 1, {}
    return p, status, 1, {}


def _algorithm1(q, options, links, chunk):
    p, iterations, status = al.algorithm1(links["g"], q["Gamma"], q["P_max_W"], q["dp"],
                                          options.get("solver", "closed_form"))
    return p, status, iterations, {}


def _upper_bound(q, options, links, chunk):
    p, status = al.upper_bound(links["g"], q["Gamma"], q["P_max_W"])
    return p, status, 0, {}


def _fixed_p0(q, options, links, chunk):
    """Fig. 2: p_0 = x, the least UE powers scaled up to fill P_max − p_0."""
    p_u = al.min_ue_power(links["g"], q["Gamma"], q["p0"])
    if p_u is None or q["p0"] + p_u.sum() > q["P_max_W"]:
        return None, al.INFEASIBLE, 0, {}
    return np.concatenate([[q["p0"]], p_u * (q["P_max_W"] - q["p0"]) / p_u.sum()]), "ok", 0, {}


def _max_min(q, options, links, chunk):
    """Fig. 6: p_0 = η P_max, the UEs share (1 − η) P_max at their largest common SINR."""
    p0 = q["eta"] * q["P_max_W"]
    gamma, p_u = al.max_min_sinr(links["g"], q["P_max_W"] - p0, p0)
    if gamma <= 0:                      # not even an SINR of −60 dB fits the UE budget
        return None, al.INFEASIBLE, 0, {}
    return np.concatenate([[p0], p_u]), "ok", 0, {"gamma_max": np.array([gamma])}


with_s0 = _point("with_s0", _with_s0)
without_s0 = _point("without_s0", _without_s0)
min_power = _point("min_power", _min_power)
algorithm1 = _point("algorithm1", _algorithm1)
upper_bound = _point("upper_bound", _upper_bound)
fixed_p0 = _point("fixed_p0", _fixed_p0)
max_min = _point("max_min", _max_min)

__all__ = ["algorithm1", "fixed_p0", "max_min", "min_power", "upper_bound", "with_s0",
           "without_s0"]
