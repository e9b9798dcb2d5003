"""The terminal table of ``analyzer analyze``: every short heading is explained under it."""

from __future__ import annotations

from collections.abc import Callable

from analyzer.analyze import Analysis
from analyzer.reports.text import figures_frame, render_table

#: Headings a reader can take in as they are; the abbreviated ones must be explained.
PLAIN_HEADINGS = {"speaker", "role", "sentences", "words", "talk", "coaching", "directive", "neutral", "questions",
                  "advice"}


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


def _columns_wide(line: str) -> int:
    """How many terminal columns ``line`` takes: East Asian wide characters and emoji take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_rows_line_up_with_names_in_chinese_or_with_an_emoji(analysis_of: Callable[[str], Analysis]) -> None:
    analysis = analysis_of("coaching_one_to_one.vtt")
    first, second = analysis.speakers[:2]
    renamed = Analysis(analysis.file, analysis.format, analysis.sentences,
                       [dict(first, speaker="張偉"), dict(second, speaker="Dan 🚴 Brown")])
    lines = render_table(renamed).splitlines()
    table = lines[2:5]  # heading and the two speakers' rows
    acts = lines[lines.index("Manager sentences per act:") + 1:][:3]
    assert len({_columns_wide(line) for line in table}) == 1, table
    assert len({_columns_wide(line) for line in acts}) == 1, acts


def test_alternatives_are_listed_under_the_table_only_when_asked_for() -> None:
    import pandas as pd

    from analyzer.reports.text import alternatives_lines

    table = pd.DataFrame({"speaker": ["Gary", "Tom", "Gary"], "turn": [0, 1, 2],
                          "text": ["Swap it at your first break.", "Okay.", "What went well?"],
                          "act": ["instruction", "other", "open_question"], "start": [271.0, 275.0, None],
                          "alternative": ["What gets in the way of swapping it?", "", ""]})
    assert alternatives_lines(table) == [
        "", "Coaching alternatives (1 directive sentence):",
        "  Gary 4:31 (instruction): Swap it at your first break.", "    instead: What gets in the way of swapping it?"]
    assert alternatives_lines(table.drop(columns="alternative")) == []
