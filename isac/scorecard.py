"""Claim-by-claim verdicts on the figure summaries (the ``scorecard`` stage).

A claim (``config/claims/<study>.yaml``, schema ``workflow/schemas/claims.schema.yaml``) picks
rows of one figure's summary and states one of these kinds:

``value``
    a quoted number, within a tolerance;
``ordering``
    curve ``a`` at least (or at most) curve ``b`` at every common x;
``trend``
    a curve, or the gap ``a`` − ``b`` between two curves, rising or falling along x;
``threshold``
    a curve stops improving at a given x (the first x from which it stays within the tolerance
    of its best value);
``dominance``
    every point of trade-off curve ``b`` (two metrics, each better high or low) is weakly
    dominated by some point of curve ``a``;
``timing``
    the ratio of two run times, ``a`` / ``b``, below (or above) a bound at every common x.

Verdicts:

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
    both = _pair(summary, claim)
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


def _curve(summary: pd.DataFrame, claim: dict[str, Any]) -> pd.DataFrame:
    """The claim's curve (x, mean, ci95, n) with its empty points dropped: the selected rows, or
    the gap ``a`` − ``b`` when the claim has both (its interval the sum of the two)."""
    if "a" not in claim:
        rows = _rows(summary, claim["select"])
        return rows.loc[rows["n"] > 0, ["x", "mean", "ci95", "n"]]
    both = _pair(summary, claim)
    return pd.DataFrame({"x": both["x"], "mean": both["mean_a"] - both["mean_b"],
                         "ci95": both["ci95_a"] + both["ci95_b"],
                         "n": np.minimum(both["n_a"], both["n_b"])})


def _pair(summary: pd.DataFrame, claim: dict[str, Any]) -> pd.DataFrame:
    """Curves ``select + a`` and ``select + b`` side by side at their common, non-empty x."""
    a = _rows(summary, claim["select"] | claim["a"])
    b = _rows(summary, claim["select"] | claim["b"])
    both = a.merge(b, on="x", suffixes=("_a", "_b")).sort_values("x")
    return both[(both["n_a"] > 0) & (both["n_b"] > 0)]


def check_trend(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """Monotone along x; ``ours`` is the smallest step in the claimed direction (plus the tie
    tolerance ``tolerance.abs`` if given)."""
    rows = _curve(summary, claim)
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


def _saturation(x: np.ndarray, mean: np.ndarray, slack: np.ndarray) -> float:
    """The first x from which every later mean is within ``slack`` of the best mean (inf if the
    last one is not: the curve falls back after its best point)."""
    near = mean >= mean.max() - slack
    later_all = np.logical_and.accumulate(near[::-1])[::-1]
    return float(x[int(np.argmax(later_all))]) if later_all[-1] else np.inf


def check_threshold(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """The curve (better high) stops improving at ``paper``: ``ours`` is the first x from which
    it stays within the tolerance (``abs``, or ``rel`` × its best |mean|) of its best value; the
    interval is that x with the tolerance widened and narrowed by the 95 % intervals."""
    rows = _curve(summary, claim)
    paper = float(claim["paper"])
    if len(rows) < 2:
        return {"paper": paper, "verdict": VERDICTS[3]}
    x, mean, ci = (rows[k].to_numpy(float) for k in ("x", "mean", "ci95"))
    tol = claim["tolerance"].get("abs", claim["tolerance"].get("rel", 0) * np.abs(mean).max())
    ours = _saturation(x, mean, np.full_like(mean, tol))
    lo = _saturation(x, mean, tol + ci + ci[np.argmax(mean)])
    hi = _saturation(x, mean, np.maximum(tol - ci - ci[np.argmax(mean)], 0.0))
    return {"paper": paper, "ours": ours, "ours_lo": lo, "ours_hi": hi, "deviation": ours - paper,
            "tolerance": tol,
            "verdict": _verdict(bool(np.isclose(ours, paper)), lo - 1e-9 <= paper <= hi + 1e-9,
                                rows["n"])}


def check_dominance(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """Every point of curve ``b`` is weakly dominated by a point of curve ``a`` in the two
    ``metrics`` (each ``higher`` or ``lower`` is better), as read off the trade-off plot.

    A margin is the difference in the metric's direction. With ``tolerance.abs`` (a tie in the
    metrics' own units) margins are in those units; otherwise they are fractions of the axis
    span (the metric's range over both curves), with ``tolerance.rel`` as the tie. ``ours`` is
    the worst point of ``b``'s best margin (over ``a``'s points, the smaller of the two metrics'),
    ``ours_hi`` the same with the 95 % intervals added.
    """
    curves = {}
    for side in ("a", "b"):
        rows = [_rows(summary, claim["select"] | claim[side] | {"metric": m})
                .loc[lambda r: r["n"] > 0, ["x", "mean", "ci95", "n"]] for m in claim["metrics"]]
        curves[side] = rows[0].merge(rows[1], on="x", suffixes=("_1", "_2"))
    a, b = curves["a"], curves["b"]
    if a.empty or b.empty:
        return {"verdict": VERDICTS[3]}
    tolerance = claim.get("tolerance", {})
    tie = tolerance.get("abs", tolerance.get("rel", 0.0))
    strict, loose = [], []
    for k, sense in zip(("1", "2"), claim["metrics"].values(), strict=True):
        ma, mb = a[f"mean_{k}"].to_numpy(), b[f"mean_{k}"].to_numpy()
        scale = 1.0 if "abs" in tolerance else max(np.ptp(np.r_[ma, mb]), 1e-300)
        diff = (1.0 if sense == "higher" else -1.0) * (ma[:, None] - mb[None, :]) / scale
        strict.append(diff + tie)
        loose.append(diff + tie + (a[f"ci95_{k}"].to_numpy()[:, None]
                                   + b[f"ci95_{k}"].to_numpy()[None, :]) / scale)
    best = np.minimum(*strict).max(axis=0)                  # per point of b
    best_loose = np.minimum(*loose).max(axis=0)
    worst = int(np.argmin(best))
    n = np.r_[a[["n_1", "n_2"]].to_numpy().ravel(), b[["n_1", "n_2"]].to_numpy().ravel()]
    return {"ours": float(best[worst]), "ours_hi": float(best_loose[worst]),
            "tolerance": tie or None,
            "verdict": _verdict(bool((best >= 0).all()), bool((best_loose >= 0).all()), n)}


def check_timing(claim: dict[str, Any], summary: pd.DataFrame) -> dict[str, Any]:
    """Run-time ratio ``a`` / ``b`` ``relation`` ``ratio`` (default 1) at every common x;
    ``ours`` is the worst ratio, its interval from the two means' 95 % intervals."""
    both = _pair(summary, claim)
    bound = float(claim.get("ratio", 1.0))
    if both.empty:
        return {"paper": bound, "verdict": VERDICTS[3]}
    ratio = (both["mean_a"] / both["mean_b"]).to_numpy()
    lo = ((both["mean_a"] - both["ci95_a"]).clip(lower=0) / (both["mean_b"] + both["ci95_b"]))
    hi = (both["mean_a"] + both["ci95_a"]) / (both["mean_b"] - both["ci95_b"]).clip(lower=1e-300)
    below = claim["relation"] == "<="
    worst = int(np.argmax(ratio) if below else np.argmin(ratio))
    ok = ratio <= bound if below else ratio >= bound
    near = lo.to_numpy() <= bound if below else hi.to_numpy() >= bound
    return {"paper": bound, "ours": float(ratio[worst]), "ours_lo": float(lo.iloc[worst]),
            "ours_hi": float(hi.iloc[worst]), "deviation": float(ratio[worst] - bound),
            "verdict": _verdict(bool(ok.all()), bool(near.all()),
                                np.minimum(both["n_a"], both["n_b"]))}


CHECKS = {"value": check_value, "ordering": check_ordering, "trend": check_trend,
          "threshold": check_threshold, "dominance": check_dominance, "timing": check_timing}


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
