"""System model of the KLD ISAC study: channel draws and the x-axis calibration.

Spec kld_isac.md §1–§2 and §8.3.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.core.channels import complex_gaussian, pathloss
from isac.core.units import db_to_linear


def target_variance(p: dict[str, Any]) -> float:
    """σ_H²: entries of H_t are CN(0, σ_H²), default 1/N (unit mean round-trip gain, §8.3)."""
    return 1.0 / p["N"] if p.get("sigma_H2") is None else float(p["sigma_H2"])


def noise_power(p: dict[str, Any], x_db: np.ndarray) -> np.ndarray:
    """σ_n² = κ P_T σ_H² d_ref^(−ζ) / x (spec §8.2–8.3).

    With κ = N/(T+K) (the default, ``kappa: null``) and σ_H² = 1/N this is
    P_T d_ref^(−ζ) / ((T+K) x): x is the received SNR at d_ref of one of the T+K streams.
    """
    kappa = p["N"] / (p["T"] + p["K"]) if p.get("kappa") is None else float(p["kappa"])
    x = db_to_linear(x_db)
    return kappa * p["P_T"] * target_variance(p) * pathloss(p["d_ref"], p["zeta"]) / x


def radar_interference_statistical(gain: np.ndarray, sigma_h2: float, P_r: float,
                                   sigma_n2: np.ndarray) -> np.ndarray:
    """σ_η² of eq. (8): the radar signal seen by a user, averaged over its channel, plus noise:
    g_{c,k} σ_h² tr(R_w) + σ_n² with tr(R_w) = P_r. Shapes broadcast."""
    return gain * sigma_h2 * P_r + sigma_n2


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """The model at sweep value x = P_R/N_o in dB: ``sigma2`` is the noise power σ_n² of
    :func:`noise_power`. Only the evaluation depends on x; the designs of this study do not."""
    return p | {"sigma2": float(noise_power(p, x))}


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """One draw per seed of the user channels G, target responses H_t and CIC beams.

    G is (S, K, N) with CN(0, σ_h²) entries, H is (S, T, N, N) with CN(0, σ_H²) entries and
    ``beams`` is (S, T, N, n) with CN(0, 1) entries, n = 1 for ``cic_mode: rank1`` (one beam per
    target held over the frame) and n = L for ``per_snapshot`` (spec §2).
    """
    N, K, T = p["N"], p["K"], p["T"]
    n = 1 if p["cic_mode"] == "rank1" else p["L"]
    G, H, B = [], [], []
    for rng in rngs:
        G.append(complex_gaussian(rng, (K, N), p["sigma_h2"]))
        H.append(complex_gaussian(rng, (T, N, N), target_variance(p)))
        B.append(complex_gaussian(rng, (T, N, n)))
    shapes = {"G": (0, K, N), "H": (0, T, N, N), "beams": (0, T, N, n)}
    if not rngs:
        return {k: np.zeros(s, dtype=complex) for k, s in shapes.items()}
    return {"G": np.stack(G), "H": np.stack(H), "beams": np.stack(B)}
