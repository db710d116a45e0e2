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
    """Transmit array size N_t = N_th · N_tv of the UPA.

    Parameters
    ----------
    p : dict
        Model parameters (the config's ``model`` section); uses ``Nth`` and ``Ntv``.

    Returns
    -------
    int
        Number of transmit antennas N_t.
    """
    return p["Nth"] * p["Ntv"]


def n_sensing(p: dict[str, Any]) -> int:
    """Number of sensing streams N_s.

    A ``null`` ``Ns`` in the config means N_s = N_t (every figure but Fig. 4 and Table I).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``Ns``, ``Nth`` and ``Ntv``.

    Returns
    -------
    int
        N_s.
    """
    return n_transmit(p) if p["Ns"] is None else p["Ns"]


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """Model parameters of a scenario at the sweep value x.

    ``p["sweep"]`` names the entry x sets (one of :data:`SWEEPS`): ``Pt_dBm`` (dBm), ``K``,
    ``delta_c``, ``log10_delta_c`` (δ_c = 10^x), ``Ns``, or ``Nt``. ``Nt`` keeps N_th and sets
    N_tv = x/N_th with the receive array following, N_rv = N_tv (the Table I sweep as coded:
    N_t = 16…256, N_r = 20…320). Channels and initial points are drawn at the scenario's
    largest size and sliced (the first N_t rows, first K columns).

    Parameters
    ----------
    p : dict
        Scenario model parameters (the config's ``model`` section, overrides applied).
    x : float
        Sweep value.

    Returns
    -------
    dict
        A shallow copy of ``p`` with the swept entry set.

    Raises
    ------
    ValueError
        If ``p["sweep"]`` is not one of :data:`SWEEPS`.
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
    """Store a design in the one padded layout shared by every scheme.

    The communication beams go to the first K columns and the sensing streams start at
    column K_max; rows beyond the point's N_t are zero. Zero columns change neither the sum
    rate nor the FIM, so the evaluation needs no per-scheme N_s.

    Parameters
    ----------
    W : ndarray of complex, shape (N_t, K + N_s)
        Design [W_c, W_s] of the point, N_t ≤ N_t,max and N_s ≤ N_t,max.
    K : int
        Users at the point (communication columns of ``W``).
    K_max : int
        Users the channels were drawn for.
    n_t_max : int
        Largest N_t of the scenario, N_t,max.

    Returns
    -------
    ndarray of complex, shape (N_t,max, K_max + N_t,max)
        Padded design W_pad.
    """
    out = np.zeros((n_t_max, K_max + n_t_max), dtype=complex)
    out[: W.shape[0], :K] = W[:, :K]
    out[: W.shape[0], K_max: K_max + W.shape[1] - K] = W[:, K:]
    return out


def unpad(W_pad: np.ndarray, n_t: int, K: int, K_max: int) -> np.ndarray:
    """Recover a point's design [W_c, W_s] from its :func:`pad` layout.

    Parameters
    ----------
    W_pad : ndarray of complex, shape (N_t,max, K_max + N_t,max)
        Padded design.
    n_t : int
        Transmit antennas N_t at the point.
    K : int
        Users at the point.
    K_max : int
        Users the channels were drawn for.

    Returns
    -------
    ndarray of complex, shape (n_t, K + N_t,max)
        Design [W_c, W_s]; the trailing sensing columns may be zero.
    """
    return np.concatenate([W_pad[:n_t, :K], W_pad[:n_t, K_max:]], axis=1)


def draw_targets(p: dict[str, Any], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Angles and reflection coefficients of the M targets.

    With ``targets.mode: fixed`` (default) they are the config's values, as in the authors'
    runs (spec §1.3); otherwise they are drawn as the paper states:
    θ, φ ~ U(−2π/3, 2π/3), α = 0.1(1 + 0.2ν)e^{j2πν}, ν ~ U(0, 1).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``targets`` and ``M``.
    rng : numpy.random.Generator
        Random source for the drawn mode (unused when fixed).

    Returns
    -------
    dict of str to ndarray
        ``theta`` (M,) and ``phi`` (M,) in radians, float; ``alpha`` (M,) complex,
        dimensionless.
    """
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
    """Draw the channel table: channels, targets and random parts of the initial points.

    Per seed: H with CN(0, 1) entries, the targets (:func:`draw_targets`), and the random
    parts of the initial points, with CN(0, 2) entries like MATLAB's randn + j·randn
    (spec §5). Sizes are the model's (the scenario's largest).

    Deviation: the authors reuse one random draw for every realisation of a sweep; here each
    seed has its own (statistically the same, and seeds stay independent).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``Nth``, ``Ntv``, ``K``, ``Ns``, ``M`` and ``targets``.
    rngs : list of numpy.random.Generator
        One generator per seed, S in all.

    Returns
    -------
    dict of str to ndarray
        Arrays with a leading seed axis of length S:

        - ``H`` : complex, (S, N_t, K), columns h_k.
        - ``Ws0`` : complex, (S, N_t, N_s), sensing start of Algorithm 1 and LD.
        - ``Wc0`` : complex, (S, N_t, K), random communication start (FP-SGDA; Algorithm 1
          in Fig. 2).
        - ``fp_Ws0`` : complex, (S, N_t, N_t), random sensing start of FP-SGDA.
        - ``sdr_Ws0`` : complex, (S, N_t, N_t), sensing start of WMMSE-SDR.
        - ``theta``, ``phi`` : (S, M), radians; ``alpha`` : complex, (S, M).
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
    """FIM factors for the transmit (N_th×N_tv) and receive (N_rh×N_rv) UPAs.

    Parameters
    ----------
    p : dict
        Model parameters; uses the array sizes, ``steering_order``, ``L`` and
        ``sigma_s2_dBm`` (radar noise power, dBm).
    theta, phi : ndarray of float, shape (M,)
        Target angles in radians.
    alpha : ndarray of complex, shape (M,)
        Reflection coefficients α_m.

    Returns
    -------
    TargetGeometry
        The W-independent factors of the FIM (:func:`~isac.studies.crlb_sca.fim.fim`).
    """
    a = upa_steering(p["Nth"], p["Ntv"], theta, phi, p["steering_order"])
    b = upa_steering(p["Nrh"], p["Nrv"], theta, phi, p["steering_order"])
    return target_geometry(a, b, alpha, p["L"], float(dbm_to_watt(p["sigma_s2_dBm"])))


def footprint(p: dict[str, Any], x: list[float], n_seeds: int) -> dict[str, int]:
    """Complex elements held by a channels, solve and evaluate job of ``n_seeds`` seeds and the
    grid ``x``, for the memory estimate of :mod:`isac.sizes`.

    Parameters
    ----------
    p : dict
        Model parameters of the scenario (channels are drawn at N_t = N_th·N_tv).
    x : list of float
        The sweep grid.
    n_seeds : int
        Seeds per chunk.

    Returns
    -------
    dict of str to int
        ``channels``, ``solve`` and ``evaluate``: elements (complex numbers) held at the peak;
        the solver's working set is taken as 8·N_t² (SDP and FIM matrices).
    """
    n_t, K, points = n_transmit(p), p["K"], n_seeds * len(x)
    channels = n_seeds * (2 * n_t * K + n_t * n_sensing(p) + 2 * n_t * n_t)
    solve = channels + points * n_t * (K + n_t) + 8 * n_t * n_t
    return {"channels": channels, "solve": solve, "evaluate": solve}
