"""The Snakemake report of a ``ci`` run, as a reviewer opens it.

The first tests read the data the report page embeds (no browser): every figure, table and
scorecard is there with its caption, category and labels, and the landing page carries the
scorecards and the provenance. The last one opens the page in headless Chromium (the Debian
packages ``chromium`` and ``chromium-driver``, driven by Selenium), shows every item and its
caption, and fails on a JavaScript error or an image that does not decode.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from isac import io
from isac.config import load
from isac.pipeline import Plan
from isac.workspace import snakemake

pytestmark = pytest.mark.workflow

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def report(ci_run, tmp_path_factory) -> Path:
    """``report.html`` of ``snakemake --report report.zip figures`` on the ci run, unpacked."""
    out = tmp_path_factory.mktemp("report")
    snakemake(ci_run, "--report", str(out / "report.zip"), "figures", "--config", "scale=ci")
    with zipfile.ZipFile(out / "report.zip") as archive:
        archive.extractall(out)
    return next(out.glob("*/report.html"))


def embedded(page: Path, name: str) -> dict:
    """The JSON object that the page assigns in ``<script id="name">``."""
    script = re.search(rf'<script[^>]*id="{name}"[^>]*>(.*?)</script>', page.read_text(), re.S)
    assert script, name
    return json.loads(re.search(r"=\s*(\{.*\})\s*;?\s*$", script.group(1), re.S).group(1))


def expected_items(ci_run) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Report path -> (category, subcategory, labels) of every item the report must hold."""
    plan = Plan(load(ci_run, {"scale": "ci"}))
    items = {}
    for study in plan.studies:
        for fig in plan.figures(study):
            kind = plan.studies[study].figure(fig).kind
            path = plan.path("figure", study=study, figure=fig)
            path += ".png" if kind == "figure" else ".html"
            items[path] = (study, plan.menu(study, fig)["figure"], plan.menu(study, fig))
        if plan.claims(study):
            items[plan.path("scorecard", study=study) + ".html"] = (
                study, "Scorecard", {"figure": "Scorecard", "title": "Claims and verdicts"})
    return items


def test_every_figure_table_and_scorecard_is_in_the_report(ci_run, report):
    results, categories = embedded(report, "results"), embedded(report, "categories")
    items = expected_items(ci_run)
    assert set(results) == set(items)
    for path, (study, sub, labels) in items.items():
        assert path in categories[study][sub], path
        assert results[path]["labels"] == labels, path
        caption = results[path]["caption"]
        assert "System Message" not in caption, (path, caption)   # a docutils error
        if sub != "Scorecard":
            assert f"<strong>{sub}: {labels['title']}.</strong>" in caption, path
            assert re.search(r"Run: scale <tt[^>]*>ci</tt>, \d+(–\d+)? draw\(s\) per run; "
                             r"\d+ of \d+ solves failed", caption), (path, caption)
        else:
            assert "Scorecard of" in caption and "claims" in caption, path
    # the menu reads like the papers' lists of figures: no paths, no file names
    for subs in categories.values():
        assert all(re.fullmatch(r"(Fig\. \d+|Table [IVX]+|Scorecard)", s) for s in subs), subs


def test_captions_state_each_claim_with_its_verdict(ci_run, report):
    results = embedded(report, "results")
    plan = Plan(load(ci_run, {"scale": "ci"}))
    for study in plan.studies:
        card = io.read_table(ci_run / (plan.path("scorecard", study=study) + ".parquet"))[0]
        for fig in plan.figures(study):
            kind = plan.studies[study].figure(fig).kind
            path = plan.path("figure", study=study, figure=fig)
            caption = results[path + (".png" if kind == "figure" else ".html")]["caption"]
            mine = card[card["figure"] == fig]
            for _, claim in mine.iterrows():
                assert f"<strong>{claim['verdict']}</strong>" in caption, (path, claim["id"])
                assert claim["id"] in caption, (path, claim["id"])
            if mine.empty:
                assert "states no claim" in caption, path


