"""System model of the KLD ISAC study: channel draws and the x-axis calibration.

Spec kld_isac.md §1–§2 and §8.3.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.core.channels import complex_gaussian, pathloss
from isac.core.units import db_to_linear


def target_variance(p: dict[str, Any]) -> float:
    """Variance σ_H² of the target-response entries: H_t has CN(0, σ_H²) entries.

    Defaults to 1/N (unit mean round-trip gain, §8.3) when ``sigma_H2`` is unset or None.

    Parameters
    ----------
    p : dict
        Model parameters; uses ``N`` and the optional ``sigma_H2``.

    Returns
    -------
    float
        σ_H², linear (dimensionless).
    """
    return 1.0 / p["N"] if p.get("sigma_H2") is None else float(p["sigma_H2"])


def noise_power(p: dict[str, Any], x_db: np.ndarray) -> np.ndarray:
    """Noise power σ_n² = κ P_T σ_H² d_ref^(−ζ) / x of the calibrated x axis (spec §8.2–8.3).

    With κ = N/(T+K) (the default, ``kappa: null``) and σ_H² = 1/N this is
    P_T d_ref^(−ζ) / ((T+K) x): x is the received SNR at d_ref of one of the T+K streams.

    Parameters
    ----------
    p : dict
        Model parameters; uses ``N``, ``T``, ``K``, ``P_T`` (W), ``d_ref`` (m), ``zeta``,
        ``kappa`` and ``sigma_H2`` (see :func:`target_variance`).
    x_db : float or ndarray, shape (...)
        Sweep value x = P_R/N_o in dB.

    Returns
    -------
    ndarray, shape (...)
        σ_n² in watts, one per entry of ``x_db``.
    """
    kappa = p["N"] / (p["T"] + p["K"]) if p.get("kappa") is None else float(p["kappa"])
    x = db_to_linear(x_db)
    return kappa * p["P_T"] * target_variance(p) * pathloss(p["d_ref"], p["zeta"]) / x


def radar_interference_statistical(gain: np.ndarray, sigma_h2: float, P_r: float,
                                   sigma_n2: np.ndarray) -> np.ndarray:
    """Statistical radar interference plus noise σ_η² of eq. (8) at a user.

    The radar signal seen by user k, averaged over its channel, plus noise:
    g_{c,k} σ_h² tr(R_w) + σ_n² with tr(R_w) = P_r. All inputs broadcast.

    Parameters
    ----------
    gain : ndarray, broadcastable
        Power path loss g_{c,k} of the user link, linear.
    sigma_h2 : float
        Variance σ_h² of the user-channel entries, linear.
    P_r : float
        Radar transmit power in watts.
    sigma_n2 : ndarray, broadcastable
        Noise power σ_n² in watts.

    Returns
    -------
    ndarray
        σ_η² in watts, with the broadcast shape of ``gain`` and ``sigma_n2``.
    """
    return gain * sigma_h2 * P_r + sigma_n2


#: what the sweep variable x of a scenario sets
SWEEPS = ("snr", "N")


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """The model at one sweep value x.

    ``p["sweep"]`` says what x is: ``snr`` (default), x = P_R/N_o in dB; ``N``, the number of
    BS antennas, at the fixed P_R/N_o ``p["x_db"]`` (J Fig. 7a). Channels of an N sweep are
    drawn at the scenario's N (the largest) and cut to each point's N (:func:`cut_draw`).

    Parameters
    ----------
    p : dict
        Model parameters (the config's ``model`` section).
    x : float
        Sweep value: dB, or antennas.

    Returns
    -------
    dict
        A copy of ``p`` with ``N`` set on an N sweep and ``sigma2`` added: the noise power
        σ_n² of :func:`noise_power`, a float in watts.
    """
    if p.get("sweep", "snr") == "N":
        q = p | {"N": int(x)}
        return q | {"sigma2": float(noise_power(q, p["x_db"]))}
    return p | {"sigma2": float(noise_power(p, x))}


def cut_draw(p: dict[str, Any], draw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A draw made at a larger N, cut to the point's N = ``p["N"]`` (first rows/columns).

    The target responses are rescaled so that their entries have the variance σ_H² of the
    point's N (:func:`target_variance`); the other channels keep theirs. Arrays may carry
    leading (seed) axes.

    Parameters
    ----------
    p : dict
        The model at the point (:func:`at_point`).
    draw : dict of str to ndarray
        Tensors of :func:`draw_channels` at N_max ≥ N.

    Returns
    -------
    dict of str to ndarray
        The same keys, N-sized (the input itself when N = N_max).
    """
    N, n_max = p["N"], draw["G"].shape[-1]
    if N == n_max:
        return draw
    scale = np.sqrt(target_variance(p) / target_variance(p | {"N": n_max}))
    cut = {"G": lambda a: a[..., :N], "beams": lambda a: a[..., :N, :],
           "H": lambda a: scale * a[..., :N, :N]}
    cut |= {"G_hat": cut["G"], "H_hat": cut["H"]}
    return {k: cut[k](v) if k in cut else v for k, v in draw.items()}


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """One draw per seed of the user channels G, target responses H_t and CIC beams (spec §2),
    and, with imperfect CSI, the estimates the optimisers see (spec §5.5, J Fig. 8).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``N``, ``K``, ``T``, ``L``, ``sigma_h2``, ``cic_mode``,
        ``sigma_H2`` (see :func:`target_variance`) and ``csi_error`` (σ_e²; 0 for perfect
        CSI).
    rngs : list of numpy.random.Generator
        One generator per seed, S in all; may be empty.

    Returns
    -------
    dict of str to ndarray
        Complex arrays, stacked over the S seeds (S = 0 gives empty arrays of these shapes):

        ``G`` : (S, K, N)
            User channels, CN(0, σ_h²) entries.
        ``H`` : (S, T, N, N)
            Target responses H_t, CN(0, σ_H²) entries.
        ``beams`` : (S, T, N, n)
            Unit-variance CN(0, 1) CIC beams; n = 1 for ``cic_mode: rank1`` (one beam per
            target held over the frame), n = L for ``per_snapshot``.
        ``G_hat``, ``H_hat`` : (S, K, N), (S, T, N, N), only when ``csi_error`` > 0
            The estimates ĝ = G + E, Ĥ_t = H_t + E_t, error entries CN(0, σ_e²), drawn after
            the true channels (which are therefore those of perfect CSI); errors of
            different σ_e² on one stream differ only by the scale σ_e.
    """
    N, K, T = p["N"], p["K"], p["T"]
    n = 1 if p["cic_mode"] == "rank1" else p["L"]
    error = float(p.get("csi_error", 0.0))
    shapes = {"G": (K, N), "H": (T, N, N), "beams": (T, N, n)}
    if error > 0:
        shapes |= {"G_hat": (K, N), "H_hat": (T, N, N)}
    out: dict[str, list[np.ndarray]] = {k: [] for k in shapes}
    for rng in rngs:
        out["G"].append(complex_gaussian(rng, (K, N), p["sigma_h2"]))
        out["H"].append(complex_gaussian(rng, (T, N, N), target_variance(p)))
        out["beams"].append(complex_gaussian(rng, (T, N, n)))
        if error > 0:
            out["G_hat"].append(out["G"][-1] + complex_gaussian(rng, (K, N), error))
            out["H_hat"].append(out["H"][-1] + complex_gaussian(rng, (T, N, N), error))
    if not rngs:
        return {k: np.zeros((0, *s), dtype=complex) for k, s in shapes.items()}
    return {k: np.stack(v) for k, v in out.items()}


def footprint(p: dict[str, Any], x: list[float], n_seeds: int) -> dict[str, int]:
    """Complex elements held by a channels, solve and evaluate job of ``n_seeds`` seeds and the
    grid ``x``, for the memory estimate of :mod:`isac.sizes`.

    Parameters
    ----------
    p : dict
        Model parameters of the scenario.
    x : list of float
        The sweep grid (P_R/N_o in dB).
    n_seeds : int
        Seeds per chunk.

    Returns
    -------
    dict of str to int
        ``channels``, ``solve`` and ``evaluate``: elements (complex numbers) held at the peak.
    """
    N, K, T, X = p["N"], p["K"], p["T"], len(x)
    n = 1 if p["cic_mode"] == "rank1" else p["L"]
    copies = 2 if p.get("csi_error", 0.0) > 0 else 1          # estimates beside the truth
    channels = n_seeds * (copies * (K * N + T * N * N) + T * N * n)
    solve = channels + n_seeds * (N * K + T * N * N)
    return {"channels": channels, "solve": solve,
            "evaluate": solve + 2 * n_seeds * T * N * (N + X)}
