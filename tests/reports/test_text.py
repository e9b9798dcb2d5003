"""The terminal table of ``analyzer analyze``: every short heading is explained under it."""

from __future__ import annotations

from collections.abc import Callable

from analyzer.analyze import Analysis
from analyzer.reports.text import figures_frame, render_table

#: Headings a reader can take in as they are; the abbreviated ones must be explained.
PLAIN_HEADINGS = {"speaker", "sentences", "words", "talk", "coaching", "directive", "neutral", "questions", "advice"}


def test_every_abbreviated_figure_heading_has_a_legend_line(analysis_of: Callable[[str], Analysis]) -> None:
    analysis = analysis_of("coaching_one_to_one.vtt")
    text = render_table(analysis)
    legend = [line for line in text.splitlines() if " = " in line]
    short = [h for h in figures_frame(analysis.speakers).columns if h not in PLAIN_HEADINGS]
    assert short, "the table has abbreviated headings"
    for heading in short:
        assert any(line.startswith(heading + " = ") or f"; {heading} = " in line for line in legend), heading


def test_no_advice_is_said_in_words_not_as_a_number(analysis_of: Callable[[str], Analysis]) -> None:
    analysis = analysis_of("coaching_one_to_one.vtt")
    speaker = dict(analysis.speakers[0], advice=0, question_to_advice_ratio=None)
    assert figures_frame([speaker]).loc[0, "Q:advice"] == "no advice"
