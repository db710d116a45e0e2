"""Transmit designs of the KLD ISAC study (spec §2 and §5): the CIC + ZF baseline and the
five optimisers, each following the per-point contract of :mod:`isac.contract`."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from isac.contract import OK, Draw, Params, PointResult
from isac.core.channels import pathloss
from isac.core.optimize import OptimResult
from isac.core.precoders import cic_covariance, zero_forcing
from isac.studies.kld_isac.admm import admm
from isac.studies.kld_isac.interior_point import interior_point
from isac.studies.kld_isac.kld import constellation, kld_comm_prefactor
from isac.studies.kld_isac.model import radar_interference_statistical
from isac.studies.kld_isac.problems import (
    Instance,
    Packing,
    comm_design,
    integrated_design,
    radar_design,
)
from isac.studies.kld_isac.projected_gradient import projected_gradient, radial_projection


def cic_zf(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """Conventional benchmark: CIC radar (rank-1 random beams) and normalised ZF precoding.

    The design does not depend on the sweep x (P_R/N_o), so the scheme is registered
    ``per_seed``; it takes no options. Follows the per-point contract of :mod:`isac.contract`.

    Parameters
    ----------
    p : dict
        Model parameters; uses ``P_T`` and ``P_r`` (W), ``N`` and ``T``.
    options : dict
        The scheme's config block; unused (empty).
    draw : dict
        One seed's channels: ``G`` (K, N) complex user channels and ``beams`` (T, N, n)
        complex CN(0, 1) CIC beams.
    chunk : dict
        Per-chunk cache; unused.

    Returns
    -------
    PointResult
        ``design`` holds ``W_c`` (N, K), complex, with ‖W_c‖_F² = P_c = P_T − P_r in watts and
        equal p_k = P_c/K, and ``R_r`` (T, N, N), the per-target radar covariances
        R_{r,t} = (1/L) W_{r,t} W_{r,t}ᴴ in watts. ``status`` is ``"ok"``, or ``"singular"``
        if W_c is not finite; ``iterations`` is 0 and ``runtime_s`` the wall-clock seconds.
    """
    start = time.perf_counter()
    W_c = zero_forcing(draw["G"], p["P_T"] - p["P_r"])
    R_r = cic_covariance(draw["beams"], p["P_r"], p["N"], p["T"])
    status = OK if np.isfinite(W_c).all() else "singular"
    return PointResult({"W_c": W_c, "R_r": R_r}, status, 0, time.perf_counter() - start)


def _instance(p: Params, options: Params, draw: Draw) -> Instance:
    """The problem instance of one draw at one x (``p`` from ``at_point``): path losses,
    σ_n², c_M of ``options["modulation"]`` and the floors of the scheme's options."""
    T, K = p["T"], p["K"]
    return Instance(H=draw["H"], G=draw["G"], g_r=pathloss(p["d_r"], p["zeta"]),
                    g_c=pathloss(p["d_c"], p["zeta"]), sigma2=p["sigma2"],
                    c_M=kld_comm_prefactor(constellation(options.get("modulation", "QPSK"))),
                    A=np.full(T, float(options.get("A_bits", 10.0))),
                    B=np.full(K, float(options.get("B_bits", 10.0))),
                    D=np.full(T, float(options.get("D_min", 0.25))),
                    p_fa=float(options.get("P_FA", 1e-4)))


def _start(p: Params, draw: Draw) -> tuple[np.ndarray, np.ndarray]:
    """The common start (spec §5): ZF with P_c = P_T − P_r and the CIC beams scaled to
    CN(0, P_r/(N T) I), in the compact form of :mod:`.objectives` (T, N, n)."""
    W_c = zero_forcing(draw["G"], p["P_T"] - p["P_r"])
    W_r = np.sqrt(p["P_r"] / (p["N"] * p["T"])) * draw["beams"]
    return W_c, W_r


def _covariances(W_r: np.ndarray) -> np.ndarray:
    """R_{r,t} = (1/n) W_{r,t} W_{r,t}ᴴ, shape (T, N, N)."""
    return W_r @ np.conj(np.swapaxes(W_r, -1, -2)) / W_r.shape[-1]


def _point(r: OptimResult, W_c: np.ndarray, W_r: np.ndarray) -> PointResult:
    """The per-point result of an optimiser run: converged or capped runs are valid."""
    status = OK if r.usable else r.status
    return PointResult({"W_c": W_c, "R_r": _covariances(W_r)}, status, r.iterations,
                       r.runtime_s)


def _algorithm1(options: Params) -> dict[str, Any]:
    keys = ("max_iter", "eps", "rho0", "gamma", "alpha0", "beta", "c", "restart_step")
    return {k: options[k] for k in keys if k in options}


