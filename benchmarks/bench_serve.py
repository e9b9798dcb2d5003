"""How fast ``analyzer serve`` feels: a one-hour meeting's report after upload, and a label correction.

Usage:
    python -m benchmarks.bench_serve [--runs 5] [--corrections 20] [--browser] [--json OUT.json]

The app runs in this process under uvicorn, over real HTTP on a loopback port, with the
model and the spaCy pipeline loaded first (as ``analyzer serve`` loads them before it
says it is serving). The transcript is a one-hour meeting: 9,000 words of corpus
sentences in two speakers' turns, the same generator and seed as the one-hour figure of
``benchmarks/bench_analyze.py``. Targets from issue 24:

1. upload -> report: POST the file to /upload, then GET the report page it links to, as
   the page does: under 1.5 s. Its parts are shown too: the analysis alone
   (``analyze_transcript`` on the already-read transcript) and the page's rendering.
2. a label correction: POST /t/ID/label, which changes one sentence's act, recomputes the
   figures with ``summarize`` and renders the changed sections: under 100 ms. Each run
   corrects another sentence, cycling through the acts.
3. with ``--browser`` (needs chromium and chromium-driver): the same two in headless
   chromium, so the browser's parsing and drawing count too. The upload is timed by
   Selenium, from choosing the file to the report page's ``data-app-ready`` mark; a
   correction by the page itself, from the menu's change to the first frame after the
   new figures are in (its ``data-update-ms`` mark), as Selenium's own round trips would
   cost more than the target.

Medians and maxima over the runs; the machine's load average is printed beside them,
because the machine this runs on is often shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from analyzer.analyze import analyze_transcript, cached_model  # noqa: E402
from analyzer.labels import ACTS  # noqa: E402
from analyzer.nlp import build_nlp  # noqa: E402
from analyzer.readers import read_transcript  # noqa: E402
from analyzer.reports.html import render_transcript_report  # noqa: E402
from analyzer.web.app import TOKEN_HEADER, create_app  # noqa: E402
from benchmarks.bench_analyze import make_turns, write_text_transcript  # noqa: E402

UPLOAD_TARGET_S, CORRECTION_TARGET_S = 1.5, 0.1


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=60) as reply:
        return reply.read()


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def summary(times: list[float], target: float) -> dict[str, Any]:
    median = statistics.median(times)
    return {"median_s": round(median, 3), "max_s": round(max(times), 3), "runs": len(times), "target_s": target,
            "pass": median < target}


def over_http(url: str, transcript: Path, runs: int, corrections: int) -> dict[str, Any]:
    token = re.search(rb'data-token="([^"]+)"', request(url + "/"))[1].decode()
    headers = {TOKEN_HEADER: token}
    data = transcript.read_bytes()

    def upload() -> str:
        reply = json.loads(request(f"{url}/upload?name={transcript.name}", data, headers))
        request(url + reply["href"])
        return reply["href"]

    upload()  # warm-up: the first analysis pays for lazy imports and caches
    uploads = [timed(upload) for _ in range(runs)]
    href = uploads[-1][1]
    label_headers = {**headers, "Content-Type": "application/json"}
    # The manager's sentences: only they have acts to correct (staff sentences carry staff_act).
    managers = [i for i, role in enumerate(analyze_transcript(read_transcript(transcript), cached_model(),
                                                              build_nlp()).sentences["role"]) if role == "manager"]
    fixes = [timed(lambda k=k: request(f"{url}{href}/label", json.dumps(
        {"sentence": managers[7 * k % len(managers)], "act": ACTS[k % len(ACTS)]}).encode(), label_headers))[0]
        for k in range(corrections)]
    return {"upload_to_report": summary([t for t, _ in uploads], UPLOAD_TARGET_S),
            "label_correction": summary(fixes, CORRECTION_TARGET_S)}


def parts(transcript: Path, runs: int) -> dict[str, Any]:
    """The analysis and the report's rendering on their own, for the record."""
    model, nlp = cached_model(), build_nlp()
    read = read_transcript(transcript)
    analysis = analyze_transcript(read, model, nlp)
    analyse = [timed(lambda: analyze_transcript(read, model, nlp))[0] for _ in range(runs)]
    render = [timed(lambda: render_transcript_report(analysis))[0] for _ in range(runs)]
    return {"sentences": len(analysis.sentences), "analysis_median_s": round(statistics.median(analyse), 3),
            "report_render_median_s": round(statistics.median(render), 3)}


def in_browser(url: str, transcript: Path, runs: int, corrections: int) -> dict[str, Any]:
    import browser
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    if browser.chromium_path() is None:
        return {"skipped": "chromium and chromium-driver are not installed"}
    with tempfile.TemporaryDirectory() as downloads, browser.chromium(Path(downloads)) as driver:
        shown = []
        for _ in range(runs + 1):  # the first is a warm-up
            driver.get(url + "/")
            browser.wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "html[data-app-ready]"))
            start = time.perf_counter()
            driver.find_element(By.ID, "file-input").send_keys(str(transcript))
            browser.wait_for(driver, lambda d: "/t/" in d.current_url
                             and d.find_elements(By.CSS_SELECTOR, "html[data-app-ready]"), timeout=120)
            shown.append(time.perf_counter() - start)
        fixes = []
        for k in range(1, corrections + 1):
            menus = driver.find_elements(By.CSS_SELECTOR, "select.act-menu")  # the manager's sentences
            menu = Select(menus[7 * k % len(menus)])
            now = menu.first_selected_option.get_attribute("value")
            other = ACTS[(ACTS.index(now) + 1) % len(ACTS)]  # choosing the act it has changes nothing
            menu.select_by_value(other)
            browser.wait_for(driver, lambda d, k=k: d.find_element(By.TAG_NAME, "html")
                             .get_attribute("data-updates") == str(k))
            # Timed by the page, from the menu's change to the next frame after the swap:
            # Selenium's own round trips would add more than the target itself.
            fixes.append(int(driver.find_element(By.TAG_NAME, "html").get_attribute("data-update-ms")) / 1000)
    return {"upload_to_report": summary(shown[1:], UPLOAD_TARGET_S),
            "label_correction": summary(fixes, CORRECTION_TARGET_S)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="uploads timed (after one warm-up)")
    parser.add_argument("--corrections", type=int, default=20, help="label corrections timed")
    parser.add_argument("--browser", action="store_true", help="also time it in headless chromium")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    import browser

    load = os.getloadavg()
    model, nlp = cached_model(), build_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        transcript = Path(tmp) / "one_hour_meeting.txt"
        turns = make_turns(9000, seed=1)
        write_text_transcript(turns, transcript)
        words = sum(len(turn.text.split()) for turn in turns)
        result: dict[str, Any] = {
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_average_at_start": [round(x, 2) for x in load]},
            "transcript_words": words, "parts": parts(transcript, args.runs),
        }
        with browser.serving(create_app(lambda: (model, nlp))) as url:
            result["http"] = over_http(url, transcript, args.runs, args.corrections)
            if args.browser:
                result["browser"] = in_browser(url, transcript, args.runs, args.corrections)
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
