"""The optimisation problems P1–P6 of J (kld_isac spec §5) as objective/penalty functions with
their gradients, ready for the algorithms (:mod:`.projected_gradient` for K-ROP and D-ROP).

An :class:`Instance` is one channel draw at one x; the builders return
``value_grad(W) -> (f, p, ∇f, ∇p)`` for the problem's variable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import isac.studies.kld_isac.objectives as ob
from isac.contract import OK, Draw, Params, PointResult
from isac.core.channels import pathloss
from isac.core.optimize import OptimResult
from isac.core.precoders import zero_forcing
from isac.studies.kld_isac.kld import constellation, kld_comm_prefactor
from isac.studies.kld_isac.model import cut_draw


@dataclass(frozen=True)
class Instance:
    """One draw of the KLD ISAC model at one x = P_R/N_o.

    Attributes
    ----------
    Q : ndarray, complex, shape (T, N, N)
        Echo Grams Q_t = g_{r,t} H_tᴴ H_t of the target responses
        (:func:`~isac.studies.kld_isac.objectives.echo_gram`).
    G : ndarray, complex, shape (K, N)
        User channels, row k = h_kᵀ.
    g_c : ndarray, shape (K,)
        User path loss g_{c,k}, linear.
    sigma2 : float
        Noise power σ_n² in watts.
    c_M : float
        Communication-KLD prefactor, bits per unit SINR.
    A : ndarray, shape (T,)
        Radar KLD floors A_t in bits.
    B : ndarray, shape (K,)
        Communication KLD floors B_k in bits.
    D : ndarray, shape (T,)
        Detection-probability floors D_t (D-ROP).
    p_fa : float
        False-alarm probability.
    """

    Q: np.ndarray
    G: np.ndarray
    g_c: np.ndarray
    sigma2: float
    c_M: float
    A: np.ndarray
    B: np.ndarray
    D: np.ndarray
    p_fa: float

    def radar_kld(self, W_r: np.ndarray, W_c: np.ndarray | None) -> np.ndarray:
        """KLD_{r,t} in bits, shape (T,), of beams W_r (T, N, n) with the precoder W_c."""
        return ob.radar_terms(self.Q, ob.transmit_factor(W_r, W_c), self.sigma2).kld

    def comm_kld(self, W_c: np.ndarray, W_r: np.ndarray | None,
                 sigma_eta2: np.ndarray | None = None) -> np.ndarray:
        """KLD_{c,k} = c_M SINR_k in bits, shape (K,), eq. (18): instantaneous radar
        interference of W_r, or the statistical σ_η² of eq. (8) when given."""
        s, _, _ = ob.comm_terms(self.G, W_c, W_r, self.g_c, self.sigma2, sigma_eta2)
        return self.c_M * s

    def kld_isac(self, W_r: np.ndarray, W_c: np.ndarray,
                 sigma_eta2: np.ndarray | None = None) -> float:
        """KLD_ISAC of eq. (28) in bits: mean radar KLD (assisted) plus mean user KLD
        (instantaneous radar interference, or the statistical ``sigma_eta2``)."""
        return float(self.radar_kld(W_r, W_c).mean()
                     + self.comm_kld(W_c, W_r, sigma_eta2).mean())


def radar_design(inst: Instance, W_c: np.ndarray, objective: str):
    """``value_grad`` of K-ROP (P1/P2, ``objective="kld"``) or D-ROP (P3, ``"pd"``) over W_r.

    f = (1/T) Σ_t KLD_{r,t} or (1/T) Σ_t P_{D,t} (calibrated map); p = Σ_t [A_t − KLD_{r,t}]_+²
    (K-ROP) or Σ_t [D_t − P_{D,t}]_+² (D-ROP), plus Σ_k [B_k − KLD_{c,k}]_+² with the
    instantaneous radar interference at the users. W_c (N, K) is fixed.

    Returns
    -------
    callable
        W_r (T, N, n) -> (f, p, ∇f, ∇p), gradients shaped like W_r.
    """
    T = inst.Q.shape[0]

    def value_grad(W_r: np.ndarray):
        n = W_r.shape[-1]
        radar = ob.radar_terms(inst.Q, ob.transmit_factor(W_r, W_c), inst.sigma2)
        kld_r = radar.kld
        s, D, C = ob.comm_terms(inst.G, W_c, W_r, inst.g_c, inst.sigma2)
        p_c, w_c = ob.hinge_weights(inst.c_M * s, inst.B)
        if objective == "kld":
            f = float(kld_r.mean())
            p_r, w_r = ob.hinge_weights(kld_r, inst.A)
            df = np.full(T, 1.0 / T)
            dp = w_r
        else:
            pd, slope = ob.pd_map(kld_r, inst.p_fa)
            f = float(pd.mean())
            p_r, w_r = ob.hinge_weights(pd, inst.D)
            df = slope / T
            dp = w_r * slope
        base, _ = ob.kld_radar_grads(radar, n, inst.sigma2)
        _, gp_c = ob.sinr_grads(inst.G, W_r, inst.g_c, s, D, C, inst.c_M * w_c)
        return (f, p_r + p_c, df[:, None, None] * base,
                dp[:, None, None] * base + gp_c)

    return value_grad


def comm_design(inst: Instance, W_r: np.ndarray, sigma_eta2: np.ndarray, objective: str,
                ber_ceiling: float = 1e-2, ber_scale: float = 1.0):
    """``values`` and ``gradient`` of K-COP (P4, ``objective="kld"``) or B-COP (P5, ``"ber"``)
    over W_c, for :func:`~isac.studies.kld_isac.interior_point.interior_point`.

    f = (1/K) Σ_k KLD_{c,k} (K-COP) or −(1/K) Σ_k BER_k · ``ber_scale`` (B-COP; the scale
    1/BER(W^(0)) that spec §5.3 allows). Constraint margins, feasible when all > 0:
    KLD_{r,t}(W_c) − A_t (the fixed CIC beams W_r plus the comm signal), then KLD_{c,k} − B_k
    (K-COP) or C̄_k − BER_k (B-COP); the power budget ‖W_c‖_F² ≤ P_c is left to the
    algorithm's projection. The users see the statistical radar interference σ_η² of eq. (8)
    (the CIC radar is random and fixed).

    Returns
    -------
    values : callable
        W_c (N, K) -> (f, c (T + K,), state).
    gradient : callable
        (W_c, state, w) -> ∇(f + Σ_j w_j c_j), shaped like W_c.
    """
    T, K = inst.Q.shape[0], inst.G.shape[0]
    n = W_r.shape[-1]

    def values(W_c: np.ndarray):
        radar = ob.radar_terms(inst.Q, ob.transmit_factor(W_r, W_c), inst.sigma2)
        kld_r = radar.kld
        s, D, C = ob.comm_terms(inst.G, W_c, None, inst.g_c, inst.sigma2, sigma_eta2)
        if objective == "kld":
            f = float(inst.c_M * s.mean())
            margin_c = inst.c_M * s - inst.B
        else:
            ber, _ = ob.ber_qpsk(s)
            f = -float(ber.mean()) * ber_scale
            margin_c = ber_ceiling - ber
        return f, np.r_[kld_r - inst.A, margin_c], (radar, s, D, C)

    def gradient(W_c: np.ndarray, state, w: np.ndarray) -> np.ndarray:
        radar, s, D, C = state
        w_r, w_c = w[:T], w[T:]
        _, per_target = ob.kld_radar_grads(radar, n, inst.sigma2)
        g_r = np.einsum("t,tnk->nk", w_r, per_target)
        if objective == "kld":
            a = inst.c_M * (1.0 / K + w_c)
        else:
            _, slope = ob.ber_qpsk(s)
            a = slope * (-ber_scale / K - w_c)
        g_c, _ = ob.sinr_grads(inst.G, None, inst.g_c, s, D, C, a)
        return g_r + g_c

    return values, gradient


class Packing:
    """The joint variable (W_r, W_c) of K-IOP as one complex vector, and the joint power set.

    Parameters
    ----------
    T, N, n, K : int
        Shapes: W_r (T, N, n) (compact beams), W_c (N, K).
    """

    def __init__(self, T: int, N: int, n: int, K: int):
        self.shape_r, self.shape_c = (T, N, n), (N, K)
        self.split = T * N * n
        self.n = n

    def pack(self, W_r: np.ndarray, W_c: np.ndarray) -> np.ndarray:
        """(W_r, W_c) -> one vector of T N n + N K complex entries."""
        return np.concatenate([W_r.ravel(), W_c.ravel()])

    def unpack(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One vector -> (W_r (T, N, n), W_c (N, K)), views of ``z``."""
        return z[:self.split].reshape(self.shape_r), z[self.split:].reshape(self.shape_c)

    def power(self, z: np.ndarray) -> float:
        """Total transmit power ‖W_c‖_F² + (1/n) Σ_t ‖W_{r,t}‖_F² in watts (eq. 55b)."""
        return float(np.vdot(z[self.split:], z[self.split:]).real
                     + np.vdot(z[:self.split], z[:self.split]).real / self.n)

    def projection(self, P_T: float):
        """Π_𝒞: scale (W_r, W_c) jointly onto the total power budget P_T when above it."""
        def project(z: np.ndarray) -> np.ndarray:
            used = self.power(z)
            return z if used <= P_T else z * np.sqrt(P_T / used)

        return project


