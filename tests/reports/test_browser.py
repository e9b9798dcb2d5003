"""The reports open in a real browser: they render, and their scripts run without errors.

Uses Debian's ``chromium`` headless (installed by ``.ci/run`` with ``apt-get install -y
chromium``); skipped when it is not on PATH. Every run gets a fresh profile and flags that
stop Chromium from phoning home, so the test also runs offline.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from analyzer.analyze import analyze_file
from analyzer.config import SAMPLES_DIR
from analyzer.labels import style_of
from analyzer.reports.html import render_cohort_dashboard, render_transcript_report

from .helpers import parse

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0")
#: What Chromium logs when a page's script fails.
SCRIPT_ERRORS = re.compile(r"Uncaught|SyntaxError|ReferenceError|TypeError")


def chromium(url: str, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``url`` with a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
                              capture_output=True, text=True, timeout=timeout, check=False)


def console_errors(stderr: str) -> list[str]:
    """Console lines that report a script error."""
    return [line for line in stderr.splitlines()
            if ("CONSOLE" in line and SCRIPT_ERRORS.search(line)) or "Uncaught" in line]


def screenshot(path: Path, tmp_path: Path, height: int = 2000) -> np.ndarray:
    """A 1280-pixel-wide screenshot of the page as an RGB array (values 0..1)."""
    png = tmp_path / f"{path.stem}.png"
    run = chromium(path.as_uri(), f"--screenshot={png}", f"--window-size=1280,{height}")
    assert png.is_file(), run.stderr[-2000:]
    assert not console_errors(run.stderr)
    with Image.open(png) as shot:
        return np.asarray(shot.convert("RGB"), dtype=float) / 255


def dump_dom(url: str) -> str:
    """The DOM after the page's scripts ran, failing on any console error."""
    run = chromium(url, "--dump-dom", "--virtual-time-budget=5000")
    assert run.returncode == 0, run.stderr[-2000:]
    assert not console_errors(run.stderr), console_errors(run.stderr)
    return run.stdout


def share_near(pixels: np.ndarray, rgb: tuple[int, int, int], tolerance: float = 0.06) -> float:
    """Share of pixels within ``tolerance`` of a colour."""
    target = np.array(rgb) / 255
    return float((np.abs(pixels - target).max(axis=-1) < tolerance).mean())


def test_script_errors_are_caught(tmp_path: Path) -> None:
    """Guards the guard: a page whose script fails must show up in the console check."""
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><p>x</p><script>var x = ;</script><script>missing();</script>", encoding="utf-8")
    run = chromium(page.as_uri(), "--dump-dom")
    assert len(console_errors(run.stderr)) == 2, run.stderr[-2000:]


def test_transcript_report_renders(batch_dir: Path, tmp_path: Path) -> None:
    pixels = screenshot(batch_dir / "reports" / "coaching_one_to_one.vtt.html", tmp_path, height=4000)
    colours = np.unique((pixels.reshape(-1, 3) * 255).round().astype(np.uint8), axis=0)
    assert len(colours) > 50
    assert (pixels.min(axis=-1) < 0.9).mean() > 0.05  # a good share is not white
    assert share_near(pixels, (0x00, 0x72, 0xB2)) > 0.0005  # coaching blue: highlights and chart drawn
    assert share_near(pixels, (0xE6, 0x9F, 0x00), tolerance=0.1) > 0.0002  # directive orange


def test_dashboard_renders(batch_dir: Path, tmp_path: Path) -> None:
    pixels = screenshot(batch_dir / "index.html", tmp_path)
    assert (pixels.min(axis=-1) < 0.9).mean() > 0.03
    assert share_near(pixels, (0xDC, 0xEB, 0xF6), tolerance=0.03) > 0.005  # the comparison chart's bars


def test_transcript_report_script_runs(batch_dir: Path) -> None:
    dom = dump_dom((batch_dir / "reports" / "team_meeting_mixed.txt.html").as_uri())
    html_tag = next(el for el in parse(dom) if el.tag == "html")
    assert html_tag.attrs.get("data-ready") == "1"


def test_dashboard_sorts_in_the_browser(batch_dir: Path) -> None:
    dom = dump_dom((batch_dir / "index.html").as_uri() + "#sort=coaching_share-desc")
    elements = parse(dom)
    table = next(el for el in elements if el.attrs.get("id") == "cohort")
    assert table.attrs.get("data-ready") == "1"
    values = [el.attrs["data-sort"] for el in elements if el.attrs.get("data-column") == "coaching_share"]
    numbers = [float(v) for v in values if v]
    assert len(set(numbers)) > 1
    assert numbers == sorted(numbers, reverse=True)
    assert values[len(numbers):] == [""] * (len(values) - len(numbers))  # empty values last
    heading = next(el for el in elements if el.attrs.get("data-key") == "coaching_share")
    assert heading.attrs["aria-sort"] == "descending"


#: The printable width of A4 with the reports' 14 mm margins, in CSS pixels (96 per inch).
A4_PORTRAIT, A4_LANDSCAPE = 688, 1017


