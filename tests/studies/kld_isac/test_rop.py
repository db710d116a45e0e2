"""K-ROP and D-ROP as pipeline schemes: the radar power budget, ZF untouched, the floors."""

from __future__ import annotations

import numpy as np
import pytest

from isac.studies.kld_isac.problems import instance, radar_design, start
from isac.studies.kld_isac.projected_gradient import radial_projection
from isac.studies.kld_isac.rop import d_rop, k_rop
from tests.studies.kld_isac.scheme_inputs import model_point, power


@pytest.mark.parametrize("scheme", [k_rop, d_rop])
def test_optimised_beams_keep_the_budget_and_the_floors(scheme):
    q, options, draw = model_point("rop")
    opts = options[scheme.__name__]
    r = scheme(q, opts, draw, {})
    assert r.status == "ok" and r.iterations > 0
    W_c0, W_r0 = start(q, draw)
    np.testing.assert_array_equal(r.design["W_c"], W_c0)            # ZF fixed
    radar, comm = power(r.design["R_r"], r.design["W_c"])
    assert radar <= q["P_r"] * (1 + 1e-12) and comm == pytest.approx(q["P_T"] - q["P_r"])
    inst = instance(q, opts, draw)
    R0 = W_r0 @ np.conj(np.swapaxes(W_r0, -1, -2))
    beams = np.stack([np.linalg.eigh(R)[1][:, -1:] * np.sqrt(np.linalg.eigvalsh(R)[-1])
                      for R in r.design["R_r"]])                      # rank-1 beams back
    objective = radar_design(inst, W_c0, "kld" if scheme is k_rop else "pd")
    assert objective(beams)[0] >= objective(W_r0)[0]                # never below the start
    kld = inst.radar_kld(beams, W_c0)
    assert (kld >= inst.A - 1e-3).all() and (inst.comm_kld(W_c0, beams) >= inst.B - 1e-3).all()
    assert np.linalg.matrix_rank(R0[0]) == 1 == np.linalg.matrix_rank(r.design["R_r"][0],
                                                                       tol=1e-12)


def test_history_and_channel_estimates():
    """K-ROP with store_history follows KLD_ISAC from the start; with channel estimates
    (spec §5.5) the design changes with σ_e² and tends to the perfect-CSI one as σ_e² → 0."""
    from isac.studies.kld_isac.model import draw_channels
    q, options, draw = model_point("rop")
    opts = options["k_rop"] | {"max_iter": 40}
    r = k_rop(q, opts | {"store_history": True}, draw, {})
    inst = instance(q, opts, draw)
    W_c0, W_r0 = start(q, draw)
    W_r0 = radial_projection(q["P_r"], 1)(W_r0)                  # the run's first iterate
    assert r.history[0, 0] == pytest.approx(inst.kld_isac(W_r0, W_c0), rel=1e-12)
    assert r.history.shape == (r.iterations + 1, 1) and r.history[-1, 0] > r.history[0, 0]
    perfect = k_rop(q, opts, draw, {}).design["R_r"]

    def with_error(e):
        d = draw_channels(q | {"csi_error": e}, [np.random.default_rng(3)])
        return k_rop(q, opts, {k: v[0] for k, v in d.items()}, {}).design["R_r"]

    tiny, big = with_error(1e-14), with_error(1e-1)
    assert np.abs(tiny - perfect).max() < 1e-6 * np.abs(perfect).max()
    assert np.abs(big - perfect).max() > 1e-2 * np.abs(perfect).max()
