"""UPA steering vectors: norm, element order and derivatives (crlb_sca spec §1.2)."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core.arrays import upa_steering


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


def test_paper_and_code_element_orders_are_permutations():
    theta, phi = np.array([0.3, -0.7]), np.array([0.5, 1.1])
    code = upa_steering(4, 3, theta, phi, "vh")
    paper = upa_steering(4, 3, theta, phi, "hv")
    perm = np.arange(12).reshape(3, 4).T.reshape(-1)      # (v, h) index order -> (h, v)
    for c, p in zip(code, paper, strict=True):
        np.testing.assert_allclose(p, c[perm], atol=0)
    with pytest.raises(ValueError, match="order = 'xy'"):
        upa_steering(4, 3, theta, phi, "xy")
