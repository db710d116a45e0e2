"""Compare the metric and summary tables of two finished runs, cell by cell.

Used to show that a refactoring changed no number: run the same scale before and after, then

    python benchmarks/compare_runs.py OLD_TREE NEW_TREE

where each tree is the folder holding ``<study>/metrics`` and ``<study>/summary`` (``results/ci``
of a run, or ``results`` of a run made before scales had their own trees). Wall-clock columns
(``runtime_s``) and the wall-clock metric rows (``isac.summary.WALL_CLOCK_METRICS``) are left
out; everything else must be equal to the bit. ``--except-metrics a,b`` also leaves out the
rows of metrics that a change is meant to alter (e.g. a new Monte-Carlo stream), so that it
shows every other number stayed the same.
Prints one JSON line and exits 1 when any table differs or is missing on one side.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from isac import io  # noqa: E402
from isac.summary import WALL_CLOCK_METRICS  # noqa: E402

KINDS = ("metrics", "summary")


def tables(root: Path) -> dict[str, Path]:
    """Relative path -> file of every metric and summary table under ``root``."""
    return {str(p.relative_to(root)): p for kind in KINDS
            for p in sorted(root.glob(f"*/{kind}/**/*.parquet"))}


def comparable(path: Path, skip: set[str]) -> pd.DataFrame:
    """The table without wall-clock values and the ``skip`` metrics, rows in a canonical
    order."""
    frame = io.read_table(path)[0]
    if "metric" in frame:
        frame = frame[~frame["metric"].isin(skip | set(WALL_CLOCK_METRICS))]
    frame = frame.drop(columns=[c for c in frame.columns if c == "runtime_s"])
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def compare(old: Path, new: Path, skip: set[str] = frozenset()) -> dict[str, object]:
    a, b = tables(old), tables(new)
    differ = []
    for name in sorted(set(a) & set(b)):
        try:
            pd.testing.assert_frame_equal(comparable(a[name], skip), comparable(b[name], skip),
                                          check_exact=True)
        except AssertionError as err:
            differ.append({"table": name, "why": str(err).splitlines()[0:3]})
    return {"old": str(old), "new": str(new), "skipped_metrics": sorted(skip),
            "compared": len(set(a) & set(b)),
            "equal": len(set(a) & set(b)) - len(differ), "differ": differ,
            "only_old": sorted(set(a) - set(b)), "only_new": sorted(set(b) - set(a))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--except-metrics", default="", help="comma-separated metric names")
    args = parser.parse_args()
    report = compare(args.old, args.new, {m for m in args.except_metrics.split(",") if m})
    print(json.dumps(report))
    same = not (report["differ"] or report["only_old"] or report["only_new"])
    return 0 if same and report["compared"] else 1


if __name__ == "__main__":
    sys.exit(main())
