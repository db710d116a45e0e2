"""K-COP and B-COP as pipeline schemes: the precoder budget, CIC untouched, infeasibility as a
status."""

from __future__ import annotations

import numpy as np
import pytest

from isac.studies.kld_isac.cop import b_cop, k_cop
from isac.studies.kld_isac.problems import start
from tests.studies.kld_isac.scheme_inputs import model_point, power


@pytest.mark.parametrize("scheme", [k_cop, b_cop])
def test_the_precoder_keeps_its_budget_and_the_radar_is_fixed(scheme):
    q, options, draw = model_point("cop")
    r = scheme(q, options[scheme.__name__], draw, {})
    assert r.status == "ok"
    _, W_r0 = start(q, draw)
    np.testing.assert_allclose(r.design["R_r"], W_r0 @ np.conj(np.swapaxes(W_r0, -1, -2)))
    assert power(r.design["R_r"], r.design["W_c"])[1] <= (q["P_T"] - q["P_r"]) * (1 + 1e-12)


def test_unreachable_floors_are_an_infeasible_status():
    q, options, draw = model_point("cop", x=0.0)
    r = k_cop(q, options["k_cop"], draw, {})
    assert r.status == "infeasible"
