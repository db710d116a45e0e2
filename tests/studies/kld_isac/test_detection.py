"""Detection probability: the calibrated KLD map and the Gaussian GLRT approximation of
eqs. (42)–(43) against a Monte-Carlo run of the statistic of eq. (26) (kld_isac spec §4, §7
items 9 and 11).

Monte-Carlo frames are exact in distribution: y_l ~ CN(0, σ²I) under H0 and y_l ~ CN(0, R_1),
R_1 = g H R Hᴴ + σ²I, under H1 (drawn through a Cholesky factor of R_1), with the weighting
matrix built directly as Q = σ⁻²I − R_1⁻¹. The closed forms instead go through
``radar_eigenvalues`` / ``glrt_weights``, so the two sides share no code.

With the consistent weighting and a rank-r echo, Λ is a weighted sum of r·L unit exponentials
(weights ν_i/(1+ν_i) under H0 and ν_i under H1, ν_i = eig(gHRHᴴ)/σ²), so it is skewed at short
frames; the Gaussian approximation is only as good as that skew allows, which fixes the frame
lengths used below.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from isac.core.channels import complex_gaussian, pathloss
from isac.core.precoders import cic_covariance, zero_forcing
from isac.studies.kld_isac.detection import (
    glrt_moments,
    glrt_weights,
    pd_gauss_glrt,
    pd_kld_map,
)
from isac.studies.kld_isac.kld import kld_radar, radar_eigenvalues
from tests.reference_forms import glrt_statistic

N, K = 20, 3
P_FA = 1e-2                       # moderate, so the H0 tail at τ is checkable by Monte Carlo
GAIN = float(pathloss(100.0, 3.0))


def _herm(A: np.ndarray) -> np.ndarray:
    return np.conj(np.swapaxes(A, -1, -2))


# --------------------------------------------------------------------------- helpers

def _scene(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One target (H ~ CN(0, 1/N), 100 m) lit by a rank-1 CIC beam plus ZF comms:
    R = w wᴴ + W_c W_cᴴ has rank 1 + K = 4. Returns (H, R, echo eigenvalues)."""
    rng = np.random.default_rng(seed)
    W_c = zero_forcing(complex_gaussian(rng, (K, N)), 0.5)
    R = cic_covariance(complex_gaussian(rng, (1, N, 1)), 0.5, N, 1)[0] + W_c @ _herm(W_c)
    H = complex_gaussian(rng, (N, N), 1.0 / N)
    return H, R, radar_eigenvalues(H, R, GAIN)


def _sigma2_for_pd(eigs: np.ndarray, L: int, target: float) -> float:
    """Noise power at which the (exact-variance, consistent) approximation predicts ``target``."""
    def f(log_s2: float) -> float:
        return float(pd_gauss_glrt(eigs, np.asarray(10.0**log_s2), L, P_FA,
                                   "consistent", "exact")) - target
    return 10.0 ** brentq(f, -12.0, 0.0, xtol=1e-12)


