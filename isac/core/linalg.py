"""Small linear-algebra helpers shared by the studies."""

from __future__ import annotations

import numpy as np


def hermitian(A: np.ndarray) -> np.ndarray:
    """Conjugate transpose of the last two axes, shape (..., n, m) -> (..., m, n)."""
    return np.conj(np.swapaxes(A, -1, -2))


def psd_factor(Q: np.ndarray, rtol: float = 1e-9) -> np.ndarray:
    """Square factor F (n, n) with F Fᴴ = Q for a Hermitian PSD Q (n, n); eigenvalues with
    |λ| ≤ rtol·Σ|λ| are clipped to zero (a stable stand-in for a Cholesky factor)."""
    lam, V = np.linalg.eigh(0.5 * (Q + Q.conj().T))
    lam = np.where(lam > rtol * max(float(np.sum(np.abs(lam))), 1e-300), lam, 0.0)
    return V * np.sqrt(lam)[None, :]


def span_basis(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Orthonormal (N, dim) basis containing span(``vectors``) of shape (N, m); completed with
    further orthonormal directions when the vectors are rank-deficient, so ``dim`` is fixed
    per problem size. Raises ValueError when the span is larger than ``dim``."""
    U, sv, _ = np.linalg.svd(vectors, full_matrices=True)
    r = int(np.sum(sv > 1e-10 * sv[0])) if sv.size else 0
    if r > dim:
        raise ValueError(f"span has dimension {r} > requested {dim}")
    return U[:, :dim]
