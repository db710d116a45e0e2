"""Time the whole pipeline and print one JSON object.

Keys: ``ci_all_s`` (``figures`` at ci scale, every registered study, 2 cores), ``paper_s``
(paper scale of the kld_isac study, 2 cores; skipped with --skip-paper), ``dag_jobs`` and
``dag_build_s`` (dry run of ``all`` with the full paper config), ``noop_s`` (``figures``
right after the ci run, nothing to do), and ``predicted_paper_wall_s``: the planner's
paper-scale wall time of each study and of all together on 2 and on 32 cores
(:mod:`isac.planner`, from the benchmark files under ``--results``: this scale's, else another
scale's scaled by the realisations per job; ``predicted_costs`` counts how each job was costed).

    python benchmarks/pipeline.py [--skip-paper] [--cores 2] [--results DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

from isac.planner import jobs, wall_time
from isac.studies import REGISTRY
from isac.workspace import ROOT, copy_project, snakemake


def _timed(*args, **kwargs) -> tuple[float, str]:
    start = time.perf_counter()
    proc = snakemake(*args, **kwargs)
    return round(time.perf_counter() - start, 2), proc.stdout


def predicted_paper(results: Path, studies: list[str]) -> tuple[dict, dict]:
    """Planner wall times (seconds) per study and for all studies on 2 and 32 cores, and the
    count of jobs per cost source."""
    plan = jobs(ROOT, "paper", studies, results=results)
    groups = {s: [j for j in plan if j.study == s] for s in studies} | {"all": plan}
    walls = {name: {str(c): round(wall_time(group, c)) for c in (2, 32)}
             for name, group in groups.items()}
    sources: dict[str, int] = {}
    for j in plan:
        sources[j.source] = sources.get(j.source, 0) + 1
    return walls, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-paper", action="store_true", help="skip the paper-scale run")
    parser.add_argument("--cores", default="2")
    parser.add_argument("--paper-study", default="kld_isac")
    parser.add_argument("--results", type=Path, default=ROOT,
                        help="directory holding results/ with the benchmark files to predict from")
    args = parser.parse_args()
    studies = "studies=[" + ",".join(sorted(REGISTRY)) + "]"
    out: dict[str, object] = {"cores": int(args.cores), "studies": sorted(REGISTRY)}
    with tempfile.TemporaryDirectory() as tmp:
        work = copy_project(Path(tmp) / "dag")
        out["dag_build_s"], dry = _timed(work, "-n", "all", "--config", studies)
        out["dag_jobs"] = int(re.search(r"^total\s+(\d+)$", dry, re.M)[1])

        work = copy_project(Path(tmp) / "ci")
        out["ci_all_s"], _ = _timed(work, "--cores", args.cores, "figures",
                                    "--config", "scale=ci", studies)
        out["noop_s"], noop = _timed(work, "--cores", args.cores, "figures",
                                     "--config", "scale=ci", studies)
        assert "Nothing to be done" in noop or "Job stats" not in noop, noop

        if not args.skip_paper:
            work = copy_project(Path(tmp) / "paper")
            out["paper_s"], _ = _timed(work, "--cores", args.cores, args.paper_study,
                                       "--config", f"studies=[{args.paper_study}]")
    out["predicted_paper_wall_s"], out["predicted_costs"] = predicted_paper(args.results,
                                                                            sorted(REGISTRY))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
