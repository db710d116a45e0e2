"""The iaps_dfrc model: path loss, beams (unit norm, the sensing beam nulls the UEs), the LP
against scipy's linprog and the closed form, Algorithm 1's output, statistics invariant to
the target angle."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from isac.config import load
from isac.studies.iaps_dfrc import allocation as al
from isac.studies.iaps_dfrc import beams, model
from isac.workspace import ROOT


def point(x: float = -16.0, **overrides):
    p = load(ROOT, {"scale": "paper", "studies": ["iaps_dfrc"]})["studies"]["iaps_dfrc"][
        "scenarios"]["rcs"]["model"] | overrides
    return p, model.at_point(p, x)


def samples(n: int, seed: int = 0, **overrides):
    p, q = point(**overrides)
    ch = model.draw_channels(p, [np.random.default_rng(seed + s) for s in range(n)])
    return q, [{k: v[s] for k, v in ch.items()} | {"seed": s} for s in range(n)]


def test_path_gain_at_250_m():
    assert 10 * np.log10(model.path_gain(250.0)) == pytest.approx(-(128.1 + 37.6 *
                                                                      np.log10(0.25)))


def test_beams_have_unit_norm_and_the_sensing_beam_nulls_the_users():
    q, draws = samples(20)
    for draw in draws:
        links = beams.point_links(q, draw)
        np.testing.assert_allclose(np.linalg.norm(links["W"], axis=0), 1.0, rtol=1e-12)
        H = links["H"]
        leak = np.abs(H.conj().T @ links["W"][:, 0]) / np.linalg.norm(H, axis=0)
        assert leak.max() < 1e-10
        assert links["c"][0] > 0.5 * (q["M"] - q["K"])        # ≈ M − K on average


def test_rzf_tends_to_zf():
    rng = np.random.default_rng(1)
    H = rng.standard_normal((6, 3)) + 1j * rng.standard_normal((6, 3))
    W = beams.user_beams(H, 1e-12)
    cross = np.abs(H.conj().T @ W)
    np.testing.assert_allclose(cross - np.diag(np.diag(cross)), 0.0, atol=1e-9)


def test_the_lp_matches_linprog_and_meets_every_sinr():
    q, draws = samples(25, seed=3)
    checked = 0
    for draw in draws:
        links = beams.point_links(q, draw)
        g, c = links["g"], links["c"]
        for dedicated in (True, False):
            p, status = al.maximise_sensing(g, c, q["Gamma"], q["P_max_W"], dedicated)
            A, b = al.sinr_rows(g, q["Gamma"])
            bounds = [(0, None if dedicated else 0)] + [(0, None)] * q["K"]
            ref = linprog(-c, A_ub=np.vstack([-A, np.ones((1, q["K"] + 1))]),
                          b_ub=np.r_[-b, q["P_max_W"]], bounds=bounds, method="highs")
            if p is None:
                assert status == al.INFEASIBLE and ref.status == 2
                continue
            checked += 1
            assert c @ p == pytest.approx(-ref.fun, rel=1e-6)
            assert np.all(beams.sinr(p, g) >= q["Gamma"] * (1 - 1e-6))
            assert p.sum() <= q["P_max_W"] * (1 + 1e-6)
    assert checked > 40


def test_min_power_lp_equals_the_closed_form():
    q, draws = samples(15, seed=4)
    for draw in draws:
        g = beams.point_links(q, draw)["g"]
        p, _ = al.minimise_power(g, q["Gamma"], 0.0)
        closed = al.min_ue_power(g, q["Gamma"], 0.0)
        if closed is None:
            assert p is None
            continue
        np.testing.assert_allclose(p[1:], closed, rtol=1e-5, atol=1e-10)


@pytest.mark.parametrize("dp", [0.1, 0.05, 0.01])
def test_algorithm1_stops_within_one_step_of_the_budget(dp):
    q, draws = samples(10, seed=5)
    for draw in draws:
        g = beams.point_links(q, draw)["g"]
        S = al.min_ue_power(g, q["Gamma"], 0.0)
        p, iterations, status = al.algorithm1(g, q["Gamma"], q["P_max_W"], dp)
        if S is None or S.sum() > q["P_max_W"]:
            assert p is None
            continue
        steps = int(np.floor(S.sum() / dp)) + 1
        assert iterations == steps
        assert p[0] == pytest.approx(q["P_max_W"] - steps * dp, abs=1e-9)
        assert q["P_max_W"] - dp < p.sum() < q["P_max_W"]
        bound, _ = al.upper_bound(g, q["Gamma"], q["P_max_W"])
        assert bound[0] == pytest.approx(q["P_max_W"] - S.sum(), rel=1e-9)
        assert p[0] <= bound[0]


def test_the_literal_loop_gives_the_closed_form_result():
    q, draws = samples(4, seed=6)
    for draw in draws:
        g = beams.point_links(q, draw)["g"]
        fast = al.algorithm1(g, q["Gamma"], q["P_max_W"], 0.05)
        literal = al.algorithm1(g, q["Gamma"], q["P_max_W"], 0.05, "lp")
        assert fast[1:] == literal[1:]
        if fast[0] is not None:
            np.testing.assert_allclose(literal[0], fast[0], rtol=1e-5, atol=1e-9)


def test_links_do_not_depend_on_the_target_angle():
    # the channels are i.i.d. Rayleigh: mirroring the geometry changes the angles, not the
    # statistics; the sensing gain c of one sample is invariant to θ (|aᴴw̃| with P⊥ of H)
    q, draws = samples(200, seed=7)
    c0 = [beams.point_links(q, d)["c"][0] for d in draws]
    mirrored = [beams.point_links(q, d | {"bs": np.array([q["side"], q["side"]]) - d["bs"]})
                ["c"][0] for d in draws]
    se = np.std(c0) / np.sqrt(len(c0)) * np.sqrt(2)
    assert abs(np.mean(c0) - np.mean(mirrored)) < 4 * se
