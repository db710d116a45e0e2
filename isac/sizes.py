"""Size checks before the DAG is built: job counts and per-job memory (docs/architecture.md,
"Sizes").

Each study's ``footprint(model, x, n_seeds)`` (registered as ``Study.footprint``) counts the
complex elements a channels, solve and evaluate job of one chunk holds; the estimate here turns
them into bytes, refuses what this machine (or ``max_job_mem_gb``) cannot hold, and gives each
rule its ``mem_mb``.
"""

from __future__ import annotations

import os
from typing import Any

#: the chunk wildcard has four digits (c0000 … c9999)
MAX_CHUNKS = 9999
#: more jobs than this make the DAG slow to build and heavy to hold: refuse, raise chunk_size
MAX_JOBS = 50_000
#: resident memory of a job before its arrays (Python, NumPy, pyarrow, cvxpy)
BASE_BYTES = 400 * 2**20
#: bytes per counted element (complex128) times copies made on the way (slices, stacking)
BYTES_PER_ELEMENT = 16 * 3
STAGES = ("channels", "solve", "evaluate")


def machine_memory_bytes() -> int:
    """Physical memory of this machine."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def job_bytes(elements: int) -> int:
    """Estimated peak memory of a job that holds ``elements`` complex numbers."""
    return BASE_BYTES + BYTES_PER_ELEMENT * int(elements)


def job_count(study_cfg: dict[str, Any]) -> int:
    """Channels, solve and evaluate jobs of one resolved study (figures excluded)."""
    return sum(s["n_chunks"] * (1 + 2 * len(s["schemes"]))
               for s in study_cfg["scenarios"].values())


def size_errors(study_cfg: dict[str, Any], footprint: Any, scale: str,
                limit_bytes: int) -> list[str]:
    """Messages (without the file) for chunk counts, job counts and job memory that cannot
    run: each names the key to change and the estimate."""
    errors = []
    for name, s in study_cfg["scenarios"].items():
        if s["n_chunks"] > MAX_CHUNKS:
            errors.append(f"scales.{scale}.trials = {s['trials']}: {s['n_chunks']} chunks of "
                          f"{s['chunk_size']} seeds in scenario {name}; at most "
                          f"{MAX_CHUNKS} (raise scales.{scale}.chunk_size)")
    jobs = job_count(study_cfg)
    if jobs > MAX_JOBS:
        errors.append(f"scales.{scale}: {jobs} jobs; at most {MAX_JOBS} build in reasonable "
                      f"time and memory (raise scales.{scale}.chunk_size or lower trials)")
    if errors:
        return errors
    for name, s in study_cfg["scenarios"].items():
        sizes = footprint(s["model"], s["x"], min(s["chunk_size"], s["trials"]))
        need = {stage: job_bytes(sizes[stage]) for stage in STAGES}
        stage = max(need, key=need.get)
        if need[stage] > limit_bytes:
            errors.append(f"scenarios.{name}.model: a {stage} job would need about "
                          f"{need[stage] / 2**30:.3g} GiB but at most {limit_bytes / 2**30:.3g}"
                          f" GiB are available (lower the sizes, or scales.{scale}.chunk_size)")
    return errors
