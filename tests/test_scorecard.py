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
    _check(claim, verdict, SUMMARY)


#: a rise that stops at x = 2 (C), a trade-off pair (u better high, v better low) where A covers B
#: and F (within 1.5 % of the span) but not D, and run times (t) of A and B
MORE = _summary([
    *(("s", "m", "C", float(x), v, 0.001, 10) for x, v in enumerate([1, 2, 3, 3.004, 3.0])),
    *(("s", "m", "E", float(x), v, 0.4, 10) for x, v in enumerate([1, 2, 3, 3.004, 3.0])),
    *(("s", "u", "A", float(x), u, 0.01, 10) for x, u in enumerate([1.0, 2.0, 3.0])),
    *(("s", "v", "A", float(x), v, 0.01, 10) for x, v in enumerate([1.0, 2.0, 3.0])),
    *(("s", "u", "B", float(x), u, 0.01, 10) for x, u in enumerate([0.9, 2.0, 2.5])),
    *(("s", "v", "B", float(x), v, 0.01, 10) for x, v in enumerate([1.5, 2.1, 3.0])),
    *(("s", "u", "D", float(x), u, 0.01, 10) for x, u in enumerate([1.05, 4.0])),
    *(("s", "v", "D", float(x), v, 0.01, 10) for x, v in enumerate([1.0, 3.9])),
    *(("s", "u", "F", float(x), u, 0.001, 10) for x, u in enumerate([1.0, 3.03])),
    *(("s", "v", "F", float(x), v, 0.001, 10) for x, v in enumerate([1.0, 3.0])),
    *(("s", "t", "A", float(x), t, 0.1, 10) for x, t in enumerate([1.0, 2.0, 4.0])),
    *(("s", "t", "B", float(x), t, 0.1, 10) for x, t in enumerate([2.0, 2.1, 3.95])),
])


def _threshold(entity, at, tol=0.01):
    return _claim("threshold", select={"metric": "m", "entity": entity}, paper=at,
                  tolerance={"abs": tol}, reason="r")


def _pair(kind, a, b, select=None, **kw):
    return _claim(kind, select={"scenario": "s"} | (select or {}), a={"entity": a},
                  b={"entity": b}, **kw)


@pytest.mark.parametrize("claim, verdict", [
    (_threshold("C", 2), "holds"),
    (_threshold("C", 3), "fails"),                  # 3 → 3.004 is within 0.01 of the best
    (_threshold("C", 3, tol=0.001), "fails"),       # 3.004 → 3.0 falls back: never settles
    (_threshold("E", 3), "holds-within-noise"),     # ± 0.4 cannot tell x = 1…3 apart
    (_pair("dominance", "A", "B", metrics={"u": "higher", "v": "lower"}), "holds"),
    (_pair("dominance", "B", "A", metrics={"u": "higher", "v": "lower"}), "fails"),
    (_pair("dominance", "A", "D", metrics={"u": "higher", "v": "lower"}), "fails"),
    (_pair("dominance", "A", "D", metrics={"u": "higher", "v": "lower"},
           tolerance={"rel": 0.06}, reason="r"), "fails"),              # (4, 3.9) is beyond A
    (_pair("dominance", "A", "F", metrics={"u": "higher", "v": "lower"},
           tolerance={"rel": 0.02}, reason="r"), "holds"),              # 0.03 of a span of 2.03
    (_pair("dominance", "A", "F", metrics={"u": "higher", "v": "lower"},
           tolerance={"rel": 0.01}, reason="r"), "holds-within-noise"),   # ± 0.011
    (_pair("dominance", "A", "D", metrics={"u": "higher", "v": "lower"}, select={"x": 0},
           tolerance={"rel": 0.5}, reason="r"), "fails"),               # the span is the gap
    (_pair("dominance", "A", "D", metrics={"u": "higher", "v": "lower"}, select={"x": 0},
           tolerance={"abs": 0.06}, reason="r"), "holds"),              # in the metrics' units
    (_pair("timing", "A", "B", relation="<=", select={"metric": "t"}), "holds-within-noise"),
    (_pair("timing", "A", "B", relation="<=", select={"metric": "t"}, ratio=0.9), "fails"),
    (_pair("timing", "B", "A", relation=">=", select={"metric": "t", "x": 1.0}), "holds"),
    (_pair("timing", "B", "A", relation=">=", select={"metric": "t"}), "holds-within-noise"),
    (_pair("trend", "B", "A", select={"metric": "t"}, direction="decreasing"), "holds"),
    (_pair("trend", "B", "A", select={"metric": "t"}, direction="increasing"), "fails"),
    (_pair("trend", "B", "A", select={"metric": "t", "x": 1.0}, direction="decreasing"),
     "not-checkable-at-this-scale"),                # one point is no trend
    (_claim("trend", select={"scenario": "s", "metric": "t"}, a={"entity": "B"},
            b={"entity": "A"}, direction="increasing", tolerance={"abs": 1.0}, reason="r"),
     "holds"),                                      # gaps 1.0, 0.1, -0.05
])
def test_more_verdicts(claim, verdict):
    _check(claim, verdict, MORE)


def _check(claim, verdict, summary):
    card = scorecard([claim], {"f": summary}, "ci")
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
    ({"kind": "dominance", "a": {"entity": "T1"}, "b": {"entity": "T2"},
      "metrics": {"kld_r": "higher", "snr": "lower"}, "tolerance": {"rel": 0.1}},
     r"claims\.0\.metrics\.snr: not a metric of fig1"),
    ({"kind": "dominance", "a": {"entity": "T1"}, "b": {"entity": "T2"}},
     r"claims\.0\.metrics: required key missing"),
    ({"kind": "timing", "a": {"entity": "T1"}}, r"claims\.0\.b: required key missing"),
    ({"kind": "threshold", "reason": None}, r"claims\.0\.reason: required key missing"),
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
