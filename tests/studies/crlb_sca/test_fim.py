"""FIM of Lemma 1, CRLB and the gradient matrix Q̄ (crlb_sca spec §2)."""

from __future__ import annotations

import numpy as np
import pytest

from isac.core.arrays import upa_steering
from isac.core.channels import complex_gaussian
from isac.studies.crlb_sca.fim import crlb, crlb_gradient_matrix, fim, target_geometry
from tests.reference import load_reference
from tests.reference_forms import q_bar


def _geometry(z):
    a = upa_steering(z["Nth"], z["Ntv"], z["theta"], z["phi"])
    b = upa_steering(z["Nrh"], z["Nrv"], z["theta"], z["phi"])
    return target_geometry(a, b, z["alpha"], z["L"], z["sigma_s2_W"]), a, b


def _random_case(seed=0, M=2):
    rng = np.random.default_rng(seed)
    z = {"Nth": 4, "Ntv": 3, "Nrh": 3, "Nrv": 3, "L": 16, "sigma_s2_W": 1e-3,
         "theta": rng.uniform(-1, 1, M), "phi": rng.uniform(-1, 1, M),
         "alpha": 0.1 * np.exp(2j * np.pi * rng.uniform(size=M))}
    return z, complex_gaussian(rng, (12, 14), 0.01)


def test_fim_equals_the_authors_stored_fim():
    z = load_reference("crlb_sca", "runB_fig7_pt20_ch100_matlab.npz")
    geom, _, _ = _geometry(z)
    F = fim(geom, z["W_final"])
    np.testing.assert_allclose(F, z["FIM_final"], rtol=1e-10, atol=1e-10 * np.abs(F).max())
    assert crlb(F) == pytest.approx(z["CRLB"], rel=1e-10)


def test_compact_form_equals_explicit_derivative_matrices():
    z, W = _random_case()
    geom, (A, dAt, dAp), (B, dBt, dBp) = _geometry(z)
    al = z["alpha"]
    def outer(u, v):
        return np.outer(u, v.conj())

    D = [al[m] * (outer(dBt[:, m], A[:, m]) + outer(B[:, m], dAt[:, m])) for m in range(al.size)]
    D += [al[m] * (outer(dBp[:, m], A[:, m]) + outer(B[:, m], dAp[:, m])) for m in range(al.size)]
    D += [np.outer(B[:, m], A[:, m].conj()) for m in range(al.size)]
    D += [1j * np.outer(B[:, m], A[:, m].conj()) for m in range(al.size)]
    J = np.stack([(Dp @ W).ravel() for Dp in D], axis=1)
    F_explicit = 2 * z["L"] / z["sigma_s2_W"] * np.real(J.conj().T @ J)
    np.testing.assert_allclose(fim(geom, W), F_explicit, rtol=1e-12,
                               atol=1e-12 * np.abs(F_explicit).max())
    # Q̄ = (2L/σ²) Σ_pq Φ_pq D_pᴴ D_q
    Finv = np.linalg.inv(F_explicit)
    Phi = Finv @ Finv
    Q = sum(Phi[p, q] * D[p].conj().T @ D[q] for p in range(len(D)) for q in range(len(D)))
    Q = 2 * z["L"] / z["sigma_s2_W"] * Q
    np.testing.assert_allclose(q_bar(geom, F_explicit), 0.5 * (Q + Q.conj().T), rtol=1e-10,
                               atol=1e-12 * np.abs(Q).max())


def test_crlb_gradient_against_finite_differences():
    z, W = _random_case(seed=3)
    geom, _, _ = _geometry(z)
    F = fim(geom, W)
    grad = -2 * geom.V @ (crlb_gradient_matrix(geom, F) @ (geom.V.conj().T @ W))  # 2 ∂/∂W*
    rng = np.random.default_rng(4)
    for _ in range(3):
        E = complex_gaussian(rng, W.shape)
        h = 1e-6 * np.linalg.norm(W) / np.linalg.norm(E)
        fd = (crlb(fim(geom, W + h * E)) - crlb(fim(geom, W - h * E))) / (2 * h)
        assert fd == pytest.approx(np.real(np.vdot(grad, E)), rel=1e-6)
