"""Time the crlb_sca algorithms and print one JSON object (spec crlb_sca §10, issue targets).

Keys: ``runB_s`` (Algorithm 1 on the stored run B, 3214 iterations), ``alg1_iter_ms`` and
``ld_iter_ms`` (N_t → ms per iteration at N_t = 16, 64, 256, N_s = 3M, Table I arrays),
``alg1_ns_eq_nt_iter_ms`` (the same with N_s = N_t, as in Figs 6–7),
``wmmse_sdr_solve_s`` (N_t → one SDP solve at 16 and 32). Run with one BLAS thread:

    OMP_NUM_THREADS=1 python benchmarks/crlb_sca.py
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from isac.core.arrays import upa_steering  # noqa: E402
from isac.core.cvx import solve  # noqa: E402
from isac.studies.crlb_sca.fim import target_geometry  # noqa: E402
from isac.studies.crlb_sca.sca import Problem, low_dimensional_sca, project_power, two_layer_sca  # noqa: E402
from isac.studies.crlb_sca.wmmse_sdr import ATTEMPTS, build_sdp, set_weights  # noqa: E402

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "crlb_sca"
THETA, PHI = np.array([-0.74, -0.85]), np.array([-0.66, -0.32])
ALPHA = np.array([0.087 + 0.0j, -0.040 + 0.117j])


def _problem(n_tv: int, seed: int = 0, n_s: int = 6) -> tuple[Problem, np.ndarray]:
    """Table I geometry: N_t = 4·N_tv, N_r = 5·N_tv, K = 4, M = 2, N_s = 3M, P_t = 10 dBm."""
    rng = np.random.default_rng(seed)
    n_t = 4 * n_tv
    H = (rng.standard_normal((n_t, 4)) + 1j * rng.standard_normal((n_t, 4))) / np.sqrt(2)
    geom = target_geometry(upa_steering(4, n_tv, THETA, PHI), upa_steering(5, n_tv, THETA, PHI),
                           ALPHA, 30, 1e-3)
    W_s = rng.standard_normal((n_t, n_s)) + 1j * rng.standard_normal((n_t, n_s))
    W0 = project_power(np.concatenate([0.25 * H / np.linalg.norm(H, axis=0), W_s], axis=1), 1e-2)
    return Problem(H, geom, 1e-2, 1e-3), W0


def _per_iteration_ms(run, n_iter: int = 200) -> float:
    result = run(n_iter)
    return round(1e3 * result.runtime_s / result.iterations, 4)


def main() -> None:
    out: dict[str, object] = {}
    path = REFERENCE / "runB_fig7_pt20_ch100_matlab.npz"
    if path.exists():
        z = {k: (v.item() if v.ndim == 0 else v) for k, v in np.load(path).items()}
        geom = target_geometry(upa_steering(z["Nth"], z["Ntv"], z["theta"], z["phi"]),
                               upa_steering(z["Nrh"], z["Nrv"], z["theta"], z["phi"]),
                               z["alpha"], z["L"], z["sigma_s2_W"])
        prob = Problem(z["H"], geom, z["Pt_W"], z["sigma_c2_W"])
        best = min(two_layer_sca(prob, z["W0"], z["tol"], z["max_iter"], "fig").runtime_s
                   for _ in range(3))
        out["runB_s"] = round(best, 4)
    out["alg1_iter_ms"], out["ld_iter_ms"], out["alg1_ns_eq_nt_iter_ms"] = {}, {}, {}
    for n_tv in (4, 16, 64):
        prob, W0 = _problem(n_tv)
        n_t = 4 * n_tv
        out["alg1_iter_ms"][n_t] = _per_iteration_ms(
            lambda n, p=prob, w=W0: two_layer_sca(p, w, 0.0, n, "fig"))
        out["ld_iter_ms"][n_t] = _per_iteration_ms(
            lambda n, p=prob, w=W0: low_dimensional_sca(p, w, 20, 0.0, n))
        prob, W0 = _problem(n_tv, n_s=n_t)                         # N_s = N_t (Figs 6-7)
        out["alg1_ns_eq_nt_iter_ms"][n_t] = _per_iteration_ms(
            lambda n, p=prob, w=W0: two_layer_sca(p, w, 0.0, n, "fig"))
    out["wmmse_sdr_solve_s"] = {}
    for n_tv in (4, 8):
        prob, W0 = _problem(n_tv)
        sdp = build_sdp(prob)
        Q = sdp.basis(prob.H)
        set_weights(sdp, prob, Q, W0[:, :4], W0[:, 4:] @ W0[:, 4:].conj().T)
        solve(sdp.problem, "CLARABEL", ATTEMPTS["CLARABEL"])                       # compile once
        start = time.perf_counter()
        solve(sdp.problem, "CLARABEL", ATTEMPTS["CLARABEL"])
        out["wmmse_sdr_solve_s"][4 * n_tv] = round(time.perf_counter() - start, 4)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
