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
    """Number of receive antennas N_r of a model dict.

    ``null`` in the config means N_r = N_t (the paper's setting).

    Parameters
    ----------
    p : dict
        Model section of the config (or a point dict); reads ``Nt`` (int) and ``Nr`` (int or
        None).

    Returns
    -------
    int
        N_r.
    """
    return p["Nt"] if p["Nr"] is None else p["Nr"]


def targets_deg(p: dict[str, Any]) -> np.ndarray:
    """Target angles θ_k of a model dict.

    Parameters
    ----------
    p : dict
        Model section of the config (or a point dict); reads ``targets_deg``.

    Returns
    -------
    numpy.ndarray
        Target angles, float, shape (K,), in degrees.
    """
    return np.asarray(p["targets_deg"], dtype=float)


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """Scenario parameters at the sweep value x, with the derived quantities in watts.

    What x sets depends on ``p["sweep"]``:

    - ``Nt``: N_t = x (N_r follows when ``Nr`` is null); channels are drawn at the scenario's
      ``Nt`` and sliced to the first x antennas (the LoS part of a ULA is nested).
    - ``snr``: σ_c² = σ_r² = P/10^(x/10), the joint sweep feeding Figs 4–5 (spec §8, fig 5
      note); ``snr_r`` / ``snr_c`` change only σ_r² / σ_c².
    - ``target_set``: x = 1, 2, … selects ``target_sets[x − 1]`` as the target angles.
    - ``tradeoff``: x = u ∈ [0, 1]; Proposed/ZF-violated use α = u, MI-constrained
      Λ_MI = Λ + u (I_radar − margin − Λ) (spec §8, Fig. 6).
    - ``none``: x is ignored.

    Parameters
    ----------
    p : dict
        Model section of the config (``config/studies/mi_moo.yaml``), powers in dBm.
    x : float
        Sweep value: N_t (antennas), an SNR in dB, a 1-based target-set index or the trade-off
        weight u (linear), as listed above.

    Returns
    -------
    dict
        A copy of ``p`` plus: ``P``, ``sigma_c2``, ``sigma_r2`` (float, watts); ``Nt``, ``Nr``,
        ``K``, ``C`` (int); ``Gamma`` (float, SINR threshold Γ, linear); ``eps`` (float,
        ε = eps_rel·P, watts); on the ``tradeoff`` sweep also ``alpha`` and ``u`` (float).

    Raises
    ------
    ValueError
        If the sweep is not one of :data:`SWEEPS`.
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
    """Rician user channels of every seed (eq. 41), drawn at the scenario's N_t.

    The LoS part is the steering vector to the user angle. The Monte-Carlo symbols and radar
    noise of spec §6 come from the seed's own Monte-Carlo stream in the evaluate stage, not from
    this one.

    Parameters
    ----------
    p : dict
        Model section of the config; reads ``Nt``, ``users_deg`` (degrees) and ``rician_k``
        (Rician factor μ, linear).
    rngs : list of numpy.random.Generator
        One channel generator per seed, S in all.

    Returns
    -------
    dict of str to numpy.ndarray
        ``{"H": H}``, H complex of shape (S, N_t, C): per seed the user channels h_i as columns
        (linear, unnormalised); shape (0, N_t, C) when ``rngs`` is empty.
    """
    n_t, C = p["Nt"], len(p["users_deg"])
    users = np.deg2rad(np.asarray(p["users_deg"], dtype=float))
    H = [rician_channels(rng, n_t, users, p["rician_k"]) for rng in rngs]
    return {"H": np.stack(H) if H else np.zeros((0, n_t, C), complex)}


def steering(q: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Target steering matrices at the point q.

    Parameters
    ----------
    q : dict
        Point dict from :func:`at_point`; reads ``Nt``, ``Nr``, ``targets_deg`` (degrees) and
        ``steering_norm``.

    Returns
    -------
    A : numpy.ndarray
        Transmit steering matrix [a(θ_1) … a(θ_K)], complex, shape (N_t, K).
    B : numpy.ndarray
        Receive steering matrix [b(θ_1) … b(θ_K)], complex, shape (N_r, K).
    """
    return target_steering(q["Nt"], q["Nr"], np.deg2rad(targets_deg(q)), q["steering_norm"])


