"""Metrics of a crlb_sca design: sum rate (nats/s/Hz), CRLB = tr F⁻¹, objective (spec §2),
and the per-iteration objective where the scheme kept its history (Fig. 2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from isac.contract import history_entities
from isac.core.comm import sum_rate
from isac.core.units import dbm_to_watt
from isac.studies.crlb_sca.fim import crlb, fim
from isac.studies.crlb_sca.model import at_point, geometry, n_transmit, unpad


def evaluate(p: dict[str, Any], options: dict[str, Any], ch: dict[str, np.ndarray],
             sol: dict[str, np.ndarray], x: np.ndarray,
             mc: list[np.random.SeedSequence]) -> dict[str, tuple[np.ndarray, list[str]]]:
    """SR, CRLB and OV = δ_c SR − δ_s CRLB per (seed, x); solutions are ordered seed-major.

    There are no metric options (``options`` is the empty ``evaluate`` section) and no Monte
    Carlo (``mc`` is not used). An all-zero design (a failed solve, blanked by the stage)
    gives NaN.

    Parameters
    ----------
    p : dict
        Model parameters (the config's ``model`` section); each x goes through
        :func:`at_point`.
    options : dict
        The empty ``evaluate`` section.
    ch : dict of str to ndarray
        Channel table with S seeds: ``H`` (S, N_t,max, K_max) complex, ``theta``, ``phi``
        (S, M) radians, ``alpha`` (S, M) complex.
    sol : dict of str to ndarray
        Solutions: ``W`` (S·X, N_t,max, K_max + N_t,max) complex in the padded layout, and
        optionally ``history`` (S·X, T, 3) with rows (SR, −CRLB, objective).
    x : ndarray, shape (X,)
        Sweep values.
    mc : list of numpy.random.SeedSequence
        Unused.

    Returns
    -------
    dict of str to (ndarray, list of str)
        ``sum_rate`` (nats/s/Hz), ``crlb`` (tr F⁻¹, mixed units) and ``objective``, each an
        (S, X, 1) float array with entity labels ``[""]``; with a history also
        ``objective_history``, (S, X, T) with labels from :func:`history_entities`.
    """
    S, X = ch["H"].shape[0], len(x)
    K_max = ch["H"].shape[2]
    sigma2 = float(dbm_to_watt(p["sigma_c2_dBm"]))
    out = np.full((3, S, X, 1), np.nan)
    for i in range(S):
        for j, xv in enumerate(x):
            q = at_point(p, xv)
            n_t, K = n_transmit(q), q["K"]
            W = unpad(sol["W"][i * X + j], n_t, K, K_max)
            if not np.any(W):
                continue
            geom = geometry(q, ch["theta"][i], ch["phi"][i], ch["alpha"][i])
            sr = sum_rate(ch["H"][i][:n_t, :K].conj().T, W, K, sigma2)
            bound = crlb(fim(geom, W))
            out[:, i, j, 0] = sr, bound, q["delta_c"] * sr - q["delta_s"] * bound
    metrics = {name: (out[k], [""]) for k, name in enumerate(("sum_rate", "crlb", "objective"))}
    if "history" in sol:
        h = sol["history"][:, :, 2].reshape(S, X, -1)
        metrics["objective_history"] = (h, history_entities(h.shape[2]))
    return metrics
