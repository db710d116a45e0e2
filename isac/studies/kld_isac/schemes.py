"""Transmit designs of the KLD ISAC study (spec §2 and §5)."""

from __future__ import annotations

import time

import numpy as np

from isac.contract import OK, Draw, Params, PointResult
from isac.core.precoders import cic_covariance, zero_forcing


def cic_zf(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Conventional benchmark: CIC radar (rank-1 random beams) and normalised ZF precoding.

    Returns W_c (N, K) with ‖W_c‖_F² = P_c = P_T − P_r and equal p_k = P_c/K, and the
    per-target radar covariances R_r (T, N, N), R_{r,t} = (1/L) W_{r,t} W_{r,t}ᴴ, from the
    draw's G (K, N) and ``beams`` (T, N, n). The design does not depend on the sweep x
    (P_R/N_o), so the scheme is registered ``per_seed``; it takes no options.
    """
    start = time.perf_counter()
    W_c = zero_forcing(draw["G"], p["P_T"] - p["P_r"])
    R_r = cic_covariance(draw["beams"], p["P_r"], p["N"], p["T"])
    status = OK if np.isfinite(W_c).all() else "singular"
    return PointResult({"W_c": W_c, "R_r": R_r}, status, 0, time.perf_counter() - start)
