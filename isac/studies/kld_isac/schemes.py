"""The conventional benchmark of the KLD ISAC study (spec §2); the optimisers are in
:mod:`.rop`, :mod:`.cop` and :mod:`.iop`."""

from __future__ import annotations

import time

import numpy as np

from isac.contract import OK, Draw, Params, PointResult
from isac.core.precoders import cic_covariance, zero_forcing


def cic_zf(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Conventional benchmark: CIC radar (rank-1 random beams) and normalised ZF precoding.

    The design does not depend on the sweep x (P_R/N_o), so the scheme is registered
    ``per_seed``; it takes no options. Follows the per-point contract of :mod:`isac.contract`.

    Parameters
    ----------
    p : dict
        Model parameters; uses ``P_T`` and ``P_r`` (W), ``N`` and ``T``.
    options : dict
        The scheme's config block; unused (empty).
    draw : dict
        One seed's channels: ``G`` (K, N) complex user channels and ``beams`` (T, N, n)
        complex CN(0, 1) CIC beams.
    chunk : dict
        Per-chunk cache; unused.

    Returns
    -------
    PointResult
        ``design`` holds ``W_c`` (N, K), complex, with ‖W_c‖_F² = P_c = P_T − P_r in watts and
        equal p_k = P_c/K, and ``R_r`` (T, N, N), the per-target radar covariances
        R_{r,t} = (1/L) W_{r,t} W_{r,t}ᴴ in watts. ``status`` is ``"ok"``, or ``"singular"``
        if W_c is not finite; ``iterations`` is 0 and ``runtime_s`` the wall-clock seconds.
    """
    start = time.perf_counter()
    W_c = zero_forcing(draw["G"], p["P_T"] - p["P_r"])
    R_r = cic_covariance(draw["beams"], p["P_r"], p["N"], p["T"])
    status = OK if np.isfinite(W_c).all() else "singular"
    return PointResult({"W_c": W_c, "R_r": R_r}, status, 0, time.perf_counter() - start)
