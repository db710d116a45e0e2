"""Metrics of the KLD ISAC study for a designed transmit signal (spec §3–§4).

Everything is vectorised over seeds (S), SNR points (X) and targets/users (E). A design is
either one per seed (the x-independent baseline: its echo eigenvalues are computed once per
seed and the x sweep is a broadcast over σ_n²) or one per (seed, x) point (the optimisers,
whose designs depend on σ_n²); the designs then carry an axis X' = 1 or X.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.contract import history_entities
from isac.core.channels import pathloss
from isac.core.comm import ber_psk, sinr, user_powers
from isac.studies.kld_isac.detection import pd_gauss_glrt, pd_kld_map
from isac.studies.kld_isac.estimation import mse_target
from isac.studies.kld_isac.kld import (
    constellation,
    kld_comm,
    kld_comm_prefactor,
    kld_comm_zf,
    kld_radar,
    radar_eigenvalues,
)
from isac.studies.kld_isac.model import (
    at_point,
    cut_draw,
    radar_interference_statistical,
    target_variance,
)

Metrics = dict[str, tuple[np.ndarray, list[str]]]


def radar_metrics(p: dict[str, Any], P_FA: float, H: np.ndarray, R: np.ndarray,
                  sigma2: np.ndarray, suffix: str = "") -> Metrics:
    """Radar metrics per target: KLD_r (27) and P_D of the calibrated map and of eqs. (42)–(43).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``d_r`` (m), ``zeta``, ``T`` and ``L``.
    P_FA : float
        False-alarm probability.
    H : ndarray, shape (S, T, N, N)
        Target responses H_t, complex.
    R : ndarray, shape (S, X', T, N, N)
        Transmit covariance R_t seen by each target, complex, in watts; X' = 1 (one design
        per seed) or X (one per point).
    sigma2 : ndarray, shape (X,)
        Noise power σ_n² per sweep point, in watts.
    suffix : str, default ''
        Appended to every metric name (e.g. ``"_na"``).

    Returns
    -------
    Metrics
        Name -> (values (S, X, T), entity names ``["T1", ..., "TT"]``): ``kld_r`` in bits,
        ``pd_kld_map`` (spec §4 map) and ``pd_glrt`` (eqs. 42–43, printed weighting, paper
        variance), both probabilities; each name ends in ``suffix``.
    """
    g_r = pathloss(p["d_r"], p["zeta"])
    eigs = radar_eigenvalues(H[:, None], R, g_r)                    # (S, X', T, N)
    s2 = sigma2[None, :, None]                                      # (1, X, 1)
    kld = kld_radar(eigs, s2)
    names = [f"T{t + 1}" for t in range(p["T"])]
    shape = (H.shape[0], len(sigma2), p["T"])
    pd_glrt = pd_gauss_glrt(eigs, s2, p["L"], P_FA, "printed", "paper")
    return {
        f"kld_r{suffix}": (np.broadcast_to(kld, shape), names),
        f"pd_kld_map{suffix}": (np.broadcast_to(pd_kld_map(kld, P_FA), shape), names),
        f"pd_glrt{suffix}": (np.broadcast_to(pd_glrt, shape), names),
    }


def comm_metrics(p: dict[str, Any], modulation: str, G: np.ndarray, W_c: np.ndarray,
                 sigma2: np.ndarray, R_r: np.ndarray | None = None) -> Metrics:
    """Communication metrics per user: SINR, KLD_c (18), closed-form ZF KLD_c (13) and BER.

    Radar interference is the statistical σ_η² of eq. (8) (spec §7 item 20), or, when the
    radar covariances ``R_r`` are given, the instantaneous g_k Σ_t h_kᵀ R_{r,t} h_k* of the
    designed beams (spec §5, used for the optimised radar).

    Parameters
    ----------
    p : dict
        Model parameters; uses ``K``, ``N``, ``d_c`` (m), ``zeta``, ``sigma_h2``, ``P_T`` and
        ``P_r`` (W).
    modulation : str
        Constellation name, see :func:`~isac.studies.kld_isac.kld.constellation`.
    G : ndarray, shape (S, K, N)
        User channels, complex.
    W_c : ndarray, shape (S, X', N, K)
        Communication precoders, complex, with ‖W_c‖_F² in watts (X' = 1 or X).
    sigma2 : ndarray, shape (X,)
        Noise power σ_n² per sweep point, in watts.
    R_r : ndarray, shape (S, X', T, N, N), optional
        Radar covariances for the instantaneous interference.

    Returns
    -------
    Metrics
        Name -> (values (S, X, K), entity names ``["UE1", ..., "UEK"]``): ``sinr`` (linear),
        ``kld_c`` and ``kld_c_zf`` (with p_k = (P_T − P_r)/K) in bits, and ``ber``.
    """
    K, N = p["K"], p["N"]
    g_c = pathloss(p["d_c"], p["zeta"])[None, None, :]
    points = constellation(modulation)
    c_M = kld_comm_prefactor(points)
    s2 = sigma2[None, :, None]
    if R_r is None:
        eta2 = radar_interference_statistical(g_c, p["sigma_h2"], p["P_r"], s2)
    else:
        radar = np.einsum("skn,sxtnm,skm->sxk", G, R_r, np.conj(G)).real
        eta2 = g_c * radar + s2
    desired, iui = user_powers(G[:, None], W_c)
    gamma = np.broadcast_to(sinr(desired, iui, g_c, eta2), (G.shape[0], len(sigma2), K))
    p_k = (p["P_T"] - p["P_r"]) / K
    closed = kld_comm_zf(c_M, g_c, p_k, N, K, p["sigma_h2"],
                         radar_interference_statistical(g_c, p["sigma_h2"], p["P_r"], s2))
    names = [f"UE{k + 1}" for k in range(K)]
    return {
        "sinr": (gamma, names),
        "kld_c": (kld_comm(gamma, c_M), names),
        "kld_c_zf": (np.broadcast_to(closed, gamma.shape), names),
        "ber": (ber_psk(gamma, points.size), names),
    }


def mse_metrics(p: dict[str, Any], P_FA: float, pd: np.ndarray, R_r: np.ndarray,
                W_c: np.ndarray, sigma2: np.ndarray) -> Metrics:
    """MSE of the target-response estimate, eq. (24), averaged over the targets (J Fig. 6),
    in its two readings.

    Parameters
    ----------
    p : dict
        Model parameters; uses ``N``, ``d_r``, ``zeta`` and ``sigma_H2``.
    P_FA : float
        False-alarm probability.
    pd : ndarray, shape (S, X, T)
        P_D of the calibrated map (assisted radar).
    R_r : ndarray, shape (S, X', T, N, N)
        Radar covariances, complex, in watts.
    W_c : ndarray, shape (S, X', N, K)
        Precoders, complex, in √W.
    sigma2 : ndarray, shape (X,)
        Noise power per sweep point, in watts.

    Returns
    -------
    Metrics
        ``mse`` (the LS estimate divides out the whole transmit power Σ_t tr R_{r,t} +
        ‖W_c‖_F², the radar knowing the communication symbols) and ``mse_radar`` (the radar
        power Σ_t tr R_{r,t} alone, J's P_r), each (S, X, 1): the mean over targets of each
        draw, entity ``["avg"]``.
    """
    g_r = pathloss(p["d_r"], p["zeta"])
    args = (sigma2, g_r, p["N"], target_variance(p), P_FA)
    radar = np.trace(R_r, axis1=-2, axis2=-1).real.sum(axis=-1, keepdims=True)   # (S, X', 1)
    total = radar + np.sum(np.abs(W_c) ** 2, axis=(-2, -1))[..., None]
    return {name: (mse_target(pd, power, *args).mean(axis=-1, keepdims=True), ["avg"])
            for name, power in (("mse", total), ("mse_radar", radar))}


def iterations_to_fraction(history: np.ndarray, fraction: float) -> np.ndarray:
    """The first iteration at which a run has made ``fraction`` of its total gain.

    Parameters
    ----------
    history : ndarray, shape (..., n)
        A quantity per iteration, the start first (a run that stopped early repeats its
        last value; NaN for a failed run).
    fraction : float
        Share of the gain h[-1] − h[0], in (0, 1].

    Returns
    -------
    ndarray, shape (...)
        Iteration index (0 = the start; 0 too for a run without gain); NaN for a failed run.
    """
    gain = history - history[..., :1]
    reached = gain >= fraction * gain[..., -1:]
    first = np.argmax(reached, axis=-1).astype(float)
    return np.where(np.isnan(history[..., -1]), np.nan, first)


def echo_covariance(options: dict[str, Any], R_r: np.ndarray) -> np.ndarray:
    """The radar part of the transmit covariance that target t's echo carries.

    ``radar_echo: own`` (default, spec §1): its own beam, R_{r,t}. ``all``: every radar beam,
    Σ_t' R_{r,t'} (rank T, the whole radar power P_r), an alternative reading of J's radar
    model kept as an evaluation switch for the baselines (issue 20, item 3; docs).

    Parameters
    ----------
    options : dict
        The ``evaluate`` section; uses ``radar_echo`` (default ``own``).
    R_r : ndarray, complex, shape (S, X', T, N, N)
        Per-target radar covariances in watts.

    Returns
    -------
    ndarray, complex, shape (S, X', T, N, N)
        The covariance each target sees.
    """
    if options.get("radar_echo", "own") == "own":
        return R_r
    return np.broadcast_to(R_r.sum(axis=-3, keepdims=True), R_r.shape)


def _metrics(p: dict[str, Any], options: dict[str, Any], H: np.ndarray, G: np.ndarray,
             W_c: np.ndarray, R_r: np.ndarray, sigma2: np.ndarray) -> Metrics:
    """Every metric of designs W_c (S, X', N, K) and R_r (S, X', T, N, N) on the channels H
    (S, T, N, N) and G (S, K, N) at the noise powers ``sigma2`` (X,)."""
    R_c = W_c @ np.conj(np.swapaxes(W_c, -1, -2))
    P_FA = options["P_FA"]
    seen = echo_covariance(options, R_r)
    out = radar_metrics(p, P_FA, H, seen + R_c[:, :, None], sigma2)
    out |= mse_metrics(p, P_FA, out["pd_kld_map"][0], R_r, W_c, sigma2)
    out |= radar_metrics(p, P_FA, H, seen, sigma2, suffix="_na")
    instantaneous = options.get("radar_interference", "statistical") == "instantaneous"
    return out | comm_metrics(p, options["modulation"], G, W_c, sigma2,
                              R_r if instantaneous else None)


def evaluate(p: dict[str, Any], options: dict[str, Any], channels: dict[str, np.ndarray],
             solution: dict[str, np.ndarray], x: np.ndarray,
             mc: list[np.random.SeedSequence]) -> Metrics:
    """All metrics of a design: assisted and non-assisted radar, comms, estimation MSE.

    Comm-assisted radar sees R_t = R_{r,t} + W_c W_cᴴ; non-assisted sees R_{r,t} only
    (J Fig. 2). Metrics use the true channels (also under imperfect CSI). All metrics are
    closed forms: the Monte-Carlo seeds ``mc`` are not used.

    Parameters
    ----------
    p : dict
        Model parameters (the config's ``model`` section).
    options : dict
        The config's ``evaluate`` section: ``P_FA``, ``modulation`` and
        ``radar_interference`` (``statistical``, eq. 8, or ``instantaneous``: the designed
        beams, for the optimised radar).
    channels : dict of str to ndarray
        ``H`` (S, T, N, N) and ``G`` (S, K, N), complex, as from
        :func:`~isac.studies.kld_isac.model.draw_channels`.
    solution : dict of str to ndarray
        ``W_c`` (P, N, K) and ``R_r`` (P, T, N, N), complex, in watts: one design per seed
        (P = S) or per (seed, x) point, seed-major (P = S·X); on an N sweep zero-padded to
        the largest N; optionally ``history`` (S·X, n, 1), KLD_ISAC per iteration.
    x : ndarray, shape (X,)
        Sweep values (:func:`~isac.studies.kld_isac.model.at_point`).
    mc : list of numpy.random.SeedSequence
        Monte-Carlo seeds; unused.

    Returns
    -------
    Metrics
        Name -> (values (S, X, E), entity names): the radar metrics of :func:`radar_metrics`
        for assisted radar and, with suffix ``_na``, non-assisted radar (E = T), the
        metrics of :func:`comm_metrics` (E = K), the estimation MSE of
        :func:`mse_metrics` (E = 1) and, with a history, ``kld_isac_history`` in bits
        (E = n iterations, labels "1" … "n") and ``iterations_to_95`` (E = 1), the first
        iteration with 95 % of the run's KLD_ISAC gain (:func:`iterations_to_fraction`).
    """
    S = channels["H"].shape[0]
    history = {}
    if "history" in solution:                     # J Fig. 7b: KLD_ISAC per iteration
        h = solution["history"][:, :, 0].reshape(S, len(x), -1)
        history["kld_isac_history"] = (h, history_entities(h.shape[2]))
        history["iterations_to_95"] = (iterations_to_fraction(h, 0.95)[..., None], [""])
    W_c, R_r = (a.reshape(S, len(a) // S, *a.shape[1:])            # (S, X', ...)
                for a in (solution["W_c"], solution["R_r"]))
    if p.get("sweep", "snr") != "N":
        sigma2 = np.array([at_point(p, v)["sigma2"] for v in x])
        return history | _metrics(p, options, channels["H"], channels["G"], W_c, R_r, sigma2)
    parts = []
    for j, v in enumerate(x):                         # one N per point: cut, then evaluate
        q = at_point(p, v)
        N, ch = q["N"], cut_draw(q, channels)
        parts.append(_metrics(q, options, ch["H"], ch["G"], W_c[:, j:j + 1, :N],
                              R_r[:, j:j + 1, :, :N, :N], np.array([q["sigma2"]])))
    return history | {name: (np.concatenate([m[name][0] for m in parts], axis=1),
                             parts[0][name][1]) for name in parts[0]}
