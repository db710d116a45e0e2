"""Sensing MI (Lemma 1 vs the Kronecker form), its upper bound (Theorem 1), SINR, beampattern
and Capon estimation of mi_moo (spec §2, §3, §6)."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core.arrays import ula_steering
from isac.core.comm import average_rate, user_sinr
from isac.core.echo import radar_echo, transmit_block
from isac.studies.mi_moo.capon import (
    angle_rmse,
    capon_amplitude,
    capon_angles,
    capon_spectrum,
    spectrum_peaks,
)
from isac.studies.mi_moo.mi import (
    beampattern,
    cross_correlation,
    echo_sinr,
    max_cross_correlation,
    merged_sinr_bound,
    mi_upper_bound,
    per_target_mi,
    sensing_mi,
    user_sinr_lifted,
)
from tests.reference_forms import sensing_mi_kronecker

L, SIGMA_R2 = 1024, 1e-3


def _random_psd(rng, n, rank=None, power=10.0):
    V = rng.standard_normal((n, rank or n)) + 1j * rng.standard_normal((n, rank or n))
    R = V @ V.conj().T
    return power * R / np.trace(R).real


def _targets(n_t, n_r, deg):
    theta = np.deg2rad(deg)
    return ula_steering(n_t, theta), ula_steering(n_r, theta)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lemma1_equals_kronecker_form(seed):
    """Eq. (13) equals eq. (12) (spec §10: N_t = 6, N_r = 5, K = 3, random PSD R)."""
    rng = np.random.default_rng(seed)
    A, B = _targets(6, 5, [-20.0, 15.0, 40.0])
    sk2 = np.array([1.0, 0.5, 2.0])
    R = _random_psd(rng, 6, rank=2 + seed)
    mi = sensing_mi(R, A, B, sk2, L, SIGMA_R2)
    assert mi == pytest.approx(sensing_mi_kronecker(R, A, B, sk2, L, SIGMA_R2), abs=1e-6)
    assert 40 < mi < 120


def test_spec_form_14_has_the_same_determinant_for_ulas():
    """The spec writes [Λ]_kl = (b_kᴴb_l)(a_kᴴRa_l); our matrix uses a_lᴴRa_k. Same MI."""
    rng = np.random.default_rng(5)
    A, B = _targets(6, 5, [-50.0, 5.0, 30.0])
    R = _random_psd(rng, 6)
    spec = np.eye(3) + (L / SIGMA_R2) * (B.conj().T @ B) * cross_correlation(R, A)
    assert np.log2(np.linalg.det(spec).real) == pytest.approx(
        sensing_mi(R, A, B, np.ones(3), L, SIGMA_R2), abs=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_upper_bound_dominates_and_is_sum_of_single_target_terms(seed):
    rng = np.random.default_rng(seed)
    A, B = _targets(8, 8, [-10.0, 12.0, 30.0])
    sk2 = rng.uniform(0.5, 2.0, 3)
    R = _random_psd(rng, 8, rank=1 + seed)
    ub = mi_upper_bound(R, A, 8, sk2, L, SIGMA_R2)
    assert ub >= sensing_mi(R, A, B, sk2, L, SIGMA_R2) - 1e-9
    gains = np.real(np.diag(cross_correlation(R, A)))
    np.testing.assert_allclose(echo_sinr(R, A, 8, sk2, L, SIGMA_R2),
                               L * 8 * sk2 * gains / SIGMA_R2)
    assert ub == pytest.approx(np.sum(np.log2(1 + L * 8 * sk2 * gains / SIGMA_R2)))
    assert ub == pytest.approx(per_target_mi(R, A, 8, sk2, L, SIGMA_R2).sum())


def test_bound_is_tight_under_zero_cross_correlation():
    """Theorem 1: equality iff aᴴ_kRa_l = 0 (k ≠ l). Build R from beams u_k ⟂ a_l (l ≠ k)."""
    A, B = _targets(8, 6, [-30.0, 0.0, 25.0])
    U = []
    for k in range(3):
        others = np.delete(A, k, axis=1)
        Q, _ = np.linalg.qr(others)
        u = A[:, k] - Q @ (Q.conj().T @ A[:, k])
        U.append(u / np.linalg.norm(u))
    U = np.stack(U, axis=1)
    R = U @ np.diag([4.0, 3.0, 3.0]) @ U.conj().T
    assert max_cross_correlation(R, A) < 1e-12
    sk2 = np.array([1.0, 2.0, 0.3])
    assert sensing_mi(R, A, B, sk2, L, SIGMA_R2) == pytest.approx(
        mi_upper_bound(R, A, 6, sk2, L, SIGMA_R2), abs=1e-8)
    R_bad = R + 0.5 * np.outer(A[:, 0] + A[:, 1], (A[:, 0] + A[:, 1]).conj()) / 8
    assert (mi_upper_bound(R_bad, A, 6, sk2, L, SIGMA_R2)
            - sensing_mi(R_bad, A, B, sk2, L, SIGMA_R2)) > 1e-3


def test_sinr_from_beamformers_equals_lifted_form():
    """Eq. (5) with R_i = w_iw_iᴴ and R = W_cW_cᴴ + W_rW_rᴴ equals eq. (24)."""
    rng = np.random.default_rng(0)
    H = rng.standard_normal((6, 3)) + 1j * rng.standard_normal((6, 3))
    W_c = rng.standard_normal((6, 3)) + 1j * rng.standard_normal((6, 3))
    W_r = rng.standard_normal((6, 6)) + 1j * rng.standard_normal((6, 6))
    sinr = user_sinr(H.conj().T, W_c, W_r, 0.1)
    R = W_c @ W_c.conj().T + W_r @ W_r.conj().T
    R_users = np.einsum("ni,mi->inm", W_c, W_c.conj())
    np.testing.assert_allclose(sinr, user_sinr_lifted(H, R, R_users, 0.1))
    i = 1
    desired = abs(H[:, i].conj() @ W_c[:, i]) ** 2
    interf = sum(abs(H[:, i].conj() @ W_c[:, j]) ** 2 for j in (0, 2))
    radar = np.linalg.norm(H[:, i].conj() @ W_r) ** 2
    assert sinr[i] == pytest.approx(desired / (interf + radar + 0.1))
    assert average_rate(np.array([1.0, 3.0])) == pytest.approx(1.5)


def test_merged_sinr_bound_is_below_every_sinr_and_exact_for_one_user():
    """The merged bound puts all users' interference in every denominator: below each γ_i,
    equal to it for C = 1, and by hand for user 0 of three."""
    rng = np.random.default_rng(4)
    H = rng.standard_normal((6, 3)) + 1j * rng.standard_normal((6, 3))
    R_users = np.stack([_random_psd(rng, 6, rank=1, power=p) for p in (1.0, 2.0, 3.0)])
    R = R_users.sum(axis=0) + _random_psd(rng, 6, power=0.5)
    bound, sinr = merged_sinr_bound(H, R, R_users, 0.1), user_sinr_lifted(H, R, R_users, 0.1)
    assert np.all(bound < sinr)
    interference = sum(np.real(H[:, k].conj() @ (R - R_users[k]) @ H[:, k]) for k in range(3))
    assert bound[0] == pytest.approx(np.real(H[:, 0].conj() @ R_users[0] @ H[:, 0])
                                     / (interference + 0.1))
    np.testing.assert_allclose(merged_sinr_bound(H[:, :1], R, R_users[:1], 0.1),
                               user_sinr_lifted(H[:, :1], R, R_users[:1], 0.1))


def test_beampattern_peaks_at_the_beam_direction():
    theta = np.deg2rad(np.arange(-90, 90.01, 0.1))
    a = ula_steering(16, np.deg2rad([25.0]))
    pattern = beampattern(a @ a.conj().T, theta)
    assert np.rad2deg(theta[np.argmax(pattern)]) == pytest.approx(25.0, abs=0.05)
    assert pattern.max() == pytest.approx(16.0 ** 2)


def _echo(seed, deg, sigma_r2, n=16, L_sym=1024):
    rng = np.random.default_rng(seed)
    theta = np.deg2rad(deg)
    A, B = ula_steering(n, theta), ula_steering(n, theta)
    W_r = np.sqrt(10.0 / n) * np.eye(n)                         # isotropic probing, P = 10 W
    X = transmit_block(rng, np.zeros((n, 0)), W_r, L_sym)
    return radar_echo(rng, X, A, B, np.ones(len(deg)), sigma_r2), X, theta


def test_capon_peaks_at_true_angles_at_high_snr():
    Y, X, truth = _echo(1, [0.0, 5.0, 40.0], 1e-3)
    grid = np.deg2rad(np.arange(-90, 90.01, 0.1))
    est = capon_angles(Y, 3, grid, np.deg2rad(0.01))
    np.testing.assert_allclose(np.rad2deg(est), [0.0, 5.0, 40.0], atol=0.02)
    assert angle_rmse(np.rad2deg(est)[None, :], [0.0, 5.0, 40.0]) < 0.02
    spec = capon_spectrum(Y, grid)
    assert np.min(np.abs(np.rad2deg(grid[np.argmax(spec)]) - [0.0, 5.0, 40.0])) < 0.1
    # amplitude estimate: |β| = 1 at the isolated target; Capon is biased low for the close pair
    amp = capon_amplitude(Y, X, truth)
    assert amp[2] == pytest.approx(1.0, abs=0.02)
    assert np.all((amp[:2] > 0.5) & (amp[:2] < 1.0))


def test_capon_fails_when_targets_are_coherent_and_signal_rank_one():
    """Single-stream probing (rank R = 1) makes the returns coherent: Capon then misses the
    close pair, which is the mechanism behind Figs. 7–9 (spec §6)."""
    rng = np.random.default_rng(2)
    theta = np.deg2rad([0.0, 5.0, 40.0])
    A = ula_steering(16, theta)
    w = A.sum(axis=1, keepdims=True)
    X = transmit_block(rng, np.sqrt(10.0) * w / np.linalg.norm(w), np.zeros((16, 0)), 1024)
    Y = radar_echo(rng, X, A, A, np.ones(3), 1e-3)
    grid = np.deg2rad(np.arange(-90, 90.01, 0.1))
    est = np.rad2deg(capon_angles(Y, 3, grid, np.deg2rad(0.01)))
    assert angle_rmse(est[None, :], [0.0, 5.0, 40.0]) > 0.5


def test_peak_picking_repeats_the_highest_and_rmse_sorts():
    grid = np.linspace(-1, 1, 11)
    values = np.array([0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0], float)
    # two maxima for K = 3: the highest (index 5) is repeated
    np.testing.assert_allclose(spectrum_peaks(values, grid, 3), np.sort(grid[[1, 5, 5]]))
    np.testing.assert_allclose(spectrum_peaks(np.arange(11.0), grid, 2), [1.0, 1.0])
    assert angle_rmse(np.array([[2.0, 0.0], [1.0, 3.0]]), np.array([0.0, 1.0])) == pytest.approx(
        np.sqrt((0 + 1 + 1 + 4) / 4))
