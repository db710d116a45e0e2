"""The mi_moo paper's claims about Figs 4, 5, 6 and 9, checked on a finished run.

Our copy of the paper lost its numbers (spec mi_moo §7), so what can be checked are its
statements about the curves: orderings of schemes and how gaps move with SNR. Reads the
summary tables of a run and prints, per claim, at how many sweep points it holds, with the
means behind it, then the failed-solve counts per figure and scheme.

    python benchmarks/mi_moo_claims.py [results/paper/mi_moo/summary]

Ties within TOL (0.01 bit or bit/s/Hz, the solvers' accuracy) count as equal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from isac import io

TOL = 0.01
SHORT = {"radar_only": "RO", "sensing_centric": "SC", "proposed": "P", "zf_violated": "ZF",
         "communication_centric": "CC", "communication_only": "CO", "mi_constrained": "MIC",
         "proposed_no_radar": "P-", "zf_violated_no_radar": "ZF-"}


def _means(summary: Path, fig: str, metric: str, scenario: str | None = None) -> pd.DataFrame:
    """Mean of ``metric`` as a table x × scheme."""
    s, _ = io.read_table(summary / f"{fig}.parquet")
    s = s[s.metric == metric]
    if scenario is not None:
        s = s[s.scenario == scenario]
    return s.pivot_table(index="x", columns="scheme", values="mean")


def _row(claim: str, holds: pd.Series, table: pd.DataFrame, digits: int = 1) -> str:
    detail = "; ".join(f"{x:g}: " + ", ".join(f"{SHORT.get(c, c)} {v:.{digits}f}"
                                              for c, v in r.items())
                       for x, r in table.iterrows())
    return f"| {claim} | {int(holds.sum())}/{len(holds)} | {detail} |"


def fig4(summary: Path) -> list[str]:
    """Radar-only ≥ Sensing-centric ≥ Proposed ≈ ZF-violated > MI-constrained, Comm-centric."""
    m = _means(summary, "fig4", "mi")
    mixed = m[["proposed", "zf_violated"]]
    low = m[["mi_constrained", "communication_centric"]]
    return [
        _row("Fig. 4: RO ≥ SC ≥ P (MI, bits)",
             (m.radar_only >= m.sensing_centric - TOL) & (m.sensing_centric >= m.proposed - TOL),
             m[["radar_only", "sensing_centric", "proposed"]]),
        _row("Fig. 4: SC ≥ ZF", m.sensing_centric >= m.zf_violated - TOL,
             m[["sensing_centric", "zf_violated"]], 2),
        _row("Fig. 4: P, ZF above MIC, CC", mixed.min(axis=1) > low.max(axis=1) + TOL,
             pd.concat([mixed, low], axis=1))]


def fig5(summary: Path) -> list[str]:
    """Comm-only best; Proposed ≈ ZF-violated > MI-constrained; the gap to Comm-centric closes."""
    r = _means(summary, "fig5", "avg_rate")
    others = r.drop(columns="communication_only")
    best = r.communication_only >= others.max(axis=1) - TOL
    above_mic = r[["proposed", "zf_violated"]].min(axis=1) > r.mi_constrained + TOL
    gap = (r.communication_centric - r.proposed).dropna()
    closes = pd.Series(np.diff(gap.to_numpy()) < 0, index=gap.index[1:])
    cols = ["communication_only", "communication_centric", "proposed", "zf_violated",
            "mi_constrained", "sensing_centric"]
    return [_row("Fig. 5: CO highest (rate, bit/s/Hz)", best, r[cols], 2),
            _row("Fig. 5: P, ZF above MIC", above_mic, r[["proposed", "zf_violated",
                                                          "mi_constrained"]], 2),
            _row("Fig. 5: CC − P shrinks as SNR_c grows", closes,
                 pd.DataFrame({"CC − P": gap}), 2)]


def fig6(summary: Path) -> list[str]:
    """Proposed's trade-off dominates MI-constrained's: for each MI-constrained point some
    Proposed point has at least its rate and its MI."""
    rows = []
    for scenario in ("tradeoff_c2", "tradeoff_c3"):
        rate = _means(summary, "fig6", "avg_rate", scenario)
        mi = _means(summary, "fig6", "mi", scenario)
        p = np.c_[rate.proposed, mi.proposed]
        mic = np.c_[rate.mi_constrained, mi.mi_constrained]
        ok = [bool(np.any((p[:, 0] >= q[0] - TOL) & (p[:, 1] >= q[1] - TOL))) for q in mic]
        span = (f"P: rate {p[:, 0].min():.2f}…{p[:, 0].max():.2f}, MI {p[:, 1].min():.1f}…"
                f"{p[:, 1].max():.1f}; MIC: rate {mic[:, 0].min():.2f}…{mic[:, 0].max():.2f}, "
                f"MI {mic[:, 1].min():.1f}…{mic[:, 1].max():.1f}")
        rows.append(f"| Fig. 6 ({scenario}): each MIC point weakly dominated by a P point | "
                    f"{sum(ok)}/{len(ok)} | {span} |")
    return rows


def fig9(summary: Path) -> list[str]:
    """w/o radar RMSE above with radar, and Proposed ≤ ZF-violated (Radar-only is shown beside
    them for the paper's "Proposed ≈ Radar-only")."""
    e = np.sqrt(_means(summary, "fig9", "angle_sq_err"))
    worse_without = (e.proposed_no_radar > e.proposed) & (e.zf_violated_no_radar > e.zf_violated)
    p_below_zf = e.proposed <= e.zf_violated
    cols = ["radar_only", "proposed", "zf_violated", "proposed_no_radar", "zf_violated_no_radar",
            "mi_constrained"]
    return [_row("Fig. 9: w/o radar worse than with, P ≤ ZF (RMSE, degrees)",
                 worse_without & p_below_zf, e[cols], 3)]


def failures(summary: Path) -> list[str]:
    rows = []
    for fig in ("fig4", "fig5", "fig6", "fig9"):
        s, _ = io.read_table(summary / f"{fig}.parquet")
        s = s.drop_duplicates(["scenario", "scheme", "x"])
        bad = s[s.n_failed > 0].groupby(["scenario", "scheme"]).n_failed.sum()
        total = s.groupby(["scenario", "scheme"])[["n", "n_failed"]].sum().sum()
        where = ", ".join(f"{sc}/{SHORT.get(sh, sh)} {n}" for (sc, sh), n in bad.items())
        rows.append(f"| {fig} | {int(total.n_failed)} of {int(total.n + total.n_failed)} | "
                    f"{where} |")
    return rows


def main() -> None:
    summary = Path(sys.argv[1] if len(sys.argv) > 1 else "results/paper/mi_moo/summary")
    print("| claim | holds at | means per x |\n|---|---|---|")
    print("\n".join(fig4(summary) + fig5(summary) + fig6(summary) + fig9(summary)))
    print("\n| figure | failed solves | where |\n|---|---|---|")
    print("\n".join(failures(summary)))


if __name__ == "__main__":
    main()
