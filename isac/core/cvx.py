"""The one convex-solve helper: solver options, fallbacks and status mapping.

Every convex problem of the package is solved through :func:`solve`, with one solver thread
(parallelism comes from jobs; it also keeps results reproducible). Two faster paths feed
Clarabel directly with the same data cvxpy would:

* :class:`Compiled` — a parametrised (DPP) problem re-solved many times with new parameter
  values (mi_moo's feasibility tests, WMMSE-SDR's iterations). cvxpy's reductions run once;
  each solve computes the conic data from the parameter values with cvxpy's own compiled
  tensors, calls Clarabel and maps the primal solution back through cvxpy's reductions
  without the dual recovery. Its first solve is checked against :func:`solve` and any
  mismatch (or a cvxpy outside :data:`FAST_CVXPY`) switches it to the plain path for good.
* :func:`linear_program` — small linear programs solved per sample, in standard conic form
  (4× faster on a 9-variable LP; a test checks it against cvxpy and scipy's HiGHS).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import clarabel
import cvxpy as cp
import numpy as np
import scipy.sparse as sp
from cvxpy import settings as cps
from cvxpy.lin_ops.lin_op import CONSTANT_ID
from cvxpy.reductions.complex2real.complex2real import Complex2Real
from cvxpy.reductions.cvx_attr2constr import CvxAttr2Constr, lower_value
from cvxpy.reductions.reduction import Reduction
from cvxpy.reductions.solution import Solution, failure_solution
from cvxpy.reductions.solvers.conic_solvers.clarabel_conif import CLARABEL, dims_to_solver_cones

#: options every solve of a solver gets
BASE_OPTIONS: dict[str, dict[str, Any]] = {"CLARABEL": {"max_threads": 1}}
#: cvxpy statuses whose solution is used (acceptance is then the caller's own check)
SOLVED = ("optimal", "optimal_inaccurate")
#: the status when every attempt raised
SOLVER_ERROR = "solver_error"


def solve(problem: cp.Problem, solver: str = "CLARABEL",
          attempts: Sequence[dict[str, Any]] = ({},)) -> str:
    """Solve a cvxpy problem, trying option sets in turn until one runs without raising.

    Each option set of ``attempts`` is applied on top of :data:`BASE_OPTIONS`. cvxpy's accuracy
    warnings are silenced: an ``optimal_inaccurate`` status is returned as such.

    Parameters
    ----------
    problem : cvxpy.Problem
        The problem; solved in place.
    solver : str, optional
        cvxpy solver name, default ``"CLARABEL"``.
    attempts : sequence of dict, optional
        Solver option sets, tried in order; default one attempt with no extra options.

    Returns
    -------
    str
        cvxpy status of the first attempt that did not raise, or :data:`SOLVER_ERROR` when
        every attempt raised.
    """
    for options in attempts:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                problem.solve(solver=solver, **(BASE_OPTIONS.get(solver, {}) | options))
        except (cp.SolverError, ValueError, ArithmeticError):
            continue
        except BaseException as exc:
            if not is_panic(exc):
                raise
            continue
        return problem.status
    return SOLVER_ERROR


#: cvxpy releases whose internals :class:`Compiled` uses (the compiled parameter tensors of
#: ``ParamConeProg``, the real/imaginary parameter split of ``Complex2Real``, the reductions'
#: ``invert``); under any other release it takes the plain path
FAST_CVXPY = ("1.9.",)
#: relative agreement of :class:`Compiled`'s first fast solve with the plain path (statuses
#: must match; objective and variables within this, relative to their largest magnitude)
CHECK_RTOL = 1e-8


class Compiled:
    """A parametrised (DPP) problem compiled once for Clarabel and re-solved directly.

    cvxpy's reductions run once, at construction. Each :meth:`solve` builds the conic data
    (P, q, A, b) from the current Parameter values with cvxpy's compiled tensors, re-uses the
    cached Clarabel solver exactly as cvxpy's interface does (data update, settings carried
    over), and maps the primal solution back by a linear map probed once through the
    reductions (:class:`_PrimalMap`; duals are not recovered); it sets ``problem.status``,
    ``.value`` and every variable's value as cvxpy would, bit for bit. This skips cvxpy's
    per-solve work (parameter validation, data re-assembly, dual recovery): ≈ 45 % of a
    mi_moo feasibility test.

    The first solve runs both paths and compares them; on any mismatch, on an error inside the
    fast path, for another solver, or under a cvxpy release outside :data:`FAST_CVXPY`, every
    solve takes :func:`solve` (the reason is in :attr:`fallback`, and a warning is issued).

    Parameters
    ----------
    problem : cvxpy.Problem
        A DPP problem; its Parameters are set by the caller before each :meth:`solve`.
    solver : str, optional
        cvxpy solver name, default ``"CLARABEL"``; the fast path exists only for Clarabel.

    Attributes
    ----------
    problem : cvxpy.Problem
        The problem solved in place.
    fallback : str or None
        Why the plain path is used, or None while the fast path is in use.
    """

    def __init__(self, problem: cp.Problem, solver: str = "CLARABEL") -> None:
        self.problem, self.solver = problem, solver
        self.fallback: str | None = None
        self._checked = False
        if solver != "CLARABEL":
            self.fallback = f"no fast path for {solver}"
        elif not cp.__version__.startswith(FAST_CVXPY):
            self.fallback = f"cvxpy {cp.__version__} is not in FAST_CVXPY {FAST_CVXPY}"
        else:
            try:
                self._compile()
            except Exception as exc:        # cvxpy's internals differ: the plain path is right
                self._fall_back(f"compile failed: {exc!r}")

    def _compile(self) -> None:
        data, chain, inverse = self.problem.get_problem_data(cp.CLARABEL)
        prog = data[cps.PARAM_PROB]
        if prog.lb_tensor is not None or prog.ub_tensor is not None:
            raise NotImplementedError("variable bounds")
        self._invert = list(zip(chain.reductions[:-1], inverse[:-1], strict=True))[::-1]
        self._var_id = inverse[-1][CLARABEL.VAR_ID]
        self._cones = dims_to_solver_cones(data[CLARABEL.DIMS])
        n = prog.x.size
        self._P = sp.triu(sp.csc_array((n, n))).tocsc()
        if prog.P is not None:              # quadratic objective: P = csc(P_mat @ params, ...)
            prog.reduced_P.cache()
            self._P_mat, self._P_index = (prog.reduced_P.reduced_mat,
                                          prog.reduced_P.problem_data_index)
            if self._P_index is None:
                raise NotImplementedError("an empty quadratic term")
        else:
            self._P_mat = None
        self._params = self.problem.parameters()
        self._maps = [_parameter_map(r) for r in chain.reductions[:-1]
                      if type(r).update_parameters is not Reduction.update_parameters]
        # [A | b] = csc(reduced_mat @ params, indices, indptr): cvxpy's own fixed pattern
        prog.reduced_A.cache()
        self._reduced, self._q = prog.reduced_A.reduced_mat, prog.q
        indices, indptr, (m, _) = prog.reduced_A.problem_data_index
        self._A_index = (indices[: indptr[n]], indptr[: n + 1], (m, n))
        self._b_rows, self._m = indices[indptr[n]:], m
        self._columns = [(col, 1 if pid == CONSTANT_ID else prog.param_id_to_size[pid], pid)
                         for pid, col in prog.param_id_to_col.items()]
        self._n_param = prog.total_param_size + 1
        self._primal = _PrimalMap(self._invert_primal, n, self.problem.variables())
        if not self._primal.exact:
            raise NotImplementedError("a variable that is not a copy of the solver's entries")

    def _invert_primal(self, x: np.ndarray) -> dict[int, np.ndarray]:
        solution = Solution(cps.OPTIMAL, 0.0, {self._var_id: x}, {}, {})
        for reduction, inverse in self._invert:
            solution = reduction.invert(solution, inverse)
        return solution.primal_vars

    def _data(self) -> tuple[sp.csc_array, np.ndarray, float, sp.csc_array, np.ndarray]:
        """Clarabel's (P, q, objective offset, A, b) for the current Parameter values."""
        values = self._param_values()
        vec = np.zeros(self._n_param)
        for col, size, pid in self._columns:
            vec[col:col + size] = 1.0 if pid == CONSTANT_ID else \
                np.asarray(values[pid]).flatten(order="F")
        flat = self._reduced @ vec
        indices, indptr, shape = self._A_index
        A = sp.csc_array((-flat[: indptr[-1]], indices, indptr), shape=shape)
        b = np.zeros(self._m)
        b[self._b_rows] = flat[indptr[-1]:]
        q = np.asarray(self._q @ vec).ravel()
        P = self._P if self._P_mat is None else \
            sp.triu(sp.csc_array((self._P_mat @ vec, *self._P_index[:2]),
                                 shape=self._P_index[2])).tocsc()
        return P, q[:-1], float(q[-1]), A, b

    def _fall_back(self, reason: str) -> None:
        self.fallback = reason
        warnings.warn(f"isac.core.cvx.Compiled: plain cvxpy path from now on ({reason})",
                      RuntimeWarning, stacklevel=3)

    def solve(self, attempts: Sequence[dict[str, Any]] = ({},)) -> str:
        """Solve with the current Parameter values, trying option sets as :func:`solve` does.

        Parameters
        ----------
        attempts : sequence of dict, optional
            Solver option sets, tried in order until one returns a status other than a solver
            error; default one attempt with no extra options.

        Returns
        -------
        str
            cvxpy status, or :data:`SOLVER_ERROR` when every attempt failed.
        """
        if self.fallback is not None:
            return solve(self.problem, self.solver, attempts)
        try:
            if not self._checked:
                self.problem._solver_cache.pop("CLARABEL", None)
            status = self._solve_fast(attempts)
        except Exception as exc:            # never let the fast path lose a solve
            self._fall_back(f"solve failed: {exc!r}")
            return solve(self.problem, self.solver, attempts)
        if not self._checked:              # both from a fresh solver, so they must agree
            self._checked = True
            mine = self._snapshot()
            self.problem._solver_cache.pop("CLARABEL", None)
            status_plain = solve(self.problem, self.solver, attempts)
            problem = _mismatch(mine, status, self._snapshot(), status_plain)
            if problem:
                self._fall_back(f"first solve differs from cvxpy's: {problem}")
            return status_plain
        return status

    def _solve_fast(self, attempts: Sequence[dict[str, Any]]) -> str:
        P, c, d, A, b = self._data()
        cache = self.problem._solver_cache     # shared with the plain path, as cvxpy keeps it
        for options in attempts:
            opts = BASE_OPTIONS["CLARABEL"] | options
            try:
                solver = self._updated(cache.get("CLARABEL"), opts, P, c, A, b) or \
                    clarabel.DefaultSolver(P, c, A, b, self._cones,
                                           CLARABEL.parse_solver_opts(False, opts))
                result = solver.solve()
            except (ValueError, ArithmeticError):
                continue
            except BaseException as exc:
                if not is_panic(exc):
                    raise
                continue
            cache["CLARABEL"] = solver
            status = CLARABEL.STATUS_MAP.get(str(result.status), cps.SOLVER_ERROR)
            if status in cps.ERROR:
                continue
            self._unpack(status, result, d)
            return status
        return SOLVER_ERROR

    @staticmethod
    def _updated(solver: Any, opts: dict[str, Any], P: sp.csc_array, c: np.ndarray,
                 A: sp.csc_array, b: np.ndarray) -> Any:
        """The cached solver with new data and options, or None, exactly as cvxpy's Clarabel
        interface re-uses it (warm start: same factorisation pattern, settings carried over)."""
        if solver is None or not solver.is_data_update_allowed():
            return None
        try:
            solver.update(P=P, q=c, A=A, b=b,
                          settings=CLARABEL.parse_solver_opts(False, opts, solver.get_settings()))
        except Exception:                   # another sparsity pattern: cvxpy builds a new one
            return None
        return solver

    def _param_values(self) -> dict[int, np.ndarray]:
        """Values of the compiled problem's parameters by id, passed through the reductions
        that transform parameters as their ``update_parameters`` would."""
        values = {p.id: np.asarray(p.value) for p in self._params}
        for transform in self._maps:
            transform(values)
        return values

    def _unpack(self, status: str, result: Any, offset: float) -> None:
        if status in cps.SOLUTION_PRESENT:
            solution = Solution(status, result.obj_val + offset, self._primal(np.array(result.x)),
                                {}, {})
        else:                               # infeasible or unbounded: the reductions' own invert
            solution = failure_solution(status)
            for reduction, inverse in self._invert:
                solution = reduction.invert(solution, inverse)
        self.problem.unpack(solution)

    def _snapshot(self) -> dict[str, Any]:
        return {"value": self.problem.value,
                **{f"var{v.id}": None if v.value is None else np.array(v.value)
                   for v in self.problem.variables()}}


