"""What a run costs before it runs: job counts, job-seconds, the longest job and the predicted
wall time on N cores (``python -m isac plan --cores N``).

Each channels, solve and evaluate job is costed from its Snakemake benchmark file
(``results/<scale>/benchmarks/<stage>/...tsv``, column ``s``) when this scale has one; else
from the same job kind measured at the other scales, as a function of the runs per job (seeds
× sweep points): where the measured jobs have at least two different run counts, the
least-squares line s = a + b·runs with a, b ≥ 0 (a is the job's start-up: interpreter,
imports, compilation, which a proportional scaling would multiply), else proportional to the
runs; else it is counted as unknown and reported, never guessed. The wall time on N cores is a
list schedule of the DAG channels → solve → evaluate (longest remaining chain first, each job
on one core); the cheap local stages (summarise, render, scorecard) are left out and said so.
"""

from __future__ import annotations

import csv
import heapq
from dataclasses import dataclass
from pathlib import Path

from isac.config import load
from isac.pipeline import Plan

SCALES = ("paper", "quick", "ci")


@dataclass
class Job:
    """One channels, solve or evaluate job of the plan.

    Attributes
    ----------
    study, stage, scenario, scheme, chunk : str
        What the job is (``scheme`` is "" for channels).
    runs : int
        Seeds × sweep points of the job.
    seconds : float or None
        Its cost in seconds (None: no measurement at any scale).
    source : str
        ``measured`` (this scale's benchmark file), ``fitted from <scales>`` (start-up plus
        per-run cost), ``scaled from <scales>`` (proportional to the runs) or ``unknown``.
    """

    study: str
    stage: str
    scenario: str
    scheme: str
    chunk: str
    runs: int
    seconds: float | None
    source: str

    @property
    def name(self) -> str:
        parts = [self.study, self.scenario, self.scheme, self.chunk]
        return f"{self.stage} " + "/".join(p for p in parts if p)


def _runs(plan: Plan, study: str, scenario: str, chunk: str) -> int:
    start, stop = plan.seeds(study, scenario, chunk)
    return (stop - start) * len(plan.x(study, scenario))


def _measured(root: Path, plan: Plan, stage: str, study: str, scenario: str, scheme: str,
              chunk: str) -> float | None:
    pattern = "/".join(p for p in (study, scenario, scheme, chunk) if p)
    path = root / plan.log(stage, pattern, ".tsv")
    if not path.is_file():
        return None
    with path.open() as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return float(rows[-1]["s"]) if rows else None


def _per_run(root: Path, plans: dict[str, Plan], stage: str, study: str, scenario: str,
             scheme: str) -> tuple[float, float, str] | None:
    """Start-up seconds a and seconds per run b of a job kind, s = a + b·runs, from the
    benchmark files of the other scales, with how they were obtained."""
    points, used = [], []
    for scale, other in plans.items():
        if study not in other.studies or scenario not in other.study_cfg(study)["scenarios"]:
            continue
        if scheme and scheme not in other.scenario_cfg(study, scenario)["schemes"]:
            continue
        found = [(max(_runs(other, study, scenario, chunk), 1), s)
                 for chunk in other.chunks(study, scenario)
                 if (s := _measured(root, other, stage, study, scenario, scheme, chunk))
                 is not None]
        points += found
        used += [scale] if found else []
    if not points:
        return None
    a, b = affine_cost([r for r, _ in points], [s for _, s in points])
    how = "fitted" if a > 0 else "scaled"
    return a, b, f"{how} from {'+'.join(used)}"


