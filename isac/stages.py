"""The five pipeline stages as functions of (specification, input paths, output paths).

Each stage reads Parquet, calls a plain numerical function named in the registry, and writes
Parquet (or figures) atomically. Snakemake's script adapter and ``python -m isac`` both call
these functions; neither contains numerics.
"""

from __future__ import annotations

import html
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from isac import io
from isac.contract import OK, SOLVER_COLUMNS, solve_points
from isac.rng import CHANNEL_STREAM, MC_STREAM, generator, stream_seed
from isac.studies.base import resolve

if TYPE_CHECKING:  # channels, solve and evaluate jobs never import pandas (start-up time)
    import pandas as pd


def run_channels(spec: dict[str, Any], output: str) -> None:
    """Draw one channel realisation per seed of the chunk."""
    seeds = np.arange(*spec["seeds"], dtype=np.int64)
    rngs = [generator(spec["master_seed"], spec["study"], spec["stream"], int(k),
                      CHANNEL_STREAM) for k in seeds]
    tensors = resolve(spec["function"])(spec["model"], rngs)
    io.write_table(output, {"seed": seeds}, tensors, meta={"code": spec["code"]})


def run_solve(spec: dict[str, Any], channels: str, output: str) -> None:
    """Run one scheme on every (seed, x) of the chunk (:func:`isac.contract.solve_points`);
    failures become status rows."""
    columns, tensors = io.read_columns(channels)
    rows, sol = solve_points(resolve(spec["function"]), resolve(spec["at_point"]),
                             spec["model"], spec["options"], tensors, columns["seed"],
                             np.asarray(spec["x"], dtype=float), per_seed=spec["per_seed"])
    io.write_table(output, rows, sol, meta={"code": spec["code"]})


def long_metrics(seeds: np.ndarray, x: np.ndarray,
                 metrics: dict[str, tuple[np.ndarray, list[str]]]) -> dict[str, np.ndarray]:
    """Tidy columns ``seed, x, metric, entity, value`` (seed-major) from arrays of shape
    (S, X, E), plus ``point``: the flat (seed, x) index of each row."""
    parts = []
    for name, (values, entities) in metrics.items():
        values = np.broadcast_to(values, (len(seeds), len(x), len(entities)))
        S, X, E = values.shape
        parts.append({
            "seed": np.repeat(seeds, X * E),
            "x": np.tile(np.repeat(x, E), S),
            "metric": np.full(S * X * E, name, dtype=object),
            "entity": np.tile(np.asarray(entities, dtype=object), S * X),
            "value": values.reshape(-1).astype(float),
            "point": np.repeat(np.arange(S * X), E),
        })
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def solver_index(seeds: np.ndarray, x: np.ndarray, solver: dict[str, np.ndarray]) -> np.ndarray:
    """Row of ``solver`` for each (seed, x) point, seed-major; solver rows with x = NaN hold
    one design per seed, valid for every x."""
    per_seed = bool(np.isnan(solver["x"]).all())
    keys = list(zip(solver["seed"].tolist(), [None] * len(solver["seed"]) if per_seed
                    else solver["x"].tolist(), strict=True))
    lookup = dict(zip(keys, range(len(keys)), strict=True))
    if len(lookup) != len(keys):
        raise ValueError("the solver table has several rows for one (seed, x)")
    wanted = [(s, None if per_seed else v) for s in seeds.tolist() for v in x.tolist()]
    absent = [k for k in wanted if k not in lookup]
    if absent:
        raise ValueError(f"the solver table has no row for (seed, x) {absent[:3]}")
    return np.array([lookup[k] for k in wanted], dtype=np.int64)


