"""System model of the mi_moo study: sweep points and user channels (spec §2, §6, §7).
NumPy only (no cvxpy), so the channel and evaluate stages import fast."""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.core.arrays import ula_steering
from isac.core.channels import rician_channels
from isac.core.units import db_to_linear, dbm_to_watt

#: what the sweep variable x of a scenario sets (spec §7–§8)
SWEEPS = ("none", "Nt", "snr", "snr_r", "snr_c", "target_set", "tradeoff")


def n_receive(p: dict[str, Any]) -> int:
    """N_r; ``null`` in the config means N_r = N_t (the paper's setting)."""
    return p["Nt"] if p["Nr"] is None else p["Nr"]


def targets_deg(p: dict[str, Any]) -> np.ndarray:
    return np.asarray(p["targets_deg"], dtype=float)


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """The scenario parameters at sweep value x, with the derived quantities in watts.

    ``Nt``: N_t = x (N_r follows when ``Nr`` is null); channels are drawn at the scenario's
    ``Nt`` and sliced to the first x antennas (the LoS part of a ULA is nested).
    ``snr``: σ_c² = σ_r² = P/10^(x/10), the joint sweep feeding Figs 4–5 (spec §8, fig 5 note);
    ``snr_r`` / ``snr_c`` change only σ_r² / σ_c².
    ``target_set``: x = 1, 2, … selects ``target_sets[x − 1]`` as the target angles.
    ``tradeoff``: x = u ∈ [0, 1]; Proposed/ZF-violated use α = u, MI-constrained
    Λ_MI = Λ + u (I_radar − margin − Λ) (spec §8, Fig. 6).
    """
    q = dict(p)
    sweep = p["sweep"]
    P = float(dbm_to_watt(p["P_dBm"]))
    q["sigma_c2"] = float(dbm_to_watt(p["sigma_c2_dBm"]))
    q["sigma_r2"] = float(dbm_to_watt(p["sigma_r2_dBm"]))
    if sweep == "Nt":
        q["Nt"] = int(x)
        q["Nr"] = int(x) if p["Nr"] is None else p["Nr"]
    elif sweep in ("snr", "snr_r", "snr_c"):
        noise = P / float(db_to_linear(x))
        if sweep in ("snr", "snr_r"):
            q["sigma_r2"] = noise
        if sweep in ("snr", "snr_c"):
            q["sigma_c2"] = noise
    elif sweep == "target_set":
        q["targets_deg"] = list(p["target_sets"][int(x) - 1])
    elif sweep == "tradeoff":
        q["alpha"] = float(x)
        q["u"] = float(x)
    elif sweep != "none":
        raise ValueError(f"sweep = {sweep!r}: unknown; known: {SWEEPS}")
    q["P"] = P
    q["Nr"] = n_receive(q)
    q["K"] = len(q["targets_deg"])
    q["C"] = len(q["users_deg"])
    q["Gamma"] = float(db_to_linear(q["Gamma_dB"]))
    q["eps"] = q["eps_rel"] * P
    return q


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """Per seed: the Rician user channels H (N_t × C, eq. 41, LoS = steering vector to the user
    angle) at the scenario's N_t. The Monte-Carlo symbols and radar noise of spec §6 come from
    the seed's own Monte-Carlo stream in the evaluate stage, not from this one."""
    n_t, C = p["Nt"], len(p["users_deg"])
    users = np.deg2rad(np.asarray(p["users_deg"], dtype=float))
    H = [rician_channels(rng, n_t, users, p["rician_k"]) for rng in rngs]
    return {"H": np.stack(H) if H else np.zeros((0, n_t, C), complex)}


def steering(q: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Target steering matrices A (N_t, K) and B (N_r, K) at the point q."""
    theta = np.deg2rad(targets_deg(q))
    return ula_steering(q["Nt"], theta), ula_steering(q["Nr"], theta)


def angle_grid(step_deg: float) -> np.ndarray:
    """The angle grid −90…90 degrees with step ``step_deg`` (spec §6)."""
    n = int(round(180.0 / step_deg))
    return np.linspace(-90.0, 90.0, n + 1)


def grid_labels(grid_deg: np.ndarray) -> list[str]:
    """Entity labels of a spectrum over the angle grid (degrees, one decimal more than needed)."""
    return [f"{v:.2f}" for v in grid_deg]
