"""The conda environment and the profiles agree with the project files."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_conda_env_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "envs" / "isac.yaml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    pip = {_name(d): d for d in project["dependencies"]}
    assert conda == set(pip)
    pins = {_name(d): d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    for name, req in pip.items():
        assert pins[name] == req.replace(" ", ""), (name, pins[name], req)


def test_profiles():
    slurm = yaml.safe_load((ROOT / "workflow/profiles/slurm/config.yaml").read_text())
    assert slurm["executor"] == "slurm"
    assert set(slurm["set-resources"]) == {"channels", "solve", "evaluate"}   # cluster jobs
    assert "max-jobs-per-second" not in slurm                 # deprecated: per-timespan
    assert slurm["max-jobs-per-timespan"]
    smk = (ROOT / "workflow/rules/figures.smk").read_text()
    for rule in ("summarise", "render", "tabulate", "scorecard", "report_text"):
        head = smk.split(f"\nrule {rule}:\n", 1)[1].split("\n", 1)[0]
        assert head.strip() == "localrule: True", rule          # runs on the submit host
    local = yaml.safe_load((ROOT / "workflow/profiles/local/config.yaml").read_text())
    assert "executor" not in local
