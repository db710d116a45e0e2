"""Time the five kld_isac optimisers and print one JSON object (J Fig. 7a protocol, issue 17).

Keys: ``cpu_s`` = {scheme: {N: mean seconds of one optimiser run}}, ``iterations`` = {scheme:
{N: mean iterations}} and ``failed`` = {scheme: {N: runs without a usable design}}, for
N = 10, 20, 50, 100 at P_R/N_o = 18 dB (spec §6: the x of Fig. 7a is assumed), each the mean
over ``--draws`` channel draws (default 10) with the paper-scale options of
config/studies/kld_isac.yaml (max_iter 1000 etc.). Each run is timed around the scheme call
(wall clock, one BLAS thread), so a failed (infeasible) K-COP/B-COP run counts with the time
it took to give up. Run:

    python benchmarks/kld_isac.py [--draws 10] [--N 10 20 50 100]
"""

from __future__ import annotations

import argparse
import json
import os
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from isac.config import load  # noqa: E402
from isac.contract import OK  # noqa: E402
from isac.studies.base import resolve  # noqa: E402
from isac.studies.kld_isac import STUDY  # noqa: E402
from isac.studies.kld_isac.model import at_point, draw_channels  # noqa: E402
from isac.workspace import ROOT  # noqa: E402

X_DB = 18.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--N", type=int, nargs="+", default=[10, 20, 50, 100])
    args = parser.parse_args()
    scenario = load(ROOT, {"scale": "paper"})["studies"]["kld_isac"]["scenarios"]["cpu"]
    out: dict[str, dict] = {"cpu_s": {}, "iterations": {}, "failed": {}}
    for scheme in scenario["schemes"]:
        solve, options = resolve(STUDY.scheme(scheme).solve), scenario["options"][scheme]
        for key in out:
            out[key][scheme] = {}
        for N in args.N:
            p = scenario["model"] | {"N": N, "sweep": "snr"}
            q = at_point(p, X_DB)
            draws = draw_channels(p, [np.random.default_rng(s) for s in range(args.draws)])
            times, its, failed = [], [], 0
            for s in range(args.draws):
                draw = {k: v[s] for k, v in draws.items()}
                start = time.perf_counter()
                r = solve(q, options, draw, {})
                times.append(time.perf_counter() - start)
                its.append(r.iterations)
                failed += r.status != OK
            out["cpu_s"][scheme][N] = round(float(np.mean(times)), 4)
            out["iterations"][scheme][N] = round(float(np.mean(its)), 1)
            out["failed"][scheme][N] = failed
    print(json.dumps(out))


if __name__ == "__main__":
    main()
