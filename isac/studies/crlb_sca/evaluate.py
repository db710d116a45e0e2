"""Metrics of a crlb_sca design: sum rate (nats/s/Hz), CRLB = tr F⁻¹, objective (spec §2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.metrics.comm import sum_rate
from isac.metrics.fim import crlb, fim
from isac.studies.crlb_sca.model import dbm_to_watt, geometry
from isac.studies.crlb_sca.schemes import sweep_point, unpad


def evaluate(p: dict[str, Any], ch: dict[str, np.ndarray], sol: dict[str, np.ndarray],
             x: np.ndarray) -> dict[str, tuple[np.ndarray, list[str]]]:
    """SR, CRLB and OV = δ_c SR − δ_s CRLB per (seed, x); solutions are ordered seed-major.

    An all-zero design (a failed solve, blanked by the stage) gives NaN.
    """
    S, X = ch["H"].shape[0], len(x)
    K_max = ch["H"].shape[2]
    sigma2 = float(dbm_to_watt(p["sigma_c2_dBm"]))
    out = np.full((3, S, X, 1), np.nan)
    for i in range(S):
        geom = geometry(p, ch["theta"][i], ch["phi"][i], ch["alpha"][i])
        for j, xv in enumerate(x):
            K, _ = sweep_point(p, xv)
            W = unpad(sol["W"][i * X + j], K, K_max)
            if not np.any(W):
                continue
            sr = sum_rate(ch["H"][i][:, :K].conj().T, W, K, sigma2)
            bound = crlb(fim(geom, W))
            out[:, i, j, 0] = sr, bound, p["delta_c"] * sr - p["delta_s"] * bound
    return {name: (out[k], [""]) for k, name in enumerate(("sum_rate", "crlb", "objective"))}
