"""Algorithm 1 of mi_moo: max-min utility by bisection over the feasibility problem (37), and
the rank-one reconstruction (39)–(40) (spec §4.3–§4.7).

Utility (31): U = min{(I − Λ)/α, (γ_i − Γ_i)/ω_i}, zero-weight terms dropped. For a trial value
t the sensing requirement Λ + αt is split over the targets with weights ξ_k into the beam-gain
floors τ_k(t) of (37b), and the SINR floors are Γ_i + ω_i t (37c). The MI-constrained
benchmark instead keeps the exact MI (13) ≥ Λ as one log-det constraint (spec §5).

(31) compares MI in bits with SINR in linear units. The other scales of :class:`Utility` keep
every test a linear SINR floor and a beam-gain floor per t (so (37) stays the same convex
problem): ``rate`` (log2(1 + γ_i) in bit/s/Hz), ``db`` (10 log10(1 + γ_i), the SINR in dB for
γ_i ≫ 1, defined at Γ_i = 0) and ``normalised`` (each term divided by its span from threshold
to utopia bound, so t ∈ [0, 1/weight]).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from isac.core.comm import average_rate, user_sinr
from isac.core.linalg import psd_factor, span_basis
from isac.studies.mi_moo.sdp import (
    Feasibility,
    MooProblem,
    Sensing,
    SinrBound,
    build_feasibility,
    reduced_dim,
)

UtilityScale = Literal["linear", "db", "rate", "normalised"]


@dataclass(frozen=True)
class Utility:
    """Weights and thresholds of the max-min utility (31), and the scale of its terms.

    Attributes
    ----------
    alpha : float
        Sensing weight α ≥ 0.
    omega : numpy.ndarray
        User weights ω_i ≥ 0, shape (C,).
    xi : numpy.ndarray
        Target weights ξ_k, shape (K,), with Σξ_k = 1.
    Lambda : float
        MI threshold Λ, bits.
    Gamma : numpy.ndarray
        SINR thresholds Γ_i, shape (C,), linear.
    scale : {'linear', 'db', 'rate', 'normalised'}, default 'linear'
        Units of the SINR terms (the module docstring): (γ_i − Γ_i)/ω_i (31), or the same
        difference of 10 log10(1 + γ), of log2(1 + γ), or (γ_i − Γ_i)/(ω_i(γ_top,i − Γ_i)) with
        the MI term (I − Λ)/(α(I_top − Λ)).
    I_top : float
        Utopia bound of the MI in bits (``normalised`` only; see :meth:`utopia`).
    gamma_top : numpy.ndarray
        Utopia bounds of the SINRs, shape (C,), linear (``normalised`` only).

    Raises
    ------
    ValueError
        On construction, if a weight is negative or α and all ω_i are zero.
    """

    alpha: float
    omega: np.ndarray
    xi: np.ndarray
    Lambda: float
    Gamma: np.ndarray
    scale: UtilityScale = "linear"
    I_top: float = np.nan
    gamma_top: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        w = np.concatenate([[self.alpha], np.atleast_1d(self.omega)])
        if np.any(w < 0) or not np.any(w > 0):
            raise ValueError(f"weights must be non-negative and not all zero: {w}")

    @staticmethod
    def utopia(prob: MooProblem) -> tuple[float, np.ndarray]:
        """Cheap utopia bounds: I_max = Σ_k log2(1 + c_k P ‖a_k‖²) bits, and
        γ_max,i = P‖h_i‖²/σ_c² (all power on one user, no interference).

        Parameters
        ----------
        prob : MooProblem
            The channel draw.

        Returns
        -------
        I_max : float
            Bits.
        gamma_max : numpy.ndarray
            Shape (C,), linear.
        """
        gain = prob.P * np.sum(np.abs(prob.A) ** 2, axis=0)
        return (float(np.sum(np.log2(1 + prob.echo_gain * gain))),
                prob.P * np.sum(np.abs(prob.H) ** 2, axis=0) / prob.sigma_c2)

    def floors(self, t: float) -> tuple[np.ndarray, np.ndarray]:
        """SINR floors (37c) and per-target MI shares (37b) at a trial t.

        Parameters
        ----------
        t : float
            Trial value of the utility.

        Returns
        -------
        sinr_floor : numpy.ndarray
            Shape (C,), linear: Γ_i + ω_i t (linear), (1 + Γ_i)·10^(ω_i t/10) − 1 (db),
            (1 + Γ_i)·2^(ω_i t) − 1 (rate), Γ_i + ω_i t (γ_top,i − Γ_i) (normalised).
        bits : numpy.ndarray
            ξ_k(Λ + αt) bits (ξ_k(Λ + αt(I_top − Λ)) when normalised), shape (K,).
        """
        Gamma, omega = np.asarray(self.Gamma, dtype=float), np.asarray(self.omega, dtype=float)
        mi = self.alpha * t
        if self.scale == "linear":
            sinr = Gamma + omega * t
        elif self.scale == "db":
            sinr = (1 + Gamma) * 10 ** (omega * t / 10) - 1
        elif self.scale == "rate":
            sinr = (1 + Gamma) * 2 ** (omega * t) - 1
        else:
            sinr = Gamma + omega * t * (self.gamma_top - Gamma)
            mi = mi * (self.I_top - self.Lambda)
        return sinr, np.asarray(self.xi) * (self.Lambda + mi)

    def t_upper(self, prob: MooProblem) -> float:
        """Upper end t_hi of the bisection (Algorithm 1 step 1).

        Taken over the non-zero weights, from γ_i^max = P‖h_i‖²/σ_c² and the cheap MI bound
        I_max of :meth:`utopia`, in the units of the scale.

        Parameters
        ----------
        prob : MooProblem
            The channel draw.

        Returns
        -------
        float
            t_hi ≥ 0, in the units of the utility.
        """
        I_max, gmax = self.utopia(prob)
        Gamma = np.asarray(self.Gamma, dtype=float)
        omega = np.asarray(self.omega, dtype=float)
        on = omega > 0
        if self.scale == "normalised":
            bounds = [1 / self.alpha] if self.alpha > 0 else []
            bounds.extend(1 / omega[on])
            return float(max(min(bounds), 0.0))
        bounds = [(I_max - self.Lambda) / self.alpha] if self.alpha > 0 else []
        if self.scale == "linear":
            span = gmax - Gamma
        elif self.scale == "db":
            span = 10 * np.log10((1 + gmax) / (1 + Gamma))
        else:
            span = np.log2((1 + gmax) / (1 + Gamma))
        bounds.extend(span[on] / omega[on])
        return float(max(min(bounds), 0.0))


@dataclass
class MooResult:
    """A design and its solver record.

    W_c, W_r and R are NaN unless ``status == 'optimal'``.

    Attributes
    ----------
    W_c : numpy.ndarray
        Communication beamformers w_i as columns, complex, shape (N_t, C), in √W.
    W_r : numpy.ndarray
        Radar beamformer, complex, shape (N_t, N_t), in √W.
    R : numpy.ndarray
        Transmit covariance R = W_cW_cᴴ + W_rW_rᴴ, shape (N_t, N_t), watts.
    t : float
        Optimum t* of the bisection (utility units); for Radar-only the optimum I_ub in bits.
    iterations : int
        Number of bisection iterations.
    status : str
        'optimal' or a failure status.
    runtime_s : float
        Run time, seconds.
    history : numpy.ndarray
        One row per bisection iteration, shape (iterations, 4): (t_lo, t_hi, exact MI (13) in
        bits, average rate (6) in bit/s/Hz) of the stored solution after (39)–(40).
    solves : int
        Number of solver calls.
    solver_failures : int
        Tests inside the bisection that failed in the solver or the NumPy check.
    """

    W_c: np.ndarray
    W_r: np.ndarray
    R: np.ndarray
    t: float
    iterations: int
    status: str
    runtime_s: float
    history: np.ndarray
    solves: int = 0
    solver_failures: int = 0


def failed_result(n_t: int, n_users: int, status: str, start: float, solves: int = 0,
                  failures: int = 0) -> MooResult:
    """A NaN design carrying a failure ``status`` (never silently NaN).

    Parameters
    ----------
    n_t : int
        Number of transmit antennas N_t.
    n_users : int
        Number of users C.
    status : str
        Failure status to record.
    start : float
        ``time.perf_counter()`` at the start of the run, seconds.
    solves : int, default 0
        Number of solver calls made.
    failures : int, default 0
        Number of solver failures.

    Returns
    -------
    MooResult
        NaN W_c (N_t, C), W_r and R (N_t, N_t) and t, no iterations, empty (0, 4) history.
    """
    nan = np.full((n_t, n_t), np.nan, dtype=complex)
    return MooResult(np.full((n_t, n_users), np.nan, dtype=complex), nan, nan.copy(), np.nan, 0,
                     status, time.perf_counter() - start, np.zeros((0, 4)), solves, failures)


def rank_one(H: np.ndarray, R: np.ndarray, R_users: np.ndarray,
             radar_streams: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Beamformers from an SDR solution (eqs. 39–40).

    w_i = (h_iᴴR_ih_i)^(−1/2) R_ih_i (w_i = 0 when h_iᴴR_ih_i ≈ 0); W_r is a square factor of
    R − Σ_i w_iw_iᴴ (PSD by Cauchy–Schwarz), so W_cW_cᴴ + W_rW_rᴴ = R and every γ_i, the power,
    the beampattern and both MIs are unchanged. Works in any coordinates (full or reduced).

    Parameters
    ----------
    H : numpy.ndarray
        User channels h_i as columns, complex, shape (n, C), in the coordinates of R.
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (n, n), watts.
    R_users : numpy.ndarray
        Per-user matrices R_i, shape (C, n, n), watts.
    radar_streams : bool, default True
        ``radar_streams=False`` returns W_r = 0.

    Returns
    -------
    W_c : numpy.ndarray
        Communication beamformers w_i as columns, complex, shape (n, C), in √W.
    W_r : numpy.ndarray
        Radar beamformer, complex, shape (n, n) (as many columns as R has rows), in √W.
    """
    n = R.shape[0]
    Rh = np.einsum("inm,mi->ni", R_users, H)                  # column i: R_i h_i
    q = np.real(np.einsum("ni,ni->i", H.conj(), Rh))          # h_iᴴ R_i h_i
    scale = np.trace(R).real * np.sum(np.abs(H) ** 2, axis=0)
    ok = q > 1e-12 * np.maximum(scale, 1e-300)
    W_c = np.where(ok[None, :], Rh / np.sqrt(np.where(ok, q, 1.0))[None, :], 0.0)
    if not radar_streams:
        return W_c, np.zeros((n, n), dtype=complex)
    return W_c, psd_factor(R - W_c @ W_c.conj().T)