def _cn(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    z = np.empty(shape, dtype=np.complex128)
    rng.standard_normal(out=z.view(np.float64))
    return z * np.sqrt(0.5)


def _simulate(rng: np.random.Generator, cov: np.ndarray, Q: np.ndarray, L: int,
              frames: int) -> np.ndarray:
    """Λ of eq. (26) for ``frames`` frames of L snapshots y_l ~ CN(0, cov)."""
    C = np.linalg.cholesky(cov)
    chunk = max(1, 200_000 // (N * L))
    out = []
    for start in range(0, frames, chunk):
        Y = C @ _cn(rng, (min(chunk, frames - start), N, L))
        out.append(glrt_statistic(Y, Q))
    return np.concatenate(out)


def _matrices(H: np.ndarray, R: np.ndarray, sigma2: float, weighting: str):
    R1 = GAIN * H @ R @ _herm(H) + sigma2 * np.eye(N)
    R1 = 0.5 * (R1 + _herm(R1))
    R1_inv = np.linalg.inv(R1)
    if weighting == "consistent":
        Q = np.eye(N) / sigma2 - R1_inv
    else:
        Q = np.eye(N) + R1_inv
    return R1, 0.5 * (Q + _herm(Q))


def _binomial_se(p: float, n: int) -> float:
    return float(np.sqrt(p * (1.0 - p) / n))


# --------------------------------------------------------------------------- KLD map

def test_kld_map_is_q_of_q_minus_sqrt_kld():
    kld = np.linspace(0.0, 40.0, 401)
    for p_fa in (1e-4, 1e-2, 0.1):
        pd = pd_kld_map(kld, p_fa)
        np.testing.assert_allclose(pd, norm.sf(norm.isf(p_fa) - np.sqrt(kld)), rtol=1e-12)
        assert pd[0] == pytest.approx(p_fa, rel=1e-12)        # no information: P_D = P_FA
        assert np.all(np.diff(pd) > 0.0)
    # broadcasting over seeds × SNR points
    grid = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(pd_kld_map(grid, 1e-4), norm.sf(norm.isf(1e-4) - np.sqrt(grid)),
                               rtol=1e-12)


# --------------------------------------------------------------------------- GLRT building blocks

def test_glrt_statistic_is_the_frame_average_of_quadratic_forms():
    rng = np.random.default_rng(10)
    A = complex_gaussian(rng, (N, N))
    Q = A @ _herm(A)
    Y = complex_gaussian(rng, (2, 3, N, 7))
    lam = glrt_statistic(Y, Q)
    assert lam.shape == (2, 3)
    loop = np.array([[np.mean([np.vdot(Y[a, b, :, i], Q @ Y[a, b, :, i]).real
                               for i in range(7)]) for b in range(3)] for a in range(2)])
    np.testing.assert_allclose(lam, loop, rtol=1e-12)


@pytest.mark.parametrize("weighting", ["consistent", "printed"])
def test_glrt_weights_are_the_eigenvalues_of_q(weighting):
    H, R, eigs = _scene(11)
    sigma2 = 1e-8
    _, Q = _matrices(H, R, sigma2, weighting)
    w = glrt_weights(eigs, np.asarray(sigma2), weighting)
    np.testing.assert_allclose(np.sort(w), np.linalg.eigvalsh(Q), rtol=1e-6,
                               atol=1e-9 * np.abs(w).max())


@pytest.mark.parametrize("weighting", ["consistent", "printed"])
def test_glrt_moments_match_monte_carlo(weighting):
    """Closed-form μ0, σ0, μ1 and the exact σ1 vs sample mean / std of Λ, within 4 SE."""
    H, R, eigs = _scene(12)
    L, n, sigma2 = 5, 20_000, 2e-8                # ν of order 1…10: a realistic echo SNR
    assert 1.0 < kld_radar(eigs, sigma2) < 30.0
    R1, Q = _matrices(H, R, sigma2, weighting)
    rng = np.random.default_rng(13)
    mu0, sd0, mu1, sd1 = glrt_moments(eigs, np.asarray(sigma2), L, weighting, "exact")
    for cov, mu, sd in ((sigma2 * np.eye(N), mu0, sd0), (R1, mu1, sd1)):
        lam = _simulate(rng, cov, Q, L, n)
        m, s = lam.mean(), lam.std(ddof=1)
        kurt = np.mean((lam - m) ** 4) / s**4
        assert abs(m - mu) < 4.0 * s / np.sqrt(n), (m, mu)
        assert abs(s - sd) < 4.0 * s * np.sqrt((kurt - 1.0) / (4.0 * n)), (s, sd)


# --------------------------------------------------------------------------- Gaussian approximation

# Frame length for the P_D check. The approximation's error on P_D comes from the skew of Λ1
# (≈ −0.066·skew at P_D = 0.5); for this scene it is ≈ −0.034 at L = 10, −0.015 at L = 50,
# −0.011 at L = 100 and −0.008 at L = 200 (measured offline with 10⁶ frames drawn from the
# weighted-exponential representation), and much smaller at P_D = 0.2 / 0.8. L = 200 with
# 4000 frames per point puts that bias at ≤ 1 SE (SE ≈ 0.008), so the 3-SE test is honest;
# at L ≤ 50 the bias alone is ≳ 2 SE and the check would only pass by luck.
# Realistic KLDs (≳ 1 bit per snapshot) saturate P_D at any such L, so the SNRs here are low
# (per-snapshot KLD_r ≈ 0.007–0.03 bits, ν_max ≈ 0.1–0.2).
L_PD, N_PD = 200, 4000


@pytest.mark.parametrize("target", [0.2, 0.5, 0.8])
def test_gaussian_approximation_pd_against_monte_carlo_glrt(target):
    H, R, eigs = _scene(20)
    sigma2 = _sigma2_for_pd(eigs, L_PD, target)
    s2 = np.asarray(sigma2)
    pd_pred = float(pd_gauss_glrt(eigs, s2, L_PD, P_FA, "consistent", "exact"))
    assert 0.1 < pd_pred < 0.9                                   # not saturated
    mu0, sd0, *_ = glrt_moments(eigs, s2, L_PD, "consistent", "exact")
    tau = mu0 + norm.isf(P_FA) * sd0

    R1, Q = _matrices(H, R, sigma2, "consistent")
    lam1 = _simulate(np.random.default_rng(21 + int(100 * target)), R1, Q, L_PD, N_PD)
    pd_mc = float(np.mean(lam1 > tau))
    assert abs(pd_mc - pd_pred) < 3.0 * _binomial_se(pd_pred, N_PD), (pd_mc, pd_pred)


def test_gaussian_threshold_false_alarm_rate_long_frame():
    """Empirical P(Λ0 > τ) vs the nominal P_FA = 1e-2.

    The Gaussian threshold under-covers the right tail of the (positively skewed) H0
    statistic: the true false-alarm rate at τ is ≈ 0.0187 at L = 10, 0.0141 at L = 50,
    0.0121 at L = 200 and 0.0115 at L = 500 for this scene (offline, 10⁶ frames). At L = 500
    with 3000 frames (SE ≈ 0.0018) that excess is < 1 SE, so the nominal P_FA is checked
    honestly within 3 SE.
    """
    L, n = 500, 3000
    H, R, eigs = _scene(20)
    sigma2 = _sigma2_for_pd(eigs, L, 0.5)
    mu0, sd0, *_ = glrt_moments(eigs, np.asarray(sigma2), L, "consistent", "exact")
    tau = mu0 + norm.isf(P_FA) * sd0
    _, Q = _matrices(H, R, sigma2, "consistent")
    lam0 = _simulate(np.random.default_rng(30), sigma2 * np.eye(N), Q, L, n)
    fa_mc = float(np.mean(lam0 > tau))
    assert abs(fa_mc - P_FA) < 3.0 * _binomial_se(P_FA, n), fa_mc


def test_gaussian_threshold_under_covers_the_tail_at_short_frames():
    """Characterisation of the limitation above: at L = 10 the false-alarm rate at the
    Gaussian threshold is clearly above the nominal P_FA (the reason the P_FA check uses a
    long frame)."""
    L, n = 10, 20_000
    H, R, eigs = _scene(20)
    sigma2 = _sigma2_for_pd(eigs, L, 0.5)
    mu0, sd0, *_ = glrt_moments(eigs, np.asarray(sigma2), L, "consistent", "exact")
    tau = mu0 + norm.isf(P_FA) * sd0
    _, Q = _matrices(H, R, sigma2, "consistent")
    lam0 = _simulate(np.random.default_rng(31), sigma2 * np.eye(N), Q, L, n)
    fa_mc = float(np.mean(lam0 > tau))
    assert fa_mc > P_FA + 3.0 * _binomial_se(P_FA, n), fa_mc


def test_printed_variance_misses_the_h1_spread():
    """σ1² = σ0² + 2σ_n²Δμ/L (eq. 43) assumes Q of unit scale; with the consistent, dimensionless
    weighting the correction term is O(σ_n²) ≈ 0, so σ1 ≈ σ0 while the true H1 spread is
    √(Σν_i²/L) > √(Σ(ν_i/(1+ν_i))²/L). At a short frame where ν_i ~ 1 this makes the 'paper'
    P_D far too steep; the 'exact' variance stays within 3 SE of the simulation."""
    L, n = 10, 5000
    H, R, eigs = _scene(20)
    sigma2 = _sigma2_for_pd(eigs, L, 0.8)
    s2 = np.asarray(sigma2)
    pd_exact = float(pd_gauss_glrt(eigs, s2, L, P_FA, "consistent", "exact"))
    pd_paper = float(pd_gauss_glrt(eigs, s2, L, P_FA, "consistent", "paper"))
    _, sd0, _, sd1_paper = glrt_moments(eigs, s2, L, "consistent", "paper")
    assert sd1_paper == pytest.approx(sd0, rel=1e-4)
    mu0 = glrt_moments(eigs, s2, L, "consistent", "exact")[0]
    tau = mu0 + norm.isf(P_FA) * sd0
    R1, Q = _matrices(H, R, sigma2, "consistent")
    lam1 = _simulate(np.random.default_rng(40), R1, Q, L, n)
    pd_mc = float(np.mean(lam1 > tau))
    se = _binomial_se(pd_mc, n)
    assert abs(pd_mc - pd_exact) < 3.0 * se, (pd_mc, pd_exact)
    assert pd_paper - pd_mc > 10.0 * se, (pd_paper, pd_mc)


# --------------------------------------------------------------------------- saturation (spec §4)

def test_printed_42_43_saturates_at_paper_frame_length():
    """Spec §4: with L = 100 the Gaussian GLRT P_D of eqs. (42)–(43) is ≈ 1 whenever
    KLD_r ≳ 10 bits, for the printed weighting (and for the exact variance / consistent
    weighting too), while the calibrated map stays well below 1 at the same KLDs.
    Scene: comm-assisted rank-1 CIC (P_r = 0.5) + ZF (P_c = 0.5), T = K = 3, targets at
    {100, 115, 95} m, σ_n² = d_ref^-3/((T+K)x) at x = 15 and 20 dB, five channel draws."""
    rng = np.random.default_rng(50)
    T, L, p_fa = 3, 100, 1e-4
    g = pathloss(np.array([100.0, 115.0, 95.0]), 3.0)
    checked = 0
    for _ in range(5):
        H = complex_gaussian(rng, (T, N, N), 1.0 / N)
        W_c = zero_forcing(complex_gaussian(rng, (K, N)), 0.5)
        R = cic_covariance(complex_gaussian(rng, (T, N, 1)), 0.5, N, T) + W_c @ _herm(W_c)
        eigs = radar_eigenvalues(H, R, g)
        for x_db in (15.0, 20.0):
            sigma2 = np.full(T, 100.0**-3 / ((T + K) * 10 ** (x_db / 10)))
            kld = kld_radar(eigs, sigma2)
            sel = kld >= 10.0
            checked += int(sel.sum())
            for weighting in ("printed", "consistent"):
                for variance in ("paper", "exact"):
                    pd = pd_gauss_glrt(eigs, sigma2, L, p_fa, weighting, variance)
                    assert np.all(pd[sel] > 0.99), (weighting, variance, pd, kld)
            assert np.all(pd_kld_map(kld[sel], p_fa) < 0.9)
    assert checked >= 15                        # most (draw, target, x) cases reach 10 bits
