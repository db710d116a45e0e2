"""The time left of a running ``snakemake``: a progress line with an estimate after every
finished job.

:class:`TimeLeft` is a :mod:`logging` handler that the workflow attaches to Snakemake's logger
(``workflow/rules/common.smk``) in the process that schedules the jobs, so it works with any
executor (local or SLURM). It listens to Snakemake's log events:

* ``run_info``: the number of jobs of each rule in this run;
* ``job_info``: a job was submitted, with its rule and wildcards;
* ``job_finished`` and ``progress``: a job ended; the estimate is printed.

A job's cost is the planner's (:func:`isac.planner.jobs`: this scale's benchmark files, else
another scale's scaled by the runs per job); a job the planner does not cost (the local
summarise, render and scorecard stages, or a job with no benchmark at any scale) costs the
mean of the finished jobs of its rule in this run. Jobs not yet submitted are costed by the
mean of their rule's planned jobs that have not been submitted. The estimate is the work
left divided by the cores, and never less than the longest running job's remaining time.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

#: cost of a job of a rule for which nothing is known yet (seconds)
UNKNOWN = 2.0


def job_key(rule: str, wildcards: dict[str, str]) -> tuple[str, frozenset]:
    """(rule, its wildcards): one job of a run."""
    return rule, frozenset((str(k), str(v)) for k, v in wildcards.items())


class TimeLeft(logging.Handler):
    """Prints "N of M jobs done, about T left" after every finished job.

    Parameters
    ----------
    costs : dict
        Planned seconds per job, keyed by :func:`job_key`.
    cores : int
        Job slots of the run.
    stream : file, optional
        Where the lines go (default ``sys.stderr``).
    clock : callable, optional
        Seconds (default ``time.monotonic``; tests pass their own).
    """

    def __init__(self, costs: dict[tuple[str, frozenset], float], cores: int,
                 stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.costs = costs
        self.cores = max(int(cores or 1), 1)
        self.stream = stream or sys.stderr
        self.clock = clock
        self.counts: dict[str, int] = {}            # jobs of each rule in this run
        self.submitted: dict[Any, tuple[tuple[str, frozenset], float]] = {}   # jobid -> key, start
        self.finished: dict[str, list[float]] = {}  # rule -> durations of finished jobs
        self.started: dict[str, int] = {}           # rule -> jobs submitted so far
        self.seen: set[tuple[str, frozenset]] = set()
        # rule -> [summed seconds, count] of the planned jobs not submitted yet (kept up to date
        # as jobs start, so that an estimate costs O(rules), not O(jobs))
        self.planned: dict[str, list[float]] = {}
        for (rule, _), seconds in costs.items():
            entry = self.planned.setdefault(rule, [0.0, 0])
            entry[0] += seconds
            entry[1] += 1

    # ---- the estimate -------------------------------------------------------------------
    def _mean_finished(self, rule: str) -> float:
        done = self.finished.get(rule)
        return sum(done) / len(done) if done else UNKNOWN

    def _cost(self, key: tuple[str, frozenset]) -> float:
        return self.costs[key] if key in self.costs else self._mean_finished(key[0])

    def _unsubmitted_cost(self, rule: str, n: int) -> float:
        if n <= 0:
            return 0.0
        seconds, count = self.planned.get(rule, (0.0, 0))
        return n * (seconds / count if count else self._mean_finished(rule))

    def seconds_left(self) -> float:
        """Predicted wall time until the run ends, seconds."""
        now = self.clock()
        running = [max(self._cost(key) - (now - start), 0.0)
                   for key, start in self.submitted.values()]
        waiting = sum(self._unsubmitted_cost(rule, n - self.started.get(rule, 0))
                      for rule, n in self.counts.items())
        return max((sum(running) + waiting) / self.cores, max(running, default=0.0))

    # ---- Snakemake's events -------------------------------------------------------------
    def emit(self, record: logging.LogRecord) -> None:
        event = str(getattr(record, "event", ""))
        if event == "run_info":
            stats = getattr(record, "stats", {}) or {}
            self.counts = {str(k): int(v) for k, v in stats.items() if str(k) != "total"}
        elif event == "job_info":
            key = job_key(str(record.rule_name), dict(getattr(record, "wildcards", {}) or {}))
            self.submitted[record.jobid] = (key, self.clock())
            if key in self.seen:                    # a retried job is counted once
                return
            self.seen.add(key)
            self.started[key[0]] = self.started.get(key[0], 0) + 1
            if key in self.costs:
                entry = self.planned[key[0]]
                entry[0] -= self.costs[key]
                entry[1] -= 1
        elif event == "job_finished":
            job = self.submitted.pop(getattr(record, "job_id", None), None)
            if job is not None:
                self.finished.setdefault(job[0][0], []).append(self.clock() - job[1])
        elif event == "progress":
            left = self.seconds_left()
            print(f"isac: {record.done} of {record.total} jobs done, about {_duration(left)} "
                  f"left on {self.cores} core{'s' if self.cores > 1 else ''}",
                  file=self.stream, flush=True)


def _duration(seconds: float) -> str:
    """"40 s", "12 min", "2 h 05 min"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = int(round(seconds / 60))
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def attach(logger: logging.Logger, root: str, scale: str, studies: list[str],
           cores: int) -> TimeLeft:
    """Attach a :class:`TimeLeft` costed by the planner to ``logger`` (Snakemake's)."""
    from isac.planner import jobs

    costs = {}
    for j in jobs(root, scale, studies):
        wildcards = {"study": j.study, "scenario": j.scenario, "scheme": j.scheme,
                     "chunk": j.chunk}
        if j.seconds is not None:
            costs[job_key(j.stage, {k: v for k, v in wildcards.items() if v})] = j.seconds
    handler = TimeLeft(costs, cores)
    logger.addHandler(handler)
    return handler