def _parameter_map(reduction: Reduction) -> Any:
    """The parameter transform of one reduction, as a function updating {id: value} in place.

    Mirrors ``update_parameters`` of the two reductions that transform parameters in a
    Clarabel chain: Complex2Real splits a complex parameter into real and imaginary parameters
    (of a Hermitian one the strict upper triangle), CvxAttr2Constr keeps the upper triangle of
    a symmetric one. Any other transforming reduction raises NotImplementedError, which makes
    :class:`Compiled` take the plain path.
    """
    if isinstance(reduction, Complex2Real):
        parts = {} if reduction.canon_methods is None else reduction.canon_methods._parameters

        def split(values: dict[int, np.ndarray]) -> None:
            for param, (real, imag) in parts.items():
                value = values[param.id]
                if real is not None:
                    values[real.id] = np.real(value)
                if imag is not None:
                    im = np.imag(value)
                    values[imag.id] = im[np.triu_indices(im.shape[0], 1)] \
                        if param.is_hermitian() else im
        return split
    if isinstance(reduction, CvxAttr2Constr):
        lowered = reduction._parameters

        def lower(values: dict[int, np.ndarray]) -> None:
            for param, reduced in lowered.items():
                if param.id in values:
                    values[reduced.id] = lower_value(param, values[param.id])
        return lower
    raise NotImplementedError(f"parameters transformed by {type(reduction).__name__}")


