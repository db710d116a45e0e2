"""K-ROP and D-ROP (J P1–P3): Algorithm 1 on the radar beams, ZF fixed (spec §5, §5.2)."""

from __future__ import annotations

from isac.contract import Draw, Params, PointResult
from isac.studies.kld_isac.problems import (
    instance,
    monitor,
    option_subset,
    point_result,
    radar_design,
    start,
)
from isac.studies.kld_isac.projected_gradient import projected_gradient, radial_projection

ALGORITHM1 = ("max_iter", "eps", "rho0", "gamma", "alpha0", "beta", "c", "restart_step")


def _radar(p: Params, options: Params, draw: Draw, objective: str) -> PointResult:
    """Algorithm 1 on the radar beams from the CIC start, ZF fixed (K-ROP, D-ROP)."""
    inst = instance(p, options, draw)
    W_c, W_r = start(p, draw)
    r = projected_gradient(radar_design(inst, W_c, objective),
                           radial_projection(p["P_r"], W_r.shape[-1]), W_r,
                           monitor=monitor(options, lambda W: inst.kld_isac(W, W_c)),
                           **option_subset(options, ALGORITHM1))
    return point_result(r, W_c, r.design["W"])


def k_rop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """K-ROP (P1/P2): Algorithm 1 on the radar beams, maximising the mean KLD_r with KLD
    floors A_t on the targets and B_k on the users (instantaneous radar interference), ZF
    fixed with P_c = P_T − P_r.

    Options: ``A_bits``, ``B_bits``, ``modulation``, and Algorithm 1's ``max_iter``, ``eps``,
    ``rho0``, ``gamma``, ``alpha0``, ``beta``, ``c``, ``restart_step``; ``store_history``
    keeps KLD_ISAC per iteration (J Fig. 7b). Returns ``W_c`` (N, K) and ``R_r`` (T, N, N)
    in watts (per-point contract); capped runs are valid.
    """
    return _radar(p, options, draw, "kld")


def d_rop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """D-ROP (P3): as :func:`k_rop`, maximising the mean P_D (calibrated map) with floors
    P_D ≥ ``D_min`` (at ``P_FA``) instead of the radar KLD floors."""
    return _radar(p, options, draw, "pd")
