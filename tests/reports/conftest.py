"""Shared fixtures for the HTML report tests: the bundled sample transcripts, analysed once.

Analysing all samples takes a couple of seconds (one model load), and rendering a report
under a second, so both are cached for the session and shared by every test.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from analyzer.analyze import Analysis, analyze_file
from analyzer.config import SAMPLES_DIR
from analyzer.reports.html import render_transcript_report, summary_rows, write_batch_reports

from .helpers import SAMPLES


@cache
def _analysis(name: str) -> Analysis:
    return analyze_file(SAMPLES_DIR / name)


@cache
def _report(name: str, no_text: bool) -> str:
    return render_transcript_report(_analysis(name), no_text=no_text)


@pytest.fixture(scope="session")
def analysis_of() -> Callable[[str], Analysis]:
    """Analysis of a bundled sample by file name (with the default model)."""
    return _analysis


@pytest.fixture(scope="session")
def report_of() -> Callable[[str, bool], str]:
    """Rendered transcript report of a sample: ``report_of(name, no_text)``."""
    return _report


@pytest.fixture(scope="session")
def cohort_summary() -> pd.DataFrame:
    """Summary rows of every sample, as batch scoring stores them."""
    return pd.DataFrame([row for name in SAMPLES for row in summary_rows(_analysis(name))])


@pytest.fixture(scope="session")
def batch_dir(tmp_path_factory: pytest.TempPathFactory, cohort_summary: pd.DataFrame) -> Path:
    """A written batch: OUTDIR/index.html and OUTDIR/reports/*.html for every sample."""
    out = tmp_path_factory.mktemp("batch")
    write_batch_reports(out, cohort_summary, ((name, _analysis(name)) for name in SAMPLES), no_text=False)
    return out
