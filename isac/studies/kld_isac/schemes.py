"""Transmit designs of the KLD ISAC study (spec §2 and §5)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from isac.algorithms.precoders import cic_covariance, zero_forcing
from isac.stages import Solution


def cic_zf(p: dict[str, Any], channels: dict[str, np.ndarray], seeds: np.ndarray,
           x: np.ndarray) -> Solution:
    """Conventional benchmark: CIC radar (rank-1 random beams) and normalised ZF precoding.

    Returns, per seed, W_c (N×K, ‖W_c‖_F² = P_c, equal p_k = P_c/K) and the per-target radar
    covariances R_{r,t} = (1/L) W_{r,t} W_{r,t}ᴴ (T×N×N). The design does not depend on the
    sweep ``x`` (P_R/N_o), so there is one row per seed with x = NaN.
    """
    start = time.perf_counter()
    P_c = p["P_T"] - p["P_r"]
    W_c = zero_forcing(channels["G"], P_c)
    R_r = cic_covariance(channels["beams"], p["P_r"], p["N"], p["T"])
    per_seed = (time.perf_counter() - start) / max(len(seeds), 1)
    ok = np.isfinite(W_c).all(axis=(-2, -1))
    frame = {
        "seed": seeds.astype(np.int64),
        "x": np.full(len(seeds), np.nan),
        "status": np.where(ok, "ok", "singular"),
        "iterations": np.zeros(len(seeds), dtype=np.int64),
        "runtime_s": np.full(len(seeds), per_seed),
    }
    return frame, {"W_c": W_c, "R_r": R_r}
