"""System model of the iaps_dfrc study (spec ../shared/specs/iaps_dfrc.md §1–§3): random
geometry in the square, path loss, Rayleigh channels, steering vectors and the sweep points.

NumPy only, so the channel and evaluation stages import fast.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.core.arrays import ula_steering
from isac.core.channels import complex_gaussian
from isac.core.units import db_to_linear, dbm_to_watt

#: what the sweep variable x of a scenario sets (spec §8)
SWEEPS = ("rcs", "pmax", "R", "K", "p0", "eta", "dp")


def path_gain(distance_m: np.ndarray) -> np.ndarray:
    """Large-scale gain 10^(−PL/10) with PL = 128.1 + 37.6 log10(d / km) dB (spec §2).

    Parameters
    ----------
    distance_m : ndarray
        Distances in metres (clipped at 1 m by the caller).

    Returns
    -------
    ndarray
        Linear power gain, same shape (≈ 1e-10 at 250 m).
    """
    return 10.0 ** (-(128.1 + 37.6 * np.log10(np.asarray(distance_m) / 1000.0)) / 10.0)


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """The model at one sweep value x, with the linear quantities the schemes use.

    ``p["sweep"]`` says what x is: ``rcs`` σ_rcs² in dB; ``pmax`` P_max in dBm; ``R`` and ``K``
    the numbers of RAPs and UEs (channels are drawn at the scenario's R and K and cut to the
    first ones, spec §7); ``p0`` the sensing power p_0 in W (Fig. 2); ``eta`` the share of
    P_max given to p_0 (Fig. 6); ``dp`` the step Δp of Algorithm 1 in W (Fig. 4).

    Parameters
    ----------
    p : dict
        Model parameters (the config's ``model`` section).
    x : float
        Sweep value.

    Returns
    -------
    dict
        A copy of ``p`` with the swept key set and ``sigma2`` (W), ``P_max_W`` (W), ``Gamma``
        (linear), ``beta_s`` (linear) and ``sigma_rcs2`` (linear) added.
    """
    key = {"rcs": "sigma_rcs2_dB", "pmax": "P_max_dBm", "R": "R", "K": "K", "p0": "p0",
           "eta": "eta", "dp": "dp"}[p["sweep"]]
    q = p | {key: int(x) if key in ("R", "K") else float(x)}
    return q | {"sigma2": float(dbm_to_watt(q["noise_dBm"])),
                "P_max_W": float(dbm_to_watt(q["P_max_dBm"])),
                "Gamma": float(db_to_linear(q["Gamma_dB"])),
                "beta_s": float(db_to_linear(q["beta_s_dB"])),
                "sigma_rcs2": float(db_to_linear(q["sigma_rcs2_dB"]))}


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """One sample per seed: positions of the BS, the R RAPs and the K UEs, uniform in the
    square (the target at its centre), and the small-scale fading (spec §2).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``side`` (m), ``M``, ``N1``, ``R`` and ``K`` (the largest R and K
        of the scenario: sweeps use the first R RAPs and K UEs).
    rngs : list of numpy.random.Generator
        One generator per seed (S in all).

    Returns
    -------
    dict of str to ndarray
        ``bs`` (S, 2), ``raps`` (S, R, 2), ``ues`` (S, K, 2) positions in m (float);
        ``h`` (S, M, K) CN(0, 1) UE fading; ``G`` (S, R, N1, M) CN(0, 1) BS→RAP fading.
    """
    M, N1, R, K, side = p["M"], p["N1"], p["R"], p["K"], p["side"]
    shapes = {"bs": (2,), "raps": (R, 2), "ues": (K, 2), "h": (M, K), "G": (R, N1, M)}
    out: dict[str, list[np.ndarray]] = {k: [] for k in shapes}
    for rng in rngs:
        for key in ("bs", "raps", "ues"):
            out[key].append(rng.uniform(0.0, side, size=shapes[key]))
        out["h"].append(complex_gaussian(rng, shapes["h"]))
        out["G"].append(complex_gaussian(rng, shapes["G"]))
    if not rngs:
        return {k: np.zeros((0, *s), dtype=complex if k in ("h", "G") else float)
                for k, s in shapes.items()}
    return {k: np.stack(v) for k, v in out.items()}


def footprint(p: dict[str, Any], x: list[float], n_seeds: int) -> dict[str, int]:
    """Elements held by a channels, solve and evaluate job (for :mod:`isac.sizes`)."""
    per_seed = p["M"] * p["K"] + p["R"] * p["N1"] * p["M"] + 2 * (1 + p["R"] + p["K"])
    channels = n_seeds * per_seed
    solve = channels + n_seeds * len(x) * (p["K"] + 1)
    return {"channels": channels, "solve": solve,
            "evaluate": solve + n_seeds * p["N1"] * p["N1"] * (p["K"] + 1)}


def geometry(q: dict[str, Any], draw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The point's channels and steering vectors of one sample (first R RAPs, first K UEs).

    Angles are measured from broadside of arrays along the x axis (spec §2.5); distances are
    clipped at ``d_min`` metres.

    Returns
    -------
    dict of str to ndarray
        ``H`` (M, K) UE channels √m_k h̃_k; ``G`` (R, N1, M) BS→RAP channels √m_r G̃_r;
        ``a`` (M,), ``b0`` (N0,), ``b1`` (R, N1) steering vectors (unit-modulus entries).
    """
    R, K = q["R"], q["K"]
    target = np.array([q["side"] / 2.0, q["side"] / 2.0])
    bs, raps, ues = draw["bs"], draw["raps"][:R], draw["ues"][:K]

    def dist(a, b):
        return np.maximum(np.linalg.norm(a - b, axis=-1), q["d_min"])

    d_bt, d_rt = dist(bs, target), dist(raps, target)
    H = np.sqrt(path_gain(dist(ues, bs)))[None, :] * draw["h"][:, :K]
    G = np.sqrt(path_gain(dist(raps, bs)))[:, None, None] * draw["G"][:R]
    theta = np.arcsin((target[0] - bs[0]) / d_bt)
    phi = np.arcsin((target[0] - raps[:, 0]) / d_rt)
    spacing = q["delta"]
    return {"H": H, "G": G, "a": ula_steering(q["M"], theta, spacing)[:, 0],
            "b0": ula_steering(q["N0"], theta, spacing)[:, 0],
            "b1": ula_steering(q["N1"], phi, spacing).T}
