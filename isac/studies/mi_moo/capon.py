"""Capon angle estimation from radar echoes and the angle RMSE (mi_moo spec §6).

Angles are in radians throughout; the figures convert to degrees.
"""

from __future__ import annotations

import numpy as np

from isac.core.arrays import ula_steering


def capon_spectrum(Y: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Capon power spectrum P(θ) = 1 / (bᴴ(θ) R̂_Y⁻¹ b(θ)) with R̂_Y = YYᴴ/L.

    b is the unnormalised receive ULA vector.

    Parameters
    ----------
    Y : numpy.ndarray
        Echo block, complex, shape (N_r, L).
    theta : numpy.ndarray
        Angles to evaluate, shape (G,), radians.

    Returns
    -------
    numpy.ndarray
        P(θ), float, shape (G,), linear (power units of Y).
    """
    R_y = Y @ Y.conj().T / Y.shape[1]
    b = ula_steering(Y.shape[0], theta)
    return 1.0 / np.real(np.sum(b.conj() * np.linalg.solve(R_y, b), axis=0))


def capon_amplitude(Y: np.ndarray, X: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """MIMO-radar Capon amplitude estimate |β̂(θ)| (the optional variant of spec §6 step 3).

    |β̂(θ)| = |bᴴ R̂_Y⁻¹ Y Xᴴ a| / (L · bᴴ R̂_Y⁻¹ b · aᴴ R̂_X a) with R̂_X = XXᴴ/L; for a target
    at θ it returns |β|, since Y Xᴴ a / L ≈ β b aᴴ R̂_X a.

    Parameters
    ----------
    Y : numpy.ndarray
        Echo block, complex, shape (N_r, L).
    X : numpy.ndarray
        Transmit block, complex, shape (N_t, L).
    theta : numpy.ndarray
        Angles to evaluate, shape (G,), radians.

    Returns
    -------
    numpy.ndarray
        |β̂(θ)|, float, shape (G,), linear amplitude.
    """
    L = Y.shape[1]
    R_y, R_x = Y @ Y.conj().T / L, X @ X.conj().T / L
    a, b = ula_steering(X.shape[0], theta), ula_steering(Y.shape[0], theta)
    Rinv_b = np.linalg.solve(R_y, b)
    num = np.sum(Rinv_b.conj() * ((Y @ (X.conj().T @ a)) / L), axis=0)
    den = np.real(np.sum(b.conj() * Rinv_b, axis=0)) * np.real(np.sum(a.conj() * (R_x @ a), axis=0))
    return np.abs(num) / den


def spectrum_peaks(values: np.ndarray, theta: np.ndarray, K: int) -> np.ndarray:
    """The K highest interior local maxima of a spectrum, as sorted angles.

    If fewer than K local maxima exist, the highest one is repeated (the global maximum if the
    spectrum has none), so the result always has K entries (spec §6 step 4).

    Parameters
    ----------
    values : numpy.ndarray
        Spectrum on the grid, float, shape (G,).
    theta : numpy.ndarray
        Grid angles, shape (G,), radians.
    K : int
        Number of peaks wanted.

    Returns
    -------
    numpy.ndarray
        Peak angles, sorted ascending, shape (K,), radians.
    """
    v = np.asarray(values)
    idx = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1
    if idx.size == 0:
        idx = np.array([int(np.argmax(v))])
    idx = idx[np.argsort(v[idx])[::-1]][:K]
    idx = np.concatenate([idx, np.full(K - idx.size, idx[0])])
    return np.sort(theta[idx])


def capon_angles(Y: np.ndarray, K: int, theta: np.ndarray, fine_step: float) -> np.ndarray:
    """Capon angle estimates: coarse spectrum peaks, each refined on a fine grid.

    The peaks of the Capon spectrum on the coarse grid ``theta`` are each refined on a grid of
    step ``fine_step`` over ± one coarse step around it.

    Parameters
    ----------
    Y : numpy.ndarray
        Echo block, complex, shape (N_r, L).
    K : int
        Number of targets to estimate.
    theta : numpy.ndarray
        Ascending, evenly spaced coarse grid, shape (G,), radians.
    fine_step : float
        Step of the refinement grid, radians.

    Returns
    -------
    numpy.ndarray
        Angle estimates, sorted ascending, shape (K,), radians.
    """
    coarse = spectrum_peaks(capon_spectrum(Y, theta), theta, K)
    step = float(np.min(np.diff(theta)))
    offsets = np.arange(-step, step + 0.5 * fine_step, fine_step)
    grid = coarse[:, None] + offsets[None, :]
    values = capon_spectrum(Y, grid.ravel()).reshape(grid.shape)
    return np.sort(grid[np.arange(K), np.argmax(values, axis=1)])


def angle_rmse(estimates: np.ndarray, truth: np.ndarray) -> float:
    """Root-mean-square angle error over trials and targets (spec §6 step 4).

    sqrt(mean over trials and targets of (θ̂_k − θ_k)²), with both sides sorted per trial.

    Parameters
    ----------
    estimates : numpy.ndarray
        Estimated angles, shape (trials, K); a (K,) array counts as one trial.
    truth : numpy.ndarray
        True angles, shape (K,), same units as ``estimates``.

    Returns
    -------
    float
        RMSE in the units of the inputs (radians or degrees).
    """
    err = np.sort(np.atleast_2d(estimates), axis=1) - np.sort(np.asarray(truth))[None, :]
    return float(np.sqrt(np.mean(err ** 2)))
