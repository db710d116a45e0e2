"""Small linear-algebra helpers shared by the studies."""

from __future__ import annotations

import numpy as np


def hermitian(A: np.ndarray) -> np.ndarray:
    """Conjugate transpose over the last two axes.

    Parameters
    ----------
    A : numpy.ndarray, shape (..., n, m)
        Input array.

    Returns
    -------
    numpy.ndarray, shape (..., m, n)
        Aᴴ, batched over the leading axes.
    """
    return np.conj(np.swapaxes(A, -1, -2))


def psd_factor(Q: np.ndarray, rtol: float = 1e-9) -> np.ndarray:
    """Square factor F with F Fᴴ = Q for a Hermitian positive semidefinite Q.

    A numerically stable stand-in for a Cholesky factor, from an eigendecomposition of the
    Hermitian part of Q: eigenvalues λ ≤ rtol·Σ|λ| (tiny and negative ones) are clipped to zero.

    Parameters
    ----------
    Q : numpy.ndarray, shape (n, n)
        Hermitian PSD matrix.
    rtol : float, optional
        Relative clipping threshold, default 1e-9.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        Factor F = V diag(√λ), with the eigenvectors V as columns.
    """
    lam, V = np.linalg.eigh(0.5 * (Q + Q.conj().T))
    lam = np.where(lam > rtol * max(float(np.sum(np.abs(lam))), 1e-300), lam, 0.0)
    return V * np.sqrt(lam)[None, :]


def span_basis(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Orthonormal basis of fixed size ``dim`` whose span contains span(``vectors``).

    When the vectors are rank-deficient, the basis is completed with further orthonormal
    directions, so ``dim`` stays fixed per problem size.

    Parameters
    ----------
    vectors : numpy.ndarray, shape (N, m)
        Spanning vectors as columns.
    dim : int
        Number of basis vectors to return.

    Returns
    -------
    numpy.ndarray, shape (N, dim)
        Orthonormal columns; the first ones span span(``vectors``).

    Raises
    ------
    ValueError
        If the span has dimension larger than ``dim``.
    """
    U, sv, _ = np.linalg.svd(vectors, full_matrices=True)
    r = int(np.sum(sv > 1e-10 * sv[0])) if sv.size else 0
    if r > dim:
        raise ValueError(f"span has dimension {r} > requested {dim}")
    return U[:, :dim]
