"""Algorithm 1, its N_s = 0 and low-dimensional forms and FP-SGDA, run on every (seed, x) of
a chunk (spec §3–§7); ``run_points`` is the loop shared with WMMSE-SDR (``sdr.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from isac.algorithms.sca import (
    AscentResult,
    Problem,
    fp_sgda,
    low_dimensional_sca,
    project_power,
    two_layer_sca,
)
from isac.stages import Solution, solver_rows
from isac.studies.crlb_sca.model import (
    at_point,
    dbm_to_watt,
    geometry,
    n_sensing,
    n_transmit,
    pad,
)

Runner = Callable[[Problem, dict[str, np.ndarray], dict[str, Any]], AscentResult]
INITS = ("Ws0", "Wc0", "fp_Ws0", "sdr_Ws0")


def problem(q: dict[str, Any], H: np.ndarray, targets: dict[str, np.ndarray],
            weights: tuple[float, float] | None = None) -> Problem:
    """Problem (11) at the point ``q`` (its N_t, K, P_t and weights (δ_c, δ_s))."""
    delta_c, delta_s = weights or (q["delta_c"], q["delta_s"])
    geom = geometry(q, targets["theta"], targets["phi"], targets["alpha"])
    return Problem(H, geom, float(dbm_to_watt(q["Pt_dBm"])), float(dbm_to_watt(q["sigma_c2_dBm"])),
                   delta_c, delta_s, q["weights_interference"])


def run_points(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray, x: np.ndarray,
           run: Runner) -> Solution:
    """``run`` on every (seed, x); histories are kept when ``store_history`` is set (Fig. 2),
    padded with their last row up to the iteration cap."""
    n_t_max, K_max = ch["H"].shape[1], ch["H"].shape[2]
    keep = p.get("store_history", False)
    rows, designs, histories = [], [], []
    for i, seed in enumerate(seeds):
        targets = {k: ch[k][i] for k in ("theta", "phi", "alpha")}
        for xv in x:
            q = at_point(p, xv)
            n_t, K = n_transmit(q), q["K"]
            inputs = {k: ch[k][i][:n_t] for k in INITS} | {"seed": seed}
            prob = problem(q, ch["H"][i][:n_t, :K], targets)
            result = run(prob, inputs, q)
            # converged runs and runs at the iteration cap are both valid designs (the
            # authors report both); the iteration count tells them apart
            status = "ok" if result.status in ("converged", "max_iter") else result.status
            rows.append((int(seed), float(xv), status, result.iterations, result.runtime_s))
            designs.append(pad(result.W, K, K_max, n_t_max))
            if keep:
                h = np.full((q["alg1"]["max_iter"], 3), np.nan)
                if len(result.history):
                    h[:] = result.history[-1]
                    h[: len(result.history)] = result.history
                histories.append(h)
    frame = solver_rows(rows)
    out = {"W": np.stack(designs) if designs else np.zeros((0, n_t_max, K_max + n_t_max),
                                                            complex)}
    if keep:
        out["history"] = np.stack(histories) if histories else np.zeros(
            (0, p["alg1"]["max_iter"], 3))
    return frame, out


def _alg1(prob: Problem, inp: dict[str, np.ndarray], q: dict[str, Any]) -> AscentResult:
    """W_c⁰ = δ_c H/‖h_k‖ (``init: mrt``, Figs 3–7, Table I) or random (``init: random``,
    Fig. 2); random W_s⁰ with N_s columns (spec §5)."""
    a = q["alg1"]
    if a["init"] == "random":
        W_c0 = inp["Wc0"][:, : prob.H.shape[1]]
    else:
        W_c0 = q["delta_c"] * prob.H / np.linalg.norm(prob.H, axis=0)
    W0 = project_power(np.concatenate([W_c0, inp["Ws0"][:, : n_sensing(q)]], axis=1), prob.P_t)
    return two_layer_sca(prob, W0, a["tol"], a["max_iter"], q["lambda_rule"], a["stop"])


def _fp_sgda(prob: Problem, inp: dict[str, np.ndarray], q: dict[str, Any]) -> AscentResult:
    """Random W⁰ with N_s = N_t; in the trade-off the weights are rescaled to (1, 1/δ_c) when
    δ_c > 1, as coded (same maximiser, different step scale)."""
    f, K = q["fp_sgda"], prob.H.shape[1]
    if f["rescale_weights"] and q["delta_c"] > 1:
        prob = Problem(prob.H, prob.geom, prob.P_t, prob.sigma_c2, 1.0,
                       q["delta_s"] / q["delta_c"], prob.weights_interference)
    W0 = project_power(np.concatenate([inp["Wc0"][:, :K], inp["fp_Ws0"]], axis=1), prob.P_t)
    return fp_sgda(prob, W0, f["gamma_W"], f["p_W"], f["gamma_What"], f["tol"], f["max_iter"])


def _ld(prob: Problem, inp: dict[str, np.ndarray], q: dict[str, Any]) -> AscentResult:
    """LD Algorithm 1 with N_s = 3M and the Algorithm 1 start (spec §4)."""
    d, M = q["ld"], q["M"]
    W_c0 = q["delta_c"] * prob.H / np.linalg.norm(prob.H, axis=0)
    W0 = project_power(np.concatenate([W_c0, inp["Ws0"][:, : 3 * M]], axis=1), prob.P_t)
    return low_dimensional_sca(prob, W0, d["n_inner"], d["tol"], d["max_iter"], d["stop"])


def alg1(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
         x: np.ndarray) -> Solution:
    """Algorithm 1 (two-layer SCA) with the scenario's N_s (null = N_t) (spec §3)."""
    return run_points(p, ch, seeds, x, _alg1)


def alg1_ns0(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
             x: np.ndarray) -> Solution:
    """Algorithm 1 without sensing streams, N_s = 0 (Table I)."""
    return run_points(p | {"Ns": 0}, ch, seeds, x, _alg1)


def ld_alg1(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
            x: np.ndarray) -> Solution:
    """Low-dimensional Algorithm 1 (Prop. 5), N_s = 3M (Table I)."""
    return run_points(p, ch, seeds, x, _ld)


def fp_sgda_scheme(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
                   x: np.ndarray) -> Solution:
    """FP-SGDA as coded, random W⁰, N_s = N_t (spec §6.2)."""
    return run_points(p, ch, seeds, x, _fp_sgda)
