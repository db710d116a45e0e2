"""Metrics of a mi_moo design (spec §5–§6): sensing MI (exact and bound), SINRs and average
rate, cross-correlation, power, bisection history, beampattern, Capon spectrum and the angle
error of Capon peak picking on a simulated echo block.

NumPy only. The symbols and radar noise of the echo block come from the seed's Monte-Carlo
stream (``mc``, restarted at every point), the same for every scheme and every x of a seed:
schemes are compared on identical channels, symbols and (scaled) noise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.core.comm import average_rate, user_sinr
from isac.core.echo import radar_echo, transmit_block
from isac.studies.mi_moo.capon import capon_angles, capon_spectrum
from isac.studies.mi_moo.mi import (
    beampattern,
    max_cross_correlation,
    mi_upper_bound,
    sensing_mi,
)
from isac.studies.mi_moo.model import (
    angle_grid,
    at_point,
    grid_labels,
    rx_gain,
    steering,
    targets_deg,
)

SCALARS = ("mi", "mi_ub", "avg_rate", "max_xcorr", "power", "t")


def normalised_db(values: np.ndarray, floor_db: float = -300.0) -> np.ndarray:
    """Normalised level 10 log10(v / max v) in dB, floored.

    The floor is needed because a reduced-span design radiates exactly nothing in some
    directions only up to rounding.

    Parameters
    ----------
    values : numpy.ndarray
        Linear powers, any shape (negative values count as 0).
    floor_db : float, default -300.0
        Lowest returned level, dB.

    Returns
    -------
    numpy.ndarray
        Levels ≤ 0 dB, same shape as ``values``.
    """
    v = np.maximum(np.asarray(values, dtype=float), 0.0)
    with np.errstate(divide="ignore"):
        return np.maximum(10.0 * np.log10(v / v.max()), floor_db)


def echo_block(q: dict[str, Any], W_c: np.ndarray, W_r: np.ndarray, beta: float,
               mc: np.random.SeedSequence) -> np.ndarray:
    """Echo block Y of spec §6 for one design.

    QPSK user symbols, CN(0, 1) probing streams, β_k = ``beta``, CN(0, σ_r²) noise, all drawn
    from the start of the seed's Monte-Carlo stream ``mc``.

    Parameters
    ----------
    q : dict
        Point dict from :func:`at_point`; reads ``Nt``, ``Nr``, ``targets_deg`` (degrees), ``L``
        and ``sigma_r2`` (watts).
    W_c : numpy.ndarray
        Communication beamformers, complex, shape (N_t, C), in √W.
    W_r : numpy.ndarray
        Radar beamformer, complex, shape (N_t, M), in √W.
    beta : float
        Target amplitude β_k of every target, linear.
    mc : numpy.random.SeedSequence
        The seed's Monte-Carlo stream.

    Returns
    -------
    numpy.ndarray
        Y, complex, shape (N_r, L).
    """
    rng = np.random.default_rng(mc)
    A, B = steering(q)
    X = transmit_block(rng, W_c, W_r, q["L"])
    return radar_echo(rng, X, A, B, np.full(A.shape[1], float(beta)), q["sigma_r2"])


def evaluate(p: dict[str, Any], options: dict[str, Any], ch: dict[str, np.ndarray],
             sol: dict[str, np.ndarray], x: np.ndarray,
             mc: list[np.random.SeedSequence]) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Every metric per (seed, x).

    Failed designs (zeroed by the stage) are skipped and left NaN (their rows are blanked by
    status anyway).

    Parameters
    ----------
    p : dict
        Model section of the config (points come from :func:`at_point`).
    options : dict
        Evaluate options: the echo amplitude ``beta`` (linear), the angle grids
        ``grid_step_deg`` and ``fine_step_deg`` (degrees) and which grid metrics to compute
        (``beampattern``, ``capon``, ``rmse``; bool).
    ch : dict of str to numpy.ndarray
        Channels from :func:`draw_channels`: ``H`` of shape (S, N_t, C).
    sol : dict of str to numpy.ndarray
        Solutions ordered seed-major over S·X rows: ``W_c`` (S·X, N_t, C), ``W_r``
        (S·X, N_t, N_t), ``t`` (S·X, 1) and, if stored, ``history`` (exact MI in bits, average
        rate in bit/s/Hz per bisection iteration); N_t is the scenario's, sliced per point.
    x : numpy.ndarray
        Sweep values, shape (X,).
    mc : list of numpy.random.SeedSequence
        The S seeds' Monte-Carlo streams.

    Returns
    -------
    dict of str to (numpy.ndarray, list of str)
        Metric name to (values, entity labels). :data:`SCALARS` (``mi``, ``mi_ub`` in bits,
        ``avg_rate`` in bit/s/Hz, ``max_xcorr`` and ``power`` in watts, ``t``) have shape
        (S, X, 1); ``sinr`` (S, X, C), linear; ``beampattern_db`` and ``capon_db`` (S, X, G),
        dB; ``angle_sq_err`` (S, X, 1), mean squared Capon angle error in degrees²;
        ``mi_history`` and ``rate_history`` (S, X, iterations).
    """
    o = options
    S, X = ch["H"].shape[0], len(x)
    C = ch["H"].shape[2]
    scal = np.full((len(SCALARS), S, X, 1), np.nan)
    sinr = np.full((S, X, C), np.nan)
    grid = angle_grid(o["grid_step_deg"])
    theta = np.deg2rad(grid)
    extra: dict[str, np.ndarray] = {}
    if o["beampattern"]:
        extra["beampattern_db"] = np.full((S, X, grid.size), np.nan)
    if o["capon"]:
        extra["capon_db"] = np.full((S, X, grid.size), np.nan)
    if o["rmse"]:
        extra["angle_sq_err"] = np.full((S, X, 1), np.nan)
    for i in range(S):
        for j, xv in enumerate(x):
            q = at_point(p, xv)
            n_t, row = q["Nt"], i * X + j
            W_c, W_r = sol["W_c"][row][:n_t], sol["W_r"][row][:n_t, :n_t]
            if not (np.any(W_c) or np.any(W_r)):
                continue
            H = ch["H"][i][:n_t]
            A, B = steering(q)
            R = W_c @ W_c.conj().T + W_r @ W_r.conj().T
            s2k = np.full(q["K"], float(q["sigma_k2"]))
            g = user_sinr(H.conj().T, W_c, W_r, q["sigma_c2"])
            sinr[i, j] = g
            scal[:, i, j, 0] = (
                sensing_mi(R, A, B, s2k, q["L"], q["sigma_r2"]),
                mi_upper_bound(R, A, rx_gain(q["Nr"], q["steering_norm"]), s2k, q["L"],
                               q["sigma_r2"]),
                average_rate(g), max_cross_correlation(R, A), float(np.trace(R).real),
                sol["t"][row][0])
            if o["beampattern"]:
                extra["beampattern_db"][i, j] = normalised_db(beampattern(R, theta))
            if o["capon"] or o["rmse"]:
                Y = echo_block(q, W_c, W_r, o["beta"], mc[i])
            if o["capon"]:
                extra["capon_db"][i, j] = normalised_db(capon_spectrum(Y, theta))
            if o["rmse"]:
                est = np.rad2deg(capon_angles(Y, q["K"], theta, np.deg2rad(o["fine_step_deg"])))
                err = est - np.sort(targets_deg(q))
                extra["angle_sq_err"][i, j, 0] = float(np.mean(err ** 2))
    metrics = {name: (scal[k], [""]) for k, name in enumerate(SCALARS)}
    metrics["sinr"] = (sinr, [f"UE{c + 1}" for c in range(C)])
    labels = grid_labels(grid)
    for name, values in extra.items():
        metrics[name] = (values, labels if values.shape[2] == grid.size else [""])
    if "history" in sol:
        h = sol["history"].reshape(S, X, -1, 2)
        steps = [str(k) for k in range(1, h.shape[2] + 1)]
        metrics["mi_history"] = (h[..., 0], steps)
        metrics["rate_history"] = (h[..., 1], steps)
    return metrics
