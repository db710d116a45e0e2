"""WMMSE-SDR (spec §6.1): reduced SDP equals the full-size SDP; stored realisations reproduced."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core import cvx
from isac.studies.crlb_sca.fim import crlb, fim
from isac.studies.crlb_sca.wmmse_sdr import build_sdp, set_weights, truncate_sensing, wmmse_sdr
from tests.reference import load_reference
from tests.studies.crlb_sca.test_sca import _random_problem, problem


def _start(H, seed=0):
    rng = np.random.default_rng(seed)
    n_t = H.shape[0]
    W_s0 = rng.standard_normal((n_t, n_t)) + 1j * rng.standard_normal((n_t, n_t))
    return 0.25 * H / np.linalg.norm(H, axis=0), W_s0


def test_reproduces_a_stored_realisation():
    """Channel 1 of the Fig. 7 sweep at 0 dBm. The stored run started from a random W_s that
    was not saved, so the endpoints agree to the solver/stopping accuracy, not to 1e-10."""
    z = load_reference("crlb_sca", "fig7_pt_sweep.npz")
    j = list(z["Pt_dBm"]).index(0)
    case = dict(z) | {"H": z["H_all"][0], "Pt_W": 1e-3}
    result = wmmse_sdr(problem(case), *_start(case["H"]))
    assert result.status == "converged"
    assert result.history[-1, 0] == pytest.approx(z["wmmse_SR"][0, j], rel=1e-3)
    assert -result.history[-1, 1] == pytest.approx(z["wmmse_CRLB"][0, j], rel=1e-3)
    assert np.linalg.norm(result.W) ** 2 == pytest.approx(1e-3, rel=1e-9)


def test_reduced_sdp_equals_full_size_sdp():
    """The SDP of one WMMSE step has the same optimal value in the 10-dimensional span of
    [H, A, Ȧ_θ, Ȧ_φ] as in the full 16-dimensional space (exact reduction). Its minimiser is not
    unique (the R_c/R_s split of R_x), so values, not iterates, are compared. At N_t = 16 the
    reduced SDP also solves ≈ 10× faster, which is what makes the sweeps affordable."""
    z = load_reference("crlb_sca", "fig7_pt_sweep.npz")
    case = dict(z) | {"H": z["H_all"][3], "Pt_W": 1e-2}
    prob = problem(case)
    W_c0, W_s0 = _start(case["H"])
    values = []
    for sdp in (build_sdp(prob), build_sdp(prob, reduce=False)):
        set_weights(sdp, prob, sdp.basis(case["H"]), W_c0, W_s0 @ W_s0.conj().T)
        sdp.problem.solve(solver="CLARABEL")
        values.append(sdp.problem.value)
    assert build_sdp(prob).basis(case["H"]).shape[1] == 10
    # the full-size solve ends "optimal_inaccurate" (Clarabel's reduced gap tolerance 5e-5);
    # the reduced one is "optimal"
    assert values[0] == pytest.approx(values[1], rel=5e-5)


def test_eigen_truncation_keeps_power_and_top_directions():
    """Fig. 4 variant: N_s streams from the top eigenpairs of R_x − W_cW_cᴴ, rescaled."""
    rng = np.random.default_rng(5)
    n_t, K = 8, 2
    W_c = rng.standard_normal((n_t, K)) + 1j * rng.standard_normal((n_t, K))
    G = rng.standard_normal((n_t, 3)) + 1j * rng.standard_normal((n_t, 3))
    R_x = W_c @ W_c.conj().T + G @ G.conj().T             # sensing part has rank 3
    for n_s in (0, 1, 3, 5):
        W = truncate_sensing(W_c, R_x, n_s, 2.0)
        assert W.shape == (n_t, K + n_s)
        assert np.linalg.norm(W) ** 2 == pytest.approx(2.0, rel=1e-12)
        R_s = W[:, K:] @ W[:, K:].conj().T
        if n_s >= 3:   # the whole rank-3 sensing covariance is kept, scaled to full power
            c2 = 2.0 / np.linalg.norm(np.concatenate([W_c, G], axis=1)) ** 2
            np.testing.assert_allclose(R_s, c2 * G @ G.conj().T, atol=1e-9)
        else:          # the top n_s eigenpairs of G Gᴴ, up to the common power scale
            lam = np.linalg.eigvalsh(G @ G.conj().T)[::-1]
            ratio = np.linalg.eigvalsh(R_s)[::-1][:n_s] / lam[:n_s]
            np.testing.assert_allclose(ratio, ratio[0] if n_s else ratio, rtol=1e-9)
        np.testing.assert_allclose(W[:, :K] / W_c, W[0, 0] / W_c[0, 0], rtol=1e-12)


def test_fig4_sensing_only_sdr_matches_stored_crlb():
    """WMMSE-SDR with δ_c = 0 (Fig. 4, K = 0): the truncated designs reproduce the stored
    CRLBs at N_s = 1, 2, 3 (the stored start was not saved; the sensing-only SDP has a
    unique optimum, so the start does not matter)."""
    z = load_reference("crlb_sca", "fig4_ns_sweep.npz")
    n_t = z["Nth"] * z["Ntv"]
    case = z | {"H": np.eye(n_t, 2, dtype=complex), "Pt_W": z["sensing_only_Pt_W"],
                "delta_c": 0.0}
    prob = problem(case)
    _, W_s0 = _start(case["H"])
    result = wmmse_sdr(prob, np.zeros((n_t, 2), complex), W_s0)
    assert result.status == "converged"
    for n_s in (1, 2, 3):
        W = truncate_sensing(result.state["W_c"], result.state["R_x"], n_s, prob.P_t)
        assert crlb(fim(prob.geom, W)) == pytest.approx(z["sdr_sensing_only_CRLB"][n_s - 1],
                                                        rel=1e-3)


def test_objective_stagnation_stop_ends_a_run_on_a_flat_objective():
    """stall_tol stops once the objective has stayed within stall_tol·|objective| over the
    window, even when W still moves; without it the same run goes on to the W-change rule."""
    z = load_reference("crlb_sca", "fig7_pt_sweep.npz")
    case = dict(z) | {"H": z["H_all"][0], "Pt_W": 1e-3}
    prob = problem(case)
    plain = wmmse_sdr(prob, *_start(case["H"]))
    stopped = wmmse_sdr(prob, *_start(case["H"]), stall_tol=1e-2, stall_window=2)
    assert stopped.status == "converged"
    assert 3 <= stopped.iterations < plain.iterations
    tail = stopped.history[-3:, 2]
    assert tail.max() - tail.min() <= 1e-2 * abs(tail[-1])
    np.testing.assert_array_equal(stopped.history, plain.history[:stopped.iterations])


def test_fast_resolve_path_gives_the_plain_cvxpy_iterates_bit_for_bit(monkeypatch):
    """WMMSE-SDR's SDP (quadratic objective, complex and Hermitian parameters) re-solved through
    :class:`isac.core.cvx.Compiled` gives cvxpy's own iterates exactly, fast path in use."""
    prob, W = _random_problem(seed=2)
    runs = []
    for plain in (False, True):
        if plain:
            monkeypatch.setattr(cvx, "FAST_CVXPY", ("not this release",))
        sdp = build_sdp(prob)
        runs.append(wmmse_sdr(prob, W[:, :3], W[:, 3:], max_iter=6, sdp=sdp))
        assert (sdp.compiled.fallback is None) != plain
    fast, plain = runs
    assert fast.iterations == plain.iterations == 6
    np.testing.assert_array_equal(fast.history, plain.history)
    np.testing.assert_array_equal(fast.W, plain.W)
