"""K-COP and B-COP (J P4–P5): Algorithm 2 on the precoder, CIC radar fixed (spec §5,
§5.3)."""

from __future__ import annotations

from isac.contract import Draw, Params, PointResult
from isac.studies.kld_isac.interior_point import interior_point
from isac.studies.kld_isac.model import radar_interference_statistical
from isac.studies.kld_isac.problems import (
    comm_design,
    instance,
    monitor,
    option_subset,
    point_result,
    start,
)
from isac.studies.kld_isac.projected_gradient import radial_projection

ALGORITHM2 = ("mu0", "mu_factor", "mu_steps", "stall", "eps", "max_iter", "rho0", "gamma",
              "alpha0", "beta", "c")


def _comm(p: Params, options: Params, draw: Draw, objective: str) -> PointResult:
    """Algorithm 2 on the precoder from the ZF start, CIC radar fixed (K-COP, B-COP)."""
    inst = instance(p, options, draw)
    W_c, W_r = start(p, draw)
    eta = radar_interference_statistical(inst.g_c, p["sigma_h2"], p["P_r"], p["sigma2"])
    kw = {"objective": objective, "ber_ceiling": float(options.get("C_max", 1e-2))}
    values, gradient = comm_design(inst, W_r, eta, **kw)
    if objective == "ber":          # scale the objective to about 1 at the start (spec §5.3)
        values, gradient = comm_design(inst, W_r, eta, **kw,
                                       ber_scale=1.0 / max(-values(W_c)[0], 1e-300))
    r = interior_point(values, gradient, W_c, radial_projection(p["P_T"] - p["P_r"], 1),
                       monitor=monitor(options, lambda W: inst.kld_isac(W_r, W, eta)),
                       **option_subset(options, ALGORITHM2))
    return point_result(r, r.design["W"], W_r)


def k_cop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """K-COP (P4): Algorithm 2 on the precoder, maximising the mean KLD_c with floors A_t
    (radar, with the fixed CIC beams) and B_k (users, statistical interference of eq. 8).

    Options: ``A_bits``, ``B_bits``, ``modulation`` and Algorithm 2's ``mu0``, ``mu_factor``,
    ``mu_steps``, ``eps``, ``max_iter``, ``rho0``, ``gamma``, ``alpha0``, ``beta``, ``c``;
    ``store_history`` keeps KLD_ISAC per iteration (J Fig. 7b). A draw for which no feasible
    precoder is found has status ``infeasible``.
    """
    return _comm(p, options, draw, "kld")


def b_cop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """B-COP (P5): as :func:`k_cop`, minimising the mean BER with the ceiling
    BER_k ≤ ``C_max`` instead of the users' KLD floors."""
    return _comm(p, options, draw, "ber")
