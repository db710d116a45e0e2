"""Monte-Carlo ROC of the GLRT of eq. (26) (J; C's ROC figures; spec §4, "GLRT statistic for
Monte-Carlo ROC"), the diagnostic overlay of C Fig. 3.

Per frame of L snapshots the BS sends x_l = V_t s_l (V_t V_tᴴ = R_t: the radar beam(s) with
random unit-modulus radar symbols and the precoder with QPSK symbols), receives
Y = q √g H_t X + N under hypothesis q ∈ {0, 1}, estimates H_t by least squares,
Ĥ = Y Xᴴ (X Xᴴ)^† / √g, and forms the consistent log-likelihood-ratio statistic (spec §7
item 9) Λ = (1/L) Σ_l y_lᴴ (σ⁻² I − R̂_1⁻¹) y_l with R̂_1 = g Ĥ R̂ Ĥᴴ + σ² I, R̂ = X Xᴴ/L.

Structure used: g Ĥ R̂ Ĥᴴ = (1/L) Z Zᴴ with Z = Y Q, Q (L × r) an orthonormal basis of the row
space of X (r = rank of R_t), so by the matrix inversion lemma
Λ = tr(M⁻¹ A Aᴴ)/(L σ²) with A = Zᴴ Y (r × L) and M = L σ² I + Zᴴ Z: r × r work per frame.
"""

from __future__ import annotations

import numpy as np

from isac.core.channels import complex_gaussian
from isac.core.linalg import psd_factor


def transmit_factor(R: np.ndarray, W_c: np.ndarray) -> np.ndarray:
    """Columns V = [radar streams, W_c] with V Vᴴ = R_r + W_c W_cᴴ: the non-zero columns of
    the PSD factor of the radar covariance (:func:`isac.core.linalg.psd_factor`), then W_c.

    Parameters
    ----------
    R : ndarray, complex, shape (N, N)
        Radar covariance R_{r,t} in watts.
    W_c : ndarray, complex, shape (N, K)
        Precoder in √W.

    Returns
    -------
    ndarray, complex, shape (N, n + K)
        n = rank of R_r radar streams, then the K precoder columns.
    """
    F = psd_factor(R)
    return np.concatenate([F[:, np.any(F != 0, axis=0)], W_c], axis=1)


def statistics(rng: np.random.Generator, H: np.ndarray, V: np.ndarray, n_radar: int,
               gain: float, sigma2: float, L: int, frames: int, present: bool) -> np.ndarray:
    """The GLRT statistic Λ of ``frames`` independent frames under H0 or H1.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the symbols and the noise.
    H : ndarray, complex, shape (N, N)
        Target response H_t.
    V : ndarray, complex, shape (N, r)
        Transmit factor of :func:`transmit_factor`.
    n_radar : int
        Radar streams among V's columns (random-phase symbols); the rest carry QPSK.
    gain : float
        Power path loss g_{r,t}.
    sigma2 : float
        Noise power σ² in watts.
    L : int
        Snapshots per frame.
    frames : int
        Number of frames F.
    present : bool
        H1 (target present) or H0.

    Returns
    -------
    ndarray, shape (F,)
        Λ per frame.
    """
    r = V.shape[1]
    phase = rng.uniform(0.0, 2.0 * np.pi, size=(frames, n_radar, L))
    qpsk = rng.integers(0, 4, size=(frames, r - n_radar, L))
    S = np.concatenate([np.exp(1j * phase), np.exp(1j * (np.pi / 4 + np.pi / 2 * qpsk))],
                       axis=1)                                             # (F, r, L)
    Y = complex_gaussian(rng, (frames, H.shape[0], L), sigma2)
    if present:
        Y = Y + np.sqrt(gain) * (H @ V) @ S
    return glrt_statistic(Y, S, sigma2)


def glrt_statistic(Y: np.ndarray, S: np.ndarray, sigma2: float) -> np.ndarray:
    """Λ of eq. (26), consistent form, from the received frames and the symbols.

    Parameters
    ----------
    Y : ndarray, complex, shape (..., N, L)
        Received snapshots.
    S : ndarray, complex, shape (..., r, L)
        Symbols of the r transmit streams (X = V S with V of full column rank, so the LS
        estimate depends on X only through the row space of S).
    sigma2 : float
        Noise power σ² in watts.

    Returns
    -------
    ndarray, shape (...)
        Λ = (1/L) Σ_l y_lᴴ (σ⁻² I − R̂_1⁻¹) y_l, in the r × r form of the module docstring.
    """
    L, r = Y.shape[-1], S.shape[-2]
    Q, _ = np.linalg.qr(np.conj(np.swapaxes(S, -1, -2)))                   # (..., L, r)
    Z = Y @ Q                                                               # (..., N, r)
    Zh = np.conj(np.swapaxes(Z, -1, -2))
    A = Zh @ Y                                                              # (..., r, L)
    M = L * sigma2 * np.eye(r) + Zh @ Z
    AAh = A @ np.conj(np.swapaxes(A, -1, -2))
    return np.trace(np.linalg.solve(M, AAh), axis1=-2, axis2=-1).real / (L * sigma2)


def roc_points(h0: np.ndarray, h1: np.ndarray, pfa: np.ndarray) -> np.ndarray:
    """Empirical P_D at each P_FA: the threshold is the (1 − P_FA) quantile of the H0
    statistics (the smallest value with at most P_FA of them above it).

    Parameters
    ----------
    h0, h1 : ndarray, shape (F,)
        Statistics under H0 and H1.
    pfa : ndarray, shape (P,)
        False-alarm probabilities in (0, 1].

    Returns
    -------
    ndarray, shape (P,)
        Share of H1 statistics above each threshold.
    """
    ordered = np.sort(h0)
    F = ordered.size
    above = np.floor(pfa * F).astype(int)                  # H0 frames allowed above
    tau = np.where(above >= F, -np.inf, ordered[np.clip(F - 1 - above, 0, F - 1)])
    return (h1[None, :] > tau[:, None]).mean(axis=1)
