"""Claim-by-claim verdicts on the figure summaries (the ``scorecard`` stage).

A claim (``config/claims/<study>.yaml``, schema ``workflow/schemas/claims.schema.yaml``) picks
rows of one figure's summary and states a value, an ordering or a trend. Verdicts:

``holds``
    the statement is true of our means (a value within its tolerance);
``holds-within-noise``
    false of the means but within the 95 % intervals over seeds;
``fails``
    false even allowing for the intervals; the claim's documented ``cause`` is reported
    (``undocumented`` when it has none);
``not-checkable-at-this-scale``
    the rows it needs are not in this scale's grid, or every solve there failed, or the
    statement is false of the means but a row has fewer than two draws, so there is no
    interval to tell noise from failure (``ci`` runs of one realisation).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

VERDICTS = ("holds", "holds-within-noise", "fails", "not-checkable-at-this-scale")
COLUMNS = ["id", "figure", "kind", "evidence", "statement", "source", "paper", "ours",
           "ours_lo", "ours_hi", "deviation", "tolerance", "verdict", "cause", "scale"]


def _rows(summary: pd.DataFrame, select: dict[str, Any]) -> pd.DataFrame:
    sel = summary
    for key, value in select.items():
        sel = sel[np.isclose(sel[key], value)] if key == "x" else sel[sel[key] == value]
    return sel.sort_values("x")


def _verdict(strict: bool, loose: bool, n: np.ndarray) -> str:
    if strict:
        return "holds"
    if (np.asarray(n) < 2).any():
        return VERDICTS[3]
    return "holds-within-noise" if loose else "fails"


def check_value(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """A quoted number: |ours − paper| ≤ tolerance (abs, or rel × |paper|)."""
    rows = _rows(summary, claim["select"])
    rows = rows[rows["n"] > 0]
    paper = float(claim["paper"])
    tol = claim["tolerance"].get("abs", claim["tolerance"].get("rel", 0) * abs(paper))
    if len(rows) != 1:
        return {"paper": paper, "tolerance": tol, "verdict": VERDICTS[3]}
    mean, ci = float(rows["mean"].iloc[0]), float(rows["ci95"].iloc[0])
    dev = mean - paper
    return {"paper": paper, "ours": mean, "ours_lo": mean - ci, "ours_hi": mean + ci,
            "deviation": dev, "tolerance": tol,
            "verdict": _verdict(abs(dev) <= tol, abs(dev) <= tol + ci, rows["n"])}


def check_ordering(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """``a`` relation ``b`` at every common x; ``ours`` is the smallest margin (a − b for
    ">=", b − a for "<="), plus the claim's tie tolerance (``tolerance.abs``, e.g. the solver
    accuracy) if it has one."""
    a = _rows(summary, claim["select"] | claim["a"])
    b = _rows(summary, claim["select"] | claim["b"])
    both = a.merge(b, on="x", suffixes=("_a", "_b")).sort_values("x")
    both = both[(both["n_a"] > 0) & (both["n_b"] > 0)]
    if both.empty:
        return {"verdict": VERDICTS[3]}
    sign = 1.0 if claim["relation"] == ">=" else -1.0
    tie = claim.get("tolerance", {}).get("abs", 0.0)
    margin = sign * (both["mean_a"] - both["mean_b"]) + tie
    noise = both["ci95_a"] + both["ci95_b"]
    worst = int(np.argmin(margin.to_numpy()))
    return {"ours": float(margin.iloc[worst]),
            "ours_lo": float(margin.iloc[worst] - noise.iloc[worst]),
            "ours_hi": float(margin.iloc[worst] + noise.iloc[worst]),
            "verdict": _verdict(bool((margin >= 0).all()), bool((margin + noise >= 0).all()),
                                np.minimum(both["n_a"], both["n_b"]))}


def check_trend(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """Monotone along x; ``ours`` is the smallest step in the claimed direction (plus the tie
    tolerance ``tolerance.abs`` if given)."""
    rows = _rows(summary, claim["select"])
    rows = rows[rows["n"] > 0]
    if len(rows) < 2:
        return {"verdict": VERDICTS[3]}
    sign = 1.0 if claim["direction"] == "increasing" else -1.0
    tie = claim.get("tolerance", {}).get("abs", 0.0)
    steps = sign * np.diff(rows["mean"].to_numpy()) + tie
    noise = rows["ci95"].to_numpy()[1:] + rows["ci95"].to_numpy()[:-1]
    worst = int(np.argmin(steps))
    return {"ours": float(steps[worst]), "ours_lo": float(steps[worst] - noise[worst]),
            "ours_hi": float(steps[worst] + noise[worst]),
            "verdict": _verdict(bool((steps >= 0).all()), bool((steps + noise >= 0).all()),
                                rows["n"])}


CHECKS = {"value": check_value, "ordering": check_ordering, "trend": check_trend}


def scorecard(claims: list[dict[str, Any]], summaries: dict[str, pd.DataFrame],
              scale: str) -> pd.DataFrame:
    """One row per claim (columns :data:`COLUMNS`), in the claims' order."""
    rows = []
    for claim in claims:
        result = CHECKS[claim["kind"]](claim, summaries[claim["figure"]])
        cause = claim.get("cause", "undocumented") if result["verdict"] == "fails" else ""
        rows.append({key: claim[key] for key in ("id", "figure", "kind", "evidence",
                                                 "statement", "source")}
                    | {"cause": cause, "scale": scale} | result)
    return pd.DataFrame(rows).reindex(columns=COLUMNS)


def counts(card: pd.DataFrame) -> dict[str, int]:
    """Number of claims per verdict."""
    return {v: int((card["verdict"] == v).sum()) for v in VERDICTS}
