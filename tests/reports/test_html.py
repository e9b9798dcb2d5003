"""The HTML reports say what ``analyze`` says, show every sentence once, and load nothing.

Reports are read back with the standard library's HTML parser through the ``data-*``
attributes the templates put on every figure, act count and sentence.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analyzer.analyze import Analysis, analyze_file
from analyzer.labels import ACTS, STYLES
from analyzer.reports.data import render_json
from analyzer.reports.html import (
    FIGURE_ROWS,
    HIDDEN_COLUMNS,
    analysis_from_table,
    render_cohort_dashboard,
    render_transcript_report,
    report_file_name,
    summary_rows,
    write_batch_reports,
)

from .helpers import SAMPLES, Element, attr_values, parse, table_for, with_attr

SHOWN_FIGURES = ("question_to_advice_ratio", *(key for key, _, _ in FIGURE_ROWS))
URL_ATTRIBUTES = ("src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data", "background")

Report = Callable[[str, bool], str]
Analyse = Callable[[str], Analysis]


#: What a non-manager's card in "Figures per speaker" shows (their own figures are in "Who owns the solution").
STAFF_SHOWN = ("sentences", "words", "talk_share", "talk_share_time")


def figures_shown(elements: list[Element]) -> dict[tuple[str, str], Element]:
    """The figure elements by (speaker, figure), failing on any duplicate."""
    found: dict[tuple[str, str], Element] = {}
    for el in with_attr(elements, "data-figure"):
        key = (el.attrs["data-speaker"], el.attrs["data-figure"])
        assert key not in found, f"figure shown twice: {key}"
        found[key] = el
    return found


def assert_text_shows(text: str, value: float | int | None, fig: dict, key: str) -> None:
    """The visible text says the value (rounded as shown), or says in words why there is none."""
    if key == "question_to_advice_ratio" and fig["acts"] is not None and fig["advice"] == 0:
        assert text == "no advice"
    elif value is None:
        assert not re.search(r"\d", text), f"{key}: {text!r} shown for a missing value"
    elif text.endswith("%"):
        assert float(text[:-1]) / 100 == pytest.approx(value, abs=0.0051), key
    else:
        assert float(text) == pytest.approx(value, abs=0.0051), key


@pytest.mark.parametrize("no_text", [False, True], ids=["full", "no-text"])
@pytest.mark.parametrize("name", SAMPLES)
def test_figures_match_analyze_json(name: str, no_text: bool, analysis_of: Analyse, report_of: Report) -> None:
    expected = json.loads(render_json(analysis_of(name)))["speakers"]
    shown = figures_shown(parse(report_of(name, no_text)))
    assert {speaker for speaker, _ in shown} == {f["speaker"] for f in expected}
    for fig in expected:
        # the nine acts' figures are shown for managers; everyone gets their talk figures
        keys = SHOWN_FIGURES if fig["role"] == "manager" else [k for k in SHOWN_FIGURES if k in STAFF_SHOWN]
        for key in keys:
            el = shown[(fig["speaker"], key)]
            assert json.loads(el.attrs["data-value"] or "null") == fig[key], (fig["speaker"], key)
            assert_text_shows(el.text, fig[key], fig, key)


@pytest.mark.parametrize("name", SAMPLES)
def test_act_and_style_counts_match(name: str, analysis_of: Analyse, report_of: Report) -> None:
    elements = parse(report_of(name, False))
    for fig in analysis_of(name).speakers:
        if fig["role"] != "manager":  # acts and styles are the manager's
            continue
        acts = {el.attrs["data-act"]: int(el.text) for el in with_attr(elements, "data-act")
                if el.tag == "td" and el.attrs["data-speaker"] == fig["speaker"]}
        styles = {el.attrs["data-style-count"]: int(el.attrs["data-value"])
                  for el in with_attr(elements, "data-style-count") if el.attrs["data-speaker"] == fig["speaker"]}
        assert acts == fig["acts"]
        assert styles == fig["styles"]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sentence_shown_once_with_its_act(name: str, analysis_of: Analyse, report_of: Report) -> None:
    table = analysis_of(name).sentences
    elements = parse(report_of(name, False))
    # The conversation's own items (the staff card quotes some sentences again, as links).
    rows = [el for el in with_attr(elements, "data-sentence") if el.tag == "li" and "id" in el.attrs]
    texts = [el for el in elements if el.tag == "span" and el.attrs.get("class") == "text"]
    assert sorted(int(el.attrs["data-sentence"]) for el in rows) == list(range(len(table)))
    assert len(texts) == len(rows)
    for row, text in zip(rows, texts, strict=True):
        sentence = table.iloc[int(row.attrs["data-sentence"])]
        assert text.text == " ".join(sentence["text"].split())
        assert row.attrs["data-role"] == sentence["role"]
        if sentence["role"] != "manager":  # staff labels, no act or style
            assert row.attrs["data-act"] == "" and row.attrs["data-staff-act"] == (sentence["staff_act"] or "")
            continue
        assert (row.attrs["data-act"], row.attrs["data-style"]) == (sentence["act"], sentence["style"])
        assert sentence["act"].replace("_", " ") in row.text and sentence["style"] in row.text  # never colour alone


@pytest.mark.parametrize("name", SAMPLES)
def test_no_text_report_holds_no_sentence(name: str, analysis_of: Analyse, report_of: Report) -> None:
    page = report_of(name, True)
    elements = parse(page)
    assert not with_attr(elements, "data-sentence")
    assert 'href="#s-' not in page
    for text in analysis_of(name).sentences["text"]:
        if len(text.split()) > 1:  # a lone "okay" may be a word of the page's own legend
            assert text not in page and html.escape(text) not in page


@pytest.mark.parametrize("name", ["coaching_one_to_one.vtt", "team_meeting_mixed.txt", "asr_call_centre.vtt"])
def test_no_text_report_does_not_depend_on_the_text(name: str, analysis_of: Analyse, report_of: Report) -> None:
    original = analysis_of(name)
    blanked = original.sentences.assign(text="[redacted]")
    other = Analysis(original.file, original.format, blanked, original.speakers, original.notes,
                     original.conversation)
    assert render_transcript_report(other, no_text=True) == report_of(name, True)
    assert render_transcript_report(other, no_text=False) != report_of(name, False)


@pytest.mark.parametrize("name", SAMPLES)
def test_timeline_has_a_mark_per_sentence_with_or_without_text(name: str, analysis_of: Analyse,
                                                                report_of: Report) -> None:
    table = analysis_of(name).sentences
    managers = list(table.index[table["role"] == "manager"])  # styles, so timeline marks, are the manager's
    n = len(managers)
    full, bare = report_of(name, False), report_of(name, True)
    links = re.findall(r'<a xlink:href="#s-(\d+)"', full)
    assert sorted(map(int, links)) == managers
    assert re.findall(r'id="s-(\d+)"', full) and all(f'id="s-{i}"' in full for i in links)
    assert _timeline(bare).count("<use ") >= n  # one marker per sentence, drawn without links


def _timeline(page: str) -> str:
    start = page.index('<section id="timeline"')
    return page[start:page.index("</section>", start)]


def assert_offline(page: str) -> None:
    """Nothing in the page makes the browser fetch anything."""
    elements = parse(page)
    for el, attr, value in attr_values(elements, *URL_ATTRIBUTES):
        assert not re.match(r"\s*([a-z][a-z0-9+.-]*:|//|\\\\)", value, re.I), f"<{el.tag} {attr}={value!r}>"
    assert not [el for el in elements if el.tag in {"link", "img", "iframe", "object", "embed", "base"}]
    assert not [el for el in elements if el.tag == "script" and "src" in el.attrs]
    assert not re.search(r"url\(\s*['\"]?(?!#)", page), "CSS url() to something outside the page"
    assert "@import" not in page and "@font-face" not in page


@pytest.mark.parametrize("no_text", [False, True], ids=["full", "no-text"])
@pytest.mark.parametrize("name", SAMPLES)
def test_report_loads_nothing(name: str, no_text: bool, report_of: Report) -> None:
    assert_offline(report_of(name, no_text))


def test_dashboard_loads_nothing(batch_dir: Path) -> None:
    assert_offline((batch_dir / "index.html").read_text(encoding="utf-8"))


def dashboard_rows(elements: list[Element]) -> list[tuple[Element, list[Element]]]:
    """Each table row of the dashboard with the elements inside it."""
    rows: list[tuple[Element, list[Element]]] = []
    for el in elements:
        if el.tag == "tr" and "data-file" in el.attrs:
            rows.append((el, []))
        elif rows and el.tag != "tr":
            rows[-1][1].append(el)
    return rows


def test_dashboard_links_each_report(batch_dir: Path, cohort_summary: pd.DataFrame) -> None:
    rows = dashboard_rows(parse((batch_dir / "index.html").read_text(encoding="utf-8")))
    assert [(tr.attrs["data-file"], tr.attrs["data-speaker"]) for tr, _ in rows] == \
        list(zip(cohort_summary["file"], cohort_summary["speaker"], strict=True))
    assert len(list((batch_dir / "reports").glob("*.html"))) == len(SAMPLES)
    for tr, inside in rows:
        file_link, speaker_link = [el for el in inside if el.tag == "a"]  # a person is found by name too
        assert speaker_link.text == tr.attrs["data-speaker"]
        assert speaker_link.attrs["href"] == file_link.attrs["href"]
        link = file_link
        assert not Path(link.attrs["href"]).is_absolute()
        target = batch_dir / link.attrs["href"]
        headings = [el.text for el in parse(target.read_text(encoding="utf-8")) if el.tag == "h1"]
        assert headings == [Path(tr.attrs["data-file"]).name]


def test_dashboard_cells_match_summary(batch_dir: Path, cohort_summary: pd.DataFrame) -> None:
    rows = dashboard_rows(parse((batch_dir / "index.html").read_text(encoding="utf-8")))
    for (_, inside), (_, expected) in zip(rows, cohort_summary.iterrows(), strict=True):
        cells = {el.attrs["data-column"]: el for el in inside if el.tag == "td"}
        assert set(cells) == set(cohort_summary.columns) - HIDDEN_COLUMNS  # the rest are in summary.csv only
        for column, value in expected.items():
            if column in {"file", "speaker"} | HIDDEN_COLUMNS:
                continue
            if isinstance(value, str):
                assert cells[column].text == value
                continue
            sort = cells[column].attrs["data-sort"]
            if pd.isna(value):
                assert sort == ""
            else:
                assert float(sort) == pytest.approx(float(value)), column
        if expected["advice"] == 0:
            assert cells["question_to_advice_ratio"].text == "no advice"
        if expected["role"] == "manager" and pd.isna(expected["questions_per_10_min"]):  # transcripts without times
            assert cells["questions_per_10_min"].text == "no times"


def test_dashboard_without_reports_has_no_links(cohort_summary: pd.DataFrame) -> None:
    elements = parse(render_cohort_dashboard(cohort_summary, None))
    assert not [el for el in elements if el.tag == "a" and el.attrs.get("href", "").startswith("reports/")]
    assert len(with_attr(elements, "data-file")) == len(cohort_summary)


def test_batch_without_analyses_writes_only_the_index(tmp_path: Path, cohort_summary: pd.DataFrame) -> None:
    index = write_batch_reports(tmp_path, cohort_summary, None, no_text=True)
    assert index == tmp_path / "index.html" and index.is_file()
    assert not (tmp_path / "reports").exists()


def test_batch_no_text_reports_hold_no_sentences(tmp_path: Path, analysis_of: Analyse) -> None:
    analysis = analysis_of("coaching_one_to_one.vtt")
    summary = pd.DataFrame(summary_rows(analysis))
    write_batch_reports(tmp_path, summary, [("coaching", analysis)], no_text=True)
    page = (tmp_path / "reports" / "coaching.html").read_text(encoding="utf-8")
    assert "data-no-text" in page
    assert not any(html.escape(t) in page for t in analysis.sentences["text"] if len(t.split()) > 1)


def test_report_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    names = [report_file_name(n, taken) for n in ("a/x.vtt", "b/x.vtt", "x.vtt", "X.vtt", "../../etc", "")]
    assert names == ["a_x.vtt.html", "b_x.vtt.html", "x.vtt.html", "X.vtt-2.html", "etc.html", "transcript.html"]


def hand_made(rows: list[dict], file: str = "made-up.txt") -> Analysis:
    return analysis_from_table(file, table_for(rows))


def test_transcript_text_is_escaped() -> None:
    analysis = hand_made([
        {"speaker": "<b>Boss</b>", "turn": 0, "text": "<script>alert('x')</script> & \"quotes\"",
         "act": "information", "style": "neutral", "confidence": 0.9},
        {"speaker": "Sam\" onmouseover=\"x", "turn": 1, "text": "Fine.", "act": "other", "style": "neutral",
         "confidence": 0.9},
    ], file="<img src=x>.txt")
    page = render_transcript_report(analysis)
    assert "<script>alert" not in page and "<b>Boss</b>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(" in page
    texts = [el.text for el in parse(page) if el.tag == "span" and el.attrs.get("class") == "text"]
    assert texts[0] == "<script>alert('x')</script> & \"quotes\""
    assert {el.attrs["data-speaker"] for el in with_attr(parse(page), "data-figure")} == \
        {"<b>Boss</b>", "Sam\" onmouseover=\"x"}


def test_zero_advice_is_said_in_words() -> None:
    analysis = hand_made([
        {"speaker": "Ann", "turn": 0, "text": "What would help?", "act": "open_question", "style": "coaching"},
        {"speaker": "Ann", "turn": 0, "text": "Is it Friday?", "act": "closed_question", "style": "neutral"},
        {"speaker": "Bob", "turn": 1, "text": "Do it now.", "act": "instruction", "style": "directive"},
    ])
    shown = figures_shown(parse(render_transcript_report(analysis)))
    ratio = shown[("Ann", "question_to_advice_ratio")]
    assert (ratio.text, ratio.attrs["data-value"]) == ("no advice", "")
    assert shown[("Bob", "question_to_advice_ratio")].text == "0.00"
    cells = dashboard_rows(parse(render_cohort_dashboard(pd.DataFrame(summary_rows(analysis)))))
    ann = {el.attrs["data-column"]: el.text for el in cells[0][1] if el.tag == "td"}
    assert ann["question_to_advice_ratio"] == "no advice"


def test_style_only_model_shows_unavailable() -> None:
    analysis = hand_made([
        {"speaker": "Ann", "turn": 0, "text": "What would help?", "style": "coaching", "start": 0.0, "end": 2.0},
        {"speaker": "Bob", "turn": 1, "text": "Do it now.", "style": "directive", "start": 2.5, "end": 4.0},
    ])
    assert all(f["acts"] is None for f in analysis.speakers)
    elements = parse(render_transcript_report(analysis))
    shown = figures_shown(elements)
    for key in ("question_to_advice_ratio", "questions", "advice", "open_question_share"):
        assert shown[("Ann", key)].text == "unavailable"
    assert shown[("Ann", "coaching_share")].text == "100%"
    assert not [el for el in with_attr(elements, "data-act") if el.tag == "td"]
    assert len([el for el in with_attr(elements, "data-sentence") if el.tag == "li"]) == 2
    dashboard = parse(render_cohort_dashboard(pd.DataFrame(summary_rows(analysis))))
    (_, inside), _ = dashboard_rows(dashboard)
    cells = {el.attrs["data-column"]: el.text for el in inside if el.tag == "td"}
    assert cells["question_to_advice_ratio"] == "unavailable" and cells["act_advice"] == "unavailable"


def test_untimed_transcript_plots_sentence_order(report_of: Report) -> None:
    assert "sentence number (the transcript has no times)" in report_of("team_meeting_mixed.txt", False)
    assert "time into the recording (m:ss)" in report_of("team_meeting_mixed.json", False)


@pytest.mark.parametrize("name", ["coaching_one_to_one.vtt", "team_meeting_mixed.txt"])
def test_report_from_stored_csv_is_the_same_report(name: str, tmp_path: Path, analysis_of: Analyse,
                                                   report_of: Report) -> None:
    original = analysis_of(name)
    stored = tmp_path / "sentences.csv"
    original.sentences.to_csv(stored, index=False)
    rebuilt = analysis_from_table(original.file, pd.read_csv(stored), format=original.format, notes=original.notes)
    assert rebuilt.speakers == original.speakers
    assert render_transcript_report(rebuilt) == report_of(name, False)


def test_analysis_from_table_names_missing_columns() -> None:
    from analyzer.errors import InputError

    with pytest.raises(InputError, match=r"lacks column.*act"):
        analysis_from_table("x.csv", pd.DataFrame({"speaker": ["A"], "turn": [0], "text": ["Hi."]}))


def test_output_is_deterministic(analysis_of: Analyse, cohort_summary: pd.DataFrame) -> None:
    analysis = analysis_of("directive_one_to_one.srt")
    assert render_transcript_report(analysis) == render_transcript_report(analysis)
    assert render_cohort_dashboard(cohort_summary, {}) == render_cohort_dashboard(cohort_summary, {})
    assert not re.search(r"\b20\d\d-\d\d-\d\d", render_transcript_report(analysis))


def test_pages_print_cleanly(report_of: Report, batch_dir: Path) -> None:
    for page in (report_of("coaching_one_to_one.vtt", False), (batch_dir / "index.html").read_text(encoding="utf-8")):
        css = page[page.index("@media print"):page.index("</style>")]
        assert "break-inside: avoid" in css
        assert "position: sticky" not in css
    css = report_of("coaching_one_to_one.vtt", False)
    assert re.search(r"@media print \{.*\.s \{ break-inside: avoid; \}", css, re.S)


def test_labels_come_from_the_label_set(report_of: Report) -> None:
    page = report_of("coaching_one_to_one.vtt", False)
    for style in STYLES:
        assert f'data-style="{style}"' in page
    assert {el.attrs["data-act"] for el in with_attr(parse(page), "data-act") if el.tag == "td"} == set(ACTS)


@pytest.mark.parametrize("name", SAMPLES)
def test_meeting_thirds_add_up_to_the_style_counts(name: str, analysis_of: Analyse, report_of: Report) -> None:
    cells = with_attr(parse(report_of(name, True)), "data-third")
    for fig in analysis_of(name).speakers:
        for style in ("coaching", "directive"):
            mine = [el for el in cells if (el.attrs["data-speaker"], el.attrs["data-style"]) == (fig["speaker"], style)]
            assert len(mine) == 3
            assert sum(int(el.text) for el in mine) == fig["styles"][style]


def test_empty_table_renders_a_page_that_says_so() -> None:
    page = render_transcript_report(hand_made([]))
    assert "No sentences to show." in page and "<svg" not in page
    dashboard = render_cohort_dashboard(pd.DataFrame(summary_rows(hand_made([]))), None)
    assert "No transcripts to show." in dashboard and not with_attr(parse(dashboard), "data-file")


def test_palette_and_poles_follow_the_label_set() -> None:
    from analyzer.reports import charts

    for mapping in (charts.STYLE_COLOURS, charts.STYLE_TINTS, charts.STYLE_HATCHES, charts.STYLE_MARKERS):
        assert set(mapping) == set(STYLES)
    assert set(charts.POLES) < set(STYLES)
    assert len(set(charts.STYLE_MARKERS.values())) == len(STYLES)  # shape tells styles apart without colour


def test_reports_from_what_batch_scoring_stores(tmp_path: Path, analysis_of: Analyse) -> None:
    """Batch scoring keeps a sentence CSV per transcript (with file and content_hash columns)
    and summary rows; reports rebuilt from those match reports from a fresh analysis."""
    names = ["coaching_one_to_one.vtt", "team_meeting_mixed.txt"]
    stored = {}
    for name in names:
        analysis = analysis_of(name)
        table = analysis.sentences.copy()
        table.insert(0, "content_hash", "ab" * 32)
        table.insert(0, "file", analysis.file)
        stored[name] = tmp_path / f"{name}.csv"
        table.to_csv(stored[name], index=False)
    summary = pd.DataFrame([{**row, "content_hash": "ab" * 32} for n in names for row in summary_rows(analysis_of(n))])
    summary.to_csv(tmp_path / "summary.csv", index=False)

    def rebuilt():
        for name in names:
            table = pd.read_csv(stored[name], keep_default_na=False, na_values=[""])
            yield name, analysis_from_table(table["file"][0], table, format=analysis_of(name).format,
                                            notes=analysis_of(name).notes)

    out = tmp_path / "out"
    index = write_batch_reports(out, pd.read_csv(tmp_path / "summary.csv"), rebuilt(), no_text=False)
    for name in names:
        assert (out / "reports" / f"{name}.html").read_text(encoding="utf-8") == render_transcript_report(
            analysis_of(name))
    dashboard = index.read_text(encoding="utf-8")
    assert "ab" * 32 not in dashboard  # the content hash is for joining tables, not for trainers
    links = [el.attrs["href"] for el in parse(dashboard) if el.tag == "a" and el.attrs["href"].startswith("reports/")]
    per_row = 2  # the transcript's name and the speaker's both open the report
    assert sorted(links) == sorted(f"reports/{n}.html" for n in names for _ in analysis_of(n).speakers
                                   for _ in range(per_row))


def test_report_shows_the_path_so_same_named_files_can_be_told_apart() -> None:
    rows = [{"speaker": "Sam", "turn": 0, "text": "How did it go?", "act": "open_question", "style": "coaching"}]
    pages = [parse(render_transcript_report(hand_made(rows, file=f"cohort/{d}/x.txt"))) for d in "ab"]

    paths = [[el.text for el in page if el.attrs.get("class") == "meta path"] for page in pages]

    assert paths == [["cohort/a/x.txt"], ["cohort/b/x.txt"]]
    assert [[el.text for el in page if el.tag == "h1"] for page in pages] == [["x.txt"], ["x.txt"]]


def test_dashboard_links_same_named_files_by_their_folders() -> None:
    summary = pd.DataFrame({"file": ["cohort/a/x.txt", "cohort/b/x.txt", "y.txt"], "speaker": ["Sam"] * 3,
                            "question_to_advice_ratio": [1.0, 2.0, 3.0]})

    cells = [el.text for el in parse(render_cohort_dashboard(summary)) if el.attrs.get("data-column") == "file"]

    assert cells == ["a/x.txt", "b/x.txt", "y.txt"]


def test_a_very_long_speaker_name_wraps_in_headings_and_table_headers() -> None:
    name = "X" * 300
    page = render_transcript_report(hand_made([
        {"speaker": name, "turn": 0, "text": "Why?", "act": "open_question", "style": "coaching"}]))
    css = page[page.index("<style>"):page.index("</style>")]

    assert re.search(r"\.card h3 \{[^}]*overflow-wrap: anywhere", css)
    assert re.search(r"\.name \{[^}]*max-width[^}]*overflow-wrap: anywhere", css)
    elements = parse(page)
    inside_headers = [elements[i + 1] for i, el in enumerate(elements) if el.tag == "th" and el.text == name]
    assert len(inside_headers) == 2  # the act table's column and the thirds table's row
    assert all(el.tag == "span" and el.attrs.get("class") == "name" for el in inside_headers)


def test_dashboard_sorts_notes_as_text(cohort_summary: pd.DataFrame) -> None:
    """The notes column was declared a number: parseFloat gave NaN and sorting did nothing."""
    heads = {el.attrs["data-key"]: el.attrs["data-type"]
             for el in parse(render_cohort_dashboard(cohort_summary)) if el.tag == "th" and "data-key" in el.attrs}

    assert heads["notes"] == heads["file"] == heads["speaker"] == "text"
    assert heads["question_to_advice_ratio"] == heads["act_advice"] == heads["sentences"] == "number"


def test_one_turn_and_one_sentence_are_singular() -> None:
    page = render_transcript_report(hand_made([
        {"speaker": "Sam", "turn": 0, "text": "Why?", "act": "open_question", "style": "coaching"}]))

    (meta,) = [el.text for el in parse(page) if el.attrs.get("class") == "meta"]

    assert "1 speaker · 1 turn · 1 sentence" in meta


def test_how_to_read_says_how_far_to_trust_labels_and_other_speakers(report_of: Report) -> None:
    """A trainer quotes single sentences back to a manager: the page must say how far that holds."""
    page = " ".join(report_of("coaching_one_to_one.vtt", False).split())
    assert "a label not marked “unsure” can still be wrong" in page
    assert "learned from what managers say" in page and "--speaker" in page
    assert "act (what the sentence does" in page


def test_the_unavailable_entry_is_explained_only_when_a_figure_is_unavailable(report_of: Report) -> None:
    assert '"unavailable"' not in report_of("coaching_one_to_one.vtt", False)
    styles_only = hand_made([
        {"speaker": "Ann", "turn": 0, "text": "What would help?", "style": "coaching", "start": 0.0, "end": 2.0},
    ])
    assert '<dt>"unavailable"</dt>' in render_transcript_report(styles_only)


def test_the_style_bar_says_it_counts_every_sentence(analysis_of: Analyse, report_of: Report) -> None:
    """The bar includes neutral talk and the coaching share leaves it out: the two must not look alike."""
    analysis = analysis_of("coaching_one_to_one.vtt")
    page = report_of("coaching_one_to_one.vtt", False)
    for fig in analysis.speakers:  # the style bar is the manager's: staff sentences have no style
        assert (f"of all {fig['sentences']} sentences" in page) == (fig["role"] == "manager")


def test_unsure_marks_speak_of_certainty_not_confidence(report_of: Report) -> None:
    page = report_of("coaching_one_to_one.vtt", False)
    assert 'title="the model\'s certainty: ' in page and "model confidence" not in page


def test_the_dashboard_says_other_speakers_than_managers_are_labelled_less_reliably(batch_dir: Path) -> None:
    page = " ".join((batch_dir / "index.html").read_text(encoding="utf-8").split())
    assert "learned from what managers say" in page and "--speaker NAME" in page


def test_the_dashboard_explains_unavailable_only_when_a_figure_is(batch_dir: Path) -> None:
    assert '"unavailable"' not in (batch_dir / "index.html").read_text(encoding="utf-8")
    styles_only = hand_made([
        {"speaker": "Ann", "turn": 0, "text": "What would help?", "style": "coaching", "start": 0.0, "end": 2.0},
    ])
    assert '<dt>"unavailable"</dt>' in render_cohort_dashboard(pd.DataFrame(summary_rows(styles_only)))


@pytest.mark.parametrize("name", ["coaching_one_to_one.vtt", "team_meeting_mixed.json"])
def test_each_card_quotes_the_speakers_surest_coaching_and_directive_sentences(
        name: str, analysis_of: Analyse, report_of: Report) -> None:
    """A trainer quotes the manager's own words back: the sentences whose labels are least likely wrong."""
    table = analysis_of(name).sentences.reset_index(drop=True)
    elements = parse(report_of(name, False))
    anchors = {el.attrs.get("id") for el in with_attr(elements, "data-sentence")}
    shown = [el for el in with_attr(elements, "data-example") if el.tag == "li"]
    assert shown
    for speaker, rows in table.groupby("speaker"):
        for style in ("coaching", "directive"):
            sure = rows[(rows["style"] == style) & ~rows["unsure"].astype(bool)]  # unsure ones are never quoted
            want = sure.sort_values("confidence", ascending=False, kind="stable").index[:2]
            got = [int(el.attrs["data-example"]) for el in shown
                   if el.attrs["data-speaker"] == speaker and el.attrs["data-style"] == style]
            assert got == list(want), (speaker, style)
            for index in got:
                assert f"s-{index}" in anchors
                assert table.loc[index, "text"] in html.unescape(next(
                    el.text for el in shown if el.attrs["data-example"] == str(index)))


