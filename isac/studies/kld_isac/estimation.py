"""MSE of the target-response estimate (J eq. 24; kld_isac spec §4).

After the detector's decision the radar estimates H_t by least squares (J eq. 23) when it
declares a target, and sets Ĥ_t = 0 otherwise. With p(H1) = 1/2, eq. (24) averages the three
error cases:

    MSE_t = ½ [(1 − P_D) MSE_01 + P_D MSE_11] + ½ P_FA MSE_10,
    MSE_11 = MSE_10 = N σ_n² / (g_{r,t} P),   MSE_01 = E‖H_t‖_F² = N² σ_H²,

with the spec §7 fixes (MSE_01 is the energy of H_t, not N² σ_n²; the path loss enters the LS
error). P is the power of the known signal the estimate divides out; which power that is, is
a reading (docs/studies/kld_isac.md, Fig. 6): the whole transmit power (the radar knows the
communication symbols: communication-assisted sensing) or the radar power alone, J's P_r.
"""

from __future__ import annotations

import numpy as np


def mse_target(pd: np.ndarray, power: np.ndarray, sigma2: np.ndarray, gain: np.ndarray,
               N: int, sigma_H2: float, p_fa: float) -> np.ndarray:
    """MSE of the target-response estimate per target, eq. (24).

    Parameters
    ----------
    pd : ndarray, shape (S, X, T)
        Detection probability P_{D,t}.
    power : ndarray, shape (S, X', 1) or (S, X', T)
        Power P of the known signal the LS estimate uses, in watts (X' = 1 or X); zero
        power gives an infinite MSE_11.
    sigma2 : ndarray, shape (X,)
        Noise power σ_n² in watts.
    gain : ndarray, shape (T,)
        Radar path loss g_{r,t}, linear.
    N : int
        Antennas (H_t is N × N).
    sigma_H2 : float
        Variance of the entries of H_t.
    p_fa : float
        False-alarm probability.

    Returns
    -------
    ndarray, shape (S, X, T)
        MSE_t in the units of ‖H_t‖_F² (dimensionless).
    """
    with np.errstate(divide="ignore"):
        mse_detect = N * sigma2[None, :, None] / (gain * power)       # MSE_11 = MSE_10
    miss = N**2 * sigma_H2                                             # MSE_01
    return 0.5 * ((1.0 - pd) * miss + pd * mse_detect) + 0.5 * p_fa * mse_detect