def printed_overflow(page: Path, selector: str, width: int, tmp_path: Path) -> float:
    """How far (px) the element overruns a page ``width`` wide, laid out with the print CSS.

    Headless Chromium cannot screenshot print media, so the page's print rules are applied
    as screen rules and a probe script writes the overrun into the DOM.
    """
    html = page.read_text(encoding="utf-8").replace("@media print {", "@media all {")
    probe = ("<script>document.documentElement.dataset.overrun = String(document.querySelector("
             f"'{selector}').getBoundingClientRect().right - document.documentElement.clientWidth);</script>")
    copy = tmp_path / f"print-{page.name}"
    copy.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    run = chromium(copy.as_uri(), "--dump-dom", f"--window-size={width},1000")
    return float(re.search(r'data-overrun="([-\d.e]+)"', run.stdout)[1])


def test_the_dashboard_table_fits_a_printed_a4_page(batch_dir: Path, tmp_path: Path) -> None:
    """26 columns side by side: printing used to drop the last act columns and the notes."""
    assert printed_overflow(batch_dir / "index.html", "#cohort", A4_LANDSCAPE, tmp_path) <= 0


def test_the_act_table_of_22_speakers_fits_a_printed_a4_page(tmp_path: Path) -> None:
    transcript = tmp_path / "many.txt"
    lines = (f"Person {i % 22:02d}: " + ("What should we do next?" if i % 3 else "Finish the slides by noon.")
             for i in range(66))
    transcript.write_text("\n".join(lines), encoding="utf-8")
    page = tmp_path / "many.html"
    page.write_text(render_transcript_report(analyze_file(transcript)), encoding="utf-8")
    assert printed_overflow(page, "table.act-counts", A4_PORTRAIT, tmp_path) <= 0


def test_the_conversation_shows_one_speaker_when_the_others_are_unticked(batch_dir: Path, tmp_path: Path) -> None:
    """A trainer going through a manager's talk hides everyone else's with the speaker boxes."""
    page = batch_dir / "reports" / "team_meeting_mixed.txt.html"
    elements = parse(page.read_text(encoding="utf-8"))
    boxes = [el for el in elements if "data-toggle-speaker" in el.attrs]
    assert len(boxes) == 4
    probe = ("<script>document.querySelectorAll('[data-toggle-speaker]').forEach(function (box, k) {"
             " if (k > 0) { box.checked = false; box.dispatchEvent(new Event('change')); } });"
             "var shown = Array.prototype.filter.call(document.querySelectorAll('#conversation li.s'),"
             " function (li) { return li.getClientRects().length > 0; });"
             "document.documentElement.dataset.shown = shown.length;</script>")
    copy = tmp_path / page.name
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    shown = int(re.search(r'data-shown="(\d+)"', dump_dom(copy.as_uri()))[1])
    analysis = analyze_file(SAMPLES_DIR / "team_meeting_mixed.txt")
    first, sentences = analysis.speakers[0]["speaker"], analysis.sentences  # the boxes follow the cards' order
    assert 0 < shown == int((sentences["speaker"] == first).sum()) < len(sentences)


def test_compare_page_renders_its_slope_charts(tmp_path: Path) -> None:
    """compare.html (issue 23): offline, no script errors, and the improvement drawn in the coaching blue."""
    from analyzer.compare import run_compare

    from ..test_compare import cohort

    before, after = cohort(tmp_path, 0.25, n=6)
    page = run_compare(before, after, tmp_path / "out").html
    dom = dump_dom(page.as_uri())
    assert dom.count('class="chart slope"') == 3
    assert share_near(screenshot(page, tmp_path, 1400), (0x00, 0x72, 0xB2)) > 0.0005


def test_transcript_report_shows_the_coaching_alternatives(tmp_path: Path) -> None:
    """analyze --alternatives --html: the suggested question sits under each directive sentence."""
    analysis = analyze_file(SAMPLES_DIR / "directive_one_to_one.srt", alternatives=True)
    page = tmp_path / "report.html"
    page.write_text(render_transcript_report(analysis), encoding="utf-8")
    dom = dump_dom(page.as_uri())
    directive = int((analysis.sentences["alternative"] != "").sum())
    assert directive > 5
    assert dom.count("data-alternative=") == directive
    assert "Coaching alternative:" in dom


def gold_report(tmp_path: Path, conversation: str) -> Path:
    """The report of a bundled sample's gold labels (both sides), so the marks are known by hand."""
    import pandas as pd

    from analyzer.reports.html import analysis_from_table
    from tests.conftest import gold_of

    gold = gold_of(conversation)
    table = pd.DataFrame({
        "speaker": gold["speaker"], "role": ["manager" if a else "staff" for a in gold["act"]],
        "turn": gold["turn"], "text": gold["sentence"], "act": gold["act"].replace("", None),
        "style": [style_of(a) if a else None for a in gold["act"]], "staff_act": gold["staff_act"].replace("", None),
        "confidence": 1.0, "start": gold["start"], "end": gold["end"]})
    page = tmp_path / f"{conversation}.html"
    page.write_text(render_transcript_report(analysis_from_table(f"{conversation}.csv", table)), encoding="utf-8")
    return page


