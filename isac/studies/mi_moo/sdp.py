"""The convex feasibility problem (37) of mi_moo and its NumPy acceptance test (spec §4.5, §9).

For fixed SINR floors f_i (= Γ_i + ω_i t) and sensing floors, find (R, R_1..R_C) with

    h_iᴴR_ih_i ≥ f_i (h_iᴴ(R − R_i)h_i + σ_c²)                        (37c)
    aᴴ(θ_k) R a(θ_k) ≥ τ_k               (per-target floors, 37b)  or  I(R) ≥ Λ_MI (exact MI, 13)
    tr R ≤ P,  |aᴴ(θ_k) R a(θ_l)| ≤ ε (k < l, eq. 20),  R − Σ_i R_i ⪰ 0,  R_i ⪰ 0.

(``sinr_bound='merged'``: the interference term of (37c) is every user's, summed, the
MI-constrained bracket in the spirit of ref. [15].)

Exact dimension reduction (spec §4.5): every constraint sees R, R_i only through quadratic forms
in span{h_i, a_k} and the trace, so the problem is solved for X, X_i (D×D) with R = P·U X Uᴴ,
U an orthonormal basis of that span; ``reduce=False`` takes U = I. All data (normalised
channel and steering directions, floors) are cvxpy Parameters, so one compiled problem per
(D, C, K, variant) is re-solved for every t and every channel draw (DPP); Clarabel,
one thread. A solver answer counts as feasible only if the lifted solution passes
:func:`max_violation` in NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any, Literal

import cvxpy as cp
import numpy as np

from isac.core.cvx import SOLVED, SOLVER_ERROR, Compiled, solve
from isac.studies.mi_moo.mi import (
    cross_correlation,
    merged_sinr_bound,
    sensing_mi,
    user_sinr_lifted,
)
from isac.studies.mi_moo.model import rx_gain, target_steering

Sensing = Literal["beam", "mi", "none"]
#: what the SINR floors bound: each user's SINR (37c), or the merged lower bound of
#: :func:`~isac.studies.mi_moo.mi.merged_sinr_bound` (the whole interference in every
#: denominator; the MI-constrained bracket in the spirit of ref. [15])
SinrBound = Literal["per_user", "merged"]
#: relative constraint tolerance of the NumPy acceptance test (spec §9)
RTOL = 1e-6
#: the solver sees the cross-correlation bound ε tightened by this fraction, the NumPy check
#: the exact ε: an active ZF constraint is otherwise met only to the solver's tolerance
#: (≈ 1e-3 relative, which failed the check at some SNRs of the Radar-only design)
ZF_MARGIN = 1e-2
#: per-target MI requirements above this many bits are treated as infeasible (spec §9)
MAX_TARGET_BITS = 200.0


@dataclass(frozen=True)
class MooProblem:
    """One channel draw of the mi_moo system (spec §1, §2, §7).

    Attributes
    ----------
    H : numpy.ndarray
        User channels h_i as columns, complex, shape (N_t, C).
    theta : numpy.ndarray
        Target angles, float, shape (K,), radians (a scalar becomes shape (1,)).
    n_r : int
        Number of receive antennas N_r.
    P : float
        Transmit power budget, watts.
    sigma_c2 : float
        User noise power σ_c², watts.
    sigma_r2 : float
        Radar noise power per antenna σ_r², watts.
    sigma_k2 : numpy.ndarray or float
        Target reflection variances σ_k², linear; a scalar means all targets equal and is
        broadcast to shape (K,) on construction.
    L : int
        Number of snapshots.
    eps : float or None
        Cross-correlation tolerance ε of (20), watts; None gives the default 1e-4·P (spec §3, a
        guess: the paper's value was lost).
    steering_norm : {'unit_modulus', 'unit'}
        Normalisation of the target steering vectors
        (:func:`~isac.studies.mi_moo.model.target_steering`).
    """

    H: np.ndarray
    theta: np.ndarray
    n_r: int
    P: float
    sigma_c2: float
    sigma_r2: float
    sigma_k2: np.ndarray | float
    L: int
    eps: float | None = None
    steering_norm: str = "unit_modulus"

    def __post_init__(self) -> None:
        theta = np.atleast_1d(np.asarray(self.theta, dtype=float))
        object.__setattr__(self, "theta", theta)
        object.__setattr__(self, "sigma_k2",
                            np.broadcast_to(np.asarray(self.sigma_k2, float), theta.shape).copy())
        if self.eps is None:
            object.__setattr__(self, "eps", 1e-4 * self.P)

    @property
    def n_t(self) -> int:
        """Number of transmit antennas N_t (rows of ``H``), int."""
        return self.H.shape[0]

    @cached_property
    def A(self) -> np.ndarray:
        """Transmit steering matrix [a(θ_1) … a(θ_K)], complex, shape (N_t, K)."""
        return target_steering(self.n_t, self.n_r, self.theta, self.steering_norm)[0]

    @cached_property
    def B(self) -> np.ndarray:
        """Receive steering matrix [b(θ_1) … b(θ_K)], complex, shape (N_r, K)."""
        return target_steering(self.n_t, self.n_r, self.theta, self.steering_norm)[1]

    @property
    def rx_gain(self) -> float:
        """Receive array gain ‖b(θ)‖², linear: N_r, or 1 for unit-norm steering."""
        return rx_gain(self.n_r, self.steering_norm)

    @property
    def tx_gain(self) -> float:
        """Transmit array gain ‖a(θ)‖², linear: N_t, or 1 for unit-norm steering."""
        return rx_gain(self.n_t, self.steering_norm)

    @cached_property
    def echo_gain(self) -> np.ndarray:
        """Echo gains c_k = L ‖b‖² σ_k² / σ_r², float, shape (K,), per watt (‖b‖² = N_r).

        They give γ_k^s = c_k aᴴ(θ_k) R a(θ_k) (eq. 21).
        """
        return self.L * self.rx_gain * self.sigma_k2 / self.sigma_r2

    def mi(self, R: np.ndarray) -> float:
        """Exact sensing MI (13) of a covariance.

        Parameters
        ----------
        R : numpy.ndarray
            Transmit covariance, Hermitian, shape (N_t, N_t), watts.

        Returns
        -------
        float
            Sensing MI in bits.
        """
        return sensing_mi(R, self.A, self.B, self.sigma_k2, self.L, self.sigma_r2)

    def gain_floor(self, bits: np.ndarray) -> np.ndarray:
        """Beam-gain floors τ_k of (37b) for per-target MI requirements.

        τ_k is the beam gain aᴴ(θ_k)Ra(θ_k) that gives log2(1 + γ_k^s) = bits_k (eq. 37b); it is
        +inf above MAX_TARGET_BITS (spec §9).

        Parameters
        ----------
        bits : numpy.ndarray
            Per-target MI requirements, shape (K,), bits.

        Returns
        -------
        numpy.ndarray
            τ_k, float, shape (K,), watts.
        """
        bits = np.asarray(bits, dtype=float)
        with np.errstate(over="ignore"):
            tau = np.expm1(np.log(2.0) * np.minimum(bits, MAX_TARGET_BITS)) / self.echo_gain
        return np.where(bits > MAX_TARGET_BITS, np.inf, tau)


def reduced_dim(n_t: int, n_users: int, n_targets: int, sensing: Sensing, zf: bool,
                reduce: bool) -> int:
    """Dimension D of the solved problem (37).

    N_t at full size, else the size of span{h_i} (+ span{a_k} when targets enter a constraint),
    at most N_t.

    Parameters
    ----------
    n_t : int
        Number of transmit antennas N_t.
    n_users : int
        Number of users C.
    n_targets : int
        Number of targets K.
    sensing : {'beam', 'mi', 'none'}
        Sensing constraint of the variant.
    zf : bool
        Whether the cross-correlation constraints (20) are imposed (they involve the targets only
        when K > 1).
    reduce : bool
        Solve in the reduced span instead of at full size.

    Returns
    -------
    int
        D: min(N_t, C + K) when targets enter a constraint, else min(N_t, C); N_t when
        ``reduce`` is false.
    """
    uses_targets = sensing != "none" or (zf and n_targets > 1)
    return min(n_t, n_users + n_targets * uses_targets) if reduce else n_t


@dataclass
class Check:
    """Outcome of one feasibility test.

    Attributes
    ----------
    feasible : bool
        Whether the solver found a point that also passed the NumPy check.
    status : str
        'feasible', 'precheck_infeasible', 'infeasible', 'solver_error',
        'solver_<cvxpy status>' or 'check_failed'.
    R : numpy.ndarray or None
        Lifted transmit covariance, shape (N_t, N_t), watts, when feasible; else None.
    R_users : numpy.ndarray or None
        Lifted per-user matrices R_i, shape (C, N_t, N_t), watts, when feasible; else None.
    violation : float
        Largest relative violation from :func:`max_violation` (linear); NaN when the NumPy
        check did not run.
    """

    feasible: bool
    status: str
    R: np.ndarray | None = None
    R_users: np.ndarray | None = None
    violation: float = float("nan")


@dataclass
class Feasibility:
    """The compiled problem (37) for one (D, C, K, variant) and its parameters.

    Built by :func:`build_feasibility`; :meth:`load` sets the data of a channel draw and
    :meth:`check` tests one set of floors.

    Attributes
    ----------
    dim : int
        Dimension D of the solved variables.
    n_users : int
        Number of users C.
    n_targets : int
        Number of targets K.
    sensing : {'beam', 'mi', 'none'}
        Sensing constraint: per-target gain floors (37b), exact MI (13) or none.
    zf : bool
        Whether the cross-correlation constraints (20) are included.
    radar_streams : bool
        False forces R = Σ_i R_i (no probing streams).
    sinr_bound : {'per_user', 'merged'}
        What the SINR floors bound (:data:`SinrBound`).
    problem : cvxpy.Problem
        The compiled feasibility problem.
    compiled : Compiled
        Its fast Clarabel re-solve path (:class:`isac.core.cvx.Compiled`).
    X : cvxpy.Expression
        Normalised covariance X = UᴴRU/P, shape (D, D) (Σ_i X_i without radar streams).
    X_users : list of cvxpy.Variable
        Normalised per-user matrices X_i, C of them, each (D, D).
    p : dict
        cvxpy Parameters by name (lists of (D, D) matrices or one vector).
    U : numpy.ndarray or None
        Orthonormal basis of the loaded draw, complex, shape (N_t, D); None before loading.
    prob : MooProblem or None
        The loaded channel draw; None before loading.
    solves : int
        Number of solver calls so far.
    """

    dim: int
    n_users: int
    n_targets: int
    sensing: Sensing
    zf: bool
    radar_streams: bool
    sinr_bound: SinrBound
    problem: cp.Problem
    compiled: Compiled
    X: cp.Expression
    X_users: list[cp.Variable]
    p: dict[str, Any]                  # cvxpy Parameters (lists of matrices or one vector)
    U: np.ndarray | None = None
    prob: MooProblem | None = None
    solves: int = 0
    _scale: dict[str, np.ndarray] = field(default_factory=dict)

    def load(self, prob: MooProblem, U: np.ndarray) -> None:
        """Set the channel- and geometry-dependent parameters for ``prob`` in the basis U.

        Parameters
        ----------
        prob : MooProblem
            Channel draw with the compiled numbers of users and targets.
        U : numpy.ndarray
            Orthonormal basis, complex, shape (N_t, D).

        Raises
        ------
        ValueError
            If ``U`` or the number of users does not match the compiled problem.
        """
        if U.shape[1] != self.dim or prob.H.shape[1] != self.n_users:
            raise ValueError("problem size does not match the compiled feasibility problem")
        self.U, self.prob = U, prob
        h_norm = np.linalg.norm(prob.H, axis=0)
        h = U.conj().T @ prob.H / h_norm
        for i in range(self.n_users):
            self.p["hq"][i].value = np.outer(h[:, i].conj(), h[:, i])
        self._scale["noise"] = prob.sigma_c2 / (prob.P * h_norm ** 2)
        self._scale["ratio"] = (h_norm[None, :] / h_norm[:, None]) ** 2   # ‖h_k‖²/‖h_i‖²
        self._scale["sinr_max"] = prob.P * h_norm ** 2 / prob.sigma_c2
        a_norm = np.linalg.norm(prob.A, axis=0)
        a = U.conj().T @ prob.A / a_norm
        self._scale["gain"] = prob.P * a_norm ** 2
        if self.sensing == "beam":
            for k in range(self.n_targets):
                self.p["aq"][k].value = np.outer(a[:, k].conj(), a[:, k])
        if self.zf and self.n_targets > 1:
            pairs = np.array(list(combinations(range(self.n_targets), 2))).T
            for j, (k, m) in enumerate(pairs.T):
                self.p["xq"][j].value = np.outer(a[:, k].conj(), a[:, m])
            self.p["eps"].value = (1 - ZF_MARGIN) * prob.eps / (
                prob.P * a_norm[pairs[0]] * a_norm[pairs[1]])
        if self.sensing == "mi":
            self._load_mi(prob, a, a_norm)

    def _load_mi(self, prob: MooProblem, a: np.ndarray, a_norm: np.ndarray) -> None:
        # T_kl = σ_kσ_l (b_kᴴb_l)(a_lᴴ R a_k) = s · S̃_kl(X), s = P ‖a‖² ‖b‖², κ = L s / σ_r²
        sig = np.sqrt(prob.sigma_k2)
        bb = prob.B.conj().T @ prob.B
        s = prob.P * prob.tx_gain * prob.rx_gain
        w = np.outer(sig, sig) * bb * np.outer(a_norm, a_norm) * prob.P / s
        for j, (k, m) in enumerate(self._mi_pairs()):
            self.p["mq"][j].value = w[k, m] * np.outer(a[:, m].conj(), a[:, k])
        kappa = prob.L * s / prob.sigma_r2
        self.p["inv_kappa"].value = 1.0 / kappa
        self._scale["log_kappa"] = np.array([np.log(kappa)])
        self._scale["mi_max"] = np.array([np.sum(np.log2(1 + prob.echo_gain * prob.P * a_norm**2))])

    def _mi_pairs(self) -> list[tuple[int, int]]:
        return [(k, m) for k in range(self.n_targets) for m in range(k, self.n_targets)]

    def check(self, sinr_floor: np.ndarray, gain_floor: np.ndarray | None = None,
              mi_floor: float | None = None, solver: str = "CLARABEL") -> Check:
        """Is (37) feasible for the SINR floors f_i and the sensing floor?

        The sensing floor is τ_k for ``sensing='beam'`` and Λ_MI for ``'mi'``. Never raises on
        solver trouble: a solver failure or a point that fails :func:`max_violation` is returned as
        not feasible, with its status.

        Parameters
        ----------
        sinr_floor : numpy.ndarray
            SINR floors f_i, shape (C,), linear.
        gain_floor : numpy.ndarray, optional
            Beam-gain floors τ_k, shape (K,), watts; used when ``sensing='beam'``.
        mi_floor : float, optional
            Exact-MI floor Λ_MI, bits; used when ``sensing='mi'``.
        solver : str, default 'CLARABEL'
            cvxpy solver name.

        Returns
        -------
        Check
            The outcome, with the lifted R and R_i in watts when feasible.

        Raises
        ------
        ValueError
            If ``solver`` is SCS, which is not accurate enough for these tests (spec §9).
        """
        if solver.upper() == "SCS":
            raise ValueError("SCS is not accurate enough for the feasibility tests (spec §9)")
        prob, s = self.prob, self._scale
        f = np.asarray(sinr_floor, dtype=float)
        if np.any(~np.isfinite(f)) or np.any(f >= s["sinr_max"]):
            return Check(False, "precheck_infeasible")
        if self.sensing == "beam":
            tau = np.asarray(gain_floor, dtype=float)
            if np.any(~np.isfinite(tau)) or np.any(tau > s["gain"]):
                return Check(False, "precheck_infeasible")
            self.p["tau"].value = np.maximum(tau, 0.0) / s["gain"]
        if self.sensing == "mi":
            if not np.isfinite(mi_floor) or mi_floor > s["mi_max"][0]:
                return Check(False, "precheck_infeasible")
            self.p["mi_rhs"].value = mi_floor * np.log(2.0) - self.n_targets * s["log_kappa"][0]
        if self.n_users:
            self.p["g"].value, self.p["gn"].value = f, f * s["noise"]
            if self.sinr_bound == "merged":
                self.p["gm"].value = f[:, None] * s["ratio"]
        self.solves += 1
        status = self.compiled.solve() if solver == self.compiled.solver \
            else solve(self.problem, solver)
        if status == SOLVER_ERROR:
            return Check(False, SOLVER_ERROR)
        if status not in SOLVED:
            return Check(False, "infeasible" if "infeasible" in status else f"solver_{status}")
        U = self.U
        R = prob.P * U @ self.X.value @ U.conj().T
        R_users = np.stack([prob.P * U @ Xi.value @ U.conj().T for Xi in self.X_users]) \
            if self.n_users else np.zeros((0,) + R.shape, dtype=complex)
        v = max_violation(prob, R, R_users, f, gain_floor if self.sensing == "beam" else None,
                          mi_floor if self.sensing == "mi" else None, self.zf, self.radar_streams,
                          self.sinr_bound)
        if v > RTOL:
            return Check(False, "check_failed", violation=v)
        return Check(True, "feasible", R, R_users, v)


def build_feasibility(dim: int, n_users: int, n_targets: int, sensing: Sensing = "beam",
                      zf: bool = True, radar_streams: bool = True,
                      sinr_bound: SinrBound = "per_user") -> Feasibility:
    """Compile problem (37) in normalised variables X = Uᴴ R U / P, X_i likewise.

    The data are left unset; :meth:`Feasibility.load` fills them in for a channel draw.

    Parameters
    ----------
    dim : int
        Dimension D of the variables.
    n_users : int
        Number of users C.
    n_targets : int
        Number of targets K.
    sensing : {'beam', 'mi', 'none'}, default 'beam'
        'beam' = per-target gain floors (37b); 'mi' = exact MI (13) ≥ Λ_MI as a log-det
        constraint (MI-constrained benchmark); 'none' = no sensing constraint.
    zf : bool, default True
        Add the cross-correlation constraints (20).
    radar_streams : bool, default True
        False forces R = Σ_i R_i (no probing streams).
    sinr_bound : {'per_user', 'merged'}, default 'per_user'
        Floors on each SINR (37c), or on the merged lower bound
        h_iᴴX_ih_i ≥ f_i (Σ_k (‖h_k‖²/‖h_i‖²) ĥ_kᴴ(X − X_k)ĥ_k + σ_c²/(P‖h_i‖²)).

    Returns
    -------
    Feasibility
        The compiled problem with its parameters.
    """
    herm = {"hermitian": True}
    X_users = [cp.Variable((dim, dim), **herm) for _ in range(n_users)]
    cons: list[cp.Constraint] = [Xi >> 0 for Xi in X_users]
    if radar_streams or n_users == 0:
        X = cp.Variable((dim, dim), **herm)
        cons.append((X - sum(X_users) if n_users else X) >> 0)
    else:
        X = sum(X_users)
    cons.append(cp.real(cp.trace(X)) <= 1.0)
    cpar = {"complex": True}
    p: dict[str, Any] = {"hq": [cp.Parameter((dim, dim), **cpar) for _ in range(n_users)]}
    if n_users:
        p["g"], p["gn"] = cp.Parameter(n_users, nonneg=True), cp.Parameter(n_users, nonneg=True)
    if sinr_bound == "merged" and n_users:
        # s_i + Σ_k f_i (‖h_k‖²/‖h_i‖²) d_k ≥ f_i·n_i: the merged bound, one parameter matrix
        p["gm"] = cp.Parameter((n_users, n_users), nonneg=True)
        d_all = cp.Variable(n_users)
        cons += [d_all[k] == cp.real(cp.sum(cp.multiply(p["hq"][k], X_users[k] - X)))
                 for k in range(n_users)]
        cons += [cp.real(cp.sum(cp.multiply(p["hq"][i], X_users[i]))) + p["gm"][i] @ d_all
                 >= p["gn"][i] for i in range(n_users)]
    for i in range(n_users if sinr_bound == "per_user" else 0):
        # (37c) as s_i + f_i·d_i ≥ f_i·n_i with d_i = ĥᴴ(X_i − X)ĥ an auxiliary variable (DPP)
        d = cp.Variable()
        cons.append(d == cp.real(cp.sum(cp.multiply(p["hq"][i], X_users[i] - X))))
        s = cp.real(cp.sum(cp.multiply(p["hq"][i], X_users[i])))
        cons.append(s + p["g"][i] * d >= p["gn"][i])
    pairs = list(combinations(range(n_targets), 2))
    if zf and pairs:
        p["xq"] = [cp.Parameter((dim, dim), **cpar) for _ in pairs]
        p["eps"] = cp.Parameter(len(pairs), nonneg=True)
        cons += [cp.abs(cp.sum(cp.multiply(q, X))) <= p["eps"][j] for j, q in enumerate(p["xq"])]
    if sensing == "beam":
        p["aq"] = [cp.Parameter((dim, dim), **cpar) for _ in range(n_targets)]
        p["tau"] = cp.Parameter(n_targets, nonneg=True)
        cons += [cp.real(cp.sum(cp.multiply(q, X))) >= p["tau"][k] for k, q in enumerate(p["aq"])]
    elif sensing == "mi":
        idx = [(k, m) for k in range(n_targets) for m in range(k, n_targets)]
        p["mq"] = [cp.Parameter((dim, dim), **cpar) for _ in idx]
        p["inv_kappa"], p["mi_rhs"] = cp.Parameter(nonneg=True), cp.Parameter()
        entry = {km: cp.sum(cp.multiply(q, X)) for km, q in zip(idx, p["mq"], strict=True)}
        rows = [[entry[(k, m)] if k <= m else cp.conj(entry[(m, k)]) for m in range(n_targets)]
                for k in range(n_targets)]
        M = cp.bmat(rows) + p["inv_kappa"] * np.eye(n_targets)
        cons.append(cp.log_det(0.5 * (M + M.H)) >= p["mi_rhs"])
    problem = cp.Problem(cp.Minimize(0), cons)
    return Feasibility(dim, n_users, n_targets, sensing, zf, radar_streams, sinr_bound, problem,
                       Compiled(problem), X, X_users, p)


def max_violation(prob: MooProblem, R: np.ndarray, R_users: np.ndarray, sinr_floor: np.ndarray,
                  gain_floor: np.ndarray | None, mi_floor: float | None, zf: bool,
                  radar_streams: bool, sinr_bound: SinrBound = "per_user") -> float:
    """Largest relative violation of the constraints of (37) by (R, R_i), in NumPy (spec §9).

    Power and semidefiniteness relative to P; SINR, beam-gain and MI floors relative to the
    floor; cross-correlations relative to ε.

    Parameters
    ----------
    prob : MooProblem
        The channel draw.
    R : numpy.ndarray
        Transmit covariance, Hermitian, shape (N_t, N_t), watts.
    R_users : numpy.ndarray
        Per-user matrices R_i, shape (C, N_t, N_t), watts.
    sinr_floor : numpy.ndarray
        SINR floors f_i, shape (C,), linear; zero floors are not checked.
    gain_floor : numpy.ndarray or None
        Beam-gain floors τ_k, shape (K,), watts; None skips them.
    mi_floor : float or None
        Exact-MI floor Λ_MI, bits; None skips it.
    zf : bool
        Check the cross-correlation constraints (20).
    radar_streams : bool
        Check R − Σ_i R_i ⪰ 0.
    sinr_bound : {'per_user', 'merged'}, default 'per_user'
        Whether the floors apply to each SINR or to the merged lower bound.

    Returns
    -------
    float
        Largest relative violation (linear); ≤ 0 when every constraint holds.
    """
    v = [(np.real(np.trace(R)) - prob.P) / prob.P]
    rest = R - R_users.sum(axis=0) if radar_streams else None
    for Q in [*R_users, *([rest] if rest is not None else [])]:
        v.append(-np.linalg.eigvalsh(0.5 * (Q + Q.conj().T))[0] / prob.P)
    f = np.asarray(sinr_floor, dtype=float)
    if f.size:
        lifted = merged_sinr_bound if sinr_bound == "merged" else user_sinr_lifted
        sinr = lifted(prob.H, R, R_users, prob.sigma_c2)
        v.extend(np.where(f > 0, (f - sinr) / np.where(f > 0, f, 1.0), 0.0))
    X = cross_correlation(R, prob.A)
    if gain_floor is not None:
        tau = np.asarray(gain_floor, dtype=float)
        v.extend(np.where(tau > 0, (tau - np.real(np.diag(X))) / np.where(tau > 0, tau, 1.0), 0.0))
    if mi_floor is not None:
        v.append((mi_floor - prob.mi(R)) / max(mi_floor, 1.0))
    if zf and X.shape[0] > 1:
        v.append((np.max(np.abs(X[np.triu_indices(X.shape[0], 1)])) - prob.eps) / prob.eps)
    return float(np.max(v))
