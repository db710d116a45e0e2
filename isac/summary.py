"""Statistics over seeds of tidy metric tables (the ``summarise`` stage)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

KEYS = ["scenario", "scheme", "metric", "entity", "x"]
#: per-run solver quantities that figures may use as metrics: iterations and wall time of the
#: runs with a design, their time per iteration, and the wall time of the failed runs alone
SOLVER_METRICS = ("iterations", "runtime_s", "runtime_per_iteration_s", "failed_runtime_s")
#: the ones measured with a clock (differ from run to run)
WALL_CLOCK_METRICS = ("runtime_s", "runtime_per_iteration_s", "failed_runtime_s")


def with_solver_metrics(table: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Append one row per (scenario, scheme, seed, x) for each requested solver metric.

    ``failed_runtime_s`` has a row (marked ``ok``, so that it is averaged) for each failed
    run only: the mean time of the runs that ended without a design, with their count as n.
    """
    wanted = [m for m in metrics if m in SOLVER_METRICS]
    if not wanted:
        return table
    runs = table.drop_duplicates(["scenario", "scheme", "seed", "x"])
    values = {"iterations": runs["iterations"].astype(float),
              "runtime_s": runs["runtime_s"].astype(float),
              "runtime_per_iteration_s": (runs["runtime_s"].astype(float)
                                          / runs["iterations"].clip(lower=1))}
    extra = [runs.assign(metric=m, entity="", value=values[m]) for m in wanted
             if m != "failed_runtime_s"]
    if "failed_runtime_s" in wanted:
        failed = runs[runs["status"] != "ok"]
        extra.append(failed.assign(metric="failed_runtime_s", entity="", status="ok",
                                   value=failed["runtime_s"].astype(float)))
    return pd.concat([table, *extra], ignore_index=True)
Z95 = 1.959963984540054


def summarise_metrics(table: pd.DataFrame, metrics: list[str],
                      entities: list[str] | None = None,
                      allow_missing: bool = False) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Mean, std, n and 95 % CI half-width of successful rows; failures are counted apart.

    A metric absent from every table is an error, unless ``allow_missing`` (some solves
    failed before producing a design, so their runs have no metric rows at all);
    ``failed_runtime_s`` is absent when no run failed.
    Returns the summary (sorted by ``KEYS``) and the number of trials per (scenario, scheme).
    """
    table = with_solver_metrics(table, metrics)
    table = table[table["metric"].isin(metrics)]
    if entities:
        table = table[table["entity"].isin(entities) | table["metric"].isin(SOLVER_METRICS)]
    missing = sorted(set(metrics) - set(table["metric"]) - {"failed_runtime_s"})  # none failed
    if missing and not allow_missing:
        raise KeyError(f"metrics {missing} are not in the metric tables")
    ok = table["status"] == "ok"
    stats = (table[ok].groupby(KEYS, sort=True)["value"]
             .agg(mean="mean", std="std", n="count").reset_index())
    failed = (table[~ok].groupby(KEYS, sort=True).size().rename("n_failed").reset_index())
    summary = stats.merge(failed, on=KEYS, how="outer").fillna({"n": 0, "n_failed": 0})
    summary["std"] = summary["std"].fillna(0.0)
    summary["ci95"] = Z95 * summary["std"] / np.sqrt(summary["n"].clip(lower=1))
    summary = summary.astype({"n": "int64", "n_failed": "int64"}).sort_values(KEYS)
    trials = table.drop_duplicates(["scenario", "scheme", "seed"])
    meta = {"trials": {f"{a}/{b}": int(n) for (a, b), n in
                       trials.groupby(["scenario", "scheme"]).size().items()}}
    return summary.reset_index(drop=True), meta
