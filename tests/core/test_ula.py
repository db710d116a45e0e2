"""ULA steering vectors, Rician user channels (eq. 41) and the echo model of mi_moo."""

from __future__ import annotations

import numpy as np

from isac.core.arrays import ula_steering
from isac.core.channels import rician_channels
from isac.core.echo import radar_echo, transmit_block


def test_ula_is_unnormalised_half_wavelength_phase_ramp():
    theta = np.deg2rad([-30.0, 0.0, 50.0])
    a = ula_steering(7, theta)
    assert a.shape == (7, 3)
    np.testing.assert_allclose(np.linalg.norm(a, axis=0) ** 2, 7.0)
    np.testing.assert_allclose(a[0], 1.0)
    ratio = np.broadcast_to(np.exp(1j * np.pi * np.sin(theta)), (6, 3))
    np.testing.assert_allclose(a[1:] / a[:-1], ratio)
    # broadside is all ones; a(θ)ᴴa(θ') = 0 for a full period of spatial frequency
    np.testing.assert_allclose(a[:, 1], 1.0)
    s = 2.0 / 7
    pair = ula_steering(7, np.arcsin([0.1, 0.1 + s]))
    assert abs(pair[:, 0].conj() @ pair[:, 1]) < 1e-12


def test_rician_mean_and_covariance_match_monte_carlo():
    """E h = √(μ/(1+μ)) a(φ), Cov h = I/(1+μ), E‖h‖² = N_t; 40 000 draws, 6σ tolerances."""
    n_t, mu, n = 4, 1.5, 40_000
    phi = np.deg2rad([-45.0])
    rng = np.random.default_rng(7)
    h = rician_channels(rng, n_t, np.repeat(phi, n), mu).T       # n users at the same angle
    mean = np.sqrt(mu / (1 + mu)) * ula_steering(n_t, phi)[:, 0]
    se = np.sqrt(1 / (1 + mu) / n)                        # std error of each complex mean entry
    assert np.max(np.abs(h.mean(axis=0) - mean)) < 6 * se
    d = h - mean
    cov = d.T @ d.conj() / n
    np.testing.assert_allclose(cov, np.eye(n_t) / (1 + mu), atol=6 / (1 + mu) / np.sqrt(n))
    assert abs(np.mean(np.sum(np.abs(h) ** 2, axis=1)) - n_t) < 6 * np.sqrt(2 * n_t / n)


def test_rayleigh_limit_has_zero_mean():
    rng = np.random.default_rng(3)
    h = np.concatenate([rician_channels(rng, 3, np.array([0.2, -0.4]), 0.0) for _ in range(5000)],
                       axis=1)
    assert np.max(np.abs(h.mean(axis=1))) < 6 / np.sqrt(10_000)


def test_transmit_block_covariance_and_noise_free_echo():
    rng = np.random.default_rng(11)
    n_t, L = 4, 200_000
    W_c = rng.standard_normal((n_t, 2)) + 1j * rng.standard_normal((n_t, 2))
    W_r = rng.standard_normal((n_t, 3)) + 1j * rng.standard_normal((n_t, 3))
    X = transmit_block(rng, W_c, W_r, L)
    R = W_c @ W_c.conj().T + W_r @ W_r.conj().T
    np.testing.assert_allclose(X @ X.conj().T / L, R, atol=0.05 * np.abs(R).max())
    theta = np.deg2rad([10.0, 35.0])
    A, B = ula_steering(n_t, theta), ula_steering(5, theta)
    beta = np.array([1.0, 0.5j])
    Y = radar_echo(rng, X[:, :10], A, B, beta, 0.0)
    G = sum(beta[k] * np.outer(B[:, k], A[:, k].conj()) for k in range(2))
    np.testing.assert_allclose(Y, G @ X[:, :10], atol=1e-12)
