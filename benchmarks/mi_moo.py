"""Time the mi_moo designs and print one JSON object (spec mi_moo §10).

Keys: ``bisection_reduced_s`` (N_t → one full Algorithm-1 run of the Proposed method in the
reduced span, N_t = 16 and 32), ``bisection_full_s`` (the same at full size, N_t = 16),
``scheme_s`` (scheme → one design at N_t = 32). Scenario of spec §10: C = 2 users at −45°,
−15° (Rician, μ = 1), K = 3 targets at 20°, 40°, 60°, P = 10 W, σ² = 1e-3, L = 1024,
Γ = 5 dB, Λ = 10 bits, α = 0.5, δ = 0.01, ε = 1e-3. Timings are medians over channel draws
with the compiled problem reused (steady state of a chunk); ``*_cold_s`` include the one-off
cvxpy compilation. Run with one BLAS thread:

    OMP_NUM_THREADS=1 python benchmarks/mi_moo.py
"""

from __future__ import annotations

import json
import os
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from isac.core.channels import rician_channels  # noqa: E402
from isac.studies.mi_moo import designs as schemes  # noqa: E402
from isac.studies.mi_moo.bisection import feasibility_for  # noqa: E402
from isac.studies.mi_moo.sdp import MooProblem  # noqa: E402

GAMMA, LAMBDA = 10 ** 0.5, 10.0
RUNS = {
    "radar_only": lambda prob, **kw: schemes.radar_only(prob),
    "proposed": lambda prob, **kw: schemes.proposed(prob, GAMMA, LAMBDA, **kw),
    "proposed_no_radar": lambda prob, **kw: schemes.proposed(prob, GAMMA, LAMBDA,
                                                             radar_streams=False, **kw),
    "zf_violated": lambda prob, **kw: schemes.zf_violated(prob, GAMMA, LAMBDA, **kw),
    "sensing_centric": lambda prob, **kw: schemes.sensing_centric(prob, GAMMA, **kw),
    "communication_centric": lambda prob, **kw: schemes.communication_centric(prob, LAMBDA, **kw),
    "communication_only": lambda prob, **kw: schemes.communication_only(prob, **kw),
    "mi_constrained": lambda prob, **kw: schemes.mi_constrained(prob, LAMBDA, **kw),
    "mi_constrained_per_user": lambda prob, **kw: schemes.mi_constrained(
        prob, LAMBDA, sinr_bound="per_user", **kw),
}


def _problem(n_t: int, seed: int) -> MooProblem:
    H = rician_channels(np.random.default_rng(seed), n_t, np.deg2rad([-45.0, -15.0]), 1.0)
    return MooProblem(H, np.deg2rad([20.0, 40.0, 60.0]), n_t, 10.0, 1e-3, 1e-3, np.ones(3),
                      1024, 1e-3)


def _time(name: str, n_t: int, draws: int, reduce: bool = True) -> tuple[float, float]:
    """(cold, warm) wall time of scheme ``name`` in seconds: the first draw including the
    compilation, then the median over ``draws − 1`` further draws (the first if none)."""
    run = RUNS[name]
    variant = schemes.FEASIBILITY_VARIANT.get(name)
    times = []
    for seed in range(draws):
        start = time.perf_counter()
        if seed == 0:
            kw = {"feas": feasibility_for(_problem(n_t, 0), reduce=reduce, **variant)} \
                if variant else {}
        result = run(_problem(n_t, seed), **kw)
        times.append(time.perf_counter() - start)
        if result.status != "optimal":
            raise RuntimeError(f"{name} at N_t = {n_t}, seed {seed}: {result.status}")
    return round(times[0], 4), round(float(np.median(times[1:] or times)), 4)


def main() -> None:
    out: dict[str, object] = {"bisection_reduced_s": {}, "bisection_reduced_cold_s": {}}
    for n_t in (16, 32):
        cold, warm = _time("proposed", n_t, 6)
        out["bisection_reduced_s"][n_t] = warm
        out["bisection_reduced_cold_s"][n_t] = cold
    out["bisection_full_s"] = _time("proposed", 16, 1, reduce=False)[0]
    out["scheme_s"], out["scheme_cold_s"] = {}, {}
    for name in RUNS:
        cold, warm = _time(name, 32, 4)
        out["scheme_s"][name], out["scheme_cold_s"][name] = warm, cold
    print(json.dumps(out))


if __name__ == "__main__":
    main()
