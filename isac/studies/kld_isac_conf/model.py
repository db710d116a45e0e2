"""Channel draws of the KLD conference study: the journal's model (kld_isac spec §1–§2,
:mod:`isac.studies.kld_isac.model`), plus user-channel-only draws for the CLT check of the
MRT interference (C Fig. 1), which needs no target responses."""

from __future__ import annotations

from typing import Any

import numpy as np

import isac.studies.kld_isac.model as journal
from isac.core.channels import complex_gaussian


def draw_channels(p: dict[str, Any], rngs: list[np.random.Generator]) -> dict[str, np.ndarray]:
    """One draw per seed: the journal's tensors (:func:`isac.studies.kld_isac.model.
    draw_channels`), or, with ``p["draw"] == "users"``, the user channels alone.

    Parameters
    ----------
    p : dict
        Model parameters; ``draw`` is ``all`` (default) or ``users``.
    rngs : list of numpy.random.Generator
        One generator per seed (S in all).

    Returns
    -------
    dict of str to ndarray
        As the journal's, or only ``G`` (S, K, N) complex with CN(0, σ_h²) entries.
    """
    if p.get("draw", "all") != "users":
        return journal.draw_channels(p, rngs)
    K, N = p["K"], p["N"]
    if not rngs:
        return {"G": np.zeros((0, K, N), dtype=complex)}
    return {"G": np.stack([complex_gaussian(rng, (K, N), p["sigma_h2"]) for rng in rngs])}


def footprint(p: dict[str, Any], x: list[float], n_seeds: int) -> dict[str, int]:
    """Complex elements held by a channels, solve and evaluate job (see
    :func:`isac.studies.kld_isac.model.footprint`); user-only draws hold G and one precoder
    per point."""
    if p.get("draw", "all") != "users":
        return journal.footprint(p, x, n_seeds)
    channels = n_seeds * p["K"] * p["N"]
    solve = channels * (1 + len(x))
    return {"channels": channels, "solve": solve, "evaluate": 2 * solve}