def _radar(p: Params, options: Params, draw: Draw, objective: str) -> PointResult:
    """Algorithm 1 on the radar beams from the CIC start, ZF fixed (K-ROP, D-ROP)."""
    inst = _instance(p, options, draw)
    W_c, W_r = _start(p, draw)
    r = projected_gradient(radar_design(inst, W_c, objective),
                           radial_projection(p["P_r"], W_r.shape[-1]), W_r,
                           **_algorithm1(options))
    return _point(r, W_c, r.design["W"])


def k_rop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """K-ROP (P1/P2): Algorithm 1 on the radar beams, maximising the mean KLD_r with KLD
    floors A_t on the targets and B_k on the users (instantaneous radar interference), ZF
    fixed with P_c = P_T − P_r.

    Options: ``A_bits``, ``B_bits``, ``modulation``, and Algorithm 1's ``max_iter``, ``eps``,
    ``rho0``, ``gamma``, ``alpha0``, ``beta``, ``c``, ``restart_step``. Returns ``W_c``
    (N, K) and ``R_r`` (T, N, N) in watts (per-point contract); capped runs are valid.
    """
    return _radar(p, options, draw, "kld")


def d_rop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """D-ROP (P3): as :func:`k_rop`, maximising the mean P_D (calibrated map) with floors
    P_D ≥ ``D_min`` (at ``P_FA``) instead of the radar KLD floors."""
    return _radar(p, options, draw, "pd")


def _comm(p: Params, options: Params, draw: Draw, objective: str) -> PointResult:
    """Algorithm 2 on the precoder from the ZF start, CIC radar fixed (K-COP, B-COP)."""
    inst = _instance(p, options, draw)
    W_c, W_r = _start(p, draw)
    eta = radar_interference_statistical(inst.g_c, p["sigma_h2"], p["P_r"], p["sigma2"])
    kw = {"objective": objective, "ber_ceiling": float(options.get("C_max", 1e-2))}
    values, gradient = comm_design(inst, W_r, eta, **kw)
    if objective == "ber":          # scale the objective to about 1 at the start (spec §5.3)
        values, gradient = comm_design(inst, W_r, eta, **kw,
                                       ber_scale=1.0 / max(-values(W_c)[0], 1e-300))
    keys = ("mu0", "mu_factor", "mu_steps", "eps", "max_iter", "rho0", "gamma", "alpha0",
            "beta", "c")
    r = interior_point(values, gradient, W_c, radial_projection(p["P_T"] - p["P_r"], 1),
                       **{k: options[k] for k in keys if k in options})
    return _point(r, r.design["W"], W_r)


def k_cop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """K-COP (P4): Algorithm 2 on the precoder, maximising the mean KLD_c with floors A_t
    (radar, with the fixed CIC beams) and B_k (users, statistical interference of eq. 8).

    Options: ``A_bits``, ``B_bits``, ``modulation`` and Algorithm 2's ``mu0``, ``mu_factor``,
    ``mu_steps``, ``eps``, ``max_iter``, ``rho0``, ``gamma``, ``alpha0``, ``beta``, ``c``. A
    draw for which no feasible precoder is found has status ``infeasible``.
    """
    return _comm(p, options, draw, "kld")


def b_cop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """B-COP (P5): as :func:`k_cop`, minimising the mean BER with the ceiling
    BER_k ≤ ``C_max`` instead of the users' KLD floors."""
    return _comm(p, options, draw, "ber")


def k_iop(p: Params, options: Params, draw: Draw, chunk: Params) -> PointResult:
    """K-IOP (P6): Algorithm 3 (ADMM) on the radar beams and the precoder together,
    maximising KLD_ISAC with floors A_t and B_k under the total budget P_T (the P_r/P_c split
    is free). Options: ``A_bits``, ``B_bits``, ``modulation`` and Algorithm 3's ``rho``,
    ``max_iter``, ``eps``, ``inner``, ``rho0``, ``gamma``, ``alpha0``, ``beta``, ``c``."""
    inst = _instance(p, options, draw)
    W_c, W_r = _start(p, draw)
    packing = Packing(*W_r.shape, W_c.shape[1])
    keys = ("rho", "max_iter", "eps", "inner", "rho0", "gamma", "alpha0", "beta", "c")
    r = admm(integrated_design(inst, packing), packing.projection(p["P_T"]),
             packing.pack(W_r, W_c), **{k: options[k] for k in keys if k in options})
    W_r, W_c = packing.unpack(r.design["W"])
    return _point(r, W_c, W_r)
