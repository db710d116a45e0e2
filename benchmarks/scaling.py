"""Measure how a run scales with cores and how well the planner predicts it; print one JSON
object.

For each core count the scale's ``figures`` run from scratch in its own copy of the project;
the planner (:mod:`isac.planner`) then predicts the wall time of the channels/solve/evaluate
jobs on each core count from the per-job benchmark files of the 1-core run. Keys: ``scale``,
``studies``, ``jobs`` (job count of the DAG), ``wall_s`` {cores: measured seconds of the whole
run}, ``efficiency`` (T_1 / (c·T_c) for the largest c), ``predicted_s`` {cores: planner's
seconds for the simulation jobs}, ``simulation_share`` (the simulation jobs' share of the
1-core wall time; the rest is Snakemake start-up and the local stages).

    python benchmarks/scaling.py [--scale quick] [--cores 1 2] [--studies kld_isac_conf ...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from isac import planner
from isac.studies import REGISTRY
from isac.workspace import copy_project, planned_jobs, snakemake


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="quick", choices=planner.SCALES)
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--studies", nargs="+", default=sorted(REGISTRY))
    args = parser.parse_args()
    config = ["--config", f"scale={args.scale}", "studies=[" + ",".join(args.studies) + "]"]
    out: dict[str, object] = {"scale": args.scale, "studies": args.studies, "wall_s": {},
                              "predicted_s": {}}
    with tempfile.TemporaryDirectory() as tmp:
        first = None
        for cores in sorted(args.cores):
            work = copy_project(Path(tmp) / f"cores{cores}")
            out["jobs"] = sum(planned_jobs(work, "figures", *config).values())
            start = time.perf_counter()
            snakemake(work, "--cores", str(cores), "figures", *config)
            out["wall_s"][cores] = round(time.perf_counter() - start, 1)
            first = first or work
        jobs = planner.jobs(first, args.scale, args.studies)
        for cores in sorted(args.cores):
            out["predicted_s"][cores] = round(planner.wall_time(jobs, cores), 1)
        one, top = min(args.cores), max(args.cores)
        out["efficiency"] = round(out["wall_s"][one] * one / (top * out["wall_s"][top]), 3)
        out["simulation_share"] = round(out["predicted_s"][one] / out["wall_s"][one], 3)
        out["unknown_costs"] = sum(j.seconds is None for j in jobs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
