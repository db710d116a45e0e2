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


def test_package_overview_names_functions_that_exist():
    """``help(isac)`` maps each paper to its algorithms: every study package is listed and
    every name it gives resolves (``module.function`` or an export of the package)."""
    import importlib
    import re

    import isac
    from isac.studies import REGISTRY

    parts = isac.__doc__.split("* ``isac.studies.")[2:]
    assert {part.split("``")[0] for part in parts} == set(REGISTRY)
    for part in parts:
        study = part.split("``")[0]
        names = re.findall(r"``([\w.]+)``", part)[1:]
        assert names
        for name in names:
            module, _, attr = name.rpartition(".")
            target = importlib.import_module(f"isac.studies.{study}" + (f".{module}" if module
                                                                          else ""))
            assert callable(getattr(target, attr)), (study, name)


def test_no_export_is_also_a_submodule_name():
    """``from isac.studies.<study> import name`` must not depend on import order: a name that
    is both an export and a submodule resolves to the module once that is imported."""
    import importlib
    import pkgutil

    from isac.studies import REGISTRY

    for slug in REGISTRY:
        package = importlib.import_module(f"isac.studies.{slug}")
        modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
        assert not modules & set(package.__all__), slug
