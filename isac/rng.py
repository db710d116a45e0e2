"""Deterministic random streams (docs/architecture.md, "Determinism").

Every draw is keyed by ``SeedSequence(master_seed, spawn_key=(study, scenario, seed))`` with
stable integer ids for the names, so seed k gives the same numbers whatever the trial count,
chunk size, core count or job order.
"""

from __future__ import annotations

import hashlib

import numpy as np

#: index of the child stream used for channel draws and for Monte-Carlo noise
CHANNEL_STREAM, MC_STREAM = 0, 1


def stable_id(name: str) -> int:
    """A 32-bit id of ``name`` that is identical across runs and machines (unlike ``hash``)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "little")


def seed_sequence(master_seed: int, study: str, scenario: str, seed: int) -> np.random.SeedSequence:
    """The root sequence of trial ``seed`` of ``study``/``scenario``."""
    key = (stable_id(study), stable_id(scenario), int(seed))
    return np.random.SeedSequence(int(master_seed), spawn_key=key)


def stream_seed(master_seed: int, study: str, scenario: str, seed: int,
                stream: int = CHANNEL_STREAM) -> np.random.SeedSequence:
    """The seed of one child stream (channels or Monte Carlo) of one trial;
    ``np.random.default_rng(stream_seed(...))`` starts that stream afresh each time."""
    return seed_sequence(master_seed, study, scenario, seed).spawn(stream + 1)[stream]


def generator(master_seed: int, study: str, scenario: str, seed: int,
              stream: int = CHANNEL_STREAM) -> np.random.Generator:
    """The generator of one child stream (channels or Monte Carlo) of one trial."""
    return np.random.Generator(np.random.PCG64(stream_seed(master_seed, study, scenario, seed,
                                                           stream)))
