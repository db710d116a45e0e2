"""Ours vs the authors' stored results for crlb_sca Figs 3, 4, 6 and 7 and Table I.

The authors' per-realisation results (../shared/reference/crlb_sca) are averaged here; ours
are the summary tables of a finished run. The channels differ (ours are our own draws), so
the comparison is statistical: the difference is divided by the combined standard error.
The Table I values printed in the paper come from docs/studies/crlb_sca_paper_values.csv.

    python benchmarks/crlb_sca_calibration.py [results/paper/crlb_sca/summary]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from isac import io

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "crlb_sca"
PREFIX = {"alg1": "sca", "fp_sgda": "fp", "wmmse_sdr": "wmmse"}


def _stats(values: np.ndarray) -> tuple[float, float]:
    """Mean and standard error over realisations (axis 0), NaNs dropped."""
    v = values[np.isfinite(values)]
    return float(v.mean()), float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.0


def reference_rows() -> list[dict]:
    """(figure, scenario, scheme, metric, x, mean, se) of the stored results."""
    rows = []

    def add(fig, scenario, scheme, metric, x, values):
        mean, se = _stats(np.asarray(values, float))
        rows.append(dict(figure=fig, scenario=scenario, scheme=scheme, metric=metric, x=x,
                         ref=mean, ref_se=se))

    for fig, file, scen, xkey in (("fig3", "fig3_tradeoff.npz", "tradeoff", "log10_delta_c"),
                                  ("fig6", "fig6_k_sweep.npz", "k_sweep", "K_values"),
                                  ("fig7", "fig7_pt_sweep.npz", "pt_sweep", "Pt_dBm")):
        z = np.load(REFERENCE / file)
        for scheme, pre in PREFIX.items():
            for j, x in enumerate(z[xkey]):
                for metric, key in (("sum_rate", "SR"), ("crlb", "CRLB")):
                    add(fig, scen, scheme, metric, round(float(x), 1), z[f"{pre}_{key}"][:, j])
    z = np.load(REFERENCE / "fig4_ns_sweep.npz")
    sdr = 0.25 * z["sdr_SR"] - z["sdr_CRLB"]
    for k in range(3):
        for ns in range(9):
            add("fig4", f"ns_k{k + 1}", "alg1", "objective", ns, z["sca_objective"][k, :, ns])
            add("fig4", f"ns_k{k + 1}", "wmmse_sdr", "objective", ns,
                sdr[ns, 100 * k: 100 * (k + 1)])
    for ns in range(1, 9):
        add("fig4", "ns_sensing", "alg1", "objective", ns, [z["sensing_only_objective"][ns - 1]])
        add("fig4", "ns_sensing", "wmmse_sdr", "objective", ns,
            [-z["sdr_sensing_only_CRLB"][ns - 1]])
    paper = pd.read_csv(ROOT / "docs/studies/crlb_sca_paper_values.csv")
    for r in paper.itertuples():
        rows.append(dict(figure=r.figure, scenario=r.scenario, scheme=r.scheme,
                         metric=r.metric, x=r.x, ref=r.paper, ref_se=0.0))
    return rows


def main() -> None:
    summary_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "results/paper/crlb_sca/summary")
    out = []
    for r in reference_rows():
        path = summary_dir / f"{'table1' if r['figure'] == 'table1' else r['figure']}.parquet"
        if not path.exists():
            continue
        s, _ = io.read_table(path)
        hit = s[(s.scenario == r["scenario"]) & (s.scheme == r["scheme"])
                & (s.metric == r["metric"]) & (np.isclose(s.x, r["x"]))]
        if hit.empty or hit["n"].iloc[0] == 0:
            continue
        n = int(hit["n"].iloc[0])
        ours, se = float(hit["mean"].iloc[0]), float(hit["std"].iloc[0]) / np.sqrt(n)
        z = (ours - r["ref"]) / np.hypot(se, r["ref_se"]) if se or r["ref_se"] else np.nan
        out.append(f"| {r['figure']} | {r['scenario']} | {r['scheme']} | {r['metric']} | "
                   f"{r['x'] + 0.0:g} | {r['ref']:.4g} ± {r['ref_se']:.2g} | {ours:.4g} ± {se:.2g} "
                   f"({n}) | {100 * (ours / r['ref'] - 1):+.1f} % | {z:+.1f} |")
    print("| fig | scenario | scheme | metric | x | authors (± s.e.) | ours (± s.e.) (n) | "
          "relative | z |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(out))


if __name__ == "__main__":
    main()
