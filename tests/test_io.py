"""Parquet intermediates: round trip of complex tensors, determinism, atomic writes."""

from __future__ import annotations

import os
import stat

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


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        io.write_table(tmp_path / "t.parquet", {"a": np.arange(3)})
        io.write_json(tmp_path / "t.json", {"a": 1})
    finally:
        os.umask(old)
    for name in ("t.parquet", "t.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode


def test_corrupt_files_are_named_and_found(tmp_path):
    good = tmp_path / "a" / "good.parquet"
    io.write_table(good, {"a": np.arange(3)}, {"W": np.ones((3, 2), complex)})
    truncated = tmp_path / "a" / "truncated.parquet"
    truncated.write_bytes(good.read_bytes()[:-20])
    empty = tmp_path / "b" / "empty.parquet"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    foreign = tmp_path / "b" / "foreign.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(foreign)
    (tmp_path / "a" / ".good.parquet.x1.part").write_bytes(b"half")
    for bad in (truncated, empty, foreign):
        with pytest.raises(io.CorruptFileError, match=str(bad)):
            io.read_table(bad)
    with pytest.raises(io.CorruptFileError, match=str(empty)):
        io.read_meta(empty)
    found = io.verify(tmp_path)
    assert [line.split(": ")[0] for line in found] == [
        str(truncated), str(empty), str(foreign), str(tmp_path / "a" / ".good.parquet.x1.part")]