def integrated_design(inst: Instance, packing: Packing, gradient: bool = True):
    """``value_grad`` of K-IOP (P6) over the packed (W_r, W_c): f = KLD_ISAC of eq. (28)
    (users see the instantaneous radar interference), p = Σ_t [A_t − KLD_{r,t}]_+² +
    Σ_k [B_k − KLD_{c,k}]_+². The gradient includes the radar coupling term through W_c that
    J's eq. (69) omits (spec §5.1).

    Parameters
    ----------
    inst : Instance
        The draw as the optimiser sees it.
    packing : Packing
        Layout of the joint variable z.
    gradient : bool
        False gives the cheaper value-only function z -> (f, p).

    Returns
    -------
    callable
        z -> (f, p, ∇f, ∇p), gradients packed like z (or z -> (f, p)).
    """
    T, K = inst.Q.shape[0], inst.G.shape[0]
    n = packing.n
    b = np.stack([np.full(T, 1.0 / T), np.zeros(T)])     # radar weights of f and of p
    a = np.stack([np.full(K, inst.c_M / K), np.zeros(K)])  # SINR weights of f and of p

    def terms(z: np.ndarray):
        W_r, W_c = packing.unpack(z)
        radar = ob.radar_terms(inst.Q, ob.transmit_factor(W_r, W_c), inst.sigma2)
        s, D, C = ob.comm_terms(inst.G, W_c, W_r, inst.g_c, inst.sigma2)
        p_r, w_r = ob.hinge_weights(radar.kld, inst.A)
        p_c, w_c = ob.hinge_weights(inst.c_M * s, inst.B)
        f = float(radar.kld.mean() + inst.c_M * s.mean())
        return f, p_r + p_c, W_r, radar, s, D, C, w_r, w_c

    def value(z: np.ndarray):
        return terms(z)[:2]

    def value_grad(z: np.ndarray):
        f, p, W_r, radar, s, D, C, w_r, w_c = terms(z)
        base_r, base_c = ob.kld_radar_grads(radar, n, inst.sigma2)
        b[1], a[1] = w_r, inst.c_M * w_c
        g_cc, g_cr = ob.sinr_grads(inst.G, W_r, inst.g_c, s, D, C, a)
        grad_r = b[:, :, None, None] * base_r + g_cr
        grad_c = np.einsum("mt,tnk->mnk", b, base_c) + g_cc
        return (f, p, packing.pack(grad_r[0], grad_c[0]), packing.pack(grad_r[1], grad_c[1]))

    return value_grad if gradient else value


