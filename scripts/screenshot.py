"""Screenshots of ``analyzer serve`` for the docs, made by driving the real page in chromium.

Usage: python scripts/screenshot.py [--out docs/img]

Writes ``web-app.png`` (the start page with two transcripts uploaded), ``report.png`` (a
report in the app, after one label was corrected from its menu) and ``corrections.png``
(that sentence in the conversation, with the act menus). Run it again whenever the page
changes. Needs Debian's chromium and chromium-driver (see scripts/browser.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import browser  # noqa: E402 (after the path above)

from analyzer.analyze import cached_model  # noqa: E402
from analyzer.config import SAMPLES_DIR  # noqa: E402
from analyzer.nlp import build_nlp  # noqa: E402
from analyzer.web.app import create_app  # noqa: E402

SAMPLES = ("coaching_one_to_one.vtt", "team_meeting_mixed.txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder for the PNG files")
    args = parser.parse_args(argv)
    if browser.chromium_path() is None:
        raise SystemExit("screenshot: needs chromium and chromium-driver (apt-get install -y chromium chromium-driver)")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    args.out.mkdir(parents=True, exist_ok=True)
    app = create_app(lambda: (cached_model(), build_nlp()))
    with tempfile.TemporaryDirectory() as downloads, browser.serving(app) as url, \
            browser.chromium(Path(downloads), width=1280, height=900) as driver:
        driver.get(url + "/")
        driver.find_element(By.ID, "file-input").send_keys("\n".join(str(SAMPLES_DIR / s) for s in SAMPLES))
        browser.wait_for(driver, lambda d: d.current_url.endswith("/cohort"))
        driver.get(url + "/")
        browser.wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "html[data-app-ready]"))
        driver.save_screenshot(str(args.out / "web-app.png"))

        driver.find_element(By.CSS_SELECTOR, "ul.files a").click()
        browser.wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "html[data-app-ready]"))
        menu = driver.find_element(By.CSS_SELECTOR, 'li.s[data-act="information"] select.act-menu')
        Select(menu).select_by_value("open_question")
        browser.wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-updates") == "1")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(args.out / "report.png"))
        driver.execute_script("document.querySelector('li.s.corrected').scrollIntoView({block: 'center'})")
        driver.save_screenshot(str(args.out / "corrections.png"))
    for name in ("web-app.png", "report.png", "corrections.png"):
        print(f"screenshot: wrote {args.out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
