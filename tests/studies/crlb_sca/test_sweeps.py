"""Final SR and CRLB of Algorithm 1 and FP-SGDA on stored sweep realisations (Figs 3, 6, 7).

Inputs (channels, targets, initial points) are the authors'; each case is one realisation of a
figure sweep, compared with the MATLAB result stored for it (spec §8.3, tolerance §8.4).
"""

from __future__ import annotations

import numpy as np
import pytest

from isac.studies.crlb_sca.sca import fp_sgda, project_power, two_layer_sca
from tests.reference import load_reference
from tests.studies.crlb_sca.test_sca import problem


def _mrt(H, delta_c):
    return delta_c * H / np.linalg.norm(H, axis=0)


def _check(result, sr, bound):
    assert result.history[-1, 0] == pytest.approx(sr, abs=1e-6, rel=1e-8)
    assert -result.history[-1, 1] == pytest.approx(bound, abs=1e-6, rel=1e-8)


@pytest.mark.parametrize("channel, power_index", [(0, 0), (17, 0), (99, 0), (5, 1), (42, 2)])
def test_fig7_algorithm1(channel, power_index):
    z = load_reference("crlb_sca", "fig7_pt_sweep.npz")
    Pt = 10 ** ((z["Pt_dBm"][power_index] - 30) / 10)
    case = dict(z) | {"H": z["H_all"][channel], "Pt_W": Pt}
    W0 = project_power(np.concatenate([_mrt(case["H"], 0.25), z["sca_Ws0"]], axis=1), Pt)
    result = two_layer_sca(problem(case), W0, 1e-5, 4000, "fig")
    _check(result, z["sca_SR"][channel, power_index], z["sca_CRLB"][channel, power_index])


@pytest.mark.parametrize("channel, power_index", [(0, 0), (63, 4)])
def test_fig7_fp_sgda(channel, power_index):
    z = load_reference("crlb_sca", "fig7_pt_sweep.npz")
    Pt = 10 ** ((z["Pt_dBm"][power_index] - 30) / 10)
    case = dict(z) | {"H": z["H_all"][channel], "Pt_W": Pt}
    W0 = project_power(np.concatenate([z["fp_Wc0"], z["fp_Ws0"]], axis=1), Pt)
    result = fp_sgda(problem(case), W0, 5e-6, 10.0, 0.02, 1e-5, 4000)
    _check(result, z["fp_SR"][channel, power_index], z["fp_CRLB"][channel, power_index])


@pytest.mark.parametrize("channel, k_index", [(0, 0), (30, 2), (99, 5)])
def test_fig6_algorithm1_and_fp_sgda(channel, k_index):
    z = load_reference("crlb_sca", "fig6_k_sweep.npz")
    K = int(z["K_values"][k_index])
    H = z["H_all"][channel][:, :K]
    case = dict(z) | {"H": H}
    prob = problem(case)
    W0 = project_power(np.concatenate([_mrt(H, 0.25), z["sca_Ws0"]], axis=1), z["Pt_W"])
    _check(two_layer_sca(prob, W0, 1e-5, 4000, "fig"), z["sca_SR"][channel, k_index],
           z["sca_CRLB"][channel, k_index])
    d = z["normal_draws"]
    n_t = H.shape[0]
    W_c0 = (d[: n_t * K] + 1j * d[n_t * K: 2 * n_t * K]).reshape((n_t, K), order="F")
    off = 2 * n_t * K
    W_s0 = (d[off: off + n_t**2] + 1j * d[off + n_t**2: off + 2 * n_t**2]).reshape(
        (n_t, n_t), order="F")
    W0 = project_power(np.concatenate([W_c0, W_s0], axis=1), z["Pt_W"])
    _check(fp_sgda(prob, W0, 5e-6, 10.0, 0.02, 1e-5, 4000), z["fp_SR"][channel, k_index],
           z["fp_CRLB"][channel, k_index])


@pytest.mark.parametrize("channel, point", [(0, 0), (7, 35), (49, 59)])
def test_fig3_tradeoff(channel, point):
    z = load_reference("crlb_sca", "fig3_tradeoff.npz")
    delta_c = 10 ** z["log10_delta_c"][point]
    H = z["H_all"][channel]
    case = dict(z) | {"H": H, "delta_c": delta_c}
    W0 = project_power(np.concatenate([_mrt(H, delta_c), z["sca_Ws0"]], axis=1), z["Pt_W"])
    _check(two_layer_sca(problem(case), W0, 1e-4, 2000, "fig"), z["sca_SR"][channel, point],
           z["sca_CRLB"][channel, point])
    dc, ds = (1.0, 1.0 / delta_c) if delta_c > 1 else (delta_c, 1.0)
    W0 = project_power(np.concatenate([z["fp_Wc0"], z["fp_Ws0"]], axis=1), z["Pt_W"])
    fp = fp_sgda(problem(case, delta_c=dc, delta_s=ds), W0, 1e-5, 1.0, 0.02, 1e-5, 2000)
    _check(fp, z["fp_SR"][channel, point], z["fp_CRLB"][channel, point])
