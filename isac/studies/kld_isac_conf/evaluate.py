"""Metrics of the KLD conference study: the journal's (:mod:`isac.studies.kld_isac.evaluate`)
plus the MRT closed form, the ROC of the calibrated KLD map on a grid of false-alarm
probabilities, and the density of the normalised MRT interference (C Figs 1–10)."""

from __future__ import annotations

from typing import Any

import numpy as np

import isac.studies.kld_isac.evaluate as journal
from isac.core.channels import pathloss
from isac.studies.kld_isac.detection import pd_kld_map
from isac.studies.kld_isac.kld import constellation, kld_comm_prefactor
from isac.studies.kld_isac.model import at_point, cut_draw, radar_interference_statistical
from isac.studies.kld_isac_conf.glrt import roc_points, statistics, transmit_factor
from isac.studies.kld_isac_conf.mrt import iui_normalised, kld_comm_mrt
from isac.studies.kld_isac_conf.roc import roc_entity, roc_grid

Metrics = journal.Metrics


def roc_metrics(kld: np.ndarray, targets: list[str], support: dict[str, Any]) -> Metrics:
    """P_D = Q(Q⁻¹(P_FA) − √KLD_r) per draw on the P_FA grid of :func:`roc_grid` (spec §4:
    ROC of the calibrated map), metric ``pd_roc`` with entities target × P_FA.

    Parameters
    ----------
    kld : ndarray, shape (S, X, T)
        KLD_r in bits.
    targets : list of str
        Entity names of the T targets.
    support : dict
        The ROC support (see :func:`roc_grid`).

    Returns
    -------
    Metrics
        ``pd_roc``: (S, X, T·P) probabilities, target-major.
    """
    grid = roc_grid(support)
    pd = np.stack([pd_kld_map(kld, 10.0 ** e) for e in grid], axis=-1)      # (S, X, T, P)
    names = [roc_entity(t, e) for t in targets for e in grid]
    return {"pd_roc": (pd.reshape(*kld.shape[:2], -1), names)}


