"""The text of the Snakemake report (the ``report_text`` stage): the landing page with every
study's scorecard and the run's provenance, one caption per figure, table and scorecard, and
one HTML page per scorecard.

The texts are reStructuredText fragments that the report's templates include
(``workflow/report/``); everything in them comes from the figures' JSON sidecars, the
scorecards and the job's spec, so nothing is typed by hand.
"""

from __future__ import annotations

import html
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from isac.scorecard import VERDICTS, counts

#: packages whose versions the landing page states
PACKAGES = ("isac-repro", "numpy", "scipy", "cvxpy", "clarabel", "pandas", "pyarrow",
            "matplotlib", "snakemake")
SHORT = {"holds-within-noise": "within noise", "not-checkable-at-this-scale": "not checkable"}


def rst_escape(text: str) -> str:
    """``text`` as literal reStructuredText (no markup, references or substitutions)."""
    text = str(text).replace("\\", "\\\\")
    for char in "*`|_<>[]":
        text = text.replace(char, "\\" + char)
    return text


def number(value: Any) -> str:
    """A table cell: 4 significant digits, blank for a missing value."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    return f"{value:.4g}" if isinstance(value, float | int | np.floating) else str(value)


def ours(row: pd.Series) -> str:
    """Our value with its 95 % interval, e.g. "15.1 [14.9, 15.3]"."""
    text = number(row["ours"])
    lo, hi = number(row["ours_lo"]), number(row["ours_hi"])
    if text and (lo or hi) and (lo, hi) != (text, text):
        text += f" [{lo or '…'}, {hi or '…'}]"
    return text


def list_table(title: str, header: list[str], rows: list[list[str]]) -> str:
    """A ``list-table`` directive (columns sized by the browser); cells are escaped."""
    lines = [f".. list-table:: {rst_escape(title)}", "   :header-rows: 1", "   :widths: auto",
             ""]
    for row in [header, *rows]:
        lines.append("   * - " + (rst_escape(row[0]) or "\\ "))
        lines += ["     - " + (rst_escape(cell) or "\\ ") for cell in row[1:]]
    return "\n".join(lines) + "\n"


def tally_text(card: pd.DataFrame) -> str:
    """"3 hold, 1 fails" (verdicts that occur, in the order of :data:`VERDICTS`)."""
    words = {"holds": "hold", "fails": "fail"}
    return ", ".join(f"{n} {words.get(v, SHORT.get(v, v)) if n != 1 else SHORT.get(v, v)}"
                     for v, n in counts(card).items() if n) or "no claims"


def git_revision(root: Path) -> str:
    """Short commit of the checkout at ``root`` ("+ local changes" if the tracked files
    differ from it), or why it is unknown."""
    try:
        rev = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return rev + (" + local changes" if dirty else "")


def versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def claim_line(row: pd.Series) -> str:
    """One claim as a list item: verdict, statement, id, ours (and the paper's number), cause."""
    line = (f"- **{rst_escape(row['verdict'])}**: {rst_escape(row['statement'])} "
            f"(``{row['id']}``, {row['kind']}; ours {rst_escape(ours(row)) or 'n/a'}"
            + (f", paper {number(row['paper'])}" if number(row["paper"]) else "") + ")")
    return line + (f". Cause: {rst_escape(row['cause'])}" if row["cause"] else "")


def claims_list(card: pd.DataFrame, labels: dict[str, str]) -> str:
    """The claims of one study, grouped by figure in the paper's order."""
    parts = []
    for figure, label in labels.items():
        mine = card[card["figure"] == figure]
        if not mine.empty:
            parts += [f"*{rst_escape(label)}* ({tally_text(mine)}):", "",
                      *(claim_line(r) for _, r in mine.iterrows()), ""]
    return "\n".join(parts)


def landing(spec: dict[str, Any], cards: dict[str, pd.DataFrame],
            sidecars: dict[str, dict[str, dict[str, Any]]], provenance: dict[str, Any]) -> str:
    """The landing page: per-study verdict counts, provenance, and each study's claims."""
    scale = spec["scale"]
    n_items = sum(len(s) for s in sidecars.values())
    parts = [f"This report rebuilds {n_items} figures and tables of {len(spec['studies'])} "
             f"papers at scale **{rst_escape(scale)}** and checks each paper's claims on "
             "them. Open a study in the menu for its figures; each caption states the run "
             "(scale, draws, failed solves) and the claims the figure carries with their "
             "verdicts.", ""]
    if scale != "paper":
        parts += [f".. note:: Verdicts at scale ``{scale}`` come from fewer draws than the "
                  "papers used" + (" (one realisation: a smoke test, not evidence)"
                                   if scale == "ci" else "") +
                  "; ``not-checkable-at-this-scale`` marks claims these runs cannot decide.",
                  ""]
    rows = []
    for study, meta in spec["studies"].items():
        t = counts(cards[study]) if study in cards else dict.fromkeys(VERDICTS, 0)
        rows.append([study, meta["title"], str(sum(t.values())), *map(str, t.values())])
    parts += ["Scorecard", "---------", "",
              list_table("Claims per study and verdict", ["study", "paper", "claims", "holds",
                                                           "within noise", "fails",
                                                           "not checkable"], rows), ""]
    prov = [["git revision", provenance["git"]], ["scale", scale],
            ["master seed", str(spec["master_seed"])],
            ["configuration hash", spec["config_hash"]]]
    prov += [[f"{name} version", v] for name, v in provenance["versions"].items()]
    parts += ["Provenance", "----------", "",
              "Each figure's JSON sidecar (next to it under ``results/``) adds the code "
              "version of every stage that made it.", "",
              list_table("Run", ["item", "value"], prov), ""]
    for study, meta in spec["studies"].items():
        head = f"{study}: {meta['title']}"
        parts += [rst_escape(head), "-" * len(rst_escape(head)), "",
                  f"Documentation: ``{meta['docs']}``.", ""]
        if study in cards:
            labels = {item["figure"]: item["label"] for item in meta["items"]}
            parts += [f"{tally_text(cards[study])} ({len(cards[study])} claims).", "",
                      claims_list(cards[study], labels), ""]
        else:
            parts += ["No claims are registered for this study's built figures.", ""]
    return "\n".join(parts)


def figure_caption(item: dict[str, Any], sidecar: dict[str, Any],
                   card: pd.DataFrame | None) -> str:
    """Caption of one figure or table: the paper's name and our caption, the run behind it,
    and the claims it carries with their verdicts."""
    trials = sorted(set(sidecar["trials"].values()))
    draws = (str(trials[0]) if len(trials) == 1 else f"{trials[0]}–{trials[-1]}")
    parts = [f"**{rst_escape(item['label'])}: {rst_escape(item['title'])}.** "
             f"{rst_escape(sidecar['caption'])}", "",
             f"Run: scale ``{sidecar['scale']}``, {draws} draw(s) per run; "
             f"{sidecar['failed_solves']} of {sidecar['solves']} solves failed"
             + (" (" + ", ".join(f"{rst_escape(k)}: {v}" for k, v in
                                 sorted(sidecar["failures"].items())) + ")"
                if sidecar["failures"] else "")
             + f"; configuration hash ``{sidecar['config_hash']}``.", ""]
    if sidecar["missing_curves"]:
        parts += ["Curves with no successful solve (not drawn): "
                  + rst_escape(", ".join(map(str, sidecar["missing_curves"]))) + ".", ""]
    mine = card[card["figure"] == item["figure"]] if card is not None else None
    if mine is None or mine.empty:
        parts.append("The paper states no claim about this item that we check.")
    else:
        parts += [f"Claims ({tally_text(mine)}):", "",
                  *(claim_line(r) for _, r in mine.iterrows())]
    return "\n".join(parts) + "\n"


def scorecard_caption(study: str, card: pd.DataFrame) -> str:
    scale = card["scale"].iloc[0] if len(card) else "?"
    return (f"**Scorecard of {rst_escape(study)}** at scale ``{scale}``: "
            f"{tally_text(card)} of {len(card)} claims. The same table is "
            f"``results/{scale}/scorecard/{study}.csv``.\n")


def scorecard_html(study: str, card: pd.DataFrame) -> str:
    """A standalone HTML page of one scorecard (the report shows it in its viewer)."""
    colours = {"holds": "#d8f0d8", "holds-within-noise": "#eef6d0", "fails": "#f6d5d5",
               "not-checkable-at-this-scale": "#e8e8e8"}
    head = ["claim", "figure", "kind", "evidence", "verdict", "paper", "ours [95 %]",
            "deviation", "tolerance", "statement", "source", "cause"]
    body = []
    for _, r in card.iterrows():
        cells = [r["id"], r["figure"], r["kind"], r["evidence"], r["verdict"],
                 number(r["paper"]), ours(r), number(r["deviation"]), number(r["tolerance"]),
                 r["statement"], r["source"], r["cause"] or ""]
        body.append(f'<tr style="background:{colours[r["verdict"]]}">'
                    + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>Scorecard {html.escape(study)}</title><style>"
            "body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse}"
            "td,th{border:1px solid #bbb;padding:3px 5px;vertical-align:top}</style></head>"
            f"<body><h1>Scorecard: {html.escape(study)}</h1><p>{html.escape(tally_text(card))}"
            f" of {len(card)} claims.</p><table><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + "</tr>\n" + "\n".join(body)
            + "</table></body></html>\n")