class _PrimalMap:
    """The linear map from Clarabel's x to the problem's variable values, found by probing.

    cvxpy's reductions map x to each variable's entries by copying one entry of x, possibly
    with a sign or scale (vectorised upper triangles, real and imaginary parts). Two random
    probes through the reductions identify, for every real output, the one entry of x it
    copies and the factor (from the ratio of the two probes); a third probe verifies the whole
    map. If any output is not such a copy, :attr:`exact` is False and :class:`Compiled` takes
    the plain path.

    Parameters
    ----------
    invert : callable
        x (shape (n,)) → {variable id: value} through the reductions.
    n : int
        Length of x.
    variables : list of cvxpy.Variable
        The problem's variables.
    """

    def __init__(self, invert: Any, n: int, variables: list[cp.Variable]) -> None:
        rng = np.random.default_rng(0)
        probes = rng.uniform(1.0, 2.0, size=(3, n))
        outs = [invert(x) for x in probes]
        self._vars = [(v.id, v.shape, np.iscomplexobj(outs[0][v.id])) for v in variables]
        rows = [self._real(out) for out in outs]
        ratio = probes[0] / probes[1]
        order = np.argsort(ratio)
        with np.errstate(divide="ignore", invalid="ignore"):
            out_ratio = np.where(rows[1] != 0, rows[0] / rows[1], 0.0)
        pos = np.clip(np.searchsorted(ratio[order], out_ratio), 1, n - 1) if n > 1 \
            else np.zeros(out_ratio.shape, dtype=int)
        near = np.where(np.abs(ratio[order][pos - 1] - out_ratio)
                        < np.abs(ratio[order][pos] - out_ratio), pos - 1, pos) if n > 1 else pos
        self._index = np.where(rows[0] != 0, order[near], 0)
        self._factor = np.where(rows[0] != 0, rows[0] / probes[0][self._index], 0.0)
        self.exact = bool(np.allclose(self._factor * probes[2][self._index], rows[2],
                                      rtol=1e-12, atol=0.0))

    def _real(self, primal: dict[int, np.ndarray]) -> np.ndarray:
        """Every variable's entries as one real vector (real parts, then imaginary parts)."""
        parts = []
        for vid, _, cplx in self._vars:
            value = np.asarray(primal[vid]).ravel(order="F")
            parts += [np.real(value), np.imag(value)] if cplx else [value]
        return np.concatenate(parts) if parts else np.zeros(0)

    def __call__(self, x: np.ndarray) -> dict[int, np.ndarray]:
        flat = self._factor * x[self._index]
        values, start = {}, 0
        for vid, shape, cplx in self._vars:
            size = int(np.prod(shape, dtype=int))
            value = flat[start:start + size]
            start += size
            if cplx:
                value = value + 1j * flat[start:start + size]
                start += size
            values[vid] = value.reshape(shape, order="F")
        return values


