"""Metrics of the iaps_dfrc study for an allocation p (spec §4, §6, §7): detection
probabilities with unlimited backhaul (fused GLRT) and limited backhaul (voting), the
non-centralities, and the powers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.studies.iaps_dfrc.beams import point_links
from isac.studies.iaps_dfrc.detection import (
    detection_probability,
    fused_detection,
    vote_threshold,
)
from isac.studies.iaps_dfrc.model import at_point
from isac.studies.iaps_dfrc.sensing import NODE_SETS, rho_nodes, rho_unlimited

Metrics = dict[str, tuple[np.ndarray, list[str]]]
SETS = list(NODE_SETS)


def voting(pd_nodes: np.ndarray, p_fa: float) -> dict[str, tuple[float, float]]:
    """(P̂_D, CC-level P_D) of each node set from the local P_D of [BS, RAP 1 … RAP R]
    (eqs. 49–52; active: the BS alone, P̂_D = P_D,0)."""
    out = {}
    for name, (bs, raps) in NODE_SETS.items():
        votes = pd_nodes[(0 if bs else 1):(len(pd_nodes) if raps else 1)]
        pd_hat, n = float(votes.mean()), len(votes)
        out[name] = (pd_hat, float(fused_detection(vote_threshold(n, pd_hat, p_fa), n, pd_hat)))
    return out


def point_metrics(q: dict[str, Any], draw: dict[str, np.ndarray], p: np.ndarray,
                  feasible: bool) -> dict[str, np.ndarray]:
    """Every metric of one allocation at one point of one sample.

    Returns
    -------
    dict of str to ndarray
        ``pd``, ``pd_cc``, ``pd_hat`` (one per node set: IAPS, passive, active),
        ``rho_iaps_db`` (10 log10 of the fused ρ of all nodes), ``rho_sum_db``
        (10 log10 Σ_{r=0}^{R} ρ_r of the local detectors), ``p0`` and ``ue_power`` (W).
    """
    links = point_links(q, draw)
    rho = rho_unlimited(q, p, links["c"])
    nodes = rho_nodes(q, p, links["c"], links["W"], links["G"], links["b1"])
    votes = voting(detection_probability(nodes, q["P_FA"]), q["P_FA"])
    scale = 1.0 if feasible else 0.0                    # infeasible counted as P_D = 0
    return {"pd": scale * detection_probability(np.array([rho[s] for s in SETS]), q["P_FA"]),
            "pd_cc": scale * np.array([votes[s][1] for s in SETS]),
            "pd_hat": scale * np.array([votes[s][0] for s in SETS]),
            "rho_iaps_db": np.array([10 * np.log10(max(rho["IAPS"], 1e-300))]),
            "rho_sum_db": np.array([10 * np.log10(max(nodes.sum(), 1e-300))]),
            "p0": p[:1], "ue_power": np.array([p[1:].sum()])}


ENTITIES = {"pd": SETS, "pd_cc": SETS, "pd_hat": SETS, "rho_iaps_db": ["IAPS"],
            "rho_sum_db": ["IAPS"], "p0": ["W"], "ue_power": ["W"]}


def evaluate(p: dict[str, Any], options: dict[str, Any], channels: dict[str, np.ndarray],
             solution: dict[str, np.ndarray], x: np.ndarray,
             mc: list[np.random.SeedSequence]) -> Metrics:
    """All metrics of the allocations of one chunk (closed forms; the Monte-Carlo seeds are
    unused: P_D is deterministic given ρ, spec §7).

    Parameters
    ----------
    p : dict
        Model parameters.
    options : dict
        The ``evaluate`` section (unused keys allowed).
    channels : dict of str to ndarray
        Tensors of :func:`~.model.draw_channels`, S samples.
    solution : dict of str to ndarray
        ``p`` (S·X, K_max + 1) in W (zero-padded on a K sweep), ``feasible`` (S·X, 1) and,
        for the max-min split, ``gamma_max`` (S·X, 1).
    x : ndarray, shape (X,)
        Sweep values.
    mc : list
        Unused.

    Returns
    -------
    Metrics
        Name -> (values (S, X, E), entity names), see :func:`point_metrics`; with
        ``gamma_max``, also ``gamma_max_db`` (E = 1).
    """
    S = len(channels["h"])
    X = len(x)
    names = list(ENTITIES) + (["gamma_max_db"] if "gamma_max" in solution else [])
    out = {name: np.zeros((S, X, len(ENTITIES.get(name, [""])))) for name in names}
    P = solution["p"].reshape(S, X, -1)
    feasible = solution["feasible"].reshape(S, X)
    for i in range(S):
        draw = {k: v[i] for k, v in channels.items()}
        for j, v in enumerate(x):
            q = at_point(p, v)
            values = point_metrics(q, draw, P[i, j, :q["K"] + 1], bool(feasible[i, j]))
            for name, val in values.items():
                out[name][i, j] = val
            if "gamma_max" in solution:
                gamma = solution["gamma_max"].reshape(S, X)[i, j]
                out["gamma_max_db"][i, j] = 10 * np.log10(gamma) if gamma > 0 else np.nan
    return {name: (values, ENTITIES.get(name, [""])) for name, values in out.items()}