def bisection(prob: MooProblem, util: Utility, *, sensing: Sensing = "beam", zf: bool = True,
              radar_streams: bool = True, sinr_bound: SinrBound = "per_user",
              delta: float = 0.01, reduce: bool = True, feas: Feasibility | None = None,
              solver: str = "CLARABEL") -> MooResult:
    """Algorithm 1: bisection on t over problem (37), then the rank-one reconstruction.

    Inside the bisection a failed test counts as infeasible and is counted in
    ``solver_failures``; with Clarabel these are mostly infeasible points just past t* that end
    in "insufficient progress" instead of an infeasibility certificate.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    util : Utility
        Weights and thresholds of (31).
    sensing : {'beam', 'mi', 'none'}, default 'beam'
        'beam' is (37) with the per-target floors; 'mi' requires exact MI ≥ Λ (α must be 0);
        'none' drops sensing.
    zf : bool, default True
        Impose the cross-correlation constraints (20).
    radar_streams : bool, default True
        False forces R = Σ_i R_i (no radar streams).
    sinr_bound : {'per_user', 'merged'}, default 'per_user'
        What the SINR floors bound (:data:`~isac.studies.mi_moo.sdp.SinrBound`).
    delta : float, default 0.01
        Bisection tolerance δ on t.
    reduce : bool, default True
        Solve in the reduced span (spec §4.5); used only when ``feas`` is None.
    feas : Feasibility, optional
        A compiled problem of matching size to reuse across channel draws (see
        :func:`feasibility_for`).
    solver : str, default 'CLARABEL'
        cvxpy solver name.

    Returns
    -------
    MooResult
        Status 'optimal', 'infeasible_thresholds' (t = 0 infeasible for this channel),
        'solver_error' or 'check_failed' (the t = 0 test failed in the solver or in the NumPy
        check).

    Raises
    ------
    ValueError
        If ``sensing='mi'`` with α ≠ 0, or if ``feas`` was built for another constraint set.
    """
    start = time.perf_counter()
    n_t, C = prob.H.shape
    if sensing == "mi" and util.alpha != 0:
        raise ValueError("the exact-MI constraint is fixed: use alpha = 0")
    feas = feas or feasibility_for(prob, sensing, zf, radar_streams, reduce, sinr_bound)
    if (feas.sensing, feas.zf, feas.radar_streams, feas.sinr_bound) != \
            (sensing, zf, radar_streams, sinr_bound):
        raise ValueError("the compiled problem was built for another constraint set")
    feas.load(prob, basis_for(prob, feas.dim))
    solves0, failures = feas.solves, 0

    def test(t: float):
        f, bits = util.floors(t)
        if sensing == "beam":
            return feas.check(f, prob.gain_floor(bits), solver=solver)
        return feas.check(f, mi_floor=util.Lambda if sensing == "mi" else None, solver=solver)

    check = test(0.0)
    if not check.feasible:
        status = ("solver_error" if check.status.startswith("solver") else
                  check.status if check.status == "check_failed" else "infeasible_thresholds")
        return failed_result(n_t, C, status, start, feas.solves - solves0)
    best, t_lo, t_hi = check, 0.0, util.t_upper(prob)
    metrics = design_summary(prob, *rank_one(prob.H, best.R, best.R_users, radar_streams))
    rows = []
    while t_hi - t_lo > delta:
        t = 0.5 * (t_lo + t_hi)
        check = test(t)
        failures += check.status.startswith("solver") or check.status == "check_failed"
        if check.feasible:
            best, t_lo = check, t
            metrics = design_summary(prob, *rank_one(prob.H, best.R, best.R_users,
                                                     radar_streams))
        else:
            t_hi = t
        rows.append((t_lo, t_hi, *metrics))
    W_c, W_r = rank_one(prob.H, best.R, best.R_users, radar_streams)
    R = W_c @ W_c.conj().T + W_r @ W_r.conj().T
    return MooResult(W_c, W_r, R, t_lo, len(rows), "optimal", time.perf_counter() - start,
                     np.array(rows).reshape(-1, 4), feas.solves - solves0, failures)


