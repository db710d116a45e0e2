"""The P_FA grid of the ROC metric and its entity names (shared by evaluation and figures,
which must not import each other's numerics)."""

from __future__ import annotations

from typing import Any

import numpy as np


def roc_grid(support: dict[str, Any]) -> np.ndarray:
    """log10 P_FA of the ROC support: from log10(``lo``) to 0 in steps of 1/``per_decade``.

    Parameters
    ----------
    support : dict
        ``lo`` (smallest P_FA, in (0, 1)) and ``per_decade`` (points per decade).

    Returns
    -------
    ndarray, shape (P,)
        log10 P_FA, increasing, the last 0 (P_FA = 1).
    """
    steps = int(round(-np.log10(support["lo"]) * support["per_decade"]))
    return np.linspace(np.log10(support["lo"]), 0.0, steps + 1)


def roc_entity(target: str, log10_pfa: float) -> str:
    """Entity name of one ROC point: the target and log10 P_FA ("T1@-4.00")."""
    return f"{target}@{log10_pfa:+.2f}"


def parse_roc_entity(entity: str) -> tuple[str, float]:
    """(target, P_FA) of a :func:`roc_entity` name."""
    target, _, exponent = entity.partition("@")
    return target, 10.0 ** float(exponent)
