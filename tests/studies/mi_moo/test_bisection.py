"""Algorithm 1 of mi_moo (spec §4.5–§4.7, §5, §9, §10): bisection, exact dimension reduction,
rank-one reconstruction and the benchmark schemes."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core import cvx
from isac.core.channels import rician_channels
from isac.core.comm import user_sinr
from isac.studies.mi_moo import designs as schemes
from isac.studies.mi_moo.bisection import Utility, basis_for, bisection, feasibility_for, rank_one
from isac.studies.mi_moo.mi import (
    cross_correlation,
    merged_sinr_bound,
    mi_upper_bound,
    per_target_mi,
    user_sinr_lifted,
)
from isac.studies.mi_moo.sdp import MooProblem, max_violation

GAMMA = 10 ** 0.5          # 5 dB
LAMBDA = 10.0              # bits
USERS = np.deg2rad([-45.0, -15.0])


def problem(n_t: int, targets_deg, seed: int = 0, eps: float = 1e-3) -> MooProblem:
    """Spec §7/§10 defaults: P = 10 W, σ_c² = σ_r² = 1e-3, σ_k² = 1, L = 1024, μ = 1, N_r = N_t."""
    H = rician_channels(np.random.default_rng(seed), n_t, USERS, 1.0)
    K = len(targets_deg)
    return MooProblem(H, np.deg2rad(targets_deg), n_t, 10.0, 1e-3, 1e-3, np.ones(K), 1024, eps)


def utility(prob: MooProblem, alpha: float = 0.5) -> Utility:
    C, K = prob.H.shape[1], prob.theta.size
    return Utility(alpha, np.full(C, (1 - alpha) / C), np.full(K, 1 / K), LAMBDA,
                   np.full(C, GAMMA))


def final_violation(prob: MooProblem, util: Utility, result) -> float:
    """Relative violation of (37) at t* by the final beamformers (R_i = w_iw_iᴴ)."""
    f, bits = util.floors(result.t)
    R_users = np.einsum("ni,mi->inm", result.W_c, result.W_c.conj())
    return max_violation(prob, result.R, R_users, f, prob.gain_floor(bits), None, True, True)


@pytest.fixture(scope="module")
def sanity():
    """The recorded sanity solve of spec §10 (N_t = 16, C = 2, K = 3 at 20°, 40°, 60°)."""
    prob = problem(16, [20.0, 40.0, 60.0], seed=3)
    util = utility(prob)
    return prob, util, bisection(prob, util)


def test_sanity_solve_of_spec_section_10(sanity):
    """t* ≈ 158.011 in 15 iterations, SINRs ≥ 16.30 dB, tr R = P, |xcorr| ≤ ε, MI = I_ub.

    The spec's channel draw is not recorded; t* is set by the MI side (Λ + αt* ≈ 89 bits, see
    the scale note of spec §7), so other Rician draws land within ≈0.1 of it."""
    prob, util, r = sanity
    assert r.status == "optimal" and r.iterations == 15
    assert r.t == pytest.approx(158.011, abs=0.1)
    sinr_db = 10 * np.log10(user_sinr(prob.H.conj().T, r.W_c, r.W_r, prob.sigma_c2))
    assert np.all(sinr_db >= 10 * np.log10(GAMMA + 0.25 * r.t) - 1e-6)
    assert np.all(sinr_db >= 16.30)
    assert np.trace(r.R).real <= prob.P * (1 + 1e-6)
    X = np.abs(cross_correlation(r.R, prob.A))
    assert X[np.triu_indices(3, 1)].max() <= prob.eps * (1 + 1e-6)
    assert prob.mi(r.R) == pytest.approx(mi_upper_bound(r.R, prob.A, 16, prob.sigma_k2, 1024,
                                                        1e-3), abs=1e-6)
    assert prob.mi(r.R) >= LAMBDA + 0.5 * r.t - 1e-6


def test_bisection_result_is_feasible_in_numpy(sanity):
    prob, util, r = sanity
    assert final_violation(prob, util, r) <= 1e-6
    # bisection bookkeeping: bracket shrinks to δ, t_lo never decreases, t* is the last t_lo
    t_lo, t_hi = r.history[:, 0], r.history[:, 1]
    assert np.all(np.diff(t_lo) >= 0) and np.all(np.diff(t_hi) <= 0)
    assert t_hi[-1] - t_lo[-1] <= 0.01 and r.t == t_lo[-1]
    assert r.solves == r.iterations + 1


def test_rank_one_reconstruction_preserves_everything(sanity):
    """(39)–(40) on an SDR solution: same covariance, SINRs, power, cross-correlations, MI."""
    prob, util, _ = sanity
    feas = feasibility_for(prob)
    feas.load(prob, basis_for(prob, feas.dim))
    f, bits = util.floors(120.0)
    check = feas.check(f, prob.gain_floor(bits))
    assert check.feasible
    R, R_users = check.R, check.R_users
    W_c, W_r = rank_one(prob.H, R, R_users)
    R_w = W_c @ W_c.conj().T + W_r @ W_r.conj().T
    assert np.linalg.norm(R_w - R) <= 1e-9 * np.linalg.norm(R)
    np.testing.assert_allclose(user_sinr(prob.H.conj().T, W_c, W_r, prob.sigma_c2),
                               user_sinr_lifted(prob.H, R, R_users, prob.sigma_c2), rtol=1e-8)
    np.testing.assert_allclose(cross_correlation(R_w, prob.A), cross_correlation(R, prob.A),
                               atol=1e-9 * prob.P * 16)
    assert np.trace(R_w).real == pytest.approx(np.trace(R).real, rel=1e-12)
    assert prob.mi(R_w) == pytest.approx(prob.mi(R), abs=1e-8)
    # h_iᴴR̄_ih_i = h_iᴴR_ih_i and R_i − R̄_i ⪰ 0 (Cauchy–Schwarz)
    for i in range(2):
        h, Rb = prob.H[:, i], np.outer(W_c[:, i], W_c[:, i].conj())
        assert np.real(h.conj() @ Rb @ h) == pytest.approx(np.real(h.conj() @ R_users[i] @ h))
        assert np.linalg.eigvalsh(R_users[i] - Rb)[0] >= -1e-9 * prob.P


def test_rank_one_on_random_sdr_point_and_without_radar_streams():
    rng = np.random.default_rng(4)
    n, C = 6, 3
    H = rng.standard_normal((n, C)) + 1j * rng.standard_normal((n, C))
    V = rng.standard_normal((C, n, 3)) + 1j * rng.standard_normal((C, n, 3))
    R_users = V @ V.conj().transpose(0, 2, 1)                          # rank-3 R_i
    Vr = rng.standard_normal((n, 2)) + 1j * rng.standard_normal((n, 2))
    R = R_users.sum(axis=0) + Vr @ Vr.conj().T
    W_c, W_r = rank_one(H, R, R_users)
    np.testing.assert_allclose(W_c @ W_c.conj().T + W_r @ W_r.conj().T, R, atol=1e-10)
    np.testing.assert_allclose(user_sinr(H.conj().T, W_c, W_r, 0.5),
                               user_sinr_lifted(H, R, R_users, 0.5))
    # no radar streams: R = Σ R_i, beamformers from (39) only; SINRs can only improve
    R0 = R_users.sum(axis=0)
    W_c0, W_r0 = rank_one(H, R0, R_users, radar_streams=False)
    assert np.all(W_r0 == 0)
    assert np.all(user_sinr(H.conj().T, W_c0, W_r0, 0.5)
                  >= user_sinr_lifted(H, R0, R_users, 0.5) - 1e-12)


def test_reduced_and_full_size_problems_have_the_same_optimum():
    """Exact dimension reduction (spec §4.5): D = C + K = 4 vs N_t = 8."""
    prob = problem(8, [20.0, 40.0], seed=1)
    util = utility(prob)
    red, full = bisection(prob, util), bisection(prob, util, reduce=False)
    assert red.status == full.status == "optimal"
    assert red.t == pytest.approx(full.t, abs=0.011)
    assert final_violation(prob, util, full) <= 1e-6
    ro_red, ro_full = schemes.radar_only(prob), schemes.radar_only(prob, reduce=False)
    assert ro_red.t == pytest.approx(ro_full.t, abs=1e-6)


def test_radar_only_reproduces_spec_value_and_bounds_the_others():
    """Spec §10: Radar-only at N_t = 32, K = 3 gives 95.08 bits."""
    prob = problem(32, [20.0, 40.0, 60.0], seed=2)
    ro = schemes.radar_only(prob)
    assert ro.status == "optimal"
    assert ro.t == pytest.approx(95.08, abs=0.01)
    assert np.trace(ro.R).real == pytest.approx(10.0, rel=1e-6)
    pr = schemes.proposed(prob, GAMMA, LAMBDA)
    m = schemes.design_metrics(prob, pr)
    # spec §7 scale note: I ≈ 95 bits, γ_i ≈ 16.6 dB
    assert m["mi"] == pytest.approx(95.0, abs=0.2)
    assert np.all(np.abs(10 * np.log10(m["sinr"]) - 16.6) < 0.25)
    assert ro.t >= m["mi_ub"] - 1e-6


def test_schemes_order_on_one_channel():
    """Sensing: Radar-only ≥ Sensing-centric ≥ Proposed ≥ Comm-centric; comms: Comm-only ≥
    Comm-centric ≥ Proposed ≥ Sensing-centric; dropping ZF cannot lower t*."""
    prob = problem(8, [20.0, 40.0], seed=5)
    res = {"ro": schemes.radar_only(prob), "sc": schemes.sensing_centric(prob, GAMMA),
           "pr": schemes.proposed(prob, GAMMA, LAMBDA),
           "zfv": schemes.zf_violated(prob, GAMMA, LAMBDA),
           "cc": schemes.communication_centric(prob, LAMBDA),
           "co": schemes.communication_only(prob),
           "mic": schemes.mi_constrained(prob, LAMBDA, sinr_bound="per_user")}
    assert all(r.status == "optimal" for r in res.values())
    m = {k: schemes.design_metrics(prob, r) for k, r in res.items()}
    tol = 1e-3
    assert m["ro"]["mi_ub"] >= m["sc"]["mi_ub"] - tol >= m["pr"]["mi_ub"] - 2 * tol
    assert m["pr"]["mi_ub"] >= m["cc"]["mi_ub"]
    min_sinr = {k: v["sinr"].min() for k, v in m.items()}
    assert min_sinr["co"] >= min_sinr["cc"] * (1 - tol) >= min_sinr["pr"] * (1 - 2 * tol)
    assert min_sinr["pr"] >= min_sinr["sc"]
    assert res["zfv"].t >= res["pr"].t - 0.011
    # Sensing-centric meets the SINR threshold; Comm-centric and MI-constrained the MI one
    assert min_sinr["sc"] >= GAMMA * (1 - 1e-6)
    assert m["cc"]["mi_ub"] >= LAMBDA
    # MI-constrained, per-user floors: communication streams only, t* = C·min γ_i of its SDR
    # solution
    assert np.all(res["mic"].W_r == 0)
    assert min_sinr["mic"] >= res["mic"].t / 2 * (1 - 1e-6)


def test_infeasible_thresholds_return_a_status_not_an_exception():
    prob = problem(8, [20.0, 40.0], seed=0)
    r = schemes.proposed(prob, Gamma=1e9, Lambda=LAMBDA)
    assert r.status == "infeasible_thresholds"
    assert np.isnan(r.t) and np.all(np.isnan(r.W_c))
    r = schemes.mi_constrained(prob, Lambda_mi=500.0)
    assert r.status == "infeasible_thresholds"


def test_per_target_floors_sum_to_the_mi_requirement(sanity):
    """(37b): log2(1 + γ_k^s) ≥ ξ_k(Λ + αt) for every k, so I_ub ≥ Λ + αt (36b)."""
    prob, util, r = sanity
    _, bits = util.floors(r.t)
    terms = per_target_mi(r.R, prob.A, prob.n_r, prob.sigma_k2, prob.L, prob.sigma_r2)
    assert np.all(terms >= bits - 1e-6)


@pytest.mark.parametrize("name", ["zf_violated_no_radar", "communication_only"])
def test_compiled_problem_is_reusable_across_channel_draws(name):
    """One compiled (37) per size and variant serves every draw: same t* as a fresh build."""
    kwargs = {"zf_violated_no_radar": {"Gamma": GAMMA, "Lambda": LAMBDA, "radar_streams": False},
              "communication_only": {}}[name]
    run = {"zf_violated_no_radar": schemes.zf_violated,
           "communication_only": schemes.communication_only}[name]
    first, second = problem(8, [20.0, 40.0], seed=6), problem(8, [20.0, 40.0], seed=7)
    feas = feasibility_for(first, **schemes.FEASIBILITY_VARIANT[name])
    run(first, feas=feas, **kwargs)
    reused, fresh = run(second, feas=feas, **kwargs), run(second, **kwargs)
    assert reused.status == fresh.status == "optimal"
    assert reused.t == pytest.approx(fresh.t, abs=1e-9)


def test_exact_mi_constraint_holds_at_the_solution():
    """The log-det form of (13) ≥ Λ_MI (MI-constrained, spec §5) with the 1/κ scaling of §9:
    the returned R meets it in NumPy, and a requirement above the ceiling is infeasible."""
    prob = problem(8, [20.0, 40.0], seed=8)
    feas = feasibility_for(prob, **schemes.FEASIBILITY_VARIANT["mi_constrained"])
    feas.load(prob, basis_for(prob, feas.dim))
    check = feas.check(np.full(2, 10.0), mi_floor=50.0)
    assert check.feasible
    assert prob.mi(check.R) >= 50.0 * (1 - 1e-6)
    np.testing.assert_allclose(check.R, check.R_users.sum(axis=0), atol=1e-9)  # no radar part
    assert not feas.check(np.full(2, 10.0), mi_floor=70.0).feasible


@pytest.mark.parametrize("sigma_c2", [1e-3, 3.0])
def test_merged_bound_mi_constrained_meets_its_floors_below_the_per_user_optimum(sigma_c2):
    """MI-constrained with the merged bound (ref. [15]'s spirit): its floors bound a smaller
    quantity than each SINR, so its t* is at most the per-user one (+δ); at t* the SDR point
    meets the merged bound and the MI floor in NumPy, and the rank-one beamformers keep every
    SINR at the floor up to the solver's accuracy (interference ~1e-9·P at SINR ~1e4 shows as
    ~1e-5 relative: the reconstruction (39)–(40) is exact only for exactly PSD R_i)."""
    base = problem(8, [20.0, 40.0], seed=9)
    prob = MooProblem(base.H, base.theta, 8, base.P, sigma_c2, base.sigma_r2, base.sigma_k2,
                      base.L, base.eps)
    per_user = schemes.mi_constrained(prob, 20.0, scale="normalised", sinr_bound="per_user")
    merged = schemes.mi_constrained(prob, 20.0, scale="normalised")
    assert per_user.status == merged.status == "optimal"
    assert merged.t <= per_user.t + 0.01
    floor = schemes._utility(prob, 0.0, 20.0, 0.0, "normalised").floors(merged.t)[0]
    feas = feasibility_for(prob, **schemes.FEASIBILITY_VARIANT["mi_constrained"])
    feas.load(prob, basis_for(prob, feas.dim))
    check = feas.check(floor, mi_floor=20.0)
    assert check.feasible
    assert np.all(merged_sinr_bound(prob.H, check.R, check.R_users, sigma_c2)
                  >= floor * (1 - 1e-6))
    assert prob.mi(check.R) >= 20.0 * (1 - 1e-6)
    assert np.all(schemes.design_metrics(prob, merged)["sinr"] >= floor * (1 - 1e-4))
    with pytest.raises(ValueError, match="another constraint set"):
        schemes.mi_constrained(prob, 20.0,
                               feas=feasibility_for(prob, **schemes.FEASIBILITY_VARIANT[
                                   "mi_constrained_per_user"]))


def test_defaults_and_guards():
    prob = MooProblem(np.ones((4, 1), complex), np.array([0.3]), 4, 2.0, 1e-3, 1e-3, 1.0, 64)
    assert prob.eps == pytest.approx(2e-4) and prob.sigma_k2.shape == (1,)
    feas = feasibility_for(prob)
    feas.load(prob, basis_for(prob, feas.dim))
    with pytest.raises(ValueError, match="SCS"):
        feas.check(np.ones(1), prob.gain_floor(np.ones(1)), solver="SCS")
    with pytest.raises(ValueError):
        Utility(0.0, np.zeros(1), np.ones(1), 0.0, np.zeros(1))


def _scaled(prob: MooProblem, scale: str, alpha: float = 0.5) -> Utility:
    C, K = prob.H.shape[1], prob.theta.size
    I_top, gamma_top = Utility.utopia(prob)
    return Utility(alpha, np.full(C, (1 - alpha) / C), np.full(K, 1 / K), LAMBDA,
                   np.full(C, GAMMA), scale, I_top, gamma_top)


@pytest.mark.parametrize("scale", ["linear", "db", "rate", "normalised"])
def test_utility_scales_start_at_the_thresholds_and_end_at_the_utopia_bound(scale):
    """Every scale gives the thresholds at t = 0, floors rising with t, and at t_hi the
    binding term reaches its utopia bound."""
    prob = problem(16, [20.0, 40.0])
    util = _scaled(prob, scale)
    sinr0, bits0 = util.floors(0.0)
    np.testing.assert_allclose(sinr0, GAMMA)
    np.testing.assert_allclose(bits0.sum(), LAMBDA)
    t_hi = util.t_upper(prob)
    ts = np.linspace(0, t_hi, 5)
    sinr = np.array([util.floors(t)[0] for t in ts])
    bits = np.array([util.floors(t)[1].sum() for t in ts])
    assert np.all(np.diff(sinr, axis=0) > 0) and np.all(np.diff(bits) > 0)
    I_max, gamma_max = Utility.utopia(prob)
    reached = np.isclose(bits[-1], I_max, rtol=1e-9) or np.any(
        np.isclose(sinr[-1], gamma_max, rtol=1e-9))
    assert reached


def test_normalised_utility_needs_log2_of_its_span_over_delta_steps():
    """With t normalised by the utopia spans, t_hi = 1/max(α, ω_i) and the bisection takes
    ⌈log2(t_hi/δ)⌉ steps (δ = 0.01: 8 for α = 0.5), whatever the draw."""
    prob = problem(16, [20.0, 40.0, 60.0], seed=3)
    util = _scaled(prob, "normalised")
    assert util.t_upper(prob) == pytest.approx(2.0)
    r = bisection(prob, util)
    assert r.status == "optimal" and r.iterations == int(np.ceil(np.log2(2.0 / 0.01)))
    assert final_violation(prob, util, r) <= 1e-6


def test_single_objective_designs_do_not_depend_on_the_scale():
    """Communication-only maximises min SINR: a monotone change of the utility's units moves
    t but not the optimum (to the bisection's resolution)."""
    prob = problem(16, [20.0, 40.0])
    rates = {}
    for scale in ("linear", "rate"):
        r = schemes.communication_only(prob, scale=scale, delta=1e-4)
        rates[scale] = np.min(user_sinr(prob.H.conj().T, r.W_c, r.W_r, prob.sigma_c2))
    assert rates["rate"] == pytest.approx(rates["linear"], rel=1e-3)


def test_unit_norm_steering_is_the_echo_snr_lowered_by_the_array_gains():
    """steering_norm = 'unit' divides a(θ) by √N_t and b(θ) by √N_r: the exact MI, its bound
    and the beam-gain floors then equal the unit-modulus ones at σ_r² × N_t N_r, and the
    Radar-only design (whose ZF bound ε is relative to the beam gains) scales its ε by N_t."""
    base = problem(8, [20.0, 40.0])
    unit = MooProblem(base.H, base.theta, 8, base.P, base.sigma_c2, base.sigma_r2, base.sigma_k2,
                      base.L, base.eps, "unit")
    louder = MooProblem(base.H, base.theta, 8, base.P, base.sigma_c2, base.sigma_r2 * 64,
                        base.sigma_k2, base.L, base.eps)
    np.testing.assert_allclose(np.linalg.norm(unit.A, axis=0), 1.0)
    np.testing.assert_allclose(np.linalg.norm(unit.B, axis=0), 1.0)
    R = schemes.radar_only(base).R
    assert unit.mi(R) == pytest.approx(louder.mi(R), rel=1e-12)
    assert unit.mi(R) < base.mi(R) - 5.0
    assert mi_upper_bound(R, unit.A, unit.rx_gain, unit.sigma_k2, unit.L, unit.sigma_r2) == \
        pytest.approx(mi_upper_bound(R, louder.A, louder.rx_gain, louder.sigma_k2, louder.L,
                                     louder.sigma_r2), rel=1e-12)
    np.testing.assert_allclose(unit.gain_floor(np.array([3.0, 4.0])) * 8,
                               louder.gain_floor(np.array([3.0, 4.0])), rtol=1e-12)
    r_unit = schemes.radar_only(unit)
    r_ref = schemes.radar_only(MooProblem(base.H, base.theta, 8, base.P, base.sigma_c2,
                                          base.sigma_r2 * 64, base.sigma_k2, base.L,
                                          base.eps * 8))
    assert r_unit.status == r_ref.status == "optimal"
    assert unit.mi(r_unit.R) == pytest.approx(louder.mi(r_ref.R), abs=1e-4)


#: one design per compiled variant of (37) (schemes.FEASIBILITY_VARIANT)
DESIGNS = {
    "proposed": lambda p, **kw: schemes.proposed(p, GAMMA, LAMBDA, **kw),
    "proposed_no_radar": lambda p, **kw: schemes.proposed(p, GAMMA, LAMBDA, radar_streams=False,
                                                          **kw),
    "zf_violated": lambda p, **kw: schemes.zf_violated(p, GAMMA, LAMBDA, **kw),
    "zf_violated_no_radar": lambda p, **kw: schemes.zf_violated(p, GAMMA, LAMBDA,
                                                                radar_streams=False, **kw),
    "sensing_centric": lambda p, **kw: schemes.sensing_centric(p, GAMMA, **kw),
    "communication_centric": lambda p, **kw: schemes.communication_centric(p, LAMBDA, **kw),
    "communication_only": lambda p, **kw: schemes.communication_only(p, **kw),
    "mi_constrained": lambda p, **kw: schemes.mi_constrained(p, LAMBDA, **kw),
    "mi_constrained_per_user": lambda p, **kw: schemes.mi_constrained(
        p, LAMBDA, sinr_bound="per_user", **kw),
}


def test_every_compiled_variant_has_a_design_below():
    assert set(DESIGNS) == set(schemes.FEASIBILITY_VARIANT)


@pytest.mark.parametrize("scheme", sorted(DESIGNS))
def test_fast_resolve_path_gives_the_plain_cvxpy_designs_bit_for_bit(scheme, monkeypatch):
    """Every compiled variant of (37), re-solved through :class:`isac.core.cvx.Compiled`,
    gives the same statuses, t*, R and beams as cvxpy's own path on the same draws."""
    results = []
    for plain in (False, True):
        if plain:
            monkeypatch.setattr(cvx, "FAST_CVXPY", ("not this release",))
        feas = feasibility_for(problem(16, [20.0, 40.0]), **schemes.FEASIBILITY_VARIANT[scheme])
        assert (feas.compiled.fallback is None) != plain
        results.append([DESIGNS[scheme](problem(16, [20.0, 40.0], seed=s), feas=feas)
                        for s in range(3)])
        assert feas.compiled.fallback is None or plain
    for fast, plain in zip(*results, strict=True):
        assert (fast.status, fast.t, fast.solves) == (plain.status, plain.t, plain.solves)
        np.testing.assert_array_equal(fast.R, plain.R)
        np.testing.assert_array_equal(fast.W_c, plain.W_c)
