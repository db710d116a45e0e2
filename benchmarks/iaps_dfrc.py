"""Time the iaps_dfrc solvers and the Fig. 7 sweep; print one JSON object (issue 19, item 6).

Keys: ``p2_solve_ms`` (median of one re-solve of the compiled LP P2, with s0, over draws of
the Fig. 7 model), ``heuristic_ms`` (median of one Algorithm 1 run with Δp = 0.01 W: the
literal loop, each P_A an LP) and ``heuristic_closed_form_ms`` (the same with the closed-form
P_A), ``p2_cvxpy_ms`` (the same LP as a compiled cvxpy problem re-solved with new parameter
values, for comparison), ``fig7_paper_s`` (``results/paper/figures/iaps_dfrc/fig7.png`` built from
scratch in a copy of the project, ``--cores``; skipped with --skip-paper). One BLAS thread:

    python benchmarks/iaps_dfrc.py [--draws 200] [--cores 2] [--skip-paper]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import cvxpy as cp  # noqa: E402
import numpy as np  # noqa: E402

from isac.config import load  # noqa: E402
from isac.core.cvx import solve  # noqa: E402
from isac.studies.iaps_dfrc import allocation as al  # noqa: E402
from isac.studies.iaps_dfrc.beams import point_links  # noqa: E402
from isac.studies.iaps_dfrc.model import at_point, draw_channels  # noqa: E402
from isac.workspace import ROOT, copy_project, snakemake  # noqa: E402


def _median_ms(function, draws) -> float:
    times = []
    for links in draws:
        start = time.perf_counter()
        function(links)
        times.append(time.perf_counter() - start)
    return round(1000 * float(np.median(times)), 3)


def _cvxpy_ms(links, q) -> float:
    """P2 as a cvxpy problem compiled once (parameters) and re-solved per draw."""
    K = links[0]["g"].shape[0]
    A, b, c = cp.Parameter((K, K + 1)), cp.Parameter(K), cp.Parameter(K + 1, nonneg=True)
    p = cp.Variable(K + 1, nonneg=True)
    problem = cp.Problem(cp.Maximize(c @ p), [A @ p >= b, cp.sum(p) <= q["P_max_W"]])

    def run(x):
        A.value, b.value = al.sinr_rows(x["g"], q["Gamma"])
        c.value = x["c"]
        solve(problem)

    run(links[0])                                                   # compile
    return _median_ms(run, links)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--cores", default="2")
    parser.add_argument("--skip-paper", action="store_true")
    args = parser.parse_args()
    cfg = load(ROOT, {"scale": "paper", "studies": ["iaps_dfrc"]})["studies"]["iaps_dfrc"]
    p = cfg["scenarios"]["rcs"]["model"]
    q = at_point(p, -16.0)
    channels = draw_channels(p, [np.random.default_rng(s) for s in range(args.draws)])
    links = [point_links(q, {k: v[s] for k, v in channels.items()}) for s in range(args.draws)]
    out: dict[str, object] = {"draws": args.draws}
    out["p2_solve_ms"] = _median_ms(
        lambda x: al.maximise_sensing(x["g"], x["c"], q["Gamma"], q["P_max_W"]), links)
    out["p2_cvxpy_ms"] = _cvxpy_ms(links, q)
    out["heuristic_ms"] = _median_ms(
        lambda x: al.algorithm1(x["g"], q["Gamma"], q["P_max_W"], 0.01, "lp"), links[:50])
    out["heuristic_closed_form_ms"] = _median_ms(
        lambda x: al.algorithm1(x["g"], q["Gamma"], q["P_max_W"], 0.01), links)
    if not args.skip_paper:
        with tempfile.TemporaryDirectory() as tmp:
            work = copy_project(Path(tmp) / "fig7")
            start = time.perf_counter()
            snakemake(work, "--cores", args.cores, "results/paper/figures/iaps_dfrc/fig7.png",
                      "--config", "studies=[iaps_dfrc]")
            out["fig7_paper_s"] = round(time.perf_counter() - start, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
