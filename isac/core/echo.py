"""MIMO radar: a transmit block and its echo from point targets (mi_moo spec §6, eqs. 1 and 8)."""

from __future__ import annotations

import numpy as np

from isac.core.channels import complex_gaussian


def transmit_block(rng: np.random.Generator, W_c: np.ndarray, W_r: np.ndarray,
                   L: int) -> np.ndarray:
    """Draw one ISAC transmit block X = W_c S_c + W_r S_r (eq. 1).

    S_c holds unit-power QPSK symbols and S_r i.i.d. CN(0, 1) probing streams (spec §6 step 1).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the symbols and probing streams.
    W_c : numpy.ndarray, complex, shape (N_t, K)
        Communication beamformers, one column per user.
    W_r : numpy.ndarray, complex, shape (N_t, M)
        Radar beamformers, one column per probing stream.
    L : int
        Number of snapshots (block length).

    Returns
    -------
    numpy.ndarray, complex, shape (N_t, L)
        Transmit block X, one column per snapshot.
    """
    bits = rng.integers(0, 2, size=(2, W_c.shape[1], L))
    S_c = ((1 - 2 * bits[0]) + 1j * (1 - 2 * bits[1])) / np.sqrt(2)
    S_r = complex_gaussian(rng, (W_r.shape[1], L))
    return W_c @ S_c + W_r @ S_r


def radar_echo(rng: np.random.Generator, X: np.ndarray, A: np.ndarray, B: np.ndarray,
               beta: np.ndarray, sigma_r2: float) -> np.ndarray:
    """Simulate the radar echo Y = Σ_k β_k b(θ_k) aᴴ(θ_k) X + Z of K point targets (eqs. 7–8).

    Z has i.i.d. CN(0, σ_r²) entries.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the receiver noise Z.
    X : numpy.ndarray, complex, shape (N_t, L)
        Transmit block, e.g. from :func:`transmit_block`.
    A : numpy.ndarray, complex, shape (N_t, K)
        Transmit steering matrix [a(θ_1) … a(θ_K)].
    B : numpy.ndarray, complex, shape (N_r, K)
        Receive steering matrix [b(θ_1) … b(θ_K)].
    beta : numpy.ndarray, shape (K,)
        Target coefficients β_k.
    sigma_r2 : float
        Receiver noise power σ_r² per antenna, in watts.

    Returns
    -------
    numpy.ndarray, complex, shape (N_r, L)
        Received echo Y.
    """
    G = (B * np.asarray(beta)[None, :]) @ A.conj().T
    return G @ X + complex_gaussian(rng, (B.shape[0], X.shape[1]), sigma_r2)
