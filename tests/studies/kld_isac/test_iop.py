"""K-IOP as a pipeline scheme: the total budget shared freely, KLD_ISAC above the start."""

from __future__ import annotations

import numpy as np
import pytest

from isac.studies.kld_isac.iop import k_iop
from isac.studies.kld_isac.problems import Packing, instance, start
from tests.studies.kld_isac.scheme_inputs import model_point, power


def test_the_joint_design_keeps_the_total_budget_and_beats_the_start():
    q, options, draw = model_point("iop")
    opts = options["k_iop"] | {"max_iter": 200}
    r = k_iop(q, opts, draw, {})
    assert r.status == "ok"
    radar, comm = power(r.design["R_r"], r.design["W_c"])
    assert radar + comm <= q["P_T"] * (1 + 1e-12)
    inst = instance(q, opts, draw)
    W_c0, W_r0 = start(q, draw)
    beams = np.stack([np.linalg.eigh(R)[1][:, -1:] * np.sqrt(np.linalg.eigvalsh(R)[-1])
                      for R in r.design["R_r"]])
    after = inst.radar_kld(beams, r.design["W_c"]).mean() + \
        inst.comm_kld(r.design["W_c"], beams).mean()
    before = inst.radar_kld(W_r0, W_c0).mean() + inst.comm_kld(W_c0, W_r0).mean()
    assert after > before
    assert r.design["W_c"].shape == W_c0.shape and not np.allclose(r.design["W_c"], W_c0)
    assert pytest.approx(radar + comm, rel=1e-9) == q["P_T"]


def test_a_monitored_run_keeps_kld_isac_per_iteration():
    """J Fig. 7b: with store_history the history is KLD_ISAC of each iterate, the start
    first; for K-IOP that is the method's own objective."""
    q, options, draw = model_point("iop")
    opts = options["k_iop"] | {"max_iter": 30, "store_history": True}
    r = k_iop(q, opts, draw, {})
    inst = instance(q, opts, draw)
    W_c0, W_r0 = start(q, draw)
    packing = Packing(*W_r0.shape, W_c0.shape[1])
    z0 = packing.projection(q["P_T"])(packing.pack(W_r0, W_c0))   # the run's first iterate
    assert r.history.shape == (r.iterations + 1, 1)
    assert r.history[0, 0] == pytest.approx(inst.kld_isac(*packing.unpack(z0)), rel=1e-12)
    assert k_iop(q, options["k_iop"] | {"max_iter": 30}, draw, {}).history is None
