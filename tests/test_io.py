"""Parquet intermediates: round trip of complex tensors, determinism, atomic writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from isac import io


def test_round_trip_complex_and_real_tensors(tmp_path):
    rng = np.random.default_rng(0)
    W = rng.standard_normal((5, 4, 3)) + 1j * rng.standard_normal((5, 4, 3))
    R = rng.standard_normal((5, 2))
    frame = pd.DataFrame({"seed": np.arange(5), "status": ["ok"] * 5})
    io.write_table(tmp_path / "t.parquet", frame, {"W": W, "R": R}, meta={"a": 1})
    back, tensors = io.read_table(tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(back, frame)
    np.testing.assert_array_equal(tensors["W"], W)
    np.testing.assert_array_equal(tensors["R"], R)
    assert io.read_meta(tmp_path / "t.parquet") == {"a": 1}


def test_same_content_same_bytes(tmp_path):
    frame = pd.DataFrame({"seed": np.arange(3), "value": [0.1, 0.2, 0.3]})
    io.write_table(tmp_path / "a.parquet", frame, {"X": np.ones((3, 2), complex)})
    io.write_table(tmp_path / "b.parquet", frame, {"X": np.ones((3, 2), complex)})
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_interrupted_write_keeps_the_old_file_and_no_partial(tmp_path, monkeypatch):
    target = tmp_path / "x.parquet"
    frame = pd.DataFrame({"seed": [1, 2]})
    io.write_table(target, frame)
    before = target.read_bytes()

    def crash(table, where, **kwargs):
        open(where, "wb").write(b"PAR1 half a file")  # noqa: SIM115
        raise KeyboardInterrupt

    monkeypatch.setattr(io.pq, "write_table", crash)
    with pytest.raises(KeyboardInterrupt):
        io.write_table(target, pd.DataFrame({"seed": [3]}))
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.parquet"]
