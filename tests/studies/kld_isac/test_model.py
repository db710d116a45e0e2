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
