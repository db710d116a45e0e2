"""MIMO radar: a transmit block and its echo from point targets (mi_moo spec §6, eqs. 1 and 8)."""

from __future__ import annotations

import numpy as np

from isac.core.channels import complex_gaussian


def transmit_block(rng: np.random.Generator, W_c: np.ndarray, W_r: np.ndarray,
                   L: int) -> np.ndarray:
    """X = W_c S_c + W_r S_r (eq. 1), shape (N_t, L).

    S_c holds unit-power QPSK symbols, S_r i.i.d. CN(0, 1) probing streams (spec §6 step 1).
    """
    bits = rng.integers(0, 2, size=(2, W_c.shape[1], L))
    S_c = ((1 - 2 * bits[0]) + 1j * (1 - 2 * bits[1])) / np.sqrt(2)
    S_r = complex_gaussian(rng, (W_r.shape[1], L))
    return W_c @ S_c + W_r @ S_r


def radar_echo(rng: np.random.Generator, X: np.ndarray, A: np.ndarray, B: np.ndarray,
               beta: np.ndarray, sigma_r2: float) -> np.ndarray:
    """Y = Σ_k β_k b(θ_k) aᴴ(θ_k) X + Z (eqs. 7–8), Z with i.i.d. CN(0, σ_r²) entries.

    ``A`` (N_t, K) and ``B`` (N_r, K) are the transmit and receive steering matrices.
    """
    G = (B * np.asarray(beta)[None, :]) @ A.conj().T
    return G @ X + complex_gaussian(rng, (B.shape[0], X.shape[1]), sigma_r2)