def test_the_staff_card_and_the_loop_marks_work_in_the_browser(tmp_path: Path) -> None:
    """The card of the person being managed is drawn, and a loop mark takes the reader to the answer.

    By hand from data/samples/gold/coaching_one_to_one.csv: Daniel's options are rows 47 48 52
    57 58 63 64 86 and the manager's advice rows 71 84 91 94, so ownership 8/12 = 67%; the first
    coaching loop is the open question at row 38 answered by the option at row 47.
    """
    page = gold_report(tmp_path, "coaching_one_to_one")
    probe = ("<script>var card = document.querySelector('[data-staff-card=\"Daniel Okafor\"]');"
             "var d = document.documentElement.dataset;"
             "d.cardHeight = card.getBoundingClientRect().height;"
             "d.cardOwnership = card.querySelector('[data-staff-figure=\"solution_ownership\"]').textContent;"
             "d.cardOptions = card.querySelectorAll('[data-list=\"options\"] li').length;"
             "var mark = document.querySelector('#conversation a.loop-mark');"
             "d.markFrom = mark.closest('li.s').getAttribute('data-sentence');"
             "d.markHeight = mark.getBoundingClientRect().height;"
             "mark.click(); d.hash = window.location.hash;</script>")
    copy = tmp_path / "probe.html"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    attrs = next(el for el in parse(dump_dom(copy.as_uri())) if el.tag == "html").attrs
    assert float(attrs["data-card-height"]) > 100
    assert attrs["data-card-ownership"] == "67%" and attrs["data-card-options"] == "8"
    assert attrs["data-mark-from"] == "38" and float(attrs["data-mark-height"]) > 0
    assert attrs["data-hash"] == "#s-47"


def test_the_dashboard_shows_managers_and_staff_on_request(batch_dir: Path, tmp_path: Path) -> None:
    page = batch_dir / "index.html"
    probe = ("<script>function shown() { return Array.prototype.filter.call("
             "document.querySelectorAll('#cohort tbody tr'), function (tr) { return tr.getClientRects().length > 0; })"
             ".map(function (tr) { return tr.getAttribute('data-role'); }).join(' '); }"
             "var d = document.documentElement.dataset; d.before = shown();"
             "var box = document.querySelector('[data-toggle-staff]'); box.checked = true;"
             "box.dispatchEvent(new Event('change')); d.after = shown();</script>")
    copy = tmp_path / "index.html"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    attrs = next(el for el in parse(dump_dom(copy.as_uri())) if el.tag == "html").attrs
    before, after = attrs["data-before"].split(), attrs["data-after"].split()
    assert before and set(before) == {"manager"}
    assert "staff" in after and len(after) > len(before)


def screen_layout(page: Path, tmp_path: Path, width: int = 1280) -> dict:
    """The dashboard laid out in a ``width``-pixel window: how wide the table is against its
    frame, and which one-word speaker names were broken over two lines."""
    probe = """<script>
var wrap = document.querySelector('.table-wrap'), table = document.getElementById('cohort');
var names = [].slice.call(document.querySelectorAll('td[data-column=speaker] .name'));
var line = parseFloat(getComputedStyle(names[0]).lineHeight);
document.documentElement.dataset.layout = JSON.stringify({table: table.scrollWidth, frame: wrap.clientWidth,
  page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth,
  broken: names.filter(function (n) { return n.textContent.indexOf(' ') < 0
                                             && n.getBoundingClientRect().height > 1.5 * line; })
               .map(function (n) { return n.textContent; })});
</script>"""
    copy = tmp_path / f"layout-{page.name}"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    run = chromium(copy.as_uri(), "--dump-dom", f"--window-size={width},1000")
    found = re.search(r'data-layout="([^"]*)"', run.stdout)
    assert found, run.stderr[-2000:]
    return json.loads(html.unescape(found[1]))


def test_the_dashboard_table_fits_a_1280_pixel_window(cohort_summary: pd.DataFrame, tmp_path: Path) -> None:
    """It was twice as wide as the window, and SPEAKER_00 wrapped mid-word (issue 25)."""
    extra = cohort_summary.iloc[[0, 1]].copy()
    extra["speaker"] = ["SPEAKER_00", "SPEAKER_01"]
    extra["file"] = "recordings/weekly_call_centre_review.json"
    extra["notes"] = "no speaker names found; all text attributed to Unknown"
    page = tmp_path / "index.html"
    page.write_text(render_cohort_dashboard(pd.concat([cohort_summary, extra], ignore_index=True)), encoding="utf-8")
    layout = screen_layout(page, tmp_path)
    assert layout["table"] <= layout["frame"], layout
    assert layout["page"] <= layout["window"], layout
    assert layout["broken"] == [], layout
