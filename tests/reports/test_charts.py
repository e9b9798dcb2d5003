"""The cohort chart stays readable, and cheap to draw, however large the cohort."""

from __future__ import annotations

import re

import pandas as pd
import pytest

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


def speakers(n: int) -> list[dict]:
    """``n`` speakers' figures; speaker i said i + 1 sentences, all of them open questions."""
    from analyzer.labels import ACTS

    return [{"speaker": f"Person {i:03d}", "acts": {a: (i + 1 if a == "open_question" else 0) for a in ACTS}}
            for i in range(n)]


def test_act_panels_are_one_per_speaker_up_to_a_limit_then_the_most_talkative() -> None:
    """A file of notes read as hundreds of speakers took minutes and a gigabyte to draw."""
    few = charts.act_counts_svg(speakers(3))
    many = charts.act_counts_svg(speakers(charts.MAX_ACT_PANELS + 30))

    assert aria_label(few).startswith("Sentences per act for each speaker")
    assert all(f"Person {i:03d}" in few for i in range(3))
    assert aria_label(many).startswith(f"Sentences per act for the {charts.MAX_ACT_PANELS} speakers who said most")
    drawn = {i for i in range(charts.MAX_ACT_PANELS + 30) if f"Person {i:03d}" in many}
    assert drawn == set(range(30, charts.MAX_ACT_PANELS + 30))


def svg_texts(svg: str) -> list[str]:
    """The text drawn in a chart (svg.fonttype none keeps it as <text>)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_same_file_names_in_two_folders_get_their_own_rows_and_values() -> None:
    """Equal row labels made matplotlib merge categories: bars stacked, values on the wrong rows."""
    summary = pd.DataFrame({
        "file": ["cohort/a/x.txt", "cohort/a/x.txt", "cohort/b/x.txt", "cohort/b/x.txt"],
        "speaker": ["Sam", "Lee", "Sam", "Lee"],
        "question_to_advice_ratio": [3.0, 0.25, 0.5, 0.75],
        "coaching_share": [1.0, 0.1, 0.2, 0.3],
    })

    texts = svg_texts(charts.cohort_svg(summary))

    assert [t for t in texts if " · " in t] == ["Sam · a/x.txt", "Lee · a/x.txt", "Sam · b/x.txt", "Lee · b/x.txt"]
    assert {"3.00", "0.25", "0.50", "0.75", "100%", "10%", "20%", "30%"} <= set(texts)


def test_distinct_file_names_add_only_the_folders_that_tell_files_apart() -> None:
    names = charts.distinct_file_names(["c/a/x.txt", "c/b/x.txt", "d/a/x.txt", "y.txt", "x.txt"])

    assert names == {"c/a/x.txt": "c/a/x.txt", "c/b/x.txt": "b/x.txt", "d/a/x.txt": "d/a/x.txt",
                     "y.txt": "y.txt", "x.txt": "x.txt"}


def test_file_name_keeps_backslashes_that_belong_to_the_name() -> None:
    """printable_path writes undecodable bytes as \\xe9: "caf\\xe9 review.txt" showed as "xe9 review.txt"."""
    assert charts.file_name("in/caf\\xe9 review.txt") == "caf\\xe9 review.txt"
    assert charts.file_name("in/a\\b.txt") == "a\\b.txt"
    assert charts.file_name("in/good/x.vtt") == "x.vtt"


LONG_NAMES = ["Richardson-Thompson, Margaret (NHS Lothian - Nursing Directorate)",
              "Richardson-Thompson, Margaret (NHS Lothian - Surgery)", "X" * 300]


def test_long_names_are_cut_in_every_transcript_chart_and_still_told_apart() -> None:
    """Teams names overprinted the act panels' titles and squeezed the timeline; 300 characters broke the layout."""
    from analyzer.labels import ACTS

    from .helpers import table_for

    figures = [{"speaker": n, "acts": dict.fromkeys(ACTS, 1), "reflection_to_question_ratio": 0.5,
                "open_question_share": 0.5} for n in LONG_NAMES]
    table = table_for([{"speaker": n, "turn": i, "text": "Why?", "act": "open_question", "style": "coaching"}
                       for i, n in enumerate(LONG_NAMES)])
    svgs = [charts.act_counts_svg(figures), charts.mi_context_svg(figures),
            charts.timeline_svg(table, LONG_NAMES, link_sentences=False)]

    for svg in svgs:
        shown = [t for t in svg_texts(svg) if t.startswith(("Richardson", "XX"))]
        assert len(shown) == len(set(shown)) == 3
        assert all(len(t) <= charts.LABEL_LIMIT for t in shown)


def test_chart_labels_cut_names_and_keep_different_names_different() -> None:
    labels = charts.chart_labels([*LONG_NAMES, "Ann", "X" * 301], limit=20)

    assert labels[3] == "Ann"
    assert len(set(labels)) == 5 and all(len(lab) <= 24 for lab in labels)
    assert labels[0].endswith("rectorate)") and labels[1].endswith("Surgery)")  # where they differ