def meta_line(page: str) -> str:
    (meta,) = [el.text for el in parse(page) if el.attrs.get("class") == "meta"]
    return meta


def test_turns_with_start_times_and_no_end_times_give_a_report_without_a_duration() -> None:
    """The duration was the last end minus the first start: NaN, and ``round(nan)`` raised."""
    analysis = hand_made([
        {"speaker": "Priya", "turn": 0, "text": "How are you doing today?", "act": "open_question",
         "style": "coaching", "confidence": 0.99, "start": 1.5},
        {"speaker": "Dan", "turn": 1, "text": "I think I need more time on the rota.", "act": "instruction",
         "style": "directive", "confidence": 0.58, "start": 64.5},
    ])
    page = render_transcript_report(analysis)
    assert meta_line(page).endswith("2 sentences")  # no "· 1:03 long"
    assert "time into the recording (m:ss)" in page  # the starts still place the sentences
    assert [turn.text for turn in parse(page) if turn.tag == "time"] == ["0:02", "1:04"]


def test_a_timed_report_says_how_long_the_meeting_ran() -> None:
    analysis = hand_made([
        {"speaker": "Priya", "turn": 0, "text": "How are you?", "act": "open_question", "style": "coaching",
         "confidence": 0.99, "start": 1.5, "end": 3.0},
        {"speaker": "Dan", "turn": 1, "text": "Fine.", "act": "other", "style": "neutral", "confidence": 0.6,
         "start": 4.5, "end": 65.5},
    ])
    assert meta_line(render_transcript_report(analysis)).endswith("2 sentences · 1:04 long")


