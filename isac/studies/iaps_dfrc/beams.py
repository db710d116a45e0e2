"""Transmit beams of the iaps_dfrc study (spec §3.2) and the link gains they give (§3.3, §4.3).

Column 0 is the sensing beam w̃_0, columns 1…K the UE beams; every column has unit norm.
"""

from __future__ import annotations

import numpy as np

from isac.studies.iaps_dfrc.model import geometry


def user_beams(H: np.ndarray, lam: float) -> np.ndarray:
    """Regularised zero forcing w̄_k = (H Hᴴ + λ I)⁻¹ h_k, normalised to unit norm, in the
    push-through form H (Hᴴ H + λ I_K)⁻¹ (the M × M form is near-singular: rank K < M).

    Parameters
    ----------
    H : ndarray, complex, shape (M, K)
        UE channels, column k = h_k (y_k = h_kᴴ x).
    lam : float
        Regulariser λ ≥ 0 in W (spec: K σ_n²/P_max; λ = 0 is ZF).

    Returns
    -------
    ndarray, complex, shape (M, K)
        Unit-norm beams w̃_1 … w̃_K.
    """
    K = H.shape[1]
    W = H @ np.linalg.inv(H.conj().T @ H + lam * np.eye(K))
    return W / np.linalg.norm(W, axis=0)


def sensing_beam(H: np.ndarray, a: np.ndarray, form: str = "projector") -> np.ndarray:
    """Zero-forcing radar beam towards the target (spec §3.2).

    ``projector`` (default): w̄_0 = (I − H (Hᴴ H)⁻¹ Hᴴ) a, the steering vector projected onto
    the null space of the UE channels (h_kᴴ w̃_0 = 0). ``printed``: the paper's
    (I − H Hᴴ)⁻¹ a, which with physical path loss is ≈ a and does not null the UEs (kept as a
    switch, spec §9.3).

    Parameters
    ----------
    H : ndarray, complex, shape (M, K)
        UE channels (K < M for the projector).
    a : ndarray, complex, shape (M,)
        Steering vector towards the target.
    form : {'projector', 'printed'}
        Which formula.

    Returns
    -------
    ndarray, complex, shape (M,)
        Unit-norm w̃_0.
    """
    if form == "projector":
        Q, _ = np.linalg.qr(H)
        w = a - Q @ (Q.conj().T @ a)
    elif form == "printed":
        w = np.linalg.solve(np.eye(H.shape[0]) - H @ H.conj().T, a)
    else:
        raise ValueError(f"unknown sensing beam form {form!r}")
    return w / np.linalg.norm(w)


def transmit_beams(H: np.ndarray, a: np.ndarray, lam: float, form: str = "projector"
                   ) -> np.ndarray:
    """[w̃_0, w̃_1, …, w̃_K], shape (M, K + 1), unit-norm columns."""
    return np.column_stack([sensing_beam(H, a, form), user_beams(H, lam)])


def link_gains(H: np.ndarray, W: np.ndarray, a: np.ndarray, sigma2: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Normalised UE gains and sensing gains of the beams.

    Parameters
    ----------
    H : ndarray, complex, shape (M, K)
        UE channels.
    W : ndarray, complex, shape (M, K + 1)
        Beams of :func:`transmit_beams`.
    a : ndarray, complex, shape (M,)
        Steering vector towards the target.
    sigma2 : float
        Noise power σ_n² in W.

    Returns
    -------
    g : ndarray, shape (K, K + 1)
        g[k−1, j] = |h_kᴴ w̃_j|² / σ_n², in 1/W.
    c : ndarray, shape (K + 1,)
        c_j = |aᴴ w̃_j|² (dimensionless; ≈ M − K for the projector beam).
    """
    return np.abs(H.conj().T @ W) ** 2 / sigma2, np.abs(a.conj() @ W) ** 2


def sinr(p: np.ndarray, g: np.ndarray) -> np.ndarray:
    """SINR of each UE, eq. (3): γ_k = p_k g_kk / (Σ_{j≠k} p_j g_kj + 1) in σ_n² units.

    Parameters
    ----------
    p : ndarray, shape (K + 1,)
        Powers [p_0, p_1, …, p_K] in W.
    g : ndarray, shape (K, K + 1)
        Gains of :func:`link_gains`.

    Returns
    -------
    ndarray, shape (K,)
        Linear SINR.
    """
    K = g.shape[0]
    received = g * p[None, :]
    desired = received[np.arange(K), np.arange(1, K + 1)]
    return desired / (received.sum(axis=1) - desired + 1.0)


def point_links(q: dict, draw: dict) -> dict[str, np.ndarray]:
    """Everything the allocation and the metrics need at one point of one sample: the
    geometry of :func:`~isac.studies.iaps_dfrc.model.geometry`, the beams ``W`` (M, K + 1),
    the gains ``g`` (K, K + 1) and ``c`` (K + 1,).

    The RZF regulariser is λ = ``rzf_scale`` · K σ_n²/P_max (spec §3.2: 1); the sensing beam's
    formula is ``q["sensing_beam"]`` (projector or printed).
    """
    geo = geometry(q, draw)
    lam = q["rzf_scale"] * q["K"] * q["sigma2"] / q["P_max_W"]
    W = transmit_beams(geo["H"], geo["a"], lam, q["sensing_beam"])
    g, c = link_gains(geo["H"], W, geo["a"], q["sigma2"])
    return geo | {"W": W, "g": g, "c": c}