def affine_cost(runs: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares s = a + b·runs with a, b ≥ 0; proportional (a = 0) when the runs do not
    vary or the line would start below zero.

    Parameters
    ----------
    runs : list of int
        Runs per measured job.
    seconds : list of float
        Their measured seconds.

    Returns
    -------
    (float, float)
        Start-up a in seconds and seconds per run b.
    """
    n, sx, sy = len(runs), sum(runs), sum(seconds)
    sxx = sum(r * r for r in runs)
    sxy = sum(r * s for r, s in zip(runs, seconds, strict=True))
    spread = n * sxx - sx * sx
    if spread > 0:
        b = (n * sxy - sx * sy) / spread
        a = (sy - b * sx) / n
        if a >= 0 and b >= 0:
            return a, b
        if b < 0:                      # cost does not grow with runs: a constant
            return sy / n, 0.0
    return 0.0, sy / sx


def jobs(root: str | Path, scale: str, studies: list[str] | None = None,
         results: str | Path | None = None) -> list[Job]:
    """Every channels, solve and evaluate job of ``scale`` with its cost.

    Parameters
    ----------
    root : str or Path
        Project root (config/).
    results : str or Path, optional
        Directory holding ``results/`` with the benchmark files (default: ``root``).
    scale : {'paper', 'quick', 'ci'}
        The scale to plan.
    studies : list of str, optional
        Studies to plan (default: the configured ones).

    Returns
    -------
    list of Job
    """
    overrides = {"scale": scale} | ({"studies": studies} if studies else {})
    plan = Plan(load(root, overrides))
    others = {s: Plan(load(root, overrides | {"scale": s})) for s in SCALES if s != scale}
    root = Path(results if results is not None else root)
    out = []
    for study in plan.studies:
        for scenario, cfg in plan.study_cfg(study)["scenarios"].items():
            for chunk in plan.chunks(study, scenario):
                runs = _runs(plan, study, scenario, chunk)
                kinds = [("channels", "")] + [(stage, scheme) for scheme in cfg["schemes"]
                                              for stage in ("solve", "evaluate")]
                for stage, scheme in kinds:
                    s = _measured(root, plan, stage, study, scenario, scheme, chunk)
                    source = "measured"
                    if s is None:
                        fit = _per_run(root, others, stage, study, scenario, scheme)
                        s, source = (fit[0] + fit[1] * runs, fit[2]) if fit else \
                            (None, "unknown")
                    out.append(Job(study, stage, scenario, scheme, chunk, runs, s, source))
    return out


def wall_time(job_list: list[Job], cores: int) -> float:
    """Predicted wall time of the jobs on ``cores`` single-core slots: a list schedule in
    which a solve waits for its chunk's channels and an evaluate for its solve, and ready
    jobs start longest-remaining-chain first. Unknown costs count as 0.

    Parameters
    ----------
    job_list : list of Job
    cores : int

    Returns
    -------
    float
        Seconds.
    """
    cost = {id(j): j.seconds or 0.0 for j in job_list}
    by_chunk: dict[tuple, dict] = {}
    for j in job_list:
        by_chunk.setdefault((j.study, j.scenario, j.chunk), {})[(j.stage, j.scheme)] = j
    parent, children = {}, {}
    for group in by_chunk.values():
        channels = group.get(("channels", ""))
        for (stage, scheme), j in group.items():
            if stage == "solve" and channels is not None:
                parent[id(j)] = channels
            if stage == "evaluate" and ("solve", scheme) in group:
                parent[id(j)] = group[("solve", scheme)]
    for j in job_list:
        if id(j) in parent:
            children.setdefault(id(parent[id(j)]), []).append(j)
    chain: dict[int, float] = {}

    def tail(j: Job) -> float:        # cost of j plus its longest chain of dependants
        if id(j) not in chain:
            chain[id(j)] = cost[id(j)] + max((tail(c) for c in children.get(id(j), [])),
                                             default=0.0)
        return chain[id(j)]

    ready = [(-tail(j), i, j) for i, j in enumerate(job_list) if id(j) not in parent]
    heapq.heapify(ready)
    running: list[tuple[float, int, Job]] = []
    now, free, counter = 0.0, cores, len(job_list)
    while ready or running:
        while ready and free:
            _, _, j = heapq.heappop(ready)
            heapq.heappush(running, (now + cost[id(j)], counter, j))
            counter += 1
            free -= 1
        now, _, done = heapq.heappop(running)
        free += 1
        for c in children.get(id(done), []):
            heapq.heappush(ready, (-tail(c), counter, c))
            counter += 1
    return now


def report(root: str | Path, scale: str, cores: int, studies: list[str] | None = None) -> str:
    """The planner's table: per study and for all together, jobs, job-seconds, the longest
    job and the predicted wall time on ``cores`` cores; then how the costs were obtained."""
    job_list = jobs(root, scale, studies)
    lines = [f"scale {scale}, {cores} cores (channels/solve/evaluate jobs; the local "
             f"summarise/render/scorecard stages are not counted)",
             f"{'study':<15}{'jobs':>7}{'job-hours':>11}{'longest job':>13}"
             f"{'wall (h:mm)':>13}  longest"]
    groups = {s: [j for j in job_list if j.study == s] for s in dict.fromkeys(
        j.study for j in job_list)}
    groups["all studies"] = job_list
    for name, group in groups.items():
        known = [j for j in group if j.seconds is not None]
        longest = max(known, key=lambda j: j.seconds, default=None)
        total = sum(j.seconds for j in known)
        wall = wall_time(group, cores)
        lines.append(f"{name:<15}{len(group):>7}{total / 3600:>11.2f}"
                     f"{(longest.seconds if longest else 0) / 60:>11.1f} m"
                     f"{_hm(wall):>13}  {longest.name if longest else '-'}")
    sources: dict[str, int] = {}
    for j in job_list:
        sources[j.source] = sources.get(j.source, 0) + 1
    lines.append("costs: " + ", ".join(f"{n} {s}" for s, n in sorted(sources.items())))
    if sources.get("unknown"):
        lines.append("unknown costs count as 0: run the scale (or another) once to measure them")
    return "\n".join(lines)


def _hm(seconds: float) -> str:
    minutes = int(round(seconds / 60))
    return f"{minutes // 60}:{minutes % 60:02d}"