@pytest.mark.parametrize(("name", "content"), [
    ("startcol.csv", "speaker,text,start\nPriya,How are you doing today?,1.5\nDan,I think I need more time.,4.5\n"),
    ("otter.txt", "Priya Shah  0:03\nHow are you doing today? What would help?\n"),
    ("timed.txt", "[00:00:01] Priya: How are you?\n"),
    ("starts.json", '[{"speaker": "Priya", "text": "How are you?", "start": 1}, '
                    '{"speaker": "Dan", "text": "Fine, thanks.", "start": 3}]'),
])
def test_transcripts_with_start_times_only_get_a_report(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    analysis = analyze_file(path)
    assert analysis.sentences["start"].notna().all() and analysis.sentences["end"].isna().all()
    page = render_transcript_report(analysis)
    assert "long" not in meta_line(page)
    assert len(with_attr(parse(page), "data-sentence")) >= len(analysis.sentences)


def test_an_unsure_sentence_is_never_a_speakers_example() -> None:
    """Quoting a manager's words back is the strongest evidence a trainer has: never a doubtful label."""
    from analyzer.reports.html import speaker_examples

    rows = [("Ann", 0, "Why don't you ring her?", "leading_question", "directive", 0.99, None, None, True),
            ("Ann", 0, "Send it tonight.", "instruction", "directive", 0.62, None, None, False),
            ("Ann", 1, "What would help?", "open_question", "coaching", 0.97, None, None, True),
            ("Ann", 1, "Tell me more.", "open_question", "coaching", 0.30, None, None, True)]
    table = pd.DataFrame(rows, columns=["speaker", "turn", "text", "act", "style", "confidence", "start", "end",
                                        "unsure"])
    examples = speaker_examples(table, "Ann")
    assert [e["text"] for e in examples] == ["Send it tonight."]
    assert not any(e["unsure"] for e in examples)


# --- missed coaching moments ----------------------------------------------------------------

def gold_moments_report(no_text: bool = False, alternatives: bool = True, **changes: str) -> str:
    """The report of coaching_one_to_one's gold labels, whose two missed moments are counted by
    hand in tests/test_moments.py: rows 79 80 (insights, turn 29) answered by the instruction
    at 84 (turn 30, 389.97 s), and 86 88 answered by the leading question at 91 (429.76 s).
    ``changes`` replaces the text of a row (``r79="..."``)."""
    from analyzer.figures import summarize
    from tests.test_moments import figures_of, gold_table

    table = gold_table("coaching_one_to_one")
    for row, text in changes.items():
        table.loc[int(row[1:]), "text"] = text
    if alternatives:
        table = table.assign(alternative="")
        table.loc[[84, 91], "alternative"] = ["What would help you get the form done?", "Who could help with breaks?"]
    analysis = Analysis("coaching_one_to_one.csv", "csv", table, summarize(table), [], figures_of(table))
    return render_transcript_report(analysis, no_text=no_text)


def moment_part(page: str, number: int) -> list[Element]:
    """The elements of one moment's item in the "Missed coaching moments" section."""
    start = page.index(f'<li class="moment" id="m-{number}"')
    following = page.find('<li class="moment"', start + 1)
    return parse(page[start:following if following != -1 else page.index("</section>", start)])


def test_each_moment_shows_both_turns_the_labels_and_the_question() -> None:
    page = gold_moments_report()
    items = with_attr(parse(page), "data-moment")
    moments = [el for el in items if el.tag == "li" and "moment" in el.attrs.get("class", "").split()]
    assert [(m.attrs["data-staff-row"], m.attrs["data-manager-row"]) for m in moments] == [("79", "84"), ("86", "91")]
    first = moment_part(page, 1)
    shown = {int(el.attrs["data-sentence"]): el for el in with_attr(first, "data-sentence")}
    assert sorted(shown) == [78, 79, 80, 81, 82, 83, 84, 85]  # both turns, whole
    assert sorted(int(el.attrs["data-sentence"]) for el in with_attr(first, "data-key")) == [79, 80, 84]
    assert shown[79].text == "I think I came in expecting to be told off. insight"
    assert shown[84].text.endswith("how we learn from it as a ward. instruction")
    assert shown[81].text == "This isn't about blame, Daniel. information"
    whole = next(el for el in first if el.tag == "li").text
    assert "Missed moment 1 at 6:30" in whole  # 389.97 s, the telling sentence's start
    assert "Daniel Okafor 6:21 was exploring:" in whole and "Priya Shah 6:30 told them:" in whole
    question = with_attr(first, "data-moment-alternative")
    assert [q.text for q in question] == ["A coaching question instead: What would help you get the form done?"]
    links = [el.attrs["href"] for el in first if el.tag == "a"]
    assert links == ["#s-79", "#s-80", "#s-84"]


def test_the_conversation_points_back_to_its_moments() -> None:
    elements = parse(gold_moments_report())
    marked = {int(el.attrs["data-sentence"]): el.attrs["data-moment"] for el in elements
              if el.tag == "li" and "s" in el.attrs.get("class", "").split() and "data-moment" in el.attrs}
    assert marked == {79: "1", 80: "1", 84: "1", 86: "2", 88: "2", 91: "2"}
    marks = [el for el in elements if el.tag == "a" and el.attrs.get("class") == "moment-mark"]
    assert sorted(el.attrs["href"] for el in marks) == ["#m-1"] * 3 + ["#m-2"] * 3
    assert all(el.attrs["id"] in {"m-1", "m-2"} for el in elements if el.attrs.get("id", "").startswith("m-"))


def test_what_was_said_in_a_moment_is_escaped() -> None:
    said = '<img src=x onerror="alert(1)"> & more'
    page = gold_moments_report(r79=said)
    assert said not in page
    shown = next(el for el in with_attr(moment_part(page, 1), "data-sentence") if el.attrs["data-sentence"] == "79")
    assert shown.text == f"{said} insight"  # shown as words, escaped
    assert not [el for el in parse(page) if el.tag == "img"]


def test_a_moment_without_a_question_says_how_to_get_one() -> None:
    page = gold_moments_report(alternatives=False)
    assert not with_attr(parse(page), "data-moment-alternative")
    hint = with_attr(parse(page), "data-moments-no-alternative")
    assert len(hint) == 1 and "analyzer analyze FILE --moments --html REPORT.html" in hint[0].text


def test_without_text_a_moment_keeps_who_when_and_the_labels_only() -> None:
    page = gold_moments_report(no_text=True)
    first = moment_part(page, 1)
    assert not with_attr(first, "data-moment-alternative") and "get the form done" not in page
    assert [el.text for el in first if el.attrs.get("class", "").startswith("m-label")] == \
        ["insight", "insight", "instruction"]
    assert "Daniel Okafor 6:21 was exploring:" in next(el for el in first if el.tag == "li").text


def test_no_moments_says_why_on_the_page() -> None:
    from analyzer.figures import summarize
    from tests.test_moments import figures_of, gold_table

    table = gold_table("coaching_one_to_one")
    alone = table[table["speaker"] == "Priya Shah"].reset_index(drop=True)
    page = render_transcript_report(Analysis("alone.csv", "csv", alone, summarize(alone), [], figures_of(alone)))
    empty = with_attr(parse(page), "data-moments-empty")
    assert [el.text for el in empty] == ["No missed coaching moments: no one in the conversation is being managed "
                                         "(no staff speaker), so there is no turn to answer."]
    assert not with_attr(parse(page), "data-moment")
