"""Schemes of the KLD conference study that the journal study does not have: MRT precoding
with the CIC radar (C Fig. 2a, 4b) and MRT alone at each point of an antenna sweep (the CLT
check of C Fig. 1). CIC + ZF, K-ROP and K-COP are the journal's own functions."""

from __future__ import annotations

import time

import numpy as np

from isac.contract import OK, Draw, Params, PointResult
from isac.core.precoders import cic_covariance, matched_filter
from isac.studies.kld_isac.model import cut_draw


def _status(W_c: np.ndarray) -> str:
    return OK if np.isfinite(W_c).all() else "singular"


def cic_mrt(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """CIC radar (rank-1 random beams) and MRT precoding W_c ∝ Gᴴ with equal user powers,
    ‖W_c‖_F² = P_c = P_T − P_r (spec §2). Independent of x: registered ``per_seed``.

    Parameters
    ----------
    p : dict
        Model parameters; uses ``P_T``, ``P_r`` (W), ``N``, ``T``.
    options : dict
        Unused (empty).
    draw : dict
        ``G`` (K, N) and ``beams`` (T, N, n), complex.
    chunk : dict
        Unused.

    Returns
    -------
    PointResult
        ``W_c`` (N, K) and ``R_r`` (T, N, N) in watts, as
        :func:`isac.studies.kld_isac.schemes.cic_zf`.
    """
    start = time.perf_counter()
    W_c = matched_filter(draw["G"], p["P_T"] - p["P_r"])
    R_r = cic_covariance(draw["beams"], p["P_r"], p["N"], p["T"])
    return PointResult({"W_c": W_c, "R_r": R_r}, _status(W_c), 0, time.perf_counter() - start)


def mrt(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """MRT precoder alone at the point's N (an antenna sweep cuts the draw, spec §7 common
    random numbers): ``W_c`` (N, K) with ‖W_c‖_F² = P_T − P_r and equal user powers."""
    start = time.perf_counter()
    W_c = matched_filter(cut_draw(p, draw)["G"], p["P_T"] - p["P_r"])
    return PointResult({"W_c": W_c}, _status(W_c), 0, time.perf_counter() - start)
