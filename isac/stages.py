"""The five pipeline stages as functions of (specification, input paths, output paths).

Each stage reads Parquet, calls a plain numerical function named in the registry, and writes
Parquet (or figures) atomically. Snakemake's script adapter and ``python -m isac`` both call
these functions; neither contains numerics.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from isac import io
from isac.rng import CHANNEL_STREAM, generator
from isac.studies.base import resolve
from isac.summary import summarise_metrics

SOLVER_COLUMNS = ["status", "iterations", "runtime_s"]


def run_channels(spec: dict[str, Any], output: str) -> None:
    """Draw one channel realisation per seed of the chunk."""
    seeds = np.arange(*spec["seeds"], dtype=np.int64)
    rngs = [generator(spec["master_seed"], spec["study"], spec["scenario"], int(k),
                      CHANNEL_STREAM) for k in seeds]
    tensors = resolve(spec["function"])(spec["params"], rngs)
    io.write_table(output, pd.DataFrame({"seed": seeds}), tensors, meta={"code": spec["code"]})


def run_solve(spec: dict[str, Any], channels: str, output: str) -> None:
    """Run one scheme on every channel draw of the chunk; failures become status rows."""
    frame, tensors = io.read_table(channels)
    rows, sol = resolve(spec["function"])(spec["params"], tensors, frame["seed"].to_numpy(),
                                          np.asarray(spec["x"], dtype=float))
    missing = {"seed", "x", *SOLVER_COLUMNS} - set(rows.columns)
    if missing:
        raise ValueError(f"{spec['function']} returned no column(s) {sorted(missing)}")
    io.write_table(output, rows, sol, meta={"code": spec["code"]})


def long_metrics(seeds: np.ndarray, x: np.ndarray,
                 metrics: dict[str, tuple[np.ndarray, list[str]]]) -> pd.DataFrame:
    """Tidy rows ``seed, x, metric, entity, value`` from arrays of shape (S, X, E)."""
    parts = []
    for name, (values, entities) in metrics.items():
        values = np.broadcast_to(values, (len(seeds), len(x), len(entities)))
        S, X, E = values.shape
        parts.append(pd.DataFrame({
            "seed": np.repeat(seeds, X * E),
            "x": np.tile(np.repeat(x, E), S),
            "metric": name,
            "entity": np.tile(np.asarray(entities, dtype=object), S * X),
            "value": values.reshape(-1).astype(float),
        }))
    return pd.concat(parts, ignore_index=True)


def run_evaluate(spec: dict[str, Any], channels: str, solution: str, output: str) -> None:
    """Compute every metric of the study for one scheme on one chunk."""
    ch_frame, ch = io.read_table(channels)
    sol_frame, sol = io.read_table(solution)
    x = np.asarray(spec["x"], dtype=float)
    failed_rows = (sol_frame["status"] != "ok").to_numpy()
    for name in sol:
        values = sol[name] = np.array(sol[name])  # writable copy
        broken = ~failed_rows & ~np.isfinite(values).reshape(len(values), -1).all(axis=1)
        if broken.any():
            seeds = sol_frame.loc[broken, "seed"].tolist()[:5]
            raise FloatingPointError(f"non-finite {name} from a successful solve, seeds {seeds}")
        values[failed_rows] = 0.0  # failed designs may hold NaNs; their rows are blanked below
    metrics = resolve(spec["function"])(spec["params"], ch, sol, x)
    table = long_metrics(ch_frame["seed"].to_numpy(), x, metrics)
    solver = sol_frame[["seed", "x", *SOLVER_COLUMNS]]
    if solver["x"].isna().all():  # one design per seed, valid for every x
        table = table.merge(solver.drop(columns="x"), on="seed", how="left", validate="m:1")
    else:
        table = table.merge(solver, on=["seed", "x"], how="left", validate="m:1")
    table["status"] = table["status"].fillna("missing")
    failed = table["status"] != "ok"
    table.loc[failed, "value"] = np.nan
    bad = ~failed & ~np.isfinite(table["value"])
    if bad.any():
        sample = table.loc[bad, ["seed", "x", "metric", "entity"]].head(3).to_dict("records")
        raise FloatingPointError(f"non-finite metric values from a successful solve: {sample}")
    solves = {"solves": len(sol_frame), "failed": int((sol_frame["status"] != "ok").sum()),
              "runtime_s": float(sol_frame["runtime_s"].sum())}
    table.insert(0, "scheme", spec["scheme"])
    table.insert(0, "scenario", spec["scenario"])
    table = table.sort_values(["seed", "x", "metric", "entity"], kind="stable")
    io.write_table(output, table.reset_index(drop=True), meta={"code": spec["code"], **solves})


def run_summarise(spec: dict[str, Any], inputs: list[str], output: str) -> None:
    """Mean, std and 95 % CI over seeds of the metrics one figure needs."""
    table = pd.concat([io.read_table(p)[0] for p in inputs], ignore_index=True)
    summary, meta = summarise_metrics(table, spec["metrics"], spec["entities"])
    solves = [io.read_meta(p) for p in inputs]
    meta |= {key: sum(m[key] for m in solves) for key in ("solves", "failed", "runtime_s")}
    io.write_table(output, summary, meta=meta | {"code": spec["code"]})


def run_render(spec: dict[str, Any], summary: str, style: str, outputs: list[str]) -> None:
    """Draw one figure to PDF and PNG (or write one table as Parquet, CSV and Markdown) and
    its JSON provenance sidecar."""
    start = time.perf_counter()
    frame, _ = io.read_table(summary)
    meta = io.read_meta(summary)
    *files, sidecar = (str(Path(p)) for p in outputs)
    choices: dict[str, Any]
    if spec.get("kind", "figure") == "table":
        result, choices = resolve(spec["plot"])(frame, spec)
        write_table_files(result, spec["caption"], *files)
    else:
        from isac.plotting.common import save_figure

        fig = resolve(spec["plot"])(frame, spec, style)
        choices = getattr(fig, "isac_choices", {})
        save_figure(fig, *files)
    info = {key: spec[key] for key in ("study", "figure", "caption", "scale", "config_hash",
                                       "code", "docs")}
    info |= {"trials": meta["trials"], "solves": meta["solves"],
             "failed_solves": meta["failed"], "solve_runtime_s": round(meta["runtime_s"], 6),
             "render_runtime_s": round(time.perf_counter() - start, 3), "choices": choices}
    io.write_json(sidecar, info)


def markdown_table(table: pd.DataFrame, caption: str) -> str:
    """A GitHub-flavoured Markdown table with the caption above it."""
    cells = [[str(c) for c in table.columns]] + [[str(v) for v in row]
                                                  for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * len(table.columns))
    return caption + "\n\n" + "\n".join(lines) + "\n"


def write_table_files(table: pd.DataFrame, caption: str, parquet: str, csv: str,
                      md: str) -> None:
    """Write a result table as Parquet, CSV and Markdown, each atomically."""
    io.write_table(parquet, table, meta={"caption": caption})
    io.write_atomic_bytes(csv, table.to_csv(index=False).encode())
    io.write_atomic_bytes(md, markdown_table(table, caption).encode())
