"""Paper vs ours for the quoted values of J Figs 1–2 (kld_isac spec §8.1).

Reads the summary tables of a finished run and the paper's quoted values
(docs/studies/kld_isac_paper_values.csv) and prints a Markdown table with residuals.

    python benchmarks/kld_isac_calibration.py [results/paper/kld_isac/summary]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from isac import io

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    summary_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "results/paper/kld_isac/summary")
    paper = pd.read_csv(ROOT / "docs/studies/kld_isac_paper_values.csv")
    rows = []
    for r in paper.itertuples():
        s, _ = io.read_table(summary_dir / f"{r.figure}.parquet")
        hit = s[(s.scenario == r.scenario) & (s.metric == r.metric) & (s.entity == r.entity)
                & (s.x == r.x_db)]
        ours, ci = float(hit["mean"].iloc[0]), float(hit["ci95"].iloc[0])
        rel = "" if r.metric.startswith("pd") else f"{100 * (ours / r.paper - 1):+.1f} %"
        rows.append(f"| {r.figure} | {r.scenario} | {r.metric} | {r.entity} | {r.x_db:g} | "
                    f"{r.paper:g} | {ours:.4g} ± {ci:.2g} | {ours - r.paper:+.3g} | {rel} |")
    print("| fig | scenario | metric | entity | x [dB] | paper | ours (± 95 % CI) | "
          "ours − paper | relative |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