def target_steering(n_t: int, n_r: int, theta: np.ndarray, norm: str = "unit_modulus"
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Transmit and receive ULA steering matrices of the targets in one normalisation.

    Parameters
    ----------
    n_t, n_r : int
        Numbers of transmit and receive antennas.
    theta : numpy.ndarray
        Target angles, shape (K,), radians.
    norm : {'unit_modulus', 'unit'}
        Entries of modulus 1 (‖a‖² = N_t, ‖b‖² = N_r; spec §1) or unit-norm columns (the echo
        SNR is N_t N_r lower and the cross-correlation bound ε is relative to unit beam gains).

    Returns
    -------
    A : numpy.ndarray
        Complex, shape (N_t, K).
    B : numpy.ndarray
        Complex, shape (N_r, K).

    Raises
    ------
    ValueError
        If ``norm`` is not one of the two.
    """
    A, B = ula_steering(n_t, theta), ula_steering(n_r, theta)
    if norm == "unit":
        return A / np.sqrt(n_t), B / np.sqrt(n_r)
    if norm != "unit_modulus":
        raise ValueError(f"steering_norm = {norm!r}: unknown; known: unit_modulus, unit")
    return A, B


def rx_gain(n_r: int, norm: str = "unit_modulus") -> float:
    """Array gain ‖b(θ)‖² of :func:`target_steering`: N_r, or 1 for unit-norm steering (the
    same for ‖a(θ)‖² with N_t).

    Parameters
    ----------
    n_r : int
        Number of antennas.
    norm : {'unit_modulus', 'unit'}
        Steering normalisation.

    Returns
    -------
    float
        ‖b(θ)‖², linear.
    """
    return float(n_r) if norm == "unit_modulus" else 1.0


def angle_grid(step_deg: float) -> np.ndarray:
    """Uniform angle grid from −90 to 90 degrees, both ends included (spec §6).

    Parameters
    ----------
    step_deg : float
        Grid step in degrees; 180/step_deg is rounded to a whole number of steps.

    Returns
    -------
    numpy.ndarray
        Grid angles, float, shape (G,) with G = round(180/step_deg) + 1, in degrees.
    """
    n = int(round(180.0 / step_deg))
    return np.linspace(-90.0, 90.0, n + 1)


def grid_labels(grid_deg: np.ndarray) -> list[str]:
    """Entity labels of a spectrum over the angle grid.

    Parameters
    ----------
    grid_deg : numpy.ndarray
        Grid angles, shape (G,), in degrees.

    Returns
    -------
    list of str
        G labels, each angle with two decimals (one decimal more than needed).
    """
    return [f"{v:.2f}" for v in grid_deg]


def footprint(p: dict[str, Any], x: list[float], n_seeds: int) -> dict[str, int]:
    """Complex elements held by a channels, solve and evaluate job of ``n_seeds`` seeds and the
    grid ``x``, for the memory estimate of :mod:`isac.sizes`.

    Parameters
    ----------
    p : dict
        Model parameters of the scenario (channels are drawn at its N_t).
    x : list of float
        The sweep grid.
    n_seeds : int
        Seeds per chunk.

    Returns
    -------
    dict of str to int
        ``channels``, ``solve`` and ``evaluate``: elements held at the peak; the solver's
        working set is taken as 4·N_t², the evaluation's as the echo block N_r·L twice plus
        one angle-grid row per point.
    """
    n_t, C, points = p["Nt"], len(p["users_deg"]), n_seeds * len(x)
    n_r = n_receive(p)
    channels = n_seeds * n_t * C
    solve = channels + points * (n_t * C + n_t * n_t + 1) + 4 * n_t * n_t
    return {"channels": channels, "solve": solve,
            "evaluate": solve + 2 * n_r * p["L"] + 2 * points * 1801}