def run_evaluate(spec: dict[str, Any], channels: str, solution: str, output: str) -> None:
    """Compute every metric of the study for one scheme on one chunk."""
    ch_cols, ch = io.read_columns(channels)
    solver, sol = io.read_columns(solution)
    x = np.asarray(spec["x"], dtype=float)
    failed_rows = solver["status"] != OK
    for name in sol:
        values = sol[name] = np.array(sol[name])  # writable copy
        broken = ~failed_rows & ~np.isfinite(values).reshape(len(values), -1).all(axis=1)
        if broken.any():
            seeds = solver["seed"][broken].tolist()[:5]
            raise FloatingPointError(f"non-finite {name} from a successful solve, seeds {seeds}")
        values[failed_rows] = 0.0  # failed designs may hold NaNs; their rows are blanked below
    mc = [stream_seed(spec["master_seed"], spec["study"], spec["stream"], int(k), MC_STREAM)
          for k in ch_cols["seed"]]
    if sol:
        metrics = resolve(spec["function"])(spec["model"], spec["options"], ch, sol, x, mc)
        table = long_metrics(ch_cols["seed"], x, metrics)
    else:   # every point failed before it produced a design: no metric rows, only counts
        table = {"seed": np.zeros(0, np.int64), "x": np.zeros(0), "metric": np.zeros(0, object),
                 "entity": np.zeros(0, object), "value": np.zeros(0), "point": np.zeros(0, int)}
    rows = solver_index(ch_cols["seed"], x, solver)[table.pop("point")]
    for col in SOLVER_COLUMNS:
        table[col] = solver[col][rows]
    failed = table["status"] != OK
    table["value"][failed] = np.nan
    bad = ~failed & ~np.isfinite(table["value"])
    if bad.any():
        sample = [{k: table[k][i] for k in ("seed", "x", "metric", "entity")}
                  for i in np.flatnonzero(bad)[:3]]
        raise FloatingPointError(f"non-finite metric values from a successful solve: {sample}")
    solves = {"solves": len(solver["seed"]), "failed": int(failed_rows.sum()),
              "runtime_s": float(solver["runtime_s"].sum()),
              "run": f"{spec['scenario']}/{spec['scheme']}"}
    order = np.lexsort([np.unique(table[k], return_inverse=True)[1]
                        for k in ("entity", "metric", "x", "seed")])
    n = len(order)
    columns = {"scenario": np.full(n, spec["scenario"], dtype=object),
               "scheme": np.full(n, spec["scheme"], dtype=object)}
    columns |= {k: v[order] for k, v in table.items()}
    io.write_table(output, columns, meta={"code": spec["code"], **solves})


def run_report_text(spec: dict[str, Any], inputs: dict[str, str],
                    outputs: dict[str, str]) -> None:
    """The report's landing page and one caption per item (:mod:`isac.report`). Inputs and
    outputs are named as :meth:`isac.pipeline.Plan.report_files` names them:
    ``side__<study>__<figure>``, ``card__<study>``, ``index`` and ``caption__<study>__<item>``."""
    from isac import report

    side = {key: json.loads(Path(path).read_text()) for key, path in inputs.items()
            if key.startswith("side__")}
    by_study: dict[str, dict[str, Any]] = {}
    for key, value in side.items():
        _, study, figure = key.split("__")
        by_study.setdefault(study, {})[figure] = value
    card = {key.split("__")[1]: io.read_table(path)[0] for key, path in inputs.items()
            if key.startswith("card__")}
    provenance = {"git": report.git_revision(Path(__file__).resolve().parents[1]),
                  "versions": report.versions()}
    io.write_atomic_bytes(outputs["index"],
                          report.landing(spec, card, by_study, provenance).encode())
    for study, meta in spec["studies"].items():
        for item in meta["items"]:
            text = report.figure_caption(item, side[f"side__{study}__{item['figure']}"],
                                         card.get(study))
            io.write_atomic_bytes(outputs[f"caption__{study}__{item['figure']}"],
                                  text.encode())
        if study in card:
            io.write_atomic_bytes(outputs[f"caption__{study}__scorecard"],
                                  report.scorecard_caption(study, card[study]).encode())


def run_scorecard(spec: dict[str, Any], summaries: dict[str, str], parquet: str,
                  csv: str, page: str) -> None:
    """Verdict of every claim of a study on its figure summaries (:mod:`isac.scorecard`), as
    Parquet, CSV and an HTML page for the report."""
    from isac.report import scorecard_html
    from isac.scorecard import counts, scorecard

    card = scorecard(spec["claims"], {f: io.read_table(p)[0] for f, p in summaries.items()},
                     spec["scale"])
    io.write_table(parquet, card, meta={"counts": counts(card), "scale": spec["scale"],
                                        "code": spec["code"]})
    io.write_atomic_bytes(csv, card.to_csv(index=False).encode())
    io.write_atomic_bytes(page, scorecard_html(spec["study"], card).encode())


def run_summarise(spec: dict[str, Any], inputs: list[str], output: str) -> None:
    """Mean, std and 95 % CI over seeds of the metrics one figure needs."""
    import pandas as pd

    from isac.summary import summarise_metrics

    table = pd.concat([io.read_table(p)[0] for p in inputs], ignore_index=True)
    solves = [io.read_meta(p) for p in inputs]
    summary, meta = summarise_metrics(table, spec["metrics"], spec["entities"],
                                      allow_missing=any(m["failed"] for m in solves))
    meta |= {key: sum(m[key] for m in solves) for key in ("solves", "failed", "runtime_s")}
    meta["failed_by_run"] = {}
    for m in solves:
        meta["failed_by_run"][m["run"]] = meta["failed_by_run"].get(m["run"], 0) + m["failed"]
    io.write_table(output, summary, meta=meta | {"code": spec["code"]})


