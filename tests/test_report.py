"""The report's text: literal statements, captions with verdicts, a landing page per run."""

from __future__ import annotations

import pandas as pd
import pytest
from docutils.core import publish_parts

from isac import report
from isac.scorecard import COLUMNS
from isac.studies import REGISTRY


def html(rst: str) -> str:
    out = publish_parts(rst, writer="html",
                        settings_overrides={"report_level": 2, "halt_level": 2})
    return out["body"]


@pytest.mark.parametrize("text", ["N_s = max(0, M − K)", "a*b and `c` | d_", "x_ [1] <y>",
                                  "\\ back slash", "KLD_r*: *not emphasis*"])
def test_statements_render_literally(text):
    assert html(report.rst_escape(text)).strip() == f"<p>{_entities(text)}</p>"


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CARD = pd.DataFrame([
    {"id": "a.1", "figure": "fig3", "kind": "value", "evidence": "replicated",
     "statement": "SR of *x* is 15", "source": "Sec. V", "paper": 15.0, "ours": 14.2,
     "ours_lo": 14.0, "ours_hi": 14.4, "deviation": -0.8, "tolerance": 0.3, "verdict": "fails",
     "cause": "docs/x.md, 'why'", "scale": "quick"},
    {"id": "a.2", "figure": "fig3", "kind": "ordering", "evidence": "replicated",
     "statement": "A above B", "source": "Sec. V", "paper": None, "ours": 0.1,
     "ours_lo": 0.05, "ours_hi": 0.15, "deviation": None, "tolerance": None,
     "verdict": "holds", "cause": "", "scale": "quick"},
], columns=COLUMNS)
SIDECAR = {"caption": "Paper Fig. 3: a_b.", "scale": "quick", "trials": {"r/a": 10, "r/b": 10},
           "failed_solves": 2, "solves": 40, "failures": {"r/b": 2}, "missing_curves": [],
           "config_hash": "abc"}
ITEM = {"figure": "fig3", "label": "Fig. 3", "title": "Trade-off"}


def test_a_caption_states_the_run_and_each_claim_with_its_verdict():
    text = html(report.figure_caption(ITEM, SIDECAR, CARD))
    assert "<strong>Fig. 3: Trade-off.</strong> Paper Fig. 3: a_b." in text
    assert "10 draw(s) per run; 2 of 40 solves failed (r/b: 2)" in text
    assert "Claims (1 holds, 1 fails)" in text
    assert "<strong>fails</strong>: SR of *x* is 15" in text
    assert "ours 14.2 [14, 14.4], paper 15" in text and "Cause: docs/x.md" in text
    other = html(report.figure_caption(ITEM | {"figure": "fig4"}, SIDECAR, CARD))
    assert "states no claim" in other


def test_the_landing_page_counts_verdicts_and_states_the_provenance():
    spec = {"scale": "quick", "master_seed": 7, "config_hash": "h",
            "studies": {"crlb_sca": {"title": "T", "docs": "docs/studies/crlb_sca.md",
                                     "items": [ITEM]},
                        "kld_isac": {"title": "K", "docs": "d", "items": []}}}
    text = html(report.landing(spec, {"crlb_sca": CARD}, {"crlb_sca": {"fig3": SIDECAR}},
                               {"git": "abc123", "versions": {"numpy": "2"}}))
    assert "<td>crlb_sca</td>\n<td>T</td>\n<td>2</td>\n<td>1</td>\n<td>0</td>\n<td>1</td>" in text
    assert "<td>kld_isac</td>\n<td>K</td>\n<td>0</td>" in text
    assert "<td>abc123</td>" in text and "<td>numpy version</td>" in text
    assert "fewer draws than the papers used" in text and "smoke test" not in text
    assert "No claims are registered" in text


def test_the_scorecard_page_escapes_its_cells():
    page = report.scorecard_html("crlb_sca", CARD.assign(statement="a < b & c"))
    assert "a &lt; b &amp; c" in page and page.count("<tr") == 3


def test_every_registered_figure_has_a_menu_label_and_title():
    for study in REGISTRY.values():
        for fig in study.figures:
            assert fig.title, (study.slug, fig.name)
            if fig.kind == "table":        # a paper table, or a figure's numbers
                assert fig.label == "Table I" or fig.label.startswith(
                    f"Fig. {fig.name[3:].split('_')[0]}"), (study.slug, fig.name, fig.label)
            else:
                assert fig.label == f"Fig. {fig.name[3:]}", (study.slug, fig.name, fig.label)
