"""Each study package is a library: its ``__all__`` resolves lazily and every export is
documented."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from isac.studies import REGISTRY


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_every_export_resolves_and_has_a_docstring(slug):
    package = importlib.import_module(f"isac.studies.{slug}")
    assert {"STUDY", "validate"} <= set(package.__all__)
    for name in package.__all__:
        obj = getattr(package, name)
        assert (obj.__doc__ or "").strip(), f"{slug}.{name} has no docstring"


def test_reading_the_registry_imports_no_solver():
    code = ("import sys, isac.studies; assert 'cvxpy' not in sys.modules; "
            "from isac.studies.crlb_sca import wmmse_sdr; assert 'cvxpy' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
