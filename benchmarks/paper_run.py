"""Run one study at paper scale in a work directory, in resumable segments, and time it.

A paper-scale run can outlast one sitting. Each call is one segment: Snakemake resumes where the
previous segment stopped (finished jobs are kept, interrupted ones are redone). Segments are
recorded in ``<workdir>/segments.json`` with a heartbeat every 10 s, so a segment that is killed
still counts up to its last heartbeat. Prints one JSON object: ``segments``, ``wall_s`` (sum of
the segments' wall times), ``job_s`` (sum of the per-job benchmark times), ``jobs_done``,
``jobs_left`` and ``done``.

    python benchmarks/paper_run.py --study crlb_sca [--workdir DIR] [--cores 2] [--stop-after S]
    python benchmarks/paper_run.py --study crlb_sca --report

``--target T`` (repeatable) limits one segment to some outputs of the study, e.g. the summaries
of a few figures, so that a short segment does not start a job too long to finish in it.

To end a segment without losing the jobs in flight, drain it: ``--stop-after S`` (seconds), or
SIGTERM to this script, passes SIGTERM to Snakemake, which then starts no new job and exits once
the running ones have finished (their time counts in the segment's wall time).

The work directory gets a copy of the project on the first call (later calls reuse it, so every
segment runs the same code; ``source`` in segments.json records the commit it came from).
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from isac.workspace import PROJECT_ITEMS, ROOT, copy_project, planned_jobs

HEARTBEAT_S = 10


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _load(log: Path) -> dict:
    return json.loads(log.read_text()) if log.exists() else {"segments": []}


def _save(log: Path, record: dict) -> None:
    tmp = log.with_suffix(".part")
    tmp.write_text(json.dumps(record, indent=2) + "\n")
    tmp.replace(log)


def run_segment(workdir: Path, study: str, cores: str, log: Path,
                stop_after: float | None = None, targets: list[str] | None = None) -> int:
    """One Snakemake call on ``targets`` (default: all of ``study``); returns its exit code.

    After ``stop_after`` seconds, or on SIGTERM, the segment drains (see the module docstring).
    """
    record = _load(log)
    segment = {"start": _now(), "end": None, "wall_s": 0.0, "cores": int(cores), "rc": None}
    if targets:
        segment["targets"] = targets
    record["segments"].append(segment)
    cmd = [sys.executable, "-m", "snakemake", "--directory", str(workdir), "--snakefile",
           str(workdir / "Snakefile"), "--cores", cores, *(targets or [study]),
           "--config", f"studies=[{study}]", "--rerun-incomplete", "--keep-going"]
    n = len(record["segments"])
    # a segment that was killed leaves Snakemake's lock behind (one segment at a time)
    subprocess.run([*cmd, "--unlock"], capture_output=True, cwd=workdir, check=True)
    start = time.perf_counter()
    with open(workdir / f"segment-{n}.log", "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)

        def drain(*_: object) -> None:
            if segment.get("drain") is None:
                segment["drain"] = _now()
                proc.send_signal(signal.SIGTERM)    # Snakemake: finish running jobs, start none

        signal.signal(signal.SIGTERM, drain)
        while True:
            try:
                segment["rc"] = proc.wait(timeout=HEARTBEAT_S)
            except subprocess.TimeoutExpired:
                pass
            elapsed = time.perf_counter() - start
            if stop_after is not None and elapsed >= stop_after:
                drain()
            segment["end"], segment["wall_s"] = _now(), round(elapsed, 1)
            _save(log, record)
            if segment["rc"] is not None:
                return segment["rc"]


def job_seconds(workdir: Path) -> tuple[float, int]:
    """Sum and count of the per-job benchmark wall times under ``results/paper/benchmarks``."""
    total, count = 0.0, 0
    for tsv in (workdir / "results" / "paper" / "benchmarks").rglob("*.tsv"):
        with open(tsv) as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        if rows:
            total += float(rows[-1]["s"])
            count += 1
    return round(total, 1), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--study", required=True)
    parser.add_argument("--workdir", type=Path, help="default: results/paper_runs/<study>")
    parser.add_argument("--cores", default="2")
    parser.add_argument("--stop-after", type=float, metavar="S",
                        help="drain the segment after S seconds")
    parser.add_argument("--target", action="append", metavar="T",
                        help="build only T in this segment (repeatable; default: the study)")
    parser.add_argument("--report", action="store_true", help="only print the summary")
    args = parser.parse_args()
    workdir = (args.workdir or ROOT / "results" / "paper_runs" / args.study).resolve()
    log = workdir / "segments.json"
    if not (workdir / "Snakefile").exists():
        copy_project(workdir)
        git = ["git", "-C", str(ROOT)]
        commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True,
                                text=True).stdout.strip() or "unknown"
        if subprocess.run([*git, "status", "--porcelain", "--", *PROJECT_ITEMS],
                          capture_output=True, text=True).stdout.strip():
            commit += "+uncommitted changes"
        _save(log, {"study": args.study, "source": commit, "segments": []})
    if not args.report:
        run_segment(workdir, args.study, args.cores, log, args.stop_after, args.target)
    record = _load(log)
    left = sum(planned_jobs(workdir, args.study, "--config", f"studies=[{args.study}]")
               .values())
    job_s, jobs_done = job_seconds(workdir)
    segments = record["segments"]
    print(json.dumps({"study": args.study, "source": record.get("source"),
                      "segments": len(segments),
                      "wall_s": round(sum(s["wall_s"] for s in segments), 1),
                      "job_s": job_s, "jobs_done": jobs_done, "jobs_left": left,
                      "done": left == 0}))


if __name__ == "__main__":
    main()
