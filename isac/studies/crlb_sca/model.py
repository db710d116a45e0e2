"""System model of the crlb_sca study: sweep points, channels, targets, initial points
(spec §1, §5, §7)."""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.core.arrays import upa_steering
from isac.core.channels import complex_gaussian
from isac.core.units import dbm_to_watt
from isac.studies.crlb_sca.fim import TargetGeometry, target_geometry

#: what the sweep variable x of a scenario sets (spec §7)
SWEEPS = ("Pt_dBm", "K", "delta_c", "log10_delta_c", "Ns", "Nt")


def n_transmit(p: dict[str, Any]) -> int:
    """N_t = N_th · N_tv, the transmit UPA size."""
    return p["Nth"] * p["Ntv"]


def n_sensing(p: dict[str, Any]) -> int:
    """N_s; ``null`` in the config means N_t (every figure but Fig. 4 and Table I)."""
    return n_transmit(p) if p["Ns"] is None else p["Ns"]


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """The scenario parameters at sweep value x.

    ``Nt`` keeps N_th and sets N_tv = x/N_th with the receive array following, N_rv = N_tv
    (the Table I sweep as coded: N_t = 16…256, N_r = 20…320). Channels and initial points
    are drawn at the scenario's largest size and sliced (the first N_t rows, first K columns).
    """
    q = dict(p)
    sweep = p["sweep"]
    if sweep == "Pt_dBm":
        q["Pt_dBm"] = float(x)
    elif sweep == "K":
        q["K"] = int(x)
    elif sweep == "delta_c":
        q["delta_c"] = float(x)
    elif sweep == "log10_delta_c":
        q["delta_c"] = 10.0 ** float(x)
    elif sweep == "Ns":
        q["Ns"] = int(x)
    elif sweep == "Nt":
        q["Ntv"] = q["Nrv"] = int(x) // p["Nth"]
    else:
        raise ValueError(f"sweep = {sweep!r}: unknown; known: {SWEEPS}")
    return q


def pad(W: np.ndarray, K: int, K_max: int, n_t_max: int) -> np.ndarray:
    """One storage layout for every design: W_pad (N_t,max × (K_max + N_t,max)) holds the
    communication beams in its first K columns and the sensing streams from column K_max on;
    rows beyond the point's N_t are zero. Zero columns change neither the sum rate nor the
    FIM, so the evaluation needs no per-scheme N_s."""
    out = np.zeros((n_t_max, K_max + n_t_max), dtype=complex)
    out[: W.shape[0], :K] = W[:, :K]
    out[: W.shape[0], K_max: K_max + W.shape[1] - K] = W[:, K:]
    return out


def unpad(W_pad: np.ndarray, n_t: int, K: int, K_max: int) -> np.ndarray:
    """The (n_t, K + N_t,max) design [W_c, W_s] of a point from its :func:`pad` layout; the
    trailing sensing columns may be zero."""
    return np.concatenate([W_pad[:n_t, :K], W_pad[:n_t, K_max:]], axis=1)


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
    initial points — CN(0, 2) entries like MATLAB's randn + j·randn (spec §5): ``Ws0``
    (N_t×N_s) for Algorithm 1 and LD, ``Wc0`` (N_t×K) and ``fp_Ws0`` (N_t×N_t) for random
    starts (FP-SGDA; Algorithm 1 in Fig. 2), ``sdr_Ws0`` (N_t×N_t) for WMMSE-SDR.

    Deviation: the authors reuse one random draw for every realisation of a sweep; here each
    seed has its own (statistically the same, and seeds stay independent).
    """
    n_t, K, n_s, M = n_transmit(p), p["K"], n_sensing(p), p["M"]
    shapes = {"H": (n_t, K), "Ws0": (n_t, n_s), "Wc0": (n_t, K), "fp_Ws0": (n_t, n_t),
              "sdr_Ws0": (n_t, n_t)}
    out: dict[str, list[np.ndarray]] = {k: [] for k in (*shapes, "theta", "phi", "alpha")}
    for rng in rngs:
        for key, shape in shapes.items():
            out[key].append(complex_gaussian(rng, shape, 1.0 if key == "H" else 2.0))
        for key, value in draw_targets(p, rng).items():
            out[key].append(value)
    empty = shapes | {"theta": (M,), "phi": (M,), "alpha": (M,)}
    return {k: np.stack(v) if v else np.zeros((0, *empty[k]), complex) for k, v in out.items()}


def geometry(p: dict[str, Any], theta: np.ndarray, phi: np.ndarray,
             alpha: np.ndarray) -> TargetGeometry:
    """FIM factors for the transmit (N_th×N_tv) and receive (N_rh×N_rv) UPAs."""
    a = upa_steering(p["Nth"], p["Ntv"], theta, phi, p["steering_order"])
    b = upa_steering(p["Nrh"], p["Nrv"], theta, phi, p["steering_order"])
    return target_geometry(a, b, alpha, p["L"], float(dbm_to_watt(p["sigma_s2_dBm"])))
