"""The per-point contract: one loop over (seed, x), failures as status rows, padding, history."""

from __future__ import annotations

import numpy as np
import pytest

from isac.contract import OK, PointResult, pad_stack, solve_points


def _at_point(model, x):
    return model | {"n": int(x)}


def _point(q, options, draw, chunk):
    """A design of n rows; x = 3 fails; the history has n rows of (n, k)."""
    chunk["calls"] = chunk.get("calls", 0) + 1
    n = q["n"]
    W = np.full((n, 2), draw["g"] + 1j * n)
    status = "diverged" if n == 3 else OK
    history = np.array([[n, k] for k in range(n)], dtype=float)
    return PointResult({"W": W}, status, n, 0.5, history)


def test_runner_loops_seed_major_pads_and_blanks_failures():
    draws = {"g": np.array([10.0, 20.0])}
    x = np.array([1.0, 2.0, 3.0])
    rows, tensors = solve_points(_point, _at_point, {}, {}, draws, np.array([7, 8]), x)
    assert rows["seed"].tolist() == [7, 7, 7, 8, 8, 8]
    assert rows["x"].tolist() == [1, 2, 3, 1, 2, 3]
    assert rows["status"].tolist() == ["ok", "ok", "diverged"] * 2
    assert rows["iterations"].tolist() == [1, 2, 3] * 2
    W = tensors["W"]
    assert W.shape == (6, 3, 2)                        # padded to the largest design
    assert W[3, 0, 0] == 20 + 1j and not np.any(W[3, 1:])
    assert np.isnan(W[2]).all() and np.isnan(W[5]).all()    # failed designs are NaN
    assert "history" not in tensors


def test_history_is_kept_in_one_layout():
    options = {"store_history": True, "history_len": 4}
    draws = {"g": np.array([0.0])}
    _, tensors = solve_points(_point, _at_point, {}, options, draws, np.array([0]),
                              np.array([2.0, 3.0]))
    h = tensors["history"]
    assert h.shape == (2, 4, 2)
    np.testing.assert_array_equal(h[0], [[2, 0], [2, 1], [2, 1], [2, 1]])   # last row held
    assert np.isnan(h[1]).all()                                          # failed run
    _, capped = solve_points(_point, _at_point, {}, {"store_history": True, "max_iter": 1},
                             draws, np.array([0]), np.array([2.0]))
    np.testing.assert_array_equal(capped["history"][0], [[2, 0]])     # default: max_iter


def test_per_seed_designs_are_solved_once_per_seed():
    def point(q, options, draw, chunk):
        assert "n" not in q                        # the model itself: no sweep point
        return PointResult({"W": np.ones((1, 1)) * draw["seed"]})

    rows, tensors = solve_points(point, _at_point, {}, {}, {"g": np.zeros(3)},
                                 np.array([4, 5, 6]), np.array([1.0, 2.0]), per_seed=True)
    assert np.isnan(rows["x"]).all() and rows["seed"].tolist() == [4, 5, 6]
    assert tensors["W"][:, 0, 0].tolist() == [4, 5, 6]


def test_the_chunk_scratch_space_is_shared_and_knows_the_grid():
    seen = []

    def point(q, options, draw, chunk):
        seen.append((chunk["n_x"], id(chunk)))
        return PointResult({"W": np.zeros(1)})

    solve_points(point, _at_point, {}, {}, {"g": np.zeros(2)}, np.array([0, 1]),
                 np.array([1.0, 2.0, 5.0]))
    assert {s[0] for s in seen} == {3} and len({s[1] for s in seen}) == 1


def test_pad_stack_and_empty_chunks():
    out = pad_stack([np.ones((1, 3)), np.ones((2, 1))])
    assert out.shape == (2, 2, 3) and out.sum() == 5
    with pytest.raises(ValueError, match="at least one seed"):
        solve_points(_point, _at_point, {}, {}, {"g": np.zeros(0)}, np.array([], int),
                     np.array([1.0]))


def test_numerical_exceptions_become_status_rows_programming_errors_fail(capsys):
    def point(q, options, draw, chunk):
        if q["n"] == 2:
            raise np.linalg.LinAlgError("Singular matrix")
        if q["n"] == 3:
            raise ZeroDivisionError("division by zero")
        return PointResult({"W": np.ones((2, 2))})

    rows, tensors = solve_points(point, _at_point, {}, {}, {"g": np.zeros(1)}, np.array([0]),
                                 np.array([1.0, 2.0, 3.0]))
    assert rows["status"].tolist() == ["ok", "exception_LinAlgError",
                                       "exception_ZeroDivisionError"]
    assert np.isnan(tensors["W"][1:]).all() and tensors["W"].shape == (3, 2, 2)
    assert "seed 0, x = 2.0: LinAlgError: Singular matrix" in capsys.readouterr().err

    def typo(q, options, draw, chunk):
        return q["no_such_key"]

    with pytest.raises(KeyError):
        solve_points(typo, _at_point, {}, {}, {"g": np.zeros(1)}, np.array([0]),
                     np.array([1.0]))
