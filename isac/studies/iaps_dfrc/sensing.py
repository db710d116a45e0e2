"""Non-centrality parameters of the iaps_dfrc study (spec §4.3 and §6.1).

With Ŵ = Σ_j p_j w̃_j w̃_jᴴ and c_j = |aᴴ w̃_j|², tr(B_r Ŵ B_rᴴ) = N_r Σ_j p_j c_j.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: the receiving nodes of each scheme: (BS, RAPs)
NODE_SETS = {"IAPS": (True, True), "passive": (False, True), "active": (True, False)}


def illumination(p: np.ndarray, c: np.ndarray) -> float:
    """Σ_j p_j c_j = aᴴ Ŵ a in W: the power the beams put on the target direction."""
    return float(np.dot(p, c))


def rho_unlimited(q: dict[str, Any], p: np.ndarray, c: np.ndarray) -> dict[str, float]:
    """Fused non-centrality ρ_S = (L σ_rcs² β_s / σ_n²)(Σ_{r∈S} N_r) Σ_j p_j c_j per node
    set (IAPS: BS and R RAPs; passive: the RAPs; active: the BS), spec §4.3: without the
    1/(N0 + R N1) of eq. (30) (``rho_norm: element``, a documented deviation), or with it
    (``rho_norm: printed``).

    Parameters
    ----------
    q : dict
        The point (:func:`~.model.at_point`): ``L``, ``sigma_rcs2``, ``beta_s``, ``sigma2``,
        ``N0``, ``N1``, ``R``.
    p, c : ndarray, shape (K + 1,)
        Powers in W and sensing gains of the beams.

    Returns
    -------
    dict of str to float
        ρ per node set of :data:`NODE_SETS`.
    """
    base = q["L"] * q["sigma_rcs2"] * q["beta_s"] / q["sigma2"] * illumination(p, c)
    total = q["N0"] + q["R"] * q["N1"]
    norm = 1.0 / total if q["rho_norm"] == "printed" else 1.0   # eq. (30) as printed
    return {name: base * norm * (q["N0"] * bs + q["R"] * q["N1"] * raps)
            for name, (bs, raps) in NODE_SETS.items()}


def rho_nodes(q: dict[str, Any], p: np.ndarray, c: np.ndarray, W: np.ndarray,
              G: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """Per-node non-centralities of the local detectors (eqs. 44–45): the BS
    ρ_0 = L σ_rcs² β_s (Σ p_j c_j) N0/σ_n², and RAP r
    ρ_r = L σ_rcs² β_s (Σ p_j c_j) b_1ᴴ (Q_r + σ_n² I)⁻¹ b_1, Q_r = G_r Ŵ G_rᴴ (the RAP does
    not know the direct path G_r X, which it whitens). With U_r = G_r W diag(√p) (rank
    K + 1) the quadratic form is σ⁻²(N1 − vᴴ(σ² I + U_rᴴU_r)⁻¹ v), v = U_rᴴ b_1.

    Parameters
    ----------
    q : dict
        The point.
    p, c : ndarray, shape (K + 1,)
        Powers in W and sensing gains.
    W : ndarray, complex, shape (M, K + 1)
        Unit-norm beams.
    G : ndarray, complex, shape (R, N1, M)
        BS→RAP channels.
    b1 : ndarray, complex, shape (R, N1)
        RAP steering vectors towards the target.

    Returns
    -------
    ndarray, shape (R + 1,)
        [ρ_0, ρ_1, …, ρ_R].
    """
    s2 = q["sigma2"]
    base = q["L"] * q["sigma_rcs2"] * q["beta_s"] * illumination(p, c)
    U = G @ (W * np.sqrt(p)[None, :])                                  # (R, N1, K+1)
    Uh = np.conj(np.swapaxes(U, -1, -2))
    v = Uh @ b1[..., None]                                             # (R, K+1, 1)
    inner = np.linalg.solve(s2 * np.eye(U.shape[-1]) + Uh @ U, v)
    quad = (b1.shape[-1] - np.real(np.conj(np.swapaxes(v, -1, -2)) @ inner)[:, 0, 0]) / s2
    return np.concatenate([[base * q["N0"] / s2], base * quad])
