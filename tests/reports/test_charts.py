"""The cohort chart stays readable, and cheap to draw, however large the cohort."""

from __future__ import annotations

import re

import pandas as pd

from analyzer.reports import charts


def cohort(n_rows: int) -> pd.DataFrame:
    """``n_rows`` speaker rows, two per transcript, with ratios and shares spread out."""
    return pd.DataFrame({
        "file": [f"cohort/{i // 2:04d}.vtt" for i in range(n_rows)],
        "speaker": ["Manager" if i % 2 == 0 else "Staff" for i in range(n_rows)],
        "question_to_advice_ratio": [None if i % 7 == 0 else (i % 23) / 4 for i in range(n_rows)],
        "coaching_share": [(i % 11) / 10 for i in range(n_rows)],
    })


def aria_label(svg: str) -> str:
    return re.search(r'aria-label="([^"]*)"', svg).group(1)


def test_a_small_cohort_gets_a_bar_per_speaker() -> None:
    svg = charts.cohort_svg(cohort(charts.MAX_COHORT_BARS))

    assert aria_label(svg).startswith("Question-to-advice ratio and coaching share for each speaker")
    assert "Manager · 0019.vtt" in svg  # every row is named on the chart


def test_a_large_cohort_gets_its_spread_and_the_chart_does_not_grow_with_it() -> None:
    small, large = cohort(charts.MAX_COHORT_BARS + 1), cohort(2000)

    svg_small, svg_large = charts.cohort_svg(small), charts.cohort_svg(large)

    assert aria_label(svg_large) == ("How the question-to-advice ratio and the coaching share are spread over "
                                     "2000 speakers in 1000 transcripts")
    assert "0999.vtt" not in svg_large
    assert len(svg_large) < 1.2 * len(svg_small)  # one bar per bin, not per speaker
    assert "of 2000 speaker rows have one" in svg_large.replace("\n", "")
