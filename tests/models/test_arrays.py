"""UPA steering vectors: norm, element order and derivatives (crlb_sca spec §1.2)."""

from __future__ import annotations

import numpy as np

from isac.models.arrays import upa_steering


def test_unit_norm_and_kronecker_order():
    theta, phi = np.array([0.3, -0.7]), np.array([-0.2, 0.9])
    a, _, _ = upa_steering(4, 3, theta, phi)
    np.testing.assert_allclose(np.linalg.norm(a, axis=0), 1.0)
    m = 1
    a_h = np.exp(1j * np.pi * np.arange(4) * np.sin(theta[m]) * np.sin(phi[m])) / 2
    a_v = np.exp(1j * np.pi * np.arange(3) * np.cos(phi[m])) / np.sqrt(3)
    np.testing.assert_allclose(a[:, m], np.kron(a_v, a_h))   # horizontal index fastest


def test_derivatives_against_finite_differences():
    theta, phi, h = np.array([0.4, -1.1]), np.array([0.25, 0.8]), 1e-6
    _, da_t, da_p = upa_steering(5, 4, theta, phi)
    fd_t = (upa_steering(5, 4, theta + h, phi)[0] - upa_steering(5, 4, theta - h, phi)[0]) / (2 * h)
    fd_p = (upa_steering(5, 4, theta, phi + h)[0] - upa_steering(5, 4, theta, phi - h)[0]) / (2 * h)
    np.testing.assert_allclose(da_t, fd_t, atol=1e-8)
    np.testing.assert_allclose(da_p, fd_p, atol=1e-8)
