"""The README's Python examples run as written (documented examples are tested)."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from isac.workspace import ROOT


def test_readme_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    from isac.studies import REGISTRY
    for slug in REGISTRY:                                               # one example per study
        assert any(f"from isac.studies.{slug} import" in code for code in blocks), slug
    for code in blocks:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        assert out.split()[0] in ("optimal", "ok"), out                # a solved design


def test_readme_status_matches_the_committed_scorecards():
    """The README's "N of M claims hold at <scale> scale" comes from docs/scorecards/, which
    the pipeline wrote (so the README cannot silently disagree with it)."""
    import pandas as pd

    readme = (ROOT / "README.md").read_text()
    cards = sorted((ROOT / "docs" / "scorecards").glob("*.csv"))
    assert cards
    for path in cards:
        card = pd.read_csv(path)
        scale = card["scale"].unique()
        assert len(scale) == 1
        holds = int((card["verdict"] == "holds").sum())
        line = next(t for t in readme.splitlines() if t.startswith(f"| `{path.stem}` |"))
        assert f"{holds} of {len(card)} claims hold at {scale[0]} scale" in line, line
        assert f"docs/scorecards/{path.name}" in line
        claims = yaml.safe_load((ROOT / "config" / "claims" / path.name.replace(".csv", ".yaml"))
                                .read_text())["claims"]
        # the claims of every figure the committed run covers, and no others; claims of figures
        # not run at that scale yet must be declared in the README row
        covered = set(card["figure"])
        assert card["id"].tolist() == [c["id"] for c in claims if c["figure"] in covered], \
            f"{path} is older than the claims file: regenerate it from a run"
        uncovered = [c for c in claims if c["figure"] not in covered]
        if uncovered:
            assert f"the {len(uncovered)} claims of" in line and "`ci` scale only" in line, line
