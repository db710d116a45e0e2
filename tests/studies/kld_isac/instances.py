"""Small random KLD ISAC problems shared by the optimiser tests (N = 6, K = 2, T = 2)."""

from __future__ import annotations

import numpy as np

from isac.core.precoders import zero_forcing
from isac.studies.kld_isac import objectives as ob
from isac.studies.kld_isac import problems as pr


def cn(rng: np.random.Generator, *shape: int) -> np.ndarray:
    """CN(0, 1) entries."""
    return (rng.normal(size=shape) + 1j * rng.normal(size=shape)) / np.sqrt(2)


def small(seed: int = 5, floor: float = 2.0):
    """(instance, ZF precoder with P_c = 0.5, CIC-like beams with P_r ≈ 0.5, one per target)."""
    rng = np.random.default_rng(seed)
    N, K, T = 6, 2, 2
    H = cn(rng, T, N, N) / np.sqrt(N)
    inst = pr.Instance(Q=ob.echo_gram(H, np.array([1.0, 0.7])), G=cn(rng, K, N),
                       g_c=np.array([1.0, 0.8]), sigma2=0.05,
                       c_M=1.9236, A=np.full(T, floor), B=np.full(K, floor),
                       D=np.full(T, 0.25), p_fa=1e-4)
    W_c = zero_forcing(inst.G, 0.5)
    W_r = np.sqrt(0.5 / (N * T)) * cn(rng, T, N, 1)
    return inst, W_c, W_r
