"""K-IOP (J P6): Algorithm 3 (ADMM) on the radar beams and the precoder together (spec §5,
§5.4)."""

from __future__ import annotations

from isac.contract import Draw, Params, PointResult
from isac.studies.kld_isac.admm import admm
from isac.studies.kld_isac.problems import (
    Packing,
    instance,
    integrated_design,
    monitor,
    option_subset,
    point_result,
    start,
)

ALGORITHM3 = ("rho", "max_iter", "eps", "inner", "rho0", "gamma", "alpha0", "beta", "c")


def k_iop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """K-IOP (P6): Algorithm 3 (ADMM) on the radar beams and the precoder together,
    maximising KLD_ISAC with floors A_t and B_k under the total budget P_T (the P_r/P_c split
    is free). Options: ``A_bits``, ``B_bits``, ``modulation`` and Algorithm 3's ``rho``,
    ``max_iter``, ``eps``, ``inner``, ``rho0``, ``gamma``, ``alpha0``, ``beta``, ``c``;
    ``store_history`` keeps KLD_ISAC per iteration (J Fig. 7b)."""
    inst = instance(p, options, draw)
    W_c, W_r = start(p, draw)
    packing = Packing(*W_r.shape, W_c.shape[1])
    r = admm(integrated_design(inst, packing), packing.projection(p["P_T"]),
             packing.pack(W_r, W_c), value=integrated_design(inst, packing, gradient=False),
             monitor=monitor(options, lambda z: inst.kld_isac(*packing.unpack(z))),
             **option_subset(options, ALGORITHM3))
    W_r, W_c = packing.unpack(r.design["W"])
    return point_result(r, W_c, W_r)
