"""mi_moo config validation: bad input fails before any job, naming the key and the value."""

from __future__ import annotations

import pytest

from isac.config import ConfigError, load
from tests.conftest import ROOT
from tests.test_config import _set, _with_study


def test_shipped_mi_moo_config_is_valid():
    for scale in ("paper", "quick", "ci"):
        cfg = load(ROOT, {"scale": scale})["studies"]["mi_moo"]
        assert cfg["scenarios"]["single"]["trials"] == 1
        assert cfg["scenarios"]["radar_snr"]["model"]["sweep"] == "snr_r"


ANGLES_33 = [-80 + 5 * k for k in range(33)]


@pytest.mark.parametrize("path, value, expect", [
    # thresholds that make every point infeasible
    (("model", "Lambda_bits"), 10000, r"model\.Lambda_bits = 10000: .*every point"),
    (("model", "Gamma_dB"), 90, r"model\.Gamma_dB = 90: .*every point"),
    # more users / targets than the array can serve
    (("model", "users_deg"), ANGLES_33, r"model\.users_deg = .*C = 33 users"),
    (("scenarios", "rmse", "model", "Nr"), 2,
     r"scenarios\.rmse\.model\.targets_deg: K = 3 targets"),
    (("scenarios", "convergence", "x"), [1, 8], r"scenarios\.convergence\.model\.users_deg"),
    # duplicate target angles
    (("scenarios", "rmse", "model", "targets_deg"), [0, 5, 5],
     r"scenarios\.rmse\.model\.targets_deg = \[0, 5, 5\]: duplicate target angle"),
    (("model", "target_sets"), [[20, 40, 60], [20, 20], [0, 5, 40]],
     r"model\.target_sets\.1 = \[20, 20\]: duplicate"),
    # unknown scheme
    (("scenarios", "comm_snr", "schemes"), ["proposed", "magic_beams"],
     r"scenarios\.comm_snr\.schemes = 'magic_beams': unknown scheme"),
    # sweep grids the model cannot take
    (("scenarios", "single", "x"), [1, 4], r"scenarios\.single\.x = \[1\.0, 4\.0\]"),
    (("scenarios", "tradeoff_c2", "x"), [0, 1.5], r"scenarios\.tradeoff_c2\.x = .*\[0, 1\]"),
    (("scenarios", "convergence", "x"), [8, 64], r"scenarios\.convergence\.x = .*model\.Nt"),
    # schema errors
    (("model", "sweep"), "angle", r"model\.sweep = 'angle'"),
    (("model", "Nt"), 0, r"model\.Nt = 0"),
    (("model", "users_deg"), [-45, 95], r"model\.users_deg\.1 = 95"),
    (("model", "alpha"), 1.5, r"model\.alpha = 1\.5"),
])
def test_mi_moo_errors(tmp_path, path, value, expect):
    with pytest.raises(ConfigError, match=expect):
        _with_study(tmp_path, _set(path, value), slug="mi_moo")
