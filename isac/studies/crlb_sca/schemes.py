"""The three methods of the crlb_sca figures, run on every (seed, x) of a chunk (spec §3, §6).

The sweep variable x is the transmit power in dBm (``sweep: Pt_dBm``) or the number of users
(``sweep: K``, first K columns of the channel). Every design is stored as one padded tensor
W_pad (N_t × (K_max + N_t)): communication beams in the first K columns, sensing streams from
column K_max on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from isac.algorithms.sca import AscentResult, Problem, fp_sgda, project_power, two_layer_sca
from isac.algorithms.wmmse_sdr import build_sdp, wmmse_sdr
from isac.studies.crlb_sca.model import dbm_to_watt, geometry

Runner = Callable[[Problem, dict[str, np.ndarray], dict[str, Any]], AscentResult]


def sweep_point(p: dict[str, Any], x: float) -> tuple[int, float]:
    """(K, P_t in W) at sweep value x."""
    if p["sweep"] == "K":
        return int(x), float(dbm_to_watt(p["Pt_dBm"]))
    return p["K"], float(dbm_to_watt(x))


def pad(W: np.ndarray, K: int, K_max: int, n_t: int) -> np.ndarray:
    out = np.zeros((n_t, K_max + n_t), dtype=complex)
    out[:, :K] = W[:, :K]
    out[:, K_max: K_max + W.shape[1] - K] = W[:, K:]
    return out


def unpad(W_pad: np.ndarray, K: int, K_max: int) -> np.ndarray:
    return np.concatenate([W_pad[:, :K], W_pad[:, K_max:]], axis=1)


def _solve(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray, x: np.ndarray,
           run: Runner) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    n_t, K_max = ch["H"].shape[1], ch["H"].shape[2]
    rows, designs = [], []
    for i, seed in enumerate(seeds):
        geom = geometry(p, ch["theta"][i], ch["phi"][i], ch["alpha"][i])
        inputs = {k: v[i] for k, v in ch.items()}
        for xv in x:
            K, P_t = sweep_point(p, xv)
            prob = Problem(ch["H"][i][:, :K], geom, P_t, float(dbm_to_watt(p["sigma_c2_dBm"])),
                           p["delta_c"], p["delta_s"], p["weights_interference"])
            result = run(prob, inputs, p)
            rows.append((int(seed), float(xv), result.status, result.iterations,
                         result.runtime_s))
            designs.append(pad(result.W, K, K_max, n_t))
    frame = pd.DataFrame(rows, columns=["seed", "x", "status", "iterations", "runtime_s"])
    W = np.stack(designs) if designs else np.zeros((0, n_t, K_max + n_t), complex)
    return frame, {"W": W}


def _ok(result: AscentResult) -> AscentResult:
    """Converged runs and runs that hit the iteration cap are valid designs (the authors
    report both); the iteration count tells them apart. Anything else stays a failure."""
    if result.status in ("converged", "max_iter"):
        result.status = "ok"
    return result


def _alg1(prob: Problem, inp: dict[str, np.ndarray], p: dict[str, Any]) -> AscentResult:
    W_c0 = p["delta_c"] * prob.H / np.linalg.norm(prob.H, axis=0)
    W0 = project_power(np.concatenate([W_c0, inp["Ws0"]], axis=1), prob.P_t)
    a = p["alg1"]
    return _ok(two_layer_sca(prob, W0, a["tol"], a["max_iter"], p["lambda_rule"]))


def _fp_sgda(prob: Problem, inp: dict[str, np.ndarray], p: dict[str, Any]) -> AscentResult:
    K = prob.H.shape[1]
    W0 = project_power(np.concatenate([inp["fp_Wc0"][:, :K], inp["fp_Ws0"]], axis=1), prob.P_t)
    f = p["fp_sgda"]
    return _ok(fp_sgda(prob, W0, f["gamma_W"], f["p_W"], f["gamma_What"], f["tol"],
                       f["max_iter"]))


def _wmmse_sdr(prob: Problem, inp: dict[str, np.ndarray], p: dict[str, Any]) -> AscentResult:
    W_c0 = p["delta_c"] * prob.H / np.linalg.norm(prob.H, axis=0)
    w = p["wmmse_sdr"]
    result = wmmse_sdr(prob, W_c0, p["delta_s"] * inp["sdr_Ws0"], w["tol"], w["max_iter"],
                       w["rs_penalty"], sdp=build_sdp(prob))
    return _ok(result)


Solution = tuple[pd.DataFrame, dict[str, np.ndarray]]


def alg1(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
         x: np.ndarray) -> Solution:
    """Algorithm 1 (two-layer SCA), W_c⁰ = δ_c H/‖h_k‖, random W_s⁰ (spec §3, §5)."""
    return _solve(p, ch, seeds, x, _alg1)


def fp_sgda_scheme(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
                   x: np.ndarray) -> Solution:
    """FP-SGDA as coded, random W⁰ (spec §6.2)."""
    return _solve(p, ch, seeds, x, _fp_sgda)


def wmmse_sdr_scheme(p: dict[str, Any], ch: dict[str, np.ndarray], seeds: np.ndarray,
                     x: np.ndarray) -> Solution:
    """WMMSE-SDR as coded (spec §6.1); solver failures are status rows."""
    return _solve(p, ch, seeds, x, _wmmse_sdr)
