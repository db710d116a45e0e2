"""Solver quantities as metrics (:mod:`isac.summary`): time per iteration over the runs with
a design, and the failed runs' time counted apart."""

from __future__ import annotations

import pandas as pd
import pytest

from isac.summary import summarise_metrics


def _table(statuses: list[str], runtimes: list[float], iterations: list[int]) -> pd.DataFrame:
    n = len(statuses)
    return pd.DataFrame({"scenario": "s", "scheme": "m", "metric": "sum_rate", "entity": "",
                         "x": 1.0, "seed": range(n), "value": [1.0] * n, "status": statuses,
                         "runtime_s": runtimes, "iterations": iterations})


def test_failed_runtime_and_time_per_iteration():
    table = _table(["ok", "ok", "diverged", "stalled"], [1.0, 3.0, 10.0, 20.0], [10, 10, 5, 5])
    summary, _ = summarise_metrics(table, ["runtime_s", "runtime_per_iteration_s",
                                           "failed_runtime_s"])
    rows = summary.set_index("metric")
    assert rows.at["runtime_s", "mean"] == pytest.approx(2.0)
    assert (rows.at["runtime_s", "n"], rows.at["runtime_s", "n_failed"]) == (2, 2)
    assert rows.at["runtime_per_iteration_s", "mean"] == pytest.approx(0.2)
    assert rows.at["failed_runtime_s", "mean"] == pytest.approx(15.0)
    assert rows.at["failed_runtime_s", "n"] == 2


def test_failed_runtime_is_absent_when_nothing_failed():
    summary, _ = summarise_metrics(_table(["ok", "ok"], [1.0, 2.0], [1, 1]),
                                   ["runtime_s", "failed_runtime_s"])
    assert summary.metric.tolist() == ["runtime_s"]