def test_the_landing_page_shows_every_scorecard_and_the_provenance(ci_run, report):
    text = report.read_text()
    plan = Plan(load(ci_run, {"scale": "ci"}))
    assert "isac-repro: reproduction report" in text
    assert "Verdicts at scale <tt" in text and "a smoke test" in text
    for study in plan.studies:
        card = io.read_table(ci_run / (plan.path("scorecard", study=study) + ".parquet"))[0]
        counts = card["verdict"].value_counts()
        cells = [str(len(card))] + [str(counts.get(v, 0)) for v in
                                    ("holds", "holds-within-noise", "fails",
                                     "not-checkable-at-this-scale")]
        gap = r"(?:\s|\\n)*"                 # the page embeds the text as a JS string
        row = f"<td>{study}</td>{gap}<td>[^<]*</td>{gap}" + gap.join(f"<td>{c}</td>"
                                                                   for c in cells)
        assert re.search(row, text), study
        for claim_id in card["id"]:
            assert claim_id in text, claim_id
    for key in ("git revision", "configuration hash", "master seed", "numpy version",
                "cvxpy version", "snakemake version"):
        assert f"<td>{key}</td>" in text, key


def _browser_missing() -> str | None:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return ("no system Chromium: install the Debian packages chromium and chromium-driver "
                "(.ci/run does) to run the report in a browser")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


def open_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def wait_for(condition, what: str, timeout: float = 15.0):
    """Poll ``condition()`` until it returns something truthy; fail naming ``what``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def click(element, what: str, timeout: float = 15.0) -> None:
    """Click like a user who waits for a panel to finish moving: a click that another element
    intercepts is retried until ``timeout``; one still intercepted then fails, naming it."""
    from selenium.common.exceptions import ElementClickInterceptedException

    end = time.monotonic() + timeout
    while True:
        try:
            element.click()
            return
        except ElementClickInterceptedException as err:
            if time.monotonic() > end:
                raise AssertionError(f"{what} stays covered: {err.msg}") from None
            time.sleep(0.2)


def show_item(driver, path: str, study: str, sub: str, labels: dict[str, str]) -> None:
    """Open ``path`` from the menu (study, then "Fig. N"), check that it displays (an image
    that decodes in full, or a page with a table) and that its caption opens, then go back
    to the list of studies."""
    from selenium.webdriver.common.by import By

    def link(text):
        found = driver.find_elements(By.LINK_TEXT, text)
        return found[0] if found else None

    def body() -> str:
        return driver.find_element(By.TAG_NAME, "body").text

    click(wait_for(lambda: link(study), f"menu entry {study}"), f"menu entry {study}")
    click(wait_for(lambda: link(sub), f"{study} / {sub} in the menu"), f"{study} / {sub}")
    wait_for(lambda: labels["title"] in body(), f"the labels of {path}")
    click(driver.find_element(By.CSS_SELECTOR, "a[iconname=eye]"), f"the view of {path}")
    name = "/" + path.rsplit("/", 1)[1]
    if path.endswith(".png"):
        image = wait_for(lambda: [i for i in driver.find_elements(By.TAG_NAME, "img")
                                  if i.get_attribute("src").endswith(name)],
                         f"the image of {path}")[0]
        # decode() rejects an image that does not decode
        decoded = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "arguments[0].decode().then(() => done(arguments[0].naturalWidth),"
            " e => done(String(e)));", image)
        assert isinstance(decoded, int) and decoded > 100, (path, decoded)
    else:
        frame = wait_for(lambda: [f for f in driver.find_elements(By.TAG_NAME, "iframe")
                                  if f.get_attribute("src").endswith(name)],
                         f"the page of {path}")[0]
        driver.switch_to.frame(frame)
        wait_for(lambda: driver.find_elements(By.TAG_NAME, "table"), f"the table in {path}")
        driver.switch_to.default_content()
    click(driver.find_element(By.CSS_SELECTOR, "a[iconname=information-circle]"),
          f"the caption button of {path}")
    expect = "Run: scale" if sub != "Scorecard" else "Scorecard of"
    wait_for(lambda: expect in body(), f"the caption of {path}")
    click(wait_for(lambda: link("Results"), "the breadcrumb back to the results"),
          "the breadcrumb back to the results")


@pytest.mark.skipif(_browser_missing() is not None, reason=str(_browser_missing()))
def test_every_item_opens_in_a_headless_browser(ci_run, report):
    driver = open_browser()
    try:
        driver.get(report.as_uri())
        wait_for(lambda: "Claims per study and verdict" in driver.page_source, "landing page")
        for path, (study, sub, labels) in sorted(expected_items(ci_run).items()):
            show_item(driver, path, study, sub, labels)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()
