"""Seeds: trial k draws the same channel whatever the trial count, chunk size or order."""

from __future__ import annotations

import numpy as np

from isac import io
from isac.config import load
from isac.pipeline import Plan
from isac.rng import MC_STREAM, generator, stable_id, stream_seed
from isac.stages import run_channels
from tests.conftest import ROOT


def _channels(tmp_path, trials: int, chunk_size: int) -> dict[str, np.ndarray]:
    cfg = load(ROOT, {"scale": "ci"})
    cfg["studies"]["kld_isac"]["scenarios"]["pr05"] |= {"trials": trials,
                                                        "chunk_size": chunk_size,
                                                        "n_chunks": -(-trials // chunk_size)}
    plan = Plan(cfg)
    out = {}
    for chunk in reversed(plan.chunks("kld_isac", "pr05")):     # job order must not matter
        path = tmp_path / f"{trials}_{chunk_size}_{chunk}.parquet"
        run_channels(plan.channels_spec("kld_isac", "pr05", chunk), str(path))
        frame, tensors = io.read_table(path)
        for i, seed in enumerate(frame["seed"]):
            out[int(seed)] = tensors["G"][i], tensors["H"][i], tensors["beams"][i]
    return out


def test_seed_gives_same_channel_for_any_trial_count_and_chunk_size(tmp_path):
    a = _channels(tmp_path, trials=7, chunk_size=7)
    b = _channels(tmp_path, trials=12, chunk_size=5)
    c = _channels(tmp_path, trials=9, chunk_size=1)
    for seed in range(7):
        for x, y, z in zip(a[seed], b[seed], c[seed], strict=True):
            np.testing.assert_array_equal(x, y)
            np.testing.assert_array_equal(x, z)
    assert not np.allclose(a[0][0], a[1][0])  # different seeds, different draws


def test_streams_are_keyed_by_study_scenario_and_seed():
    keys = [(1, "s", "a", 0), (1, "s", "b", 0), (1, "t", "a", 0), (1, "s", "a", 1),
            (2, "s", "a", 0), (1, "s", "a", 0, 1)]
    draw = [generator(*key).standard_normal(4) for key in keys]
    for i in range(len(draw)):
        for j in range(i + 1, len(draw)):
            assert not np.allclose(draw[i], draw[j]), (i, j)
    np.testing.assert_array_equal(draw[0], generator(1, "s", "a", 0).standard_normal(4))


def test_stable_id_is_fixed():
    # sha256-based: the same on every machine and Python process (unlike hash())
    assert stable_id("kld_isac") == int.from_bytes(
        __import__("hashlib").sha256(b"kld_isac").digest()[:4], "little")


def test_monte_carlo_stream_restarts_and_differs_from_the_channel_stream():
    mc = stream_seed(1, "s", "a", 0, MC_STREAM)
    a, b = (np.random.default_rng(mc).standard_normal(4) for _ in range(2))
    np.testing.assert_array_equal(a, b)                       # restarted at every point
    assert not np.allclose(a, generator(1, "s", "a", 0).standard_normal(4))
    np.testing.assert_array_equal(a, generator(1, "s", "a", 0, MC_STREAM).standard_normal(4))


def test_scenarios_sharing_a_stream_see_the_same_draws(tmp_path):
    """J Fig. 8's error levels share one stream (common random numbers): the same true
    channels in every csi scenario, which another stream does not give."""
    plan = Plan(load(ROOT, {"scale": "ci"}))
    tables = {}
    for scenario in ("csi6", "csi1", "rop"):
        path = tmp_path / f"{scenario}.parquet"
        run_channels(plan.channels_spec("kld_isac", scenario, "c0000"), str(path))
        tables[scenario] = io.read_table(path)[1]
    np.testing.assert_array_equal(tables["csi6"]["G"], tables["csi1"]["G"])
    np.testing.assert_array_equal(tables["csi6"]["H"], tables["csi1"]["H"])
    assert not np.allclose(tables["csi6"]["G"], tables["rop"]["G"])


def test_a_scenario_chunk_size_splits_only_that_scenario():
    cfg = load(ROOT, {"scale": "paper"})["studies"]["kld_isac"]["scenarios"]
    assert (cfg["pr05"]["chunk_size"], cfg["rop"]["chunk_size"]) == (500, 10)
    plan = Plan(load(ROOT, {"scale": "paper"}))
    assert [plan.seeds("kld_isac", "rop", c) for c in plan.chunks("kld_isac", "rop")][-1] \
        == [90, 100]
