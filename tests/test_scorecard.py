"""Scorecard verdicts: values, orderings and trends against means and 95 % intervals."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from isac.config import ConfigError, resolve
from isac.scorecard import counts, scorecard
from isac.workspace import ROOT


def _summary(rows):
    return pd.DataFrame(rows, columns=["scenario", "metric", "entity", "x", "mean", "ci95", "n"])


SUMMARY = _summary([
    ("s", "m", "A", 0.0, 1.00, 0.01, 10), ("s", "m", "A", 10.0, 2.00, 0.01, 10),
    ("s", "m", "A", 20.0, 1.98, 0.05, 10),
    ("s", "m", "B", 0.0, 0.50, 0.01, 10), ("s", "m", "B", 10.0, 2.02, 0.05, 10),
    ("s", "m", "B", 20.0, 1.00, 0.01, 0),
])


def _claim(kind, **kw):
    return {"id": "c", "figure": "f", "source": "Sec. X", "statement": "s", "kind": kind,
            "evidence": "replicated", "select": {"scenario": "s", "metric": "m"}} | kw


def test_one_draw_cannot_tell_noise_from_failure():
    one = SUMMARY.assign(n=SUMMARY["n"].clip(upper=1), ci95=0.0)
    held = _claim("value", select={"metric": "m", "entity": "A", "x": 10}, paper=2.0,
                  tolerance={"abs": 0.1}, reason="r")
    missed = held | {"paper": 3.0}
    card = scorecard([held, missed], {"f": one}, "ci")
    assert card["verdict"].tolist() == ["holds", "not-checkable-at-this-scale"]


@pytest.mark.parametrize("claim, verdict", [
    (_claim("value", select={"metric": "m", "entity": "A", "x": 10}, paper=2.05,
            tolerance={"abs": 0.1}, reason="r"), "holds"),
    (_claim("value", select={"metric": "m", "entity": "A", "x": 10}, paper=2.09,
            tolerance={"rel": 0.04}, reason="r"), "holds-within-noise"),   # 0.09 ≤ 0.084 + 0.01
    (_claim("value", select={"metric": "m", "entity": "A", "x": 10}, paper=3.0,
            tolerance={"rel": 0.1}, reason="r", cause="see docs"), "fails"),
    (_claim("value", select={"metric": "m", "entity": "A", "x": 30}, paper=3.0,
            tolerance={"rel": 0.1}, reason="r"), "not-checkable-at-this-scale"),
    (_claim("value", select={"metric": "m", "entity": "B", "x": 20}, paper=1.0,
            tolerance={"rel": 0.1}, reason="r"), "not-checkable-at-this-scale"),   # n = 0
    (_claim("ordering", a={"entity": "A"}, relation=">=", b={"entity": "B"}),
     "holds-within-noise"),                              # at x = 10 A < B by 0.02 < 0.06
    (_claim("ordering", a={"entity": "B"}, relation="<=", b={"entity": "A"}),
     "holds-within-noise"),
    (_claim("ordering", a={"entity": "B"}, relation=">=", b={"entity": "A"}), "fails"),
    (_claim("ordering", a={"entity": "A"}, relation=">=", b={"entity": "B"},
            tolerance={"abs": 0.025}, reason="ties within the solver accuracy"), "holds"),
    (_claim("trend", select={"metric": "m", "entity": "A"}, direction="increasing"),
     "holds-within-noise"),                              # 2.00 -> 1.98 within 0.06
    (_claim("trend", select={"metric": "m", "entity": "B"}, direction="decreasing"),
     "fails"),                                           # B rises; x = 20 failed (n = 0)
])
def test_verdicts(claim, verdict):
    card = scorecard([claim], {"f": SUMMARY}, "ci")
    assert card["verdict"].tolist() == [verdict], card.to_dict("records")
    assert card["cause"].iloc[0] == ((claim.get("cause") or "undocumented")
                                     if verdict == "fails" else "")
    assert card["scale"].iloc[0] == "ci"
    assert sum(counts(card).values()) == 1


def _with_claims(tmp_path, claims):
    (tmp_path / "config" / "claims").mkdir(parents=True)
    (tmp_path / "config" / "claims" / "kld_isac.yaml").write_text(
        yaml.safe_dump({"claims": claims}))
    (tmp_path / "config" / "studies").symlink_to(ROOT / "config" / "studies")
    (tmp_path / "workflow").symlink_to(ROOT / "workflow")
    top = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    return resolve(top | {"scale": "ci"}, tmp_path)


GOOD = {"id": "k.1", "figure": "fig1", "source": "Sec. IX", "statement": "s", "kind": "value",
        "select": {"scenario": "pr05", "metric": "kld_r", "entity": "T1", "x": 10},
        "paper": 8.4, "tolerance": {"rel": 0.05}, "reason": "r", "evidence": "replicated"}


@pytest.mark.parametrize("change, expect", [
    ({"figure": "fig9"}, r"claims\.0\.figure = 'fig9': no such figure"),
    ({"select": {"scenario": "pr01", "metric": "kld_r"}}, r"select\.scenario = 'pr01': not a run"),
    ({"select": {"metric": "sinr"}}, r"select\.metric = 'sinr': not a metric of fig1"),
    ({"tolerance": None}, r"claims\.0\.tolerance: required key missing"),
    ({"paper": None}, r"claims\.0\.paper: required key missing"),
    ({"kind": "guess"}, r"claims\.0\.kind = 'guess'"),
    ({"paper": float("nan")}, r"claims\.0\.paper = nan: numbers must be finite"),
])
def test_bad_claims_fail_before_any_job(tmp_path, change, expect):
    claim = {k: v for k, v in (GOOD | change).items() if v is not None}
    with pytest.raises(ConfigError, match=expect):
        _with_claims(tmp_path, [claim])


def test_duplicate_claim_ids_are_rejected(tmp_path):
    with pytest.raises(ConfigError, match=r"claims\.1\.id = 'k\.1': duplicate claim id"):
        _with_claims(tmp_path, [GOOD, GOOD])
    cfg = _with_claims(tmp_path / "ok", [GOOD])
    assert cfg["studies"]["kld_isac"]["claims"] == [GOOD]
