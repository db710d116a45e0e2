"""Objectives and constraint functions of the KLD ISAC optimisers, with their gradients
(kld_isac spec §5 and §5.1; J eqs. 27, 18, 38–69 with the spec's corrections).

Gradient convention (spec §5.1): for a real f of a complex matrix W, the gradient is
G = 2 ∂f/∂W*, so that df = Re tr(Gᴴ dW) and W + αG is an ascent step.

Radar beams are held compactly: W_{r,t} of shape (N, n) holds n distinct snapshot beams, each
repeated L/n times over the frame, so (1/L) Σ_l w_{t,l} w_{t,l}ᴴ = (1/n) W_{r,t} W_{r,t}ᴴ and the
radar power is (1/n) Σ_t ‖W_{r,t}‖_F² (n = 1: the calibrated CIC beam held over the frame;
n = L: one beam per snapshot). The factor 1/L of the spec's gradients becomes 1/n.

Low-rank structure (issue 17, item 5). The transmit covariance seen by target t is
R_t = (1/n) W_{r,t} W_{r,t}ᴴ + W_c W_cᴴ = V_t V_tᴴ with V_t = [W_{r,t}/√n, W_c] of r = n + K
columns. With U_t = √g_t H_t V_t the echo covariance is R_{2,t} = U_t U_tᴴ + σ² I, and

* KLD_{r,t} depends only on the r eigenvalues of U_tᴴ U_t = V_tᴴ Q_t V_t, Q_t = g_t H_tᴴ H_t
  (the other N − r are 0); Q_t is fixed per draw, so one N × N × r product Q_t V_t per
  evaluation gives the value and the gradients;
* R_2⁻¹ − σ² R_2⁻² = U (UᴴU + σ² I)⁻² Uᴴ (push-through identity), so every radar gradient
  costs O(N² r) instead of the O(N³) inverses of the dense form.

Weighted sums. The optimisers need gradients of weighted sums of the per-target and per-user
terms (a mean, plus penalty weights 2[A − KLD]_+), so each gradient function takes the
weights and returns the gradient of the weighted sum in one pass.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import ndtri

from isac.core.comm import qfunc
from isac.studies.kld_isac.kld import LN2, kld_radar

_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _h(X: np.ndarray) -> np.ndarray:
    """Conjugate transpose over the last two axes."""
    return np.conj(np.swapaxes(X, -1, -2))


def echo_gram(H: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """Per-target echo Gram Q_t = g_t H_tᴴ H_t, so that KLD_{r,t} and its gradients need one
    product Q_t V_t per evaluation (see :func:`radar_terms`).

    Parameters
    ----------
    H : ndarray, complex, shape (T, N, N)
        Target responses H_t.
    gain : ndarray, shape (T,)
        Power path loss g_{r,t}, linear.

    Returns
    -------
    ndarray, complex, shape (T, N, N)
        Q_t, Hermitian positive semidefinite (exactly Hermitian: averaged with its transpose).
    """
    Q = np.asarray(gain, dtype=float)[:, None, None] * (_h(H) @ H)
    return 0.5 * (Q + _h(Q))


def transmit_factor(W_r: np.ndarray, W_c: np.ndarray | None) -> np.ndarray:
    """V_t = [W_{r,t}/√n, W_c], so that the transmit covariance seen by target t is V_t V_tᴴ.

    Parameters
    ----------
    W_r : ndarray, complex, shape (T, N, n)
        Radar beams W_{r,t} in √W, in the compact form of the module docstring.
    W_c : ndarray, complex, shape (N, K), or None
        Communication precoder in √W; None for the non-assisted radar (eq. 27 with R_t from
        the radar beam alone).

    Returns
    -------
    ndarray, complex, shape (T, N, n + K) (or (T, N, n) without W_c)
        V_t in √W.
    """
    V = W_r / np.sqrt(W_r.shape[-1])
    if W_c is None:
        return V
    return np.concatenate([V, np.broadcast_to(W_c, (W_r.shape[0], *W_c.shape))], axis=-1)


class RadarTerms(NamedTuple):
    """KLD_{r,t} of eq. (27) and what its gradients reuse (:func:`radar_terms`).

    Attributes
    ----------
    kld : ndarray, shape (T,)
        KLD_{r,t} in bits.
    QV : ndarray, complex, shape (T, N, r)
        Q_t V_t.
    E : ndarray, complex, shape (T, r, r)
        Eigenvectors of the r × r Gram V_tᴴ Q_t V_t.
    lam : ndarray, shape (T, r)
        Its eigenvalues in watts (the non-zero echo eigenvalues), clipped at 0.
    """

    kld: np.ndarray
    QV: np.ndarray
    E: np.ndarray
    lam: np.ndarray


def radar_terms(Q: np.ndarray, V: np.ndarray, sigma2: float) -> RadarTerms:
    """Radar KLD of eq. (27) from the r = n + K columns of V_t (low-rank form).

    The echo covariance g_t H_t V_t V_tᴴ H_tᴴ has the same non-zero eigenvalues as the r × r
    Gram V_tᴴ Q_t V_t, so one N × N × r product and one r × r eigendecomposition per target
    give KLD_{r,t}, and the same factors give its gradients (:func:`kld_radar_grads`).

    Parameters
    ----------
    Q : ndarray, complex, shape (T, N, N)
        Echo Grams of :func:`echo_gram`.
    V : ndarray, complex, shape (T, N, r)
        Transmit factors of :func:`transmit_factor`.
    sigma2 : float
        Noise power σ² in watts.

    Returns
    -------
    RadarTerms
    """
    QV = Q @ V
    lam, E = np.linalg.eigh(_h(V) @ QV)
    lam = np.clip(lam, 0.0, None)
    return RadarTerms(kld_radar(lam, sigma2), QV, E, lam)


def kld_radar_grads(terms: RadarTerms, n_radar: int, sigma2: float
                    ) -> tuple[np.ndarray, np.ndarray | None]:
    """Gradient of each KLD_{r,t} with respect to its radar beams and to the precoder.

    Spec §5.1: ∇_{W_{r,t}} KLD_{r,t} = (2 g_t/(n ln 2)) H_tᴴ A_t H_t W_{r,t} and
    ∇_{W_c} KLD_{r,t} = (2 g_t/ln 2) H_tᴴ A_t H_t W_c with A_t = R_2⁻¹ − σ² R_2⁻². With
    U_t = √g_t H_t V_t, A_t = U (UᴴU + σ² I)⁻² Uᴴ (push-through identity), so both are the
    columns of (2/ln 2) Q_t V_t F_t with F_t = (Γ + σ² I)⁻² Γ, Γ = V_tᴴ Q_t V_t
    = E diag(λ) Eᴴ, i.e. F_t = E diag(λ/(λ + σ²)²) Eᴴ, restricted to the radar columns
    (divided by √n) or the W_c columns. A weighted sum Σ_t b_t KLD_{r,t} has the gradients
    b_t ∇_{W_{r,t}} (beam t moves only its own target's KLD) and Σ_t b_t ∇_{W_c} KLD_{r,t}.

    Parameters
    ----------
    terms : RadarTerms
        :func:`radar_terms` at the current design.
    n_radar : int
        Number n of radar columns in V (the rest, if any, are W_c's K columns).
    sigma2 : float
        Noise power σ² in watts.

    Returns
    -------
    grad_r : ndarray, complex, shape (T, N, n)
        ∇_{W_{r,t}} KLD_{r,t}.
    grad_c : ndarray, complex, shape (T, N, K), or None
        ∇_{W_c} KLD_{r,t}, one per target; None if V has no W_c columns.
    """
    weight = terms.lam / (terms.lam + sigma2) ** 2 * (2.0 / LN2)
    F = (terms.E * weight[..., None, :]) @ _h(terms.E)
    full = terms.QV @ F                                                   # (T, N, r)
    grad_c = full[..., n_radar:] if full.shape[-1] > n_radar else None
    return full[..., :n_radar] / np.sqrt(n_radar), grad_c


def comm_terms(G: np.ndarray, W_c: np.ndarray, W_r: np.ndarray | None, gain: np.ndarray,
               sigma2: float, sigma_eta2: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SINR of eq. (18) with the instantaneous (or a given statistical) radar interference.

    SINR_k = g_k |h_kᵀ w_k|² / D_k, D_k = g_k Σ_{i≠k} |h_kᵀ w_i|² + I_k + σ² with
    I_k = g_k (1/n) Σ_t ‖h_kᵀ W_{r,t}‖² (instantaneous), or D_k = g_k Σ_{i≠k} |h_kᵀ w_i|²
    + σ_η²_k when ``sigma_eta2`` (eq. 8, noise included) is given.

    Parameters
    ----------
    G : ndarray, complex, shape (K, N)
        User channels, row k = h_kᵀ.
    W_c : ndarray, complex, shape (N, K)
        Precoder in √W.
    W_r : ndarray, complex, shape (T, N, n), or None
        Radar beams in √W (compact form); ignored when ``sigma_eta2`` is given.
    gain : ndarray, shape (K,)
        Power path loss g_{c,k}.
    sigma2 : float
        Noise power σ² in watts.
    sigma_eta2 : ndarray, shape (K,), optional
        Statistical radar interference plus noise of eq. (8), in watts.

    Returns
    -------
    sinr : ndarray, shape (K,)
        SINR_k, linear.
    D : ndarray, shape (K,)
        Interference plus noise D_k in watts.
    C : ndarray, complex, shape (K, K)
        C[k, i] = h_kᵀ w_i (reused by :func:`sinr_grads`).
    """
    C = G @ W_c
    P = np.abs(C) ** 2
    desired = np.diagonal(P)
    iui = P.sum(axis=-1) - desired
    if sigma_eta2 is None:
        radar = 0.0 if W_r is None else \
            np.sum(np.abs(G @ W_r) ** 2, axis=(0, 2)) / W_r.shape[-1]
        D = gain * (iui + radar) + sigma2
    else:
        D = gain * iui + sigma_eta2
    return gain * desired / D, D, C


def sinr_grads(G: np.ndarray, W_r: np.ndarray | None, gain: np.ndarray, sinr: np.ndarray,
               D: np.ndarray, C: np.ndarray, weights: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray | None]:
    """Gradients of Σ_k a_k SINR_k (instantaneous radar interference) for the precoder and
    the radar beams (spec §5.1 divided by c_M: KLD_{c,k} = c_M SINR_k).

    ∇_{w_k} SINR_k = 2 g_k h_k* h_kᵀ w_k / D_k; ∇_{w_j} SINR_k = −2 g_k² |h_kᵀ w_k|² h_k* h_kᵀ
    w_j / D_k² (j ≠ k); ∇_{W_{r,t}} SINR_k = −(SINR_k/D_k)(2 g_k/n) h_k* h_kᵀ W_{r,t}.

    Parameters
    ----------
    G : ndarray, complex, shape (K, N)
        User channels.
    W_r : ndarray, complex, shape (T, N, n), or None
        Radar beams; None skips their gradient (statistical interference: it does not depend
        on W_c, and its W_r gradient is not needed by the optimisers that use it).
    gain : ndarray, shape (K,)
        Path loss g_{c,k}.
    sinr, D, C : ndarray
        The outputs of :func:`comm_terms` at the current design.
    weights : ndarray, shape (..., K)
        Weights a_k; leading axes give one gradient per weight vector (e.g. the objective's
        and the penalty's in one pass).

    Returns
    -------
    grad_c : ndarray, complex, shape (..., N, K)
        Gradient with respect to W_c.
    grad_r : ndarray, complex, shape (..., T, N, n), or None
        Gradient with respect to each W_{r,t}.
    """
    K = C.shape[0]
    a = np.asarray(weights, dtype=float)
    desired = np.abs(np.diagonal(C)) ** 2
    coef = np.repeat((-2.0 * a * gain**2 * desired / D**2)[..., :, None], K, axis=-1)
    diag = np.arange(K)
    coef[..., diag, diag] = 2.0 * a * gain / D
    G_h = _h(G)
    grad_c = G_h @ (coef * C)
    if W_r is None:
        return grad_c, None
    d = -2.0 * a * sinr * gain / (D * W_r.shape[-1])
    grad_r = G_h @ (d[..., None, :, None] * (G @ W_r))
    return grad_c, grad_r


def pd_map(kld_bits: np.ndarray, p_fa: float) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated detection probability P_D = Q(q − √KLD) and dP_D/dKLD (spec §4, §5.1).

    Parameters
    ----------
    kld_bits : ndarray, shape (...)
        KLD_r in bits (negative values count as 0).
    p_fa : float
        False-alarm probability; q = Q⁻¹(P_FA).

    Returns
    -------
    pd : ndarray, shape (...)
        P_D in [0, 1].
    slope : ndarray, shape (...)
        φ(q − √KLD)/(2√KLD), per bit (finite: KLD is floored at 1e-12 bit).
    """
    root = np.sqrt(np.clip(kld_bits, 1e-12, None))
    z = ndtri(1.0 - p_fa) - root
    return qfunc(z), np.exp(-0.5 * z**2) / _SQRT_2PI / (2.0 * root)


def ber_qpsk(sinr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """QPSK bit error rate Q(√SINR) (spec §3) and dBER/dSINR (spec §5.1).

    Parameters
    ----------
    sinr : ndarray, shape (...)
        SINR, linear (floored at 1e-300 for the slope).

    Returns
    -------
    ber : ndarray, shape (...)
        Bit error probability.
    slope : ndarray, shape (...)
        −exp(−SINR/2)/(2√(2π SINR)), per unit SINR.
    """
    s = np.clip(sinr, 1e-300, None)
    return qfunc(np.sqrt(s)), -np.exp(-0.5 * s) / (2.0 * _SQRT_2PI * np.sqrt(s))


def hinge_weights(values: np.ndarray, floor: np.ndarray | float) -> tuple[float, np.ndarray]:
    """Quadratic penalty Σ [floor − value]_+² and its weights on ∇value (spec §5.1).

    ∇p = −2 Σ [floor − value]_+ ∇value, so the weights are −2 [floor − value]_+.

    Parameters
    ----------
    values : ndarray, shape (m,)
        Constraint functions (e.g. KLD_{r,t} in bits).
    floor : float or ndarray, shape (m,)
        Their lower bounds (e.g. A_t).

    Returns
    -------
    penalty : float
        p = Σ [floor − value]_+².
    weights : ndarray, shape (m,)
        −2 [floor − value]_+, the coefficients of ∇value in ∇p.
    """
    gap = np.clip(np.asarray(floor) - values, 0.0, None)
    return float(np.sum(gap**2)), -2.0 * gap