def glrt_roc_metrics(p: dict[str, Any], options: dict[str, Any],
                     channels: dict[str, np.ndarray], solution: dict[str, np.ndarray],
                     sigma2: np.ndarray, mc: list[np.random.SeedSequence]) -> Metrics:
    """Monte-Carlo ROC of the GLRT (:mod:`.glrt`) per draw, target and point: ``frames``
    frames under each hypothesis (``options["roc_glrt"]``), thresholds from the H0 frames,
    on the support points with P_FA ≥ 20/frames (at least 20 false alarms per threshold).
    Each draw's frames come from its own Monte-Carlo seed, so the values do not depend on
    the chunking.

    Returns
    -------
    Metrics
        ``pd_roc_glrt``: (S, X, T·P') probabilities, entities as ``pd_roc``'s.
    """
    frames = options["roc_glrt"]["frames"]
    grid = roc_grid(options["roc_support"])
    grid = grid[10.0 ** grid >= 20.0 / frames]
    pfa = 10.0 ** grid
    S, T, X = channels["H"].shape[0], p["T"], len(sigma2)
    W_c, R_r = (a.reshape(S, len(a) // S, *a.shape[1:])
                for a in (solution["W_c"], solution["R_r"]))
    g_r = pathloss(p["d_r"], p["zeta"])
    out = np.empty((S, X, T, len(grid)))
    for i in range(S):
        rng = np.random.default_rng(mc[i])
        for j in range(X):
            k = min(j, W_c.shape[1] - 1)                       # one design per seed or point
            for t in range(T):
                V = transmit_factor(R_r[i, k, t], W_c[i, k])
                n_radar = V.shape[1] - W_c.shape[-1]
                args = (channels["H"][i, t], V, n_radar, g_r[t], sigma2[j], p["L"], frames)
                out[i, j, t] = roc_points(statistics(rng, *args, present=False),
                                          statistics(rng, *args, present=True), pfa)
    names = [roc_entity(f"T{t + 1}", e) for t in range(T) for e in grid]
    return {"pd_roc_glrt": (out.reshape(S, X, -1), names)}


def mrt_closed_form(p: dict[str, Any], modulation: str, S: int,
                    sigma2: np.ndarray) -> Metrics:
    """``kld_c_mrt``: the MRT closed form of :func:`~.mrt.kld_comm_mrt` with equal powers
    p_k = (P_T − P_r)/K and the statistical radar interference of eq. (8), (S, X, K) bits."""
    K = p["K"]
    g_c = pathloss(p["d_c"], p["zeta"])[None, None, :]
    p_k = (p["P_T"] - p["P_r"]) / K
    eta2 = radar_interference_statistical(g_c, p["sigma_h2"], p["P_r"], sigma2[None, :, None])
    closed = kld_comm_mrt(kld_comm_prefactor(constellation(modulation)), g_c, p_k,
                          (K - 1) * p_k, p["N"], p["sigma_h2"], eta2)
    return {"kld_c_mrt": (np.broadcast_to(closed, (S, len(sigma2), K)),
                          [f"UE{k + 1}" for k in range(K)])}


def iui_metrics(p: dict[str, Any], options: dict[str, Any], channels: dict[str, np.ndarray],
                solution: dict[str, np.ndarray], x: np.ndarray) -> Metrics:
    """Histogram density of Re z (:func:`~.mrt.iui_normalised`) per antenna count (C Fig. 1).

    Each draw contributes the share of its K(K − 1)/2 pairs that fall in each bin, divided
    by the bin width, so the mean over draws is the histogram density estimate (with its
    confidence interval); samples outside the bins count in no bin.

    Returns
    -------
    Metrics
        ``iui_density`` (S, X, B) per unit of Re z, entities the bin centres ("+0.125");
        ``iui_var`` (S, X, 1), the mean of (Re z)² per draw (limit 1/2).
    """
    bins = options["clt_bins"]
    edges = np.linspace(-bins["half_width"], bins["half_width"], bins["count"] + 1)
    width = edges[1] - edges[0]
    S = channels["G"].shape[0]
    W = solution["W_c"].reshape(S, len(x), *solution["W_c"].shape[1:])
    density, var = [], []
    for j, v in enumerate(x):
        q = at_point(p, v)
        z = iui_normalised(cut_draw(q, channels)["G"], W[:, j, :q["N"]], p["sigma_h2"])
        index = np.digitize(z, edges) - 1                                    # (S, pairs)
        counts = np.stack([(index == b).sum(axis=1) for b in range(len(edges) - 1)], axis=1)
        density.append(counts / (z.shape[1] * width))
        var.append(np.mean(z**2, axis=1, keepdims=True))
    centres = [f"{c:+.3f}" for c in 0.5 * (edges[:-1] + edges[1:])]
    return {"iui_density": (np.stack(density, axis=1), centres),
            "iui_var": (np.stack(var, axis=1), ["avg"])}


def evaluate(p: dict[str, Any], options: dict[str, Any], channels: dict[str, np.ndarray],
             solution: dict[str, np.ndarray], x: np.ndarray,
             mc: list[np.random.SeedSequence]) -> Metrics:
    """All metrics of a design (closed forms; the Monte-Carlo seeds serve only the GLRT
    overlay).

    On user-only draws (``model.draw: users``, the CLT check) the metrics of
    :func:`iui_metrics`; otherwise the journal's metrics
    (:func:`isac.studies.kld_isac.evaluate.evaluate`), the MRT closed form ``kld_c_mrt``
    (:func:`mrt_closed_form`), the ROC ``pd_roc`` of the assisted radar
    (:func:`roc_metrics`), the per-draw means over targets and users ``kld_r_avg`` and
    ``kld_c_avg`` (entity "avg", the axes of the trade-off figures) and, with the option
    ``roc_glrt``, the Monte-Carlo GLRT ROC ``pd_roc_glrt`` (:func:`glrt_roc_metrics`).

    Parameters
    ----------
    p, options, channels, solution, x, mc
        As :func:`isac.studies.kld_isac.evaluate.evaluate`; ``options`` adds
        ``roc_support`` and ``clt_bins``.

    Returns
    -------
    Metrics
        Name -> (values (S, X, E), entity names).
    """
    if p.get("draw", "all") == "users":
        return iui_metrics(p, options, channels, solution, x)
    out = journal.evaluate(p, options, channels, solution, x, mc)
    kld, targets = out["kld_r"]
    S = kld.shape[0]
    sigma2 = np.array([at_point(p, v)["sigma2"] for v in x])
    means = {f"{name}_avg": (out[name][0].mean(axis=-1, keepdims=True), ["avg"])
             for name in ("kld_r", "kld_c")}
    if options.get("roc_glrt"):
        out |= glrt_roc_metrics(p, options, channels, solution, sigma2, mc)
    return (out | means | mrt_closed_form(p, options["modulation"], S, sigma2)
            | roc_metrics(kld, targets, options["roc_support"]))