def _mismatch(a: dict[str, Any], status_a: str, b: dict[str, Any], status_b: str) -> str:
    """What differs between two solves' snapshots (empty when they agree to CHECK_RTOL)."""
    if status_a != status_b:
        return f"status {status_a} vs {status_b}"
    for key in a:
        x, y = a[key], b[key]
        if (x is None) != (y is None):
            return f"{key} set in one solve only"
        if x is None:
            continue
        x, y = np.asarray(x, dtype=complex), np.asarray(y, dtype=complex)
        if not np.all(np.isfinite(x) == np.isfinite(y)):
            return f"{key} finite in one solve only"
        finite = np.isfinite(x)
        scale = max(1.0, float(np.max(np.abs(y[finite]), initial=0.0)))
        if np.max(np.abs(x - y)[finite], initial=0.0) > CHECK_RTOL * scale:
            return f"{key} differs by {np.max(np.abs(x - y)[finite]):.3g}"
    return ""


def is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a solver's Rust panic (pyo3's ``PanicException``, e.g. Clarabel's).

    pyo3 derives it from ``BaseException``, so ``except Exception`` misses it and it would end
    the job; it is recognised by name because pyo3 creates its class only at the first panic.
    """
    return type(exc).__name__ == "PanicException"


def failure(status: str) -> str | None:
    """Map a solve status to the failure status to record, if any.

    Parameters
    ----------
    status : str
        Status returned by :func:`solve`.

    Returns
    -------
    str or None
        None for a solved status (:data:`SOLVED`); otherwise the status row to record:
        ``solver_error`` or ``solver_<cvxpy status>``.
    """
    if status in SOLVED:
        return None
    return status if status == SOLVER_ERROR else f"solver_{status}"


#: Clarabel statuses of :func:`linear_program`, mapped to cvxpy's names
_CLARABEL_STATUS = {"Solved": "optimal", "AlmostSolved": "optimal_inaccurate",
                    "PrimalInfeasible": "infeasible", "AlmostPrimalInfeasible": "infeasible",
                    "DualInfeasible": "unbounded", "AlmostDualInfeasible": "unbounded"}


def linear_program(c: np.ndarray, A_ub: np.ndarray, b_ub: np.ndarray,
                   A_eq: np.ndarray | None = None, b_eq: np.ndarray | None = None
                   ) -> tuple[np.ndarray | None, str]:
    """Minimise cᵀx subject to A_ub x ≤ b_ub and A_eq x = b_eq, with Clarabel directly.

    Parameters
    ----------
    c : ndarray, shape (n,)
        Cost vector.
    A_ub, b_ub : ndarray, shapes (m, n), (m,)
        Inequality rows (bounds such as x ≥ 0 included by the caller as −I x ≤ 0).
    A_eq, b_eq : ndarray, shapes (e, n), (e,), optional
        Equality rows.

    Returns
    -------
    x : ndarray, shape (n,), or None
        The minimiser when the status is solved (:data:`SOLVED`).
    status : str
        In cvxpy's vocabulary: ``optimal``, ``optimal_inaccurate``, ``infeasible``,
        ``unbounded``, ``solver_<Clarabel status>`` (e.g. iteration limits), or
        :data:`SOLVER_ERROR` when the solver panicked.
    """
    n = c.shape[0]
    blocks, rhs, cones = [], [], []
    if A_eq is not None and len(A_eq):
        blocks.append(A_eq)
        rhs.append(b_eq)
        cones.append(clarabel.ZeroConeT(A_eq.shape[0]))
    blocks.append(A_ub)
    rhs.append(b_ub)
    cones.append(clarabel.NonnegativeConeT(A_ub.shape[0]))
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_threads = 1
    try:
        solver = clarabel.DefaultSolver(sp.csc_matrix((n, n)), np.asarray(c, dtype=float),
                                        sp.csc_matrix(np.vstack(blocks)), np.concatenate(rhs),
                                        cones, settings)
        solution = solver.solve()
    except BaseException as exc:
        if not is_panic(exc):
            raise
        return None, SOLVER_ERROR
    status = _CLARABEL_STATUS.get(str(solution.status), f"solver_{solution.status}")
    return (np.array(solution.x) if status in SOLVED else None), status
