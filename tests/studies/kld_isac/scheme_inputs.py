"""One draw of the kld_isac model at 18 dB, from the study's config (shared by the scheme
tests)."""

from __future__ import annotations

import numpy as np

from isac.config import load
from isac.studies.kld_isac.model import at_point, draw_channels
from isac.workspace import ROOT


def model_point(scenario: str, x: float = 18.0, seed: int = 3):
    """(model at x, the scenario's scheme options by name, one draw) of ``scenario``."""
    cfg = load(ROOT, {"scale": "paper"})["studies"]["kld_isac"]["scenarios"][scenario]
    p = cfg["model"]
    draw = {k: v[0] for k, v in draw_channels(p, [np.random.default_rng(seed)]).items()}
    return at_point(p, x), cfg["options"], draw


def power(R_r: np.ndarray, W_c: np.ndarray) -> tuple[float, float]:
    """(radar power Σ_t tr R_{r,t}, precoder power ‖W_c‖_F²) in watts."""
    return float(np.trace(R_r, axis1=-2, axis2=-1).real.sum()), float(np.vdot(W_c, W_c).real)
