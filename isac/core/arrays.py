"""Array response vectors: UPA with angle derivatives (crlb_sca spec §1.2) and the
unnormalised ULA (mi_moo spec §1)."""

from __future__ import annotations

import numpy as np


def upa_steering(n_h: int, n_v: int, theta: np.ndarray, phi: np.ndarray,
                 order: str = "vh") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit-norm UPA response a(θ, φ) and its derivatives ∂a/∂θ, ∂a/∂φ, each (n_h·n_v, M).

    a_h = e^{jπ n_h sinθ sinφ}/√N_h, a_v = e^{jπ n_v cosφ}/√N_v, and a = a_v ⊗ a_h for
    ``order="vh"`` (horizontal index fastest, the element order of the authors' code and of the
    stored reference channels) or a = a_h ⊗ a_v for ``"hv"`` (the paper's text).
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
    """Unnormalised ULA response [a(θ)]_m = e^{j2π d m sinθ}, m = 0..n−1, shape (n, len θ).

    ``theta`` is in radians, ``spacing`` is d/λ; ‖a(θ)‖² = n (mi_moo spec §1 and §9).
    """
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    m = np.arange(n)[:, None]
    return np.exp(2j * np.pi * spacing * m * np.sin(theta)[None, :])
