"""Detection probability of a Gaussian target (kld_isac spec §4, eqs. 26 and 42–43).

The statistic of eq. (26) is Λ = (1/L) Σ_l y_lᴴ Q y_l. With S = g H R Hᴴ = U diag(s) Uᴴ and
R_1 = S + σ_n² I, every weighting used here is diagonal in the basis U, so all moments are
sums over the eigenvalues s_i and broadcast over seeds and SNR points.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.special import ndtri

from isac.core.comm import qfunc

Weighting = Literal["printed", "consistent"]
Variance = Literal["paper", "exact"]


def pd_kld_map(kld_bits: np.ndarray, p_fa: float) -> np.ndarray:
    """Calibrated detection probability Q(Q⁻¹(P_FA) − √KLD_r) (spec §4, default).

    Parameters
    ----------
    kld_bits : ndarray, shape (...)
        Radar KLD_r in bits; negative values are treated as 0.
    p_fa : float
        False-alarm probability P_FA.

    Returns
    -------
    ndarray, shape (...)
        P_D, a probability in [0, 1].
    """
    q = ndtri(1.0 - p_fa)
    return qfunc(q - np.sqrt(np.clip(kld_bits, 0.0, None)))


def glrt_weights(eigs: np.ndarray, sigma2: np.ndarray, weighting: Weighting) -> np.ndarray:
    """Eigenvalues of the weighting matrix Q of eq. (26), in the eigenbasis U of S.

    'printed': Q = I + R_1⁻¹ (as eq. 43 prints it). 'consistent': Q = σ_n⁻² I − R_1⁻¹, the
    log-likelihood-ratio weighting (spec §7 item 9).

    Parameters
    ----------
    eigs : ndarray, shape (..., N)
        Echo eigenvalues s_i of S = g H R Hᴴ, in watts.
    sigma2 : float or ndarray
        Noise power σ_n² in watts; broadcasts against ``eigs[..., 0]``.
    weighting : {'printed', 'consistent'}
        Which Q to use.

    Returns
    -------
    ndarray, shape (..., N)
        Eigenvalues of Q (broadcast shape of ``eigs`` and ``sigma2[..., None]``): in 1/W for
        'consistent'; 'printed' mixes units (1 + 1/W).

    Raises
    ------
    ValueError
        If ``weighting`` is unknown.
    """
    r1 = eigs + np.asarray(sigma2)[..., None]
    if weighting == "printed":
        return 1.0 + 1.0 / r1
    if weighting == "consistent":
        return 1.0 / np.asarray(sigma2)[..., None] - 1.0 / r1
    raise ValueError(f"unknown weighting {weighting!r}")


def glrt_moments(eigs: np.ndarray, sigma2: np.ndarray, L: int, weighting: Weighting,
                 variance: Variance = "paper") -> tuple[np.ndarray, ...]:
    """Means and standard deviations (μ0, σ0, μ1, σ1) of Λ under H0 and H1 (eqs. 42–43).

    'paper' uses σ1² = σ0² + 2σ_n²Δμ/L as printed; 'exact' uses tr((R_1 Q)²)/L.

    Parameters
    ----------
    eigs : ndarray, shape (..., N)
        Echo eigenvalues s_i of S = g H R Hᴴ, in watts.
    sigma2 : float or ndarray
        Noise power σ_n² in watts; broadcasts against ``eigs[..., 0]``.
    L : int
        Snapshots per sensing frame.
    weighting : {'printed', 'consistent'}
        Weighting Q of :func:`glrt_weights`.
    variance : {'paper', 'exact'}, default 'paper'
        Model of σ1².

    Returns
    -------
    tuple of 4 ndarray
        μ0, σ0, μ1, σ1, each with the broadcast shape of ``eigs[..., 0]`` and ``sigma2``, in
        the units of Λ (dimensionless for 'consistent').

    Raises
    ------
    ValueError
        If ``weighting`` or ``variance`` is unknown.
    """
    s2 = np.asarray(sigma2)[..., None]
    w = glrt_weights(eigs, sigma2, weighting)
    mu0 = np.sum(s2 * w, axis=-1)
    var0 = np.sum((s2 * w) ** 2, axis=-1) / L
    dmu = np.sum(eigs * w, axis=-1)
    if variance == "paper":
        var1 = var0 + 2.0 * s2[..., 0] * dmu / L
    elif variance == "exact":
        var1 = np.sum(((eigs + s2) * w) ** 2, axis=-1) / L
    else:
        raise ValueError(f"unknown variance model {variance!r}")
    return mu0, np.sqrt(var0), mu0 + dmu, np.sqrt(var1)


def pd_gauss_glrt(eigs: np.ndarray, sigma2: np.ndarray, L: int, p_fa: float,
                  weighting: Weighting = "printed", variance: Variance = "paper") -> np.ndarray:
    """Gaussian-approximation P_D of eqs. (42)–(43): threshold τ = μ0 + Q⁻¹(P_FA) σ0.

    Parameters
    ----------
    eigs : ndarray, shape (..., N)
        Echo eigenvalues s_i of S = g H R Hᴴ, in watts.
    sigma2 : float or ndarray
        Noise power σ_n² in watts; broadcasts against ``eigs[..., 0]``.
    L : int
        Snapshots per sensing frame.
    p_fa : float
        False-alarm probability P_FA.
    weighting : {'printed', 'consistent'}, default 'printed'
        Weighting Q of :func:`glrt_weights`.
    variance : {'paper', 'exact'}, default 'paper'
        Model of σ1² (see :func:`glrt_moments`).

    Returns
    -------
    ndarray
        P_D = Q((τ − μ1)/σ1), a probability in [0, 1], with the broadcast shape of
        ``eigs[..., 0]`` and ``sigma2``.
    """
    mu0, sd0, mu1, sd1 = glrt_moments(eigs, sigma2, L, weighting, variance)
    tau = mu0 + ndtri(1.0 - p_fa) * sd0
    return qfunc((tau - mu1) / sd1)
