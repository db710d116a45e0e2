"""The kld_isac baseline evaluated end to end on a few draws, against independent forms."""

from __future__ import annotations

import numpy as np
import pytest

from isac.config import load
from isac.contract import solve_points
from isac.core.channels import pathloss
from isac.rng import generator
from isac.studies.kld_isac.evaluate import echo_covariance, evaluate
from isac.studies.kld_isac.model import at_point, draw_channels, noise_power
from isac.studies.kld_isac.schemes import cic_zf
from isac.workspace import ROOT
from tests.reference_forms import kld_complex_gaussian

X_DB = np.array([0.0, 15.0, 30.0])


@pytest.fixture(scope="module", params=["rank1", "per_snapshot"])
def run(request):
    cfg = load(ROOT, {"scale": "ci"})["studies"]["kld_isac"]["scenarios"]["pr05"]
    p = cfg["model"] | {"cic_mode": request.param}
    seeds = np.arange(6)
    ch = draw_channels(p, [generator(7, "kld_isac", "test", int(k)) for k in seeds])
    rows, sol = solve_points(cic_zf, at_point, p, {}, ch, seeds, X_DB, per_seed=True)
    assert np.isnan(rows["x"]).all() and len(rows["x"]) == len(seeds)   # one design per seed
    return p, ch, rows, sol, evaluate(p, cfg["evaluate"], ch, sol, X_DB, [])


def test_noise_power_is_the_calibrated_reference(run):
    p = run[0]
    x = 10 ** (X_DB / 10)
    expected = p["P_T"] * p["d_ref"] ** -p["zeta"] / ((p["T"] + p["K"]) * x)
    np.testing.assert_allclose(noise_power(p, X_DB), expected, rtol=1e-14)


def test_kld_r_matches_slogdet_on_the_explicit_covariance(run):
    p, ch, _, sol, m = run
    sigma2 = noise_power(p, X_DB)
    g = pathloss(p["d_r"], p["zeta"])
    W = sol["W_c"][2]
    R = sol["R_r"][2, 1] + W @ W.conj().T
    H = ch["H"][2, 1]
    for i, s2 in enumerate(sigma2):
        R2 = g[1] * H @ R @ H.conj().T + s2 * np.eye(p["N"])
        ref = kld_complex_gaussian(s2 * np.eye(p["N"]), R2)
        assert m["kld_r"][0][2, i, 1] == pytest.approx(ref, rel=1e-7)


def test_comms_assistance_never_lowers_radar_kld(run):
    m = run[4]
    assert np.all(m["kld_r"][0] >= m["kld_r_na"][0] - 1e-9)
    assert np.all(np.diff(m["kld_r"][0], axis=1) > 0)          # increasing in x


def test_radar_power_and_zf_constraints(run):
    p, ch, rows, sol, m = run
    assert (rows["status"] == "ok").all()
    tr = np.trace(sol["R_r"], axis1=-2, axis2=-1).real.sum(axis=1)
    # E tr(sum_t R_t) = P_r; a few draws scatter around it (chi-square with 2NT·n dof)
    assert 0.5 * p["P_r"] < tr.mean() < 1.5 * p["P_r"]
    np.testing.assert_allclose(np.sum(np.abs(sol["W_c"]) ** 2, axis=(1, 2)),
                               p["P_T"] - p["P_r"], rtol=1e-12)
    kld_c, sinr = m["kld_c"][0], m["sinr"][0]
    np.testing.assert_allclose(kld_c / sinr, kld_c[0, 0, 0] / sinr[0, 0, 0])  # c_M constant
    # the closed form (13) does not depend on the draw
    assert np.ptp(m["kld_c_zf"][0], axis=0).max() == 0.0


def test_per_point_designs_are_evaluated_at_their_own_x(run):
    """A design per (seed, x) point, seed-major, gives at each x what that design gives as a
    per-seed design."""
    p, ch, _, sol, _ = run
    cfg = {"P_FA": 1e-4, "modulation": "QPSK", "radar_interference": "instantaneous"}
    S, X = len(sol["W_c"]), len(X_DB)
    scale = np.linspace(0.5, 1.0, X)                       # a different design per x
    per_point = {"W_c": np.repeat(sol["W_c"], X, axis=0) * np.tile(scale, S)[:, None, None],
                 "R_r": np.repeat(sol["R_r"], X, axis=0)}
    m = evaluate(p, cfg, ch, per_point, X_DB, [])
    for i in range(X):
        one = {"W_c": sol["W_c"] * scale[i], "R_r": sol["R_r"]}
        ref = evaluate(p, cfg, ch, one, X_DB, [])
        for name in ("kld_r", "pd_glrt", "sinr", "ber"):
            np.testing.assert_allclose(m[name][0][:, i], ref[name][0][:, i], rtol=1e-12)


