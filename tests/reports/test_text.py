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


def _gold_with_questions():
    """coaching_one_to_one's gold labels with a question written in for its two telling sentences
    (rows 84 and 91; the moments are counted by hand in tests/test_moments.py)."""
    from tests.test_moments import figures_of, gold_table

    table = gold_table("coaching_one_to_one").assign(alternative="")
    table.loc[[84, 91], "alternative"] = ["What would help you get the form done?", "Who could help with breaks?"]
    return table, figures_of(table)


def test_the_moments_show_who_when_what_and_a_question_instead() -> None:
    from analyzer.reports.text import WRAP, moments_lines
    from tests.conftest import gold_of

    table, conversation = _gold_with_questions()
    lines = moments_lines(table, conversation)
    gold = gold_of("coaching_one_to_one")
    per10 = round(2 / ((gold["end"].max() - gold["start"].min()) / 60) * 10, 2)
    assert lines[:3] == ["", f"Missed coaching moments (2, {per10:.2f} per 10 min): the person being managed was "
                             "exploring, and the", "manager's next turn told them."]
    # turn 29 starts at 381.00 s, turn 30 at 389.97 s (6:30 to the nearest second, as on the HTML page)
    assert lines[3:9] == [
        "", "1. 6:21  Daniel Okafor was exploring:",
        "     insight: I think I came in expecting to be told off.",
        "     insight: It helps to talk it through.",
        "   6:30  Priya Shah told them:",
        "     instruction: You'll need to complete the incident form before your next shift, because that's",
    ]
    assert lines[9:11] == ["       how we learn from it as a ward.",
                           "   A coaching question instead: What would help you get the form done?"]
    assert lines[11:14] == ["", "2. 7:00  Daniel Okafor was exploring:", "     own_option: Honestly, a proper break."]
    assert "   7:10  Priya Shah told them:" in lines
    assert "leading_question: Have you thought about asking the site team to send a float nurse to cover breaks?" \
        in " ".join(line.strip() for line in lines)
    assert lines[-1] == "   A coaching question instead: Who could help with breaks?"
    assert max(len(line) for line in lines) <= WRAP


def test_without_times_the_moments_name_their_turns() -> None:
    from analyzer.reports.text import moments_lines
    from tests.test_moments import figures_of

    table, _ = _gold_with_questions()
    table = table.assign(start=None, end=None)
    lines = moments_lines(table, figures_of(table))
    assert " ".join(lines[1:3]) == "Missed coaching moments (2): the person being managed was exploring, and the " \
                                   "manager's next turn told them."
    # turns 29 and 30 of the table, counted from 0: the 30th and 31st turns
    assert "1. turn 30  Daniel Okafor was exploring:" in lines and "   turn 31  Priya Shah told them:" in lines


def test_no_moments_is_one_line_with_the_reason() -> None:
    from analyzer.moments import NO_STAFF, NONE_FOUND
    from analyzer.reports.text import moments_lines
    from tests.test_moments import figures_of

    table, _ = _gold_with_questions()
    alone = table[table["speaker"] == "Priya Shah"].reset_index(drop=True)
    assert moments_lines(alone, figures_of(alone)) == ["", f"No missed coaching moments: {NO_STAFF}."]
    calm = table.drop(index=[84, 91]).reset_index(drop=True)  # the two telling sentences unsaid
    assert moments_lines(calm, figures_of(calm)) == ["", f"No missed coaching moments: {NONE_FOUND}."]


def test_the_table_lists_the_moments_only_when_asked_for() -> None:
    from analyzer.analyze import Analysis
    from analyzer.figures import summarize

    table, conversation = _gold_with_questions()
    analysis = Analysis("gold.csv", "csv", table, summarize(table), [], conversation)
    assert "Missed coaching moments (" not in render_table(analysis)
    shown = render_table(analysis, moments=True)
    assert shown.index("reflect:Q = ") < shown.index("Missed coaching moments (") < shown.index("2. 7:00")


def test_a_turn_left_out_by_speaker_is_said_in_words() -> None:
    """``--speaker "Priya Shah"``: Daniel's exploring turns are not in the table, her replies are."""
    from analyzer.reports.text import moments_lines

    table, conversation = _gold_with_questions()
    kept = list(table.index[table["speaker"] == "Priya Shah"])
    narrowed = conversation | {"missed_moments": [m | {"staff_row": None, "manager_row": kept.index(m["manager_row"])}
                                                  for m in conversation["missed_moments"]]}
    lines = moments_lines(table.loc[kept].reset_index(drop=True), narrowed)
    assert lines[3:6] == ["", "1. (the other speaker's turn: left out by --speaker)", "   6:30  Priya Shah told them:"]
