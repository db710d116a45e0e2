"""The result type of the iterative optimisers (one type for every method, as in
scipy.optimize's ``OptimizeResult``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

#: statuses of a usable design: converged, or stopped at the iteration cap
USABLE = ("converged", "max_iter")


@dataclass
class OptimResult:
    """Outcome of one optimiser run.

    Attributes
    ----------
    design : dict of str to ndarray
        The final variables, e.g. ``W_r`` (T, N, n) and ``W_c`` (N, K), complex.
    history : ndarray, shape (iterations + 1,)
        Objective after each iteration, the starting point first (units of the objective).
    violation : float
        Constraint violation of the final design: the quadratic penalty Σ [bound − value]_+²
        of its inequality constraints (0 when feasible), in the constraints' units squared.
    iterations : int
        Iterations run.
    status : str
        ``"converged"``, ``"max_iter"`` or a failure (e.g. ``"line_search"``, ``"not_finite"``).
    runtime_s : float
        Wall-clock time of the run, seconds.
    extra : dict
        Method-specific records (e.g. the final penalty weight ρ).
    trace : ndarray, shape (iterations + 1,), or None
        A caller's quantity of each iterate, the start first (:class:`Trace`), e.g. KLD_ISAC
        for J Fig. 7b; None when the run had no monitor.
    """

    design: dict[str, np.ndarray]
    history: np.ndarray
    violation: float
    iterations: int
    status: str
    runtime_s: float
    extra: dict = field(default_factory=dict)
    trace: np.ndarray | None = None

    @property
    def usable(self) -> bool:
        """Whether the design is valid for the metrics (converged or capped, and finite)."""
        return self.status in USABLE and all(np.isfinite(v).all() for v in self.design.values())


class Trace:
    """Records ``monitor(W)`` of the start and of every accepted iterate of a run (nothing,
    at no cost, without a monitor).

    Parameters
    ----------
    monitor : callable or None
        W -> float, a quantity to follow (it may differ from the method's objective).
    W0 : ndarray
        The starting point.
    """

    def __init__(self, monitor: Callable[[np.ndarray], float] | None, W0: np.ndarray):
        self.monitor = monitor
        self.values = [monitor(W0)] if monitor else []

    def record(self, W: np.ndarray) -> None:
        """Add the quantity of the iterate W."""
        if self.monitor:
            self.values.append(self.monitor(W))

    def result(self) -> np.ndarray | None:
        """The recorded values, shape (records,), or None without a monitor."""
        return np.asarray(self.values, dtype=float) if self.monitor else None