def run_render(spec: dict[str, Any], summary: str, style: str | None,
               outputs: list[str]) -> None:
    """Draw one figure to PDF and PNG with the style file ``style`` (or write one table as
    Parquet, CSV and Markdown; no style) and its JSON provenance sidecar."""
    start = time.perf_counter()
    frame, _ = io.read_table(summary)
    meta = io.read_meta(summary)
    *files, sidecar = (str(Path(p)) for p in outputs)
    extra = {"channels": {sc: io.read_columns(path)
                          for sc, path in spec["channel_tables"].items()}}
    extra = extra if spec["channel_tables"] else {}
    from isac.plotting.common import failures, mark_failures

    counts, missing = failures(frame, [tuple(r) for r in spec["runs"]], meta["failed_by_run"])
    stamp = scale_stamp(spec["scale"], meta["trials"])
    if meta["failed"]:
        stamp += f"; {meta['failed']} of {meta['solves']} solves failed (× marks a gap)"
    choices: dict[str, Any]
    problems: list[str] = []
    if spec["kind"] == "table":
        result, choices = resolve(spec["plot"])(frame, spec, **extra)
        write_table_files(result, f"{spec['caption']} ({stamp})", *files)
    else:
        from isac.plotting.checks import layout_problems, single_point_curves

        fig = resolve(spec["plot"])(frame, spec, style, **extra)
        choices = getattr(fig, "isac_choices", {})
        mark_failures(fig)
        if single_point_curves(fig):
            stamp += "; curves of one sweep point at this scale are single markers"
        fig.text(0.995, 0.005, stamp, ha="right", va="bottom", fontsize=6, color="0.45")
        problems = layout_problems(fig)
        for problem in problems:
            print(f"{spec['study']} {spec['figure']}: layout: {problem}", file=sys.stderr)
        save_figure(fig, *files)
    info = {key: spec[key] for key in ("study", "figure", "caption", "scale", "config_hash",
                                       "code", "docs", "scenarios_shown")}
    info |= {"trials": meta["trials"], "solves": meta["solves"],
             "failed_solves": meta["failed"], "solve_runtime_s": round(meta["runtime_s"], 6),
             "render_runtime_s": round(time.perf_counter() - start, 3), "choices": choices,
             "failures": counts, "missing_curves": missing, "layout_problems": problems}
    io.write_json(sidecar, info)


def scale_stamp(scale: str, trials: dict[str, int]) -> str:
    """"scale quick, n = 16" (or "n = 50–100" when the runs differ): what every figure and
    table states about the run it comes from; a ``ci`` run says it is a smoke run."""
    counts = sorted(set(trials.values())) or [0]
    n = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    smoke = ", smoke run: not the papers' numbers" if scale == "ci" else ""
    return f"scale {scale}, n = {n}{smoke}"


def save_figure(fig: Any, pdf: str, png: str) -> None:
    """Save a Matplotlib figure as PDF and PNG, atomically, with fixed metadata (no
    timestamps), then close it."""
    import matplotlib.pyplot as plt

    for path, fmt, meta in ((pdf, "pdf", {"CreationDate": None, "ModDate": None}),
                            (png, "png", {"Software": None})):
        final, tmp = io.atomic_path(path)
        try:
            fig.savefig(tmp, format=fmt, metadata=meta)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
    plt.close(fig)


def markdown_table(table: pd.DataFrame, caption: str) -> str:
    """A GitHub-flavoured Markdown table with the caption above it."""
    cells = [[str(c) for c in table.columns]] + [[str(v) for v in row]
                                                  for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * len(table.columns))
    return caption + "\n\n" + "\n".join(lines) + "\n"


def write_table_files(table: pd.DataFrame, caption: str, parquet: str, csv: str,
                      md: str, html_file: str) -> None:
    """Write a result table as Parquet, CSV, Markdown and HTML (the report's view), each
    atomically."""
    io.write_table(parquet, table, meta={"caption": caption})
    io.write_atomic_bytes(csv, table.to_csv(index=False).encode())
    io.write_atomic_bytes(md, markdown_table(table, caption).encode())
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>body{font-family:"
            "sans-serif;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid "
            "#bbb;padding:3px 6px}</style></head><body><p>" + html.escape(caption) + "</p>"
            + table.to_html(index=False, border=0) + "</body></html>\n")
    io.write_atomic_bytes(html_file, page.encode())