def estimates(p: Params, draw: Draw) -> tuple[np.ndarray, np.ndarray]:
    """The channels the optimisers see at the point ``p``: (G, H) of the draw, or its
    estimates (Ĝ, Ĥ) under imperfect CSI (spec §5.5), cut to the point's N (an N sweep); the
    metrics always use the true channels."""
    draw = cut_draw(p, draw)
    return draw.get("G_hat", draw["G"]), draw.get("H_hat", draw["H"])


def instance(p: Params, options: Params, draw: Draw) -> Instance:
    """The problem instance of one draw at one x (``p`` from ``at_point``) as the optimiser
    sees it (:func:`estimates`): path losses, σ_n², c_M of ``options["modulation"]`` and the
    floors of the scheme's options."""
    T, K = p["T"], p["K"]
    G, H = estimates(p, draw)
    return Instance(Q=ob.echo_gram(H, pathloss(p["d_r"], p["zeta"])), G=G,
                    g_c=pathloss(p["d_c"], p["zeta"]), sigma2=p["sigma2"],
                    c_M=kld_comm_prefactor(constellation(options.get("modulation", "QPSK"))),
                    A=np.full(T, float(options.get("A_bits", 10.0))),
                    B=np.full(K, float(options.get("B_bits", 10.0))),
                    D=np.full(T, float(options.get("D_min", 0.25))),
                    p_fa=float(options.get("P_FA", 1e-4)))


def start(p: Params, draw: Draw) -> tuple[np.ndarray, np.ndarray]:
    """The common start (spec §5): ZF on the (estimated) user channels with P_c = P_T − P_r
    and the CIC beams scaled to CN(0, P_r/(N T) I), in the compact form of :mod:`.objectives`
    (T, N, n)."""
    W_c = zero_forcing(estimates(p, draw)[0], p["P_T"] - p["P_r"])
    W_r = np.sqrt(p["P_r"] / (p["N"] * p["T"])) * cut_draw(p, draw)["beams"]
    return W_c, W_r


def covariances(W_r: np.ndarray) -> np.ndarray:
    """R_{r,t} = (1/n) W_{r,t} W_{r,t}ᴴ, shape (T, N, N)."""
    return W_r @ np.conj(np.swapaxes(W_r, -1, -2)) / W_r.shape[-1]


def point_result(r: OptimResult, W_c: np.ndarray, W_r: np.ndarray) -> PointResult:
    """The per-point result of an optimiser run: converged or capped runs are valid; a
    monitored run keeps its trace as the (iterations + 1, 1) history."""
    status = OK if r.usable else r.status
    history = None if r.trace is None else r.trace[:, None]
    return PointResult({"W_c": W_c, "R_r": covariances(W_r)}, status, r.iterations,
                       r.runtime_s, history)


def monitor(options: Params, kld_isac: Callable[[np.ndarray], float]
            ) -> Callable[[np.ndarray], float] | None:
    """The KLD_ISAC monitor of a run (J Fig. 7b) when the scheme's options set
    ``store_history``, else None (no cost)."""
    return kld_isac if options.get("store_history", False) else None


def option_subset(options: Params, keys: tuple[str, ...]) -> dict[str, Any]:
    """The entries of a scheme's options that an algorithm takes as keyword arguments."""
    return {k: options[k] for k in keys if k in options}
