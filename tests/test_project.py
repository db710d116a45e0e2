"""Project files agree with each other: the licence with pyproject, the Snakemake version
floor of the Snakefile with the pins of pyproject and the conda environment."""

from __future__ import annotations

import re
import tomllib

from isac.workspace import ROOT


def test_the_license_file_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"]["text"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_snakemake_floor_agrees_everywhere():
    floor = re.search(r'min_version\("([\d.]+)"\)', (ROOT / "Snakefile").read_text())[1]
    pins = re.findall(r"snakemake>=([\d.]+)", (ROOT / "pyproject.toml").read_text()
                      + (ROOT / "envs" / "isac.yaml").read_text())
    assert pins and set(pins) == {floor}
