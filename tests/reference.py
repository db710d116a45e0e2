"""Access to ../shared/reference (the authors' numeric runs); tests skip cleanly without it."""

from __future__ import annotations

import numpy as np
import pytest

from isac.workspace import ROOT

REFERENCE = ROOT.parent / "shared" / "reference"


def load_reference(study: str, name: str) -> dict:
    path = REFERENCE / study / name
    if not path.exists():
        pytest.skip(f"reference data {path} not available (../shared is not beside the project)")
    return {k: (v.item() if v.ndim == 0 else v) for k, v in np.load(path).items()}
