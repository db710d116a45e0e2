"""Array response vectors: UPA with angle derivatives (crlb_sca spec §1.2) and the
unnormalised ULA (mi_moo spec §1)."""

from __future__ import annotations

import numpy as np


def upa_steering(n_h: int, n_v: int, theta: np.ndarray, phi: np.ndarray,
                 order: str = "vh") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit-norm UPA response a(θ, φ) and its angle derivatives ∂a/∂θ and ∂a/∂φ.

    With N_h = ``n_h`` and N_v = ``n_v``: [a_h]_m = e^{jπ m sinθ sinφ}/√N_h (m < N_h),
    [a_v]_m = e^{jπ m cosφ}/√N_v (m < N_v), and a = a_v ⊗ a_h for ``order="vh"`` (horizontal
    index fastest, the element order of the authors' code and of the stored reference channels)
    or a = a_h ⊗ a_v for ``order="hv"`` (the paper's text). Elements are half a wavelength apart.

    Parameters
    ----------
    n_h : int
        Number of horizontal elements N_h.
    n_v : int
        Number of vertical elements N_v.
    theta : float or numpy.ndarray, shape (M,)
        Angles θ in radians, one per direction; broadcast against ``phi``.
    phi : float or numpy.ndarray, shape (M,)
        Angles φ in radians, one per direction; broadcast against ``theta``.
    order : {"vh", "hv"}, optional
        Kronecker order of the element index, default ``"vh"``.

    Returns
    -------
    a : numpy.ndarray, complex, shape (n_h·n_v, M)
        Unit-norm response vectors, one column per direction.
    da_dtheta : numpy.ndarray, complex, shape (n_h·n_v, M)
        Derivative ∂a/∂θ (per radian).
    da_dphi : numpy.ndarray, complex, shape (n_h·n_v, M)
        Derivative ∂a/∂φ (per radian).

    Raises
    ------
    ValueError
        If ``order`` is neither ``"vh"`` nor ``"hv"``.
    """
    if order not in ("vh", "hv"):
        raise ValueError(f"order = {order!r}: use 'vh' (code) or 'hv' (paper)")
    theta, phi = np.atleast_1d(theta).astype(float), np.atleast_1d(phi).astype(float)
    nh, nv = np.arange(n_h)[:, None], np.arange(n_v)[:, None]
    a_h = np.exp(1j * np.pi * nh * (np.sin(theta) * np.sin(phi))) / np.sqrt(n_h)
    a_v = np.exp(1j * np.pi * nv * np.cos(phi)) / np.sqrt(n_v)
    da_h_theta = 1j * np.pi * (np.cos(theta) * np.sin(phi)) * nh * a_h
    da_h_phi = 1j * np.pi * (np.sin(theta) * np.cos(phi)) * nh * a_h
    da_v_phi = -1j * np.pi * np.sin(phi) * nv * a_v

    def kron(v: np.ndarray, h: np.ndarray) -> np.ndarray:
        pair = v[:, None, :] * h[None, :, :] if order == "vh" else h[:, None, :] * v[None, :, :]
        return pair.reshape(n_v * n_h, -1)

    return kron(a_v, a_h), kron(a_v, da_h_theta), kron(a_v, da_h_phi) + kron(da_v_phi, a_h)


def ula_steering(n: int, theta: np.ndarray, spacing: float = 0.5) -> np.ndarray:
    """Unnormalised ULA response [a(θ)]_m = e^{j2π d m sinθ}, m = 0, …, n−1.

    The vector is not normalised: ‖a(θ)‖² = n (mi_moo spec §1 and §9).

    Parameters
    ----------
    n : int
        Number of array elements.
    theta : float or numpy.ndarray, shape (M,)
        Angles θ in radians.
    spacing : float, optional
        Element spacing d/λ in wavelengths, default 0.5 (half-wavelength).

    Returns
    -------
    numpy.ndarray, complex, shape (n, M)
        Response vectors, one column per angle.
    """
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    m = np.arange(n)[:, None]
    return np.exp(2j * np.pi * spacing * m * np.sin(theta)[None, :])