def test_instantaneous_interference_is_that_of_the_designed_beams(run):
    p, ch, _, sol, _ = run
    cfg = {"P_FA": 1e-4, "modulation": "QPSK", "radar_interference": "instantaneous"}
    m = evaluate(p, cfg, ch, sol, X_DB, [])
    g = pathloss(p["d_c"], p["zeta"])
    s, k, i = 1, 2, 1
    h, W = ch["G"][s, k], sol["W_c"][s]
    radar = sum(np.real(h @ R @ h.conj()) for R in sol["R_r"][s])
    iui = sum(abs(h @ W[:, j]) ** 2 for j in range(W.shape[1]) if j != k)
    expected = g[k] * abs(h @ W[:, k]) ** 2 / (g[k] * (iui + radar) + noise_power(p, X_DB)[i])
    assert m["sinr"][0][s, i, k] == pytest.approx(expected, rel=1e-10)


def test_an_n_sweep_evaluates_each_point_on_its_cut_channels(run):
    """J Fig. 7a: padded per-point designs of an N sweep give, at each N, exactly what a
    model of that N gives on the cut draws."""
    from isac.studies.kld_isac.model import cut_draw
    p, ch, _, _, _ = run
    cfg = {"P_FA": 1e-4, "modulation": "QPSK", "radar_interference": "instantaneous"}
    sweep = p | {"sweep": "N", "x_db": 15.0}
    ns = np.array([8.0, p["N"]])
    designs = []
    for n in ns:                                           # cic_zf at each N, padded
        q = at_point(sweep, n)
        _, sol = solve_points(cic_zf, at_point, q, {}, cut_draw(q, ch), np.arange(6),
                              np.array([15.0]), per_seed=True)
        designs.append(sol)
    pad = {k: np.zeros((6, 2, *designs[1][k].shape[1:]), complex) for k in ("W_c", "R_r")}
    for j, sol in enumerate(designs):
        n = int(ns[j])
        pad["W_c"][:, j, :n] = sol["W_c"]
        pad["R_r"][:, j, :, :n, :n] = sol["R_r"]
    m = evaluate(sweep, cfg, ch, {k: v.reshape(12, *v.shape[2:]) for k, v in pad.items()},
                 ns, [])
    for j, n in enumerate(ns):
        q = at_point(sweep, n)
        ref = evaluate(q | {"sweep": "snr"}, cfg, cut_draw(q, ch), designs[j],
                       np.array([15.0]), [])
        for name in ("kld_r", "sinr", "mse"):
            np.testing.assert_allclose(m[name][0][:, j], ref[name][0][:, 0], rtol=1e-12)


def test_the_estimation_mse_follows_detection_and_power(run):
    """Fig. 6 metrics: the mean of eq. (24) over targets, between its limits, falling with x;
    with the radar power alone (J's P_r) it is at least that with the whole transmit power."""
    m = run[4]
    mse, radar = m["mse"][0], m["mse_radar"][0]
    assert mse.shape[-1] == 1 and m["mse"][1] == ["avg"]
    assert (np.diff(mse, axis=1) < 0).all() and (radar >= mse).all()
    assert (mse > 0).all() and (mse <= 0.5 * run[0]["N"] ** 2 * (1 / run[0]["N"]) * 1.01).all()


def test_iterations_to_a_fraction_of_the_gain():
    from isac.studies.kld_isac.evaluate import iterations_to_fraction
    h = np.array([[0.0, 50.0, 90.0, 96.0, 100.0, 100.0],
                  [5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
                  [1.0, 1.0, np.nan, np.nan, np.nan, np.nan]])
    np.testing.assert_array_equal(iterations_to_fraction(h, 0.95), [3.0, 0.0, np.nan])
    np.testing.assert_array_equal(iterations_to_fraction(h[:1], 0.5), [1.0])


def test_the_all_beams_echo_reading_gives_every_target_the_whole_radar_covariance():
    rng = np.random.default_rng(4)
    R = rng.standard_normal((2, 1, 3, 4, 4))
    assert echo_covariance({}, R) is R
    assert echo_covariance({"radar_echo": "own"}, R) is R
    seen = echo_covariance({"radar_echo": "all"}, R)
    for t in range(3):
        np.testing.assert_allclose(seen[:, :, t], R.sum(axis=2))
