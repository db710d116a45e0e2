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


def at_point(p: dict[str, Any], x: float) -> dict[str, Any]:
    """The model at one sweep value x = P_R/N_o.

    Only the evaluation depends on x; the designs of this study do not.

    Parameters
    ----------
    p : dict
        Model parameters (the config's ``model`` section).
    x : float
        Sweep value x = P_R/N_o in dB.

    Returns
    -------
    dict
        A copy of ``p`` with ``sigma2`` added: the noise power σ_n² of :func:`noise_power`, a
        float in watts.
    """
    return p | {"sigma2": float(noise_power(p, x))}


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """One draw per seed of the user channels G, target responses H_t and CIC beams (spec §2).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``N``, ``K``, ``T``, ``L``, ``sigma_h2``, ``cic_mode`` and
        ``sigma_H2`` (see :func:`target_variance`).
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
    channels = n_seeds * (K * N + T * N * N + T * N * n)
    solve = channels + n_seeds * (N * K + T * N * N)
    return {"channels": channels, "solve": solve,
            "evaluate": solve + 2 * n_seeds * T * N * (N + X)}
