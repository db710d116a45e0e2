"""The kld_isac system model: the statistical radar interference of eq. (8) by Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core.channels import complex_gaussian
from isac.core.precoders import cic_covariance
from isac.studies.kld_isac.model import radar_interference_statistical


def test_statistical_radar_interference_is_mean_of_instantaneous():
    """Eq. (8): E_h[g (1/L) Σ_t ‖h_kᵀ W_{r,t}‖²] + σ² = g σ_h² P_r + σ² under the rank-1 CIC
    radar (E tr R_w = P_r), by Monte Carlo over (h_k, beams)."""
    rng = np.random.default_rng(400)
    n, N, T, P_r, sigma_h2 = 20_000, 20, 3, 0.5, 1.0
    gain, sigma_n2 = 150.0**-3, 1e-8
    chunks = []
    for _ in range(n // 2000):
        h = complex_gaussian(rng, (2000, N), sigma_h2)
        R_t = cic_covariance(complex_gaussian(rng, (2000, T, N, 1)), P_r, N, T)  # (s,T,N,N)
        R_w = R_t.sum(axis=1)
        quad = np.sum(h * (R_w @ np.conj(h)[:, :, None])[:, :, 0], axis=1).real  # hᵀ R_w h*
        chunks.append(gain * quad + sigma_n2)
    inst = np.concatenate(chunks)
    expected = radar_interference_statistical(gain, sigma_h2, P_r, sigma_n2)
    assert expected == pytest.approx(gain * sigma_h2 * P_r + sigma_n2, rel=1e-12)
    se = inst.std(ddof=1) / np.sqrt(n)
    assert abs(inst.mean() - expected) < 3.0 * se, (inst.mean(), expected, se)


def _model(**kw):
    p = {"N": 12, "K": 3, "T": 2, "L": 100, "sigma_h2": 1.0, "sigma_H2": None,
         "cic_mode": "rank1", "zeta": 3, "P_T": 1.0, "d_ref": 100, "kappa": None,
         "csi_error": 0.0, "sweep": "snr"}
    return p | kw


def test_channel_estimates_add_errors_after_the_true_draw():
    """Spec §5.5: the true channels of a draw with imperfect CSI are those of perfect CSI on
    the same stream; the estimation errors have variance σ_e² (Monte Carlo, 3 standard
    errors) and differ between error levels only by their scale."""
    from isac.studies.kld_isac.model import draw_channels
    perfect = draw_channels(_model(), [np.random.default_rng(s) for s in range(200)])
    assert set(perfect) == {"G", "H", "beams"}
    noisy = {e: draw_channels(_model(csi_error=e), [np.random.default_rng(s) for s in range(200)])
             for e in (1e-3, 1e-1)}
    for d in noisy.values():
        for k in ("G", "H", "beams"):
            np.testing.assert_array_equal(d[k], perfect[k])
    err = {e: (d["G_hat"] - d["G"], d["H_hat"] - d["H"]) for e, d in noisy.items()}
    for e, parts in err.items():
        for x in parts:
            power = np.abs(x.ravel()) ** 2
            assert abs(power.mean() - e) < 3 * power.std(ddof=1) / np.sqrt(power.size)
    for a, b in zip(err[1e-3], err[1e-1], strict=True):
        np.testing.assert_allclose(b, a * np.sqrt(1e-1 / 1e-3), rtol=1e-12)


def test_an_n_sweep_cuts_the_largest_draw_and_keeps_the_target_variance():
    """J Fig. 7a: at_point sets N; cut_draw takes the first N rows/columns and rescales H_t
    to the point's σ_H² = 1/N (Monte Carlo), leaving G and the beams as drawn."""
    from isac.studies.kld_isac.model import at_point, cut_draw, draw_channels, noise_power
    p = _model(N=40, sweep="N", x_db=18.0)
    q = at_point(p, 10)
    assert q["N"] == 10 and q["sigma2"] == pytest.approx(float(noise_power(q, 18.0)))
    full = draw_channels(p, [np.random.default_rng(s) for s in range(300)])
    cut = cut_draw(q, full)
    assert cut["G"].shape == (300, 3, 10) and cut["H"].shape == (300, 2, 10, 10)
    assert cut["beams"].shape == (300, 2, 10, 1)
    np.testing.assert_array_equal(cut["G"], full["G"][..., :10])
    power = np.abs(cut["H"].ravel()) ** 2
    assert abs(power.mean() - 1 / 10) < 3 * power.std(ddof=1) / np.sqrt(power.size)
    assert cut_draw(at_point(p, 40), full) is full
