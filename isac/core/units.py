"""Unit conversions at the configuration boundary."""

from __future__ import annotations

import numpy as np


def db_to_linear(x_db: float | np.ndarray) -> np.ndarray:
    """10^(x/10), element-wise."""
    return 10.0 ** (np.asarray(x_db, dtype=float) / 10.0)


def dbm_to_watt(p_dbm: float | np.ndarray) -> np.ndarray:
    """P[W] = 10^((P[dBm] − 30)/10), element-wise."""
    return 10.0 ** ((np.asarray(p_dbm, dtype=float) - 30.0) / 10.0)
