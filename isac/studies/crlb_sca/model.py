"""System model of the crlb_sca study: channels, targets, initial points (spec §1, §5)."""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.metrics.fim import TargetGeometry, target_geometry
from isac.models.arrays import upa_steering
from isac.models.channels import complex_gaussian


def dbm_to_watt(p_dbm: float | np.ndarray) -> float | np.ndarray:
    """P[W] = 10^((P[dBm] − 30)/10) (spec §1.4)."""
    return 10.0 ** ((np.asarray(p_dbm, dtype=float) - 30.0) / 10.0)


def n_transmit(p: dict[str, Any]) -> int:
    return p["Nth"] * p["Ntv"]


def n_sensing(p: dict[str, Any]) -> int:
    """N_s; ``null`` in the config means N_s = N_t (every figure but Table I)."""
    return n_transmit(p) if p["Ns"] is None else p["Ns"]


def draw_targets(p: dict[str, Any], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """θ, φ, α of the M targets: fixed as in the authors' runs (spec §1.3, default) or drawn as
    the paper states (θ, φ ~ U(−2π/3, 2π/3), α = 0.1(1 + 0.2ν)e^{j2πν}, ν ~ U(0, 1))."""
    t = p["targets"]
    if t["mode"] == "fixed":
        alpha = np.asarray(t["alpha_re"]) + 1j * np.asarray(t["alpha_im"])
        return {"theta": np.asarray(t["theta"], float), "phi": np.asarray(t["phi"], float),
                "alpha": alpha}
    M = p["M"]
    nu = rng.uniform(size=M)
    return {"theta": rng.uniform(-2 * np.pi / 3, 2 * np.pi / 3, M),
            "phi": rng.uniform(-2 * np.pi / 3, 2 * np.pi / 3, M),
            "alpha": 0.1 * (1 + 0.2 * nu) * np.exp(2j * np.pi * nu)}


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """Per seed: H (N_t×K) with CN(0, 1) entries, the targets, and the random parts of the
    initial points — CN(0, 2) entries like MATLAB's randn + j·randn (spec §5): ``Ws0`` for
    Algorithm 1, ``fp_Wc0``/``fp_Ws0`` for FP-SGDA and ``sdr_Ws0`` (N_t×N_t) for WMMSE-SDR.

    Deviation: the authors reuse one random draw for every realisation of a sweep; here each
    seed has its own (statistically the same, and seeds stay independent).
    """
    n_t, K, n_s = n_transmit(p), p["K"], n_sensing(p)
    out: dict[str, list[np.ndarray]] = {k: [] for k in (
        "H", "Ws0", "fp_Wc0", "fp_Ws0", "sdr_Ws0", "theta", "phi", "alpha")}
    for rng in rngs:
        out["H"].append(complex_gaussian(rng, (n_t, K)))
        for key, shape in (("Ws0", (n_t, n_s)), ("fp_Wc0", (n_t, K)), ("fp_Ws0", (n_t, n_s)),
                           ("sdr_Ws0", (n_t, n_t))):
            out[key].append(complex_gaussian(rng, shape, 2.0))
        for key, value in draw_targets(p, rng).items():
            out[key].append(value)
    M = p["M"]
    empty = {"H": (0, n_t, K), "Ws0": (0, n_t, n_s), "fp_Wc0": (0, n_t, K),
             "fp_Ws0": (0, n_t, n_s), "sdr_Ws0": (0, n_t, n_t), "theta": (0, M), "phi": (0, M),
             "alpha": (0, M)}
    return {k: np.stack(v) if v else np.zeros(empty[k], complex) for k, v in out.items()}


def geometry(p: dict[str, Any], theta: np.ndarray, phi: np.ndarray,
             alpha: np.ndarray) -> TargetGeometry:
    """FIM factors for the transmit (N_th×N_tv) and receive (N_rh×N_rv) UPAs."""
    a = upa_steering(p["Nth"], p["Ntv"], theta, phi)
    b = upa_steering(p["Nrh"], p["Nrv"], theta, phi)
    return target_geometry(a, b, alpha, p["L"], float(dbm_to_watt(p["sigma_s2_dBm"])))
