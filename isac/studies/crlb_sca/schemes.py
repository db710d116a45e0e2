"""The crlb_sca schemes as per-point functions (:mod:`isac.contract`): Algorithm 1 (also with
N_s = 0 through its options), low-dimensional Algorithm 1 and FP-SGDA (spec §3–§7).
WMMSE-SDR is in ``sdr.py`` so that only its jobs import cvxpy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from isac.contract import OK, Draw, Params, PointResult
from isac.core.channels import complex_gaussian
from isac.core.units import dbm_to_watt
from isac.studies.crlb_sca.model import geometry, n_sensing, n_transmit, pad
from isac.studies.crlb_sca.sca import (
    AscentResult,
    Problem,
    fp_sgda,
    low_dimensional_sca,
    project_power,
    two_layer_sca,
)

#: channel-table tensors sliced to a point's N_t rows: the random parts of the initial points
INITS = ("Ws0", "Wc0", "fp_Ws0", "sdr_Ws0")
#: of these, the N_t × N_t ones, sliced to N_t columns too (the authors draw N_t × N_t at
#: every size)
SQUARE = ("fp_Ws0", "sdr_Ws0")
#: one method on one problem: (problem, initial-point draws, model at the point, options)
Method = Callable[[Problem, dict[str, np.ndarray], dict[str, Any], dict[str, Any]], AscentResult]


def problem(q: dict[str, Any], H: np.ndarray, targets: dict[str, np.ndarray],
            weights: tuple[float, float] | None = None) -> Problem:
    """Problem (11) at the point ``q`` (its N_t, K, P_t and weights (δ_c, δ_s)).

    Parameters
    ----------
    q : dict
        Model parameters at the point; P_t and σ_c² are converted from dBm to watts.
    H : ndarray of complex, shape (N_t, K)
        User channels, already sliced to the point's N_t and K.
    targets : dict of str to ndarray
        ``theta``, ``phi`` (M,) in radians and ``alpha`` (M,) complex.
    weights : tuple of float or None
        (δ_c, δ_s) overriding those of ``q``.

    Returns
    -------
    Problem
        The problem instance.
    """
    delta_c, delta_s = weights or (q["delta_c"], q["delta_s"])
    geom = geometry(q, targets["theta"], targets["phi"], targets["alpha"])
    return Problem(H, geom, float(dbm_to_watt(q["Pt_dBm"])), float(dbm_to_watt(q["sigma_c2_dBm"])),
                   delta_c, delta_s, q["weights_interference"], q["fim_form"])


def solve_with(method: Method, q: dict[str, Any], options: dict[str, Any],
               draw: dict[str, np.ndarray]) -> PointResult:
    """Run ``method`` on the draw sliced to the point's N_t and K.

    The design is stored in the padded layout of :func:`isac.studies.crlb_sca.model.pad`;
    converged runs and runs at the iteration cap are both valid (the authors report both;
    ``iterations`` tells them apart).

    Parameters
    ----------
    method : Method
        ``method(problem, inits, q, options) -> AscentResult``; ``inits`` holds the
        :data:`INITS` draws sliced to the first N_t rows (and N_t columns for
        :data:`SQUARE`), ``seed`` and ``n_t_max``.
    q : dict
        Model parameters at the point.
    options : dict
        The scheme's options block.
    draw : dict
        One seed's channel tensors at the scenario's largest size: ``H`` (N_t,max, K_max),
        the initial-point draws of :data:`INITS`, ``theta``/``phi``/``alpha`` (M,) and
        ``seed``.

    Returns
    -------
    PointResult
        Design ``{"W": (N_t,max, K_max + N_t,max) complex}`` in the :func:`pad` layout, with
        status (``"ok"`` for converged or capped runs, else the method's failure status),
        iterations, runtime in seconds and the (iterations, 3) history.
    """
    n_t_max, K_max = draw["H"].shape
    n_t, K = n_transmit(q), q["K"]
    inits = {k: draw[k][:n_t, :n_t] if k in SQUARE else draw[k][:n_t] for k in INITS}
    inits |= {"seed": draw["seed"], "n_t_max": n_t_max}
    targets = {k: draw[k] for k in ("theta", "phi", "alpha")}
    r = method(problem(q, draw["H"][:n_t, :K], targets), inits, q, options)
    status = OK if r.status in ("converged", "max_iter") else r.status
    return PointResult({"W": pad(r.W, K, K_max, n_t_max)}, status, r.iterations, r.runtime_s,
                       r.history)


def mrt_start(prob: Problem, q: dict[str, Any]) -> np.ndarray:
    """MRT start W_c⁰ = δ_c H/‖h_k‖ (spec §5).

    Parameters
    ----------
    prob : Problem
        Problem instance; uses its H (N_t, K).
    q : dict
        Model parameters at the point; uses ``delta_c``.

    Returns
    -------
    ndarray of complex, shape (N_t, K)
        Columns h_k/‖h_k‖ scaled by δ_c.
    """
    return q["delta_c"] * prob.H / np.linalg.norm(prob.H, axis=0)


def _alg1(prob: Problem, inp: dict[str, np.ndarray], q: dict[str, Any],
          a: dict[str, Any]) -> AscentResult:
    n_s = n_sensing(q) if a["n_sensing"] is None else a["n_sensing"]
    W_c0 = inp["Wc0"][:, : prob.H.shape[1]] if a["init"] == "random" else mrt_start(prob, q)
    W0 = project_power(np.concatenate([W_c0, inp["Ws0"][:, :n_s]], axis=1), prob.P_t)
    return two_layer_sca(prob, W0, a["tol"], a["max_iter"], a["lambda_rule"], a["stop"])


def alg1(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Algorithm 1 (two-layer SCA, spec §3) as a per-point scheme.

    It starts from W_c⁰ = δ_c H/‖h_k‖ (``init: mrt``, Figs 3–7, Table I) or a random W_c⁰
    (``init: random``, Fig. 2), with ``n_sensing`` random sensing columns (null = the model's
    N_s = N_t; 0 = the N_s = 0 variant of Table I) (spec §5), at full power.

    Parameters
    ----------
    q : dict
        Model parameters at the point.
    options : dict
        ``schemes.alg1`` block: ``init``, ``n_sensing``, ``tol``, ``max_iter``,
        ``lambda_rule``, ``stop``.
    draw : dict
        One seed's channel tensors at the scenario's largest size: ``H`` (N_t,max, K_max),
        the initial-point draws of :data:`INITS`, ``theta``/``phi``/``alpha`` (M,) and
        ``seed``.
    chunk : dict
        Per-chunk scratch space (unused).

    Returns
    -------
    PointResult
        Design ``{"W": (N_t,max, K_max + N_t,max) complex}`` in the :func:`pad` layout, with
        status (``"ok"`` for converged or capped runs), iterations, runtime in seconds
        and the (iterations, 3) history.
    """
    return solve_with(_alg1, q, options, draw)


def shared_start(n_rows: int, n_cols: int, seed: int) -> np.ndarray:
    """One random start shared by every realisation, as the authors' scripts have it (they
    reseed before every run): CN(0, 2) entries like MATLAB's randn + j·randn, drawn at the
    scenario's largest N_t and sliced to a point's rows, so every N_t sees the same draws.

    Parameters
    ----------
    n_rows, n_cols : int
        Shape (N_t,max, N_s) of the draw.
    seed : int
        Seed of the draw (an option, the same for every realisation).

    Returns
    -------
    ndarray of complex, shape (n_rows, n_cols)
    """
    return complex_gaussian(np.random.default_rng(seed), (n_rows, n_cols), 2.0)


def stalled(prob: Problem, W0: np.ndarray, result: AscentResult, gap: float) -> bool:
    """Whether a run that stopped at its iteration cap is stuck far below Algorithm 1.

    Algorithm 1 (λ rule ``main``, W-change stop at 1e-5, 4000 iterations) is run from the
    same start on the same channel; the run is stalled when its final objective is below
    Algorithm 1's by more than ``gap`` · max(1, |f_Alg1|). Only for capped runs.

    Parameters
    ----------
    prob : Problem
        Problem instance.
    W0 : ndarray of complex, shape (N_t, K + N_s)
        The start both methods share.
    result : AscentResult
        The capped run.
    gap : float
        Relative objective gap that counts as stalled.

    Returns
    -------
    bool
    """
    if result.status != "max_iter" or not result.iterations:
        return False
    reference = two_layer_sca(prob, W0, 1e-5, 4000, "main").history[-1, 2]
    return bool(result.history[-1, 2] < reference - gap * max(1.0, abs(reference)))


def _ld(prob: Problem, inp: dict[str, np.ndarray], q: dict[str, Any],
        d: dict[str, Any]) -> AscentResult:
    n_s = 3 * q["M"]
    if d["init"] == "shared":
        W_s0 = shared_start(inp["n_t_max"], n_s, d["init_seed"])[: prob.H.shape[0]]
    else:
        W_s0 = inp["Ws0"][:, :n_s]
    W0 = project_power(np.concatenate([mrt_start(prob, q), W_s0], axis=1), prob.P_t)
    r = low_dimensional_sca(prob, W0, d["n_inner"], d["tol"], d["max_iter"], d["stop"])
    if d["stall_gap"] is not None and stalled(prob, W0, r, d["stall_gap"]):
        r.status = "stalled"
    return r


def ld_alg1(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Low-dimensional Algorithm 1 (Prop. 5, spec §4) with N_s = 3M and the Algorithm 1
    start: W_c⁰ = δ_c H/‖h_k‖ and random sensing columns, either one draw shared by every
    realisation (``init: shared``, as the authors' scripts, which reseed before each run) or
    the seed's own (``init: per_seed``). With ``stall_gap`` set, a run that ends at the cap
    far below Algorithm 1 from the same start has status ``stalled`` (:func:`stalled`).

    Parameters
    ----------
    q : dict
        Model parameters at the point.
    options : dict
        ``schemes.ld_alg1`` block: ``n_inner``, ``tol``, ``max_iter``, ``stop``, ``init``,
        ``init_seed``, ``stall_gap``.
    draw : dict
        One seed's channel tensors at the scenario's largest size: ``H`` (N_t,max, K_max),
        the initial-point draws of :data:`INITS`, ``theta``/``phi``/``alpha`` (M,) and
        ``seed``.
    chunk : dict
        Per-chunk scratch space (unused).

    Returns
    -------
    PointResult
        Design ``{"W": (N_t,max, K_max + N_t,max) complex}`` in the :func:`pad` layout, with
        status (``"ok"`` for converged or capped runs, else ``"diverged"`` or
        ``"stalled"``), iterations, runtime in seconds (of LD alone) and the (iterations, 3)
        history.
    """
    return solve_with(_ld, q, options, draw)


def _fp_sgda(prob: Problem, inp: dict[str, np.ndarray], q: dict[str, Any],
             f: dict[str, Any]) -> AscentResult:
    K = prob.H.shape[1]
    if f["rescale_weights"] and q["delta_c"] > 1:
        prob = replace(prob, delta_c=1.0, delta_s=q["delta_s"] / q["delta_c"])
    W0 = project_power(np.concatenate([inp["Wc0"][:, :K], inp["fp_Ws0"]], axis=1), prob.P_t)
    return fp_sgda(prob, W0, f["gamma_W"], f["p_W"], f["gamma_What"], f["tol"], f["max_iter"])


def fp_sgda_scheme(q: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """FP-SGDA as coded (spec §6.2) as a per-point scheme.

    It starts from a random W⁰ with N_s = N_t; with ``rescale_weights`` the weights become
    (1, δ_s/δ_c) when δ_c > 1, as in the trade-off script (same maximiser, different step
    scale).

    Parameters
    ----------
    q : dict
        Model parameters at the point.
    options : dict
        ``schemes.fp_sgda`` block: ``gamma_W``, ``p_W``, ``gamma_What``, ``tol``,
        ``max_iter``, ``rescale_weights``.
    draw : dict
        One seed's channel tensors at the scenario's largest size: ``H`` (N_t,max, K_max),
        the initial-point draws of :data:`INITS`, ``theta``/``phi``/``alpha`` (M,) and
        ``seed``.
    chunk : dict
        Per-chunk scratch space (unused).

    Returns
    -------
    PointResult
        Design ``{"W": (N_t,max, K_max + N_t,max) complex}`` in the :func:`pad` layout, with
        status (``"ok"`` for converged or capped runs), iterations, runtime in seconds
        and the (iterations, 3) history.
    """
    return solve_with(_fp_sgda, q, options, draw)
