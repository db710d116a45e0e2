"""Shared fixtures: a throw-away copy of the project for workflow tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from isac.workspace import ROOT, copy_project, snakemake

__all__ = ["ROOT", "copy_project", "snakemake"]


def pytest_collection_modifyitems(items) -> None:
    """Every test that reads the shared ``ci`` run goes to one pytest-xdist worker (the
    ``--dist loadgroup`` of pyproject's addopts), so the pipeline is built once per test
    session instead of once per worker."""
    for item in items:
        if "ci_run" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("ci_run"))


@pytest.fixture(scope="session")
def ci_run(tmp_path_factory) -> Path:
    """A project copy on which ``figures`` has been built at ci scale with 2 cores."""
    work = copy_project(tmp_path_factory.mktemp("ci_run"))
    snakemake(work, "--cores", "2", "figures", "--config", "scale=ci")
    return work
