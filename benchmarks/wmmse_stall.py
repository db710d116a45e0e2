"""WMMSE-SDR's objective-stagnation stop measured on the same draws (issue 22 item 1).

Runs WMMSE-SDR with the coded W-change rule alone on every (seed, x) of one crlb_sca scenario
at one scale, keeping each run's per-iteration history, then replays candidate stagnation
rules on those histories. A stagnation stop only ends a run earlier and the iterations before
it are identical (``tests/studies/crlb_sca/test_wmmse_sdr.py``), so a candidate's result for
a run is the history row where its rule fires. Reported per candidate:

* ``saved_fraction``: the share of the WMMSE-SDR job-seconds it saves, with each run's time
  split evenly over its iterations (one SDP solve each);
* ``worst_shift_over_ci``, per metric (sum rate, CRLB, objective): the largest
  |mean(candidate) − mean(plain)| over the grid, in units of the plain mean's 95 % interval
  1.96·s/√n (≤ 1: every plotted mean stays inside its interval);
* ``runs_stopped_early`` and ``largest_rel_change`` of a run's objective.

Prints one JSON object. One BLAS thread per worker:

    python benchmarks/wmmse_stall.py --scale quick --scenario tradeoff --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from multiprocessing import Pool  # noqa: E402

import numpy as np  # noqa: E402

from isac.config import load  # noqa: E402
from isac.pipeline import Plan  # noqa: E402
from isac.rng import CHANNEL_STREAM, generator  # noqa: E402
from isac.studies.base import resolve  # noqa: E402
from isac.workspace import ROOT  # noqa: E402

STUDY, SCHEME = "crlb_sca", "wmmse_sdr"


def _runs(args: tuple[str, str, str]) -> list[dict]:
    """Every (seed, x) of one chunk with the plain rule: history rows and run time."""
    scale, scenario, chunk = args
    plan = Plan(load(ROOT, {"scale": scale}))
    ch = plan.channels_spec(STUDY, scenario, chunk)
    sol = plan.solve_spec(STUDY, scenario, SCHEME)
    seeds = np.arange(*ch["seeds"], dtype=np.int64)
    rngs = [generator(ch["master_seed"], STUDY, ch["stream"], int(k), CHANNEL_STREAM)
            for k in seeds]
    draws = resolve(ch["function"])(ch["model"], rngs)
    solve_point, at_point = resolve(sol["function"]), resolve(sol["at_point"])
    options = sol["options"] | {"stall_tol": None}
    out = []
    for i, seed in enumerate(seeds):
        draw = {name: values[i] for name, values in draws.items()} | {"seed": int(seed)}
        for x in sol["x"]:
            r = solve_point(at_point(sol["model"], float(x)), options, draw, {"n_x": 1})
            out.append({"seed": int(seed), "x": float(x), "status": r.status,
                        "runtime_s": float(r.runtime_s), "history": np.asarray(r.history)})
    return out


def stop_index(objective: np.ndarray, tol: float | None, window: int) -> int:
    """Iterations a run makes under the stagnation rule of ``wmmse_sdr`` (the plain run's
    count when the rule never fires)."""
    if tol is None:
        return len(objective)
    for n in range(window + 1, len(objective) + 1):
        recent = objective[n - window - 1:n]
        if recent.max() - recent.min() <= tol * abs(recent[-1]):
            return n
    return len(objective)


def _means(runs: list[dict], stops: list[int], column: int) -> dict[float, tuple]:
    by_x: dict[float, list[float]] = {}
    for run, k in zip(runs, stops, strict=True):
        value = run["history"][k - 1, column]
        by_x.setdefault(run["x"], []).append(-value if column == 1 else value)
    return {x: (np.mean(v), 1.96 * np.std(v, ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0.0)
            for x, v in by_x.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="quick")
    parser.add_argument("--scenario", default="tradeoff")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--tols", default="1e-7,1e-6,1e-5,1e-4")
    parser.add_argument("--windows", default="5,10,20")
    a = parser.parse_args()
    plan = Plan(load(ROOT, {"scale": a.scale}))
    chunks = plan.chunks(STUDY, a.scenario)
    with Pool(a.jobs) as pool:
        runs = [r for part in pool.map(_runs, [(a.scale, a.scenario, c) for c in chunks])
                for r in part]
    runs = [r for r in runs if r["status"] == "ok" and len(r["history"])]
    plain = [len(r["history"]) for r in runs]
    names = {0: "sum_rate", 1: "crlb", 2: "objective"}
    base = {c: _means(runs, plain, c) for c in names}
    total = sum(r["runtime_s"] for r in runs)
    out = {"scale": a.scale, "scenario": a.scenario, "runs": len(runs),
           "plain_job_s": round(total, 1),
           "plain_iterations": {"median": float(np.median(plain)), "max": int(max(plain))},
           "candidates": {}}
    for tol in [float(t) for t in a.tols.split(",")]:
        for window in [int(w) for w in a.windows.split(",")]:
            stops = [stop_index(r["history"][:, 2], tol, window) for r in runs]
            saved = sum(r["runtime_s"] * (1 - k / n) for r, k, n in zip(runs, stops, plain,
                                                                       strict=True))
            shift = {}
            for c, name in names.items():
                cand = _means(runs, stops, c)
                shift[name] = round(max(abs(cand[x][0] - m) / ci if ci > 0 else
                                        (0.0 if cand[x][0] == m else np.inf)
                                        for x, (m, ci) in base[c].items()), 3)
            rel = max(abs(r["history"][k - 1, 2] - r["history"][-1, 2])
                      / abs(r["history"][-1, 2]) for r, k in zip(runs, stops, strict=True))
            out["candidates"][f"tol={tol:g},window={window}"] = {
                "saved_fraction": round(saved / total, 3),
                "runs_stopped_early": int(sum(k < n for k, n in zip(stops, plain, strict=True))),
                "worst_shift_over_ci": shift, "largest_rel_change": float(f"{rel:.3g}")}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
