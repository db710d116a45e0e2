"""Unit conversions at the configuration boundary."""

from __future__ import annotations

import numpy as np


def db_to_linear(x_db: float | np.ndarray) -> np.ndarray:
    """Convert decibels to a linear ratio, 10^(x/10), element-wise.

    Parameters
    ----------
    x_db : float or numpy.ndarray, shape (...)
        Value x in dB.

    Returns
    -------
    numpy.ndarray, float, shape (...)
        Linear value 10^(x/10).
    """
    return 10.0 ** (np.asarray(x_db, dtype=float) / 10.0)


def dbm_to_watt(p_dbm: float | np.ndarray) -> np.ndarray:
    """Convert a power from dBm to watts, P[W] = 10^((P[dBm] − 30)/10), element-wise.

    Parameters
    ----------
    p_dbm : float or numpy.ndarray, shape (...)
        Power in dBm.

    Returns
    -------
    numpy.ndarray, float, shape (...)
        Power in watts.
    """
    return 10.0 ** ((np.asarray(p_dbm, dtype=float) - 30.0) / 10.0)
