"""The web app in a real browser: upload, figures, a correction, the CSV, a bad file, and no
request to anywhere but the local server.

Drives Debian's chromium headless through Selenium with Debian's chromedriver (``.ci/run``
installs both). Without them the tests skip, except in CI (``CI=true``), where a missing
browser fails the run. The server (uvicorn, in a thread) and the browser start once for
the module; each test takes a second or two.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analyzer.analyze import analyze_file
from analyzer.config import PROJECT_DIR, SAMPLES_DIR
from analyzer.errors import InputError
from analyzer.readers import read_transcript
from analyzer.reports.html import show_figure
from analyzer.web.app import create_app

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import browser  # scripts/browser.py, shared with scripts/screenshot.py

if browser.chromium_path() is None:
    reason = "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the browser: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

SAMPLE = "team_meeting_mixed.txt"
READY = "html[data-app-ready]"


class Session:
    def __init__(self, driver: Any, url: str, downloads: Path) -> None:
        self.driver, self.url, self.downloads = driver, url, downloads
        self.requested: list[str] = []

    def log(self) -> None:
        self.requested += browser.requested_urls(self.driver)

    def upload(self, *paths: Path) -> None:
        self.driver.get(self.url + "/")
        browser.wait_for(self.driver, lambda d: d.find_element(By.CSS_SELECTOR, READY))
        self.driver.find_element(By.ID, "file-input").send_keys("\n".join(str(p) for p in paths))

    def figure(self, speaker: str, key: str) -> str:
        """The text of one figure on the page, as the browser shows it."""
        return self.driver.execute_script(
            "var s = arguments[0], k = arguments[1];"
            "return Array.prototype.find.call(document.querySelectorAll('[data-figure]'),"
            " function (el) { return el.dataset.speaker === s && el.dataset.figure === k; }).textContent.trim();",
            speaker, key)


@pytest.fixture(scope="module")
def session(model, nlp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    downloads = tmp_path_factory.mktemp("downloads")
    app = create_app(lambda: (model, nlp))
    with browser.serving(app) as url, browser.chromium(downloads) as driver:
        yield Session(driver, url, downloads)


def test_uploading_a_transcript_shows_its_figures(session: Session) -> None:
    session.upload(SAMPLES_DIR / SAMPLE)
    driver = session.driver
    browser.wait_for(driver, lambda d: "/t/" in d.current_url and d.find_elements(By.CSS_SELECTOR, READY))
    cli = analyze_file(SAMPLES_DIR / SAMPLE)
    for fig in [f for f in cli.speakers if f["role"] == "manager"]:  # staff have no acts, so no ratio
        ratio = session.figure(fig["speaker"], "question_to_advice_ratio")
        assert ratio == show_figure(fig, "question_to_advice_ratio")
        assert session.figure(fig["speaker"], "questions") == str(fig["questions"])
    assert driver.find_elements(By.CSS_SELECTOR, "svg.chart[role=img]")
    managers = int((cli.sentences["role"] == "manager").sum())
    assert len(driver.find_elements(By.CSS_SELECTOR, "select.act-menu")) == managers > 0
    session.log()


def test_correcting_a_label_changes_the_figure_and_the_downloaded_csv(session: Session) -> None:
    driver = session.driver
    table = analyze_file(SAMPLES_DIR / SAMPLE).sentences
    index = int(table.index[(table["speaker"] == "Helen Carter") & (table["act"] == "information")][0])
    before = int(session.figure("Helen Carter", "questions"))

    menu = driver.find_element(By.CSS_SELECTOR, f'select.act-menu[data-sentence="{index}"]')
    started = time.perf_counter()
    Select(menu).select_by_value("open_question")
    browser.wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-updates") == "1")
    took = time.perf_counter() - started

    assert int(session.figure("Helen Carter", "questions")) == before + 1
    row = driver.find_element(By.ID, f"s-{index}")
    assert row.get_attribute("data-act") == "open_question" and "s-coaching" in row.get_attribute("class")
    assert "corrected" in row.get_attribute("class")
    assert Select(driver.find_element(By.CSS_SELECTOR, f'select.act-menu[data-sentence="{index}"]')) \
        .first_selected_option.get_attribute("value") == "open_question"
    assert took < 5  # generous: the benchmark measures the real figure (benchmarks/bench_serve.py)

    driver.find_element(By.CSS_SELECTOR, "a[data-download=csv]").click()
    csv_file = browser.wait_for(driver, lambda d: next(iter(session.downloads.glob("*-sentences.csv")), None))
    time.sleep(0.2)  # let the download finish writing
    rows = pd.read_csv(io.BytesIO(csv_file.read_bytes()), encoding="utf-8-sig")
    assert len(rows) == len(table)
    assert rows.loc[index, ["act", "style", "corrected"]].tolist() == ["open_question", "coaching", 1]
    assert rows["corrected"].sum() == 1
    session.log()


def test_a_bad_file_shows_the_clis_error_on_the_page(session: Session, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError) as cli:
        read_transcript(bad)
    session.upload(bad)
    driver = session.driver
    error = browser.wait_for(driver, lambda d: d.find_element(By.ID, "app-error").text or None)
    assert error == f"notes.txt: {cli.value.problem}"
    assert driver.find_element(By.CSS_SELECTOR, "ul.files li.failed").is_displayed()
    assert driver.current_url.rstrip("/") == session.url  # stays on the page that shows the error
    session.log()


def in_view(driver: Any, element: Any) -> bool:
    """The element is on screen (a link to it scrolled it there)."""
    return driver.execute_script("var r = arguments[0].getBoundingClientRect();"
                                 "return r.height > 0 && r.top >= 0 && r.top < window.innerHeight;", element)


def test_the_missed_moments_link_to_and_from_the_conversation(session: Session) -> None:
    """The report's "Missed coaching moments": the CLI's moments, each with both turns and a
    coaching question; a moment's sentence takes the reader to the conversation and the
    conversation's mark back to the moment."""
    name = "coaching_one_to_one.vtt"
    session.upload(SAMPLES_DIR / name)
    driver = session.driver
    browser.wait_for(driver, lambda d: "/t/" in d.current_url and d.find_elements(By.CSS_SELECTOR, READY))
    cli = analyze_file(SAMPLES_DIR / name).to_dict()["conversation"]["missed_moments"]
    moments = driver.find_elements(By.CSS_SELECTOR, "#moments li.moment")
    assert cli and [(m.get_attribute("data-staff-row"), m.get_attribute("data-manager-row")) for m in moments] == \
        [(str(c["staff_row"]), str(c["manager_row"])) for c in cli]
    first, told = moments[0], cli[0]["manager_row"]
    turns = first.find_elements(By.CSS_SELECTOR, ".m-turn")
    assert [t.get_attribute("data-side") for t in turns] == ["staff", "manager"]
    assert all(t.is_displayed() for t in turns)
    question = first.find_element(By.CSS_SELECTOR, "[data-moment-alternative]")
    assert question.is_displayed() and question.text.startswith("A coaching question instead:") and "?" in question.text

    first.find_element(By.CSS_SELECTOR, f'a[href="#s-{told}"]').click()
    browser.wait_for(driver, lambda d: d.execute_script("return location.hash") == f"#s-{told}")
    sentence = driver.find_element(By.ID, f"s-{told}")
    assert in_view(driver, sentence) and sentence.get_attribute("data-moment") == "1"
    sentence.find_element(By.CSS_SELECTOR, "a.moment-mark").click()
    browser.wait_for(driver, lambda d: d.execute_script("return location.hash") == "#m-1")
    assert in_view(driver, first)

    # The telling sentence corrected to an open question: the moment is gone, here and in the conversation.
    Select(driver.find_element(By.CSS_SELECTOR, f'select.act-menu[data-sentence="{told}"]')).select_by_value(
        "open_question")
    browser.wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-updates") == "1")
    left = [m.get_attribute("data-manager-row") for m in driver.find_elements(By.CSS_SELECTOR, "#moments li.moment")]
    assert left == [str(c["manager_row"]) for c in cli[1:]]
    assert driver.find_element(By.ID, f"s-{told}").get_attribute("data-moment") is None
    marks = driver.find_elements(By.CSS_SELECTOR, "#conversation a.moment-mark")
    assert len(marks) == sum(len(c["staff_rows"]) + 1 for c in cli[1:])
    assert {m.get_attribute("href").rpartition("#")[2] for m in marks} == {f"m-{k}" for k in range(1, len(cli))}
    session.log()


def test_no_request_goes_anywhere_but_the_local_server(session: Session) -> None:
    driver = session.driver
    session.upload(SAMPLES_DIR / "coaching_one_to_one.vtt", SAMPLES_DIR / "directive_one_to_one.srt")
    browser.wait_for(driver, lambda d: d.current_url.endswith("/cohort"))
    driver.find_element(By.CSS_SELECTOR, "a[href^='/t/']").click()
    browser.wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, READY))
    driver.find_element(By.CSS_SELECTOR, "a[data-download=report]").click()
    browser.wait_for(driver, lambda d: next(iter(session.downloads.glob("*.html")), None))
    session.log()

    assert any("/upload?" in url for url in session.requested)  # the log does see the page's requests
    assert any(url.endswith("/label") for url in session.requested)
    # chrome:// and chrome-untrusted:// are the browser's own screens (the new tab, the
    # download bubble), data: is inline: none leaves the machine. The rest must be this server.
    internal = ("chrome:", "chrome-untrusted:", "data:", "blob:", "about:")
    network = [url for url in session.requested if not url.startswith(internal)]
    assert network and all(url.startswith(session.url + "/") for url in network), network