def test_clock_shows_hours_from_an_hour_on() -> None:
    assert [charts.clock(s) for s in (0, 75, 3599, 3600, 10798, 36000)] == \
        ["0:00", "1:15", "59:59", "1:00:00", "2:59:58", "10:00:00"]


def test_time_axis_ticks_fall_on_round_steps() -> None:
    """A 3-hour meeting got ticks at multiples of 2000 s (33:20, 66:40...)."""
    from .helpers import table_for

    table = table_for([{"speaker": "Sam", "turn": i, "text": "Why?", "act": "open_question", "style": "coaching",
                        "start": 36000 + t, "end": 36002 + t} for i, t in enumerate((0, 4000, 10798))])

    svg = charts.timeline_svg(table, ["Sam"], link_sentences=False)
    ticks = [t for t in svg_texts(svg) if re.fullmatch(r"\d+:\d\d:\d\d", t)]

    assert ticks and all(t.endswith(":00:00") or t.endswith(":30:00") for t in ticks)
    assert "time into the recording (h:mm:ss)" in svg_texts(svg)


def test_one_sentence_gets_whole_sentence_numbers_on_the_axis() -> None:
    """One untimed sentence gave ticks 0.945 ... 1.050 on the "sentence number" axis."""
    from .helpers import table_for

    table = table_for([{"speaker": "Sam", "turn": 0, "text": "Why?", "act": "open_question", "style": "coaching"}])

    texts = svg_texts(charts.timeline_svg(table, ["Sam"], link_sentences=False))

    assert [t for t in texts if re.fullmatch(r"[\d.]+", t)] == ["1"]


def test_names_in_scripts_the_chart_font_lacks_draw_without_warnings() -> None:
    """CJK and emoji names made matplotlib print a "Glyph ... missing" warning per character;
    the browser draws the text (svg.fonttype none), so they only cluttered stderr."""
    import warnings

    from .helpers import table_for

    name = "李雷 🙂"
    table = table_for([{"speaker": name, "turn": 0, "text": "Why?", "act": "open_question", "style": "coaching"}])

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = charts.timeline_svg(table, [name], link_sentences=False)

    assert name in svg_texts(svg)
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_the_close_reference_labels_sit_on_either_side_of_their_lines() -> None:
    """"MI 50% fair" and "MI 70% good" overprinted each other when both sat right of their line."""
    svg = charts.mi_context_svg([{"speaker": "Ann", "reflection_to_question_ratio": 0.5, "open_question_share": 0.6}])
    tags = re.findall(r"<text([^>]*)>(MI [^<]+)<", svg)
    anchors = {label: (re.search(r'text-anchor="(\w+)"', attrs) or [None, "start"])[1] for attrs, label in tags}
    assert anchors == {"MI 1:1 fair": "end", "MI 2:1 good": "start", "MI 50% fair": "end", "MI 70% good": "start"}


def test_ratio_bars_are_not_drawn_in_a_style_colour() -> None:
    """Blue marks mean "coaching" in the reports: a blue ratio bar read as a coaching score."""
    assert charts.FIGURE_BAR not in charts.STYLE_TINTS.values()
    assert charts.FIGURE_BAR_EDGE not in charts.STYLE_COLOURS.values()
    for svg in (charts.cohort_svg(cohort(4)), charts.cohort_svg(cohort(charts.MAX_COHORT_BARS + 1))):
        assert charts.FIGURE_BAR.lower() in svg.lower()  # the ratio bars
        assert charts.STYLE_TINTS["coaching"].lower() in svg.lower()  # the coaching share keeps its colour


@pytest.mark.parametrize("missing", [float("nan"), float("inf")])
def test_clock_shows_a_missing_time_as_a_dash(missing: float) -> None:
    """``round(nan)`` raised, and one missing time stopped a whole report."""
    assert charts.clock(missing) == "–"


def test_the_charts_of_a_one_hour_meeting_cost_milliseconds() -> None:
    """matplotlib took about 0.43 s a report, most of a default ``score`` run's time."""
    import time

    from analyzer.labels import ACTS

    from .helpers import table_for

    rows = [{"speaker": f"P{i % 3}", "turn": i // 2, "text": "Why?", "act": ACTS[i % 9],
             "style": ("coaching", "neutral", "directive")[i % 3], "start": 6.0 * i, "end": 6.0 * i + 5}
            for i in range(600)]
    table, names = table_for(rows), ["P0", "P1", "P2"]
    figures = [{"speaker": n, "acts": dict.fromkeys(ACTS, 22), "reflection_to_question_ratio": 0.4,
                "open_question_share": 0.6} for n in names]
    start = time.perf_counter()
    svgs = [charts.timeline_svg(table, names, link_sentences=True), charts.act_counts_svg(figures),
            charts.mi_context_svg(figures)]
    assert time.perf_counter() - start < 0.25  # about 10 ms on the 2-core development machine
    assert svgs[0].count("<use ") == 600 + 3  # a mark per sentence, and the legend's three