def design_summary(prob: MooProblem, W_c: np.ndarray, W_r: np.ndarray) -> tuple[float, float]:
    """Exact sensing MI (13) and average rate (6) of the beamformers.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    W_c : numpy.ndarray
        Communication beamformers, complex, shape (N_t, C), in √W.
    W_r : numpy.ndarray
        Radar beamformer, complex, shape (N_t, M), in √W.

    Returns
    -------
    mi : float
        Exact sensing MI, bits.
    rate : float
        Average rate, bit/s/Hz.
    """
    R = W_c @ W_c.conj().T + W_r @ W_r.conj().T
    return prob.mi(R), average_rate(user_sinr(prob.H.conj().T, W_c, W_r, prob.sigma_c2))


def basis_for(prob: MooProblem, dim: int) -> np.ndarray:
    """Orthonormal basis of span{h_i, a_k} (or of span{h_i} when dim = C).

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    dim : int
        Basis size D, as from :func:`reduced_dim`.

    Returns
    -------
    numpy.ndarray
        Orthonormal columns, complex, shape (N_t, D).
    """
    C = prob.H.shape[1]
    vectors = prob.H if dim == C and dim < prob.n_t else np.concatenate([prob.H, prob.A], axis=1)
    return span_basis(vectors, dim)


def feasibility_for(prob: MooProblem, sensing: Sensing = "beam", zf: bool = True,
                    radar_streams: bool = True, reduce: bool = True,
                    sinr_bound: SinrBound = "per_user") -> Feasibility:
    """Compile problem (37) for the size of ``prob``.

    The result is reusable for all channel draws of that size and variant.

    Parameters
    ----------
    prob : MooProblem
        A channel draw of the wanted size.
    sensing : {'beam', 'mi', 'none'}, default 'beam'
        Sensing constraint (see :func:`build_feasibility`).
    zf : bool, default True
        Include the cross-correlation constraints (20).
    radar_streams : bool, default True
        False forces R = Σ_i R_i.
    reduce : bool, default True
        Solve in the reduced span (see :func:`reduced_dim`).
    sinr_bound : {'per_user', 'merged'}, default 'per_user'
        What the SINR floors bound (see :func:`build_feasibility`).

    Returns
    -------
    Feasibility
        The compiled problem, not yet loaded.
    """
    n_t, C = prob.H.shape
    K = prob.theta.size
    dim = reduced_dim(n_t, C, K, sensing, zf, reduce)
    return build_feasibility(dim, C, K, sensing, zf, radar_streams, sinr_bound)
