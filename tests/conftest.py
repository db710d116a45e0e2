"""Shared fixtures: a throw-away copy of the project for workflow tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from isac.workspace import ROOT, copy_project, snakemake

__all__ = ["ROOT", "copy_project", "snakemake"]


@pytest.fixture(scope="session")
def ci_run(tmp_path_factory) -> Path:
    """A project copy on which ``figures`` has been built at ci scale with 2 cores."""
    work = copy_project(tmp_path_factory.mktemp("ci_run"))
    snakemake(work, "--cores", "2", "figures", "--config", "scale=ci")
    return work
