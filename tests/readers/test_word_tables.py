"""Word tables of turns: headed or not, with times, row numbers, merged and nested cells;
tables that are layout, not speech, are left out."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from lxml import etree

from analyzer.readers import read_transcript
from analyzer.readers.word_tables import table_turns
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import speakers_and_texts, starts


def add_table(document: docx.document.Document, rows: list[tuple[str, ...]]) -> docx.table.Table:
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = text
    return table


def turns_of(*tables: list[tuple[str, ...]], title: str = "Role-play 2") -> list[tuple[str, str]]:
    document = docx.Document()
    document.add_paragraph(title)
    for rows in tables:
        add_table(document, rows)
    return speakers_and_texts(table_turns(_reopened(document)))


def _reopened(document: docx.document.Document) -> docx.document.Document:
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def test_a_headed_table_is_read_by_its_headings_whatever_their_order() -> None:
    """Columns used to be found by position from the right: a Notes column, or Time after
    Speaker, gave made-up speakers and moved words to the wrong person."""
    notes = [("Time", "Speaker", "What was said", "Notes"), ("00:00:05", "Sister Walsh", "How are things?", "open"),
             ("00:00:09", "Kemi", "Hard.", ""), ("00:00:12", "Sister Walsh", "Do this now.", "")]
    assert turns_of(notes) == [("Sister Walsh", "How are things?"), ("Kemi", "Hard."), ("Sister Walsh", "Do this now.")]
    reordered = [("Speaker", "Text", "Time"), ("Priya", "How are things?", "00:01:10"), ("Dan", "Busy.", "00:01:15")]
    assert turns_of(reordered) == [("Priya", "How are things?"), ("Dan", "Busy.")]


def test_names_the_name_rules_refuse_are_taken_from_the_name_column() -> None:
    rows = [("Speaker", "Text"), ("Manager", "How are things?"), ("Staff nurse", "Hard, we were two short."),
            ("Ward Manager (Sarah)", "Ring the bank."), ("", "Then tell me."), ("Kemi", "")]
    assert turns_of(rows) == [("Manager", "How are things?"), ("Staff nurse", "Hard, we were two short."),
                              ("Ward Manager (Sarah)", "Ring the bank. Then tell me.")]


def test_an_unheaded_table_needs_a_name_and_a_text_per_row_and_a_name_that_speaks_twice() -> None:
    numbered = [("1", "Sister Walsh", "How are things?"), ("2", "Kemi", "Hard."), ("3", "Sister Walsh", "Why?")]
    assert turns_of(numbered) == [("Sister Walsh", "How are things?"), ("Kemi", "Hard."), ("Sister Walsh", "Why?")]
    title_block = [("Trainer", "Jane Smith"), ("Scenario", "A late shift"), ("Observer", "Tom Reid")]
    signature = [("Signed (manager)", "Sister Walsh")]
    assert turns_of(title_block, signature) == []


def test_a_table_nested_in_a_layout_table_is_read() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    add_table(outer.cell(0, 0), [("Speaker", "Text"), ("Priya", "How are things?"), ("Dan", "Busy.")])
    assert speakers_and_texts(table_turns(_reopened(document))) == [("Priya", "How are things?"), ("Dan", "Busy.")]


def test_a_merged_cell_word_accepts_does_not_break_the_reading() -> None:
    """python-docx's grid raises on a vertical merge that continues from nothing; the
    file then failed with an internal error."""
    document = docx.Document()
    table = add_table(document, [("Speaker", "Text"), ("Priya", "How are things?"), ("Dan", "Busy.")])
    properties = table.rows[0].cells[0]._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    properties.append(merge)
    reread = _reopened(document)
    with pytest.raises(ValueError):  # the grid python-docx builds (what the reader must not use)
        [cell for row in reread.tables[0].rows for cell in row.cells]
    assert speakers_and_texts(table_turns(reread)) == [("Priya", "How are things?"), ("Dan", "Busy.")]


def test_times_are_kept_only_when_every_turn_has_one() -> None:
    document = docx.Document()
    add_table(document, [("Time", "Speaker", "Text"), ("00:01:10", "Priya", "Hi."), ("", "Dan", "Hello.")])
    assert starts(table_turns(_reopened(document))) == [None, None]


SCRIPT = [("Manager", "Thanks for coming in. How was the night?"), ("Nurse", "Hard. We were two short."),
          ("Manager", "What would have helped?"), ("Nurse", "Someone calling the bank earlier.")]


def test_a_word_file_whose_words_are_in_a_table_reads_only_the_table(tmp_path: Path) -> None:
    """Paragraphs beside a script's table are a title or notes, not speech."""
    document = docx.Document()
    document.add_paragraph("Role-play 2: the late shift")
    add_table(document, [("Speaker", "Text"), *SCRIPT])
    document.add_paragraph("Debrief: one open question.")
    path = tmp_path / "script.docx"
    document.save(path)
    assert [u.speaker for u in read_transcript(path).utterances] == ["Manager", "Nurse", "Manager", "Nurse"]


def test_a_table_of_actions_beside_a_typed_conversation_is_not_the_transcript(tmp_path: Path) -> None:
    """Reading the tables first lost the whole conversation to three action rows."""
    document = docx.Document()
    for line in ("Maria Lopez: Morning Tom, thanks for making the time today. How was the weekend on the ward?",
                 "Tom Becker: Busy, two sick calls and the bank could not cover the night shift at all.",
                 "Maria Lopez: What would you like to do about the rota for next month?"):
        document.add_paragraph(line)
    add_table(document, [("Who", "What"), ("Maria", "Send the new rota"), ("Tom", "Call the bank"),
                         ("Maria", "Book the room")])
    path = tmp_path / "notes.docx"
    document.save(path)
    assert [u.speaker for u in read_transcript(path).utterances] == ["Maria Lopez", "Tom Becker", "Maria Lopez"]


def test_a_typed_word_file_with_a_title_ending_in_a_time_or_a_teams_event_is_typed(tmp_path: Path) -> None:
    """One line that looks like Teams' used to make the whole file Teams', or refuse it."""
    for first in ("Weekly Sync 9:30", "Priya Shah started transcription"):
        document = docx.Document()
        for line in (first, "Sister Walsh: How are things, Kemi?", "Kemi: Hard.", "Sister Walsh: What would help?"):
            document.add_paragraph(line)
        path = tmp_path / "typed.docx"
        document.save(path)
        assert [u.speaker for u in read_transcript(path).utterances] == ["Sister Walsh", "Kemi", "Sister Walsh"]


def test_a_row_without_a_name_at_the_start_is_unknown() -> None:
    rows = [("Speaker", "Text"), ("", "Hello?"), ("Priya", "Hi.")]
    assert turns_of(rows) == [(UNKNOWN_SPEAKER, "Hello?"), ("Priya", "Hi.")]


@pytest.mark.parametrize("heading", [("Who", "Says"), ("Speaker", "Dialog"), ("Role", "Statement"),
                                     ("Name", "Comments"), ("Character", "Line")])
def test_a_heading_with_either_column_named_is_a_heading(heading: tuple[str, str]) -> None:
    assert [name for name, _ in turns_of([heading, *SCRIPT])] == ["Manager", "Nurse", "Manager", "Nurse"]


def test_the_unnamed_column_of_a_heading_is_the_one_left_with_the_most_text() -> None:
    timed = [("Time", "Speaker", "Words said aloud")] + [(f"00:00:0{i}", name, text)
                                                         for i, (name, text) in enumerate(SCRIPT)]
    document = docx.Document()
    add_table(document, timed)
    turns = table_turns(_reopened(document))
    assert [u.speaker for u in turns] == ["Manager", "Nurse", "Manager", "Nurse"]
    assert starts(turns) == [0.0, 1.0, 2.0, 3.0]


def test_an_unheaded_table_tolerates_stage_directions_blank_names_and_odd_times() -> None:
    """One odd row used to make the whole table unreadable."""
    rows = [("[00:04]", "Manager", "Thanks for coming in. How was the night?"), ("(Nurse sighs)", ""),
            ("[00:09]", "Nurse", "Hard."), ("", "", "We were two short."), ("Manager", "")]
    document = docx.Document()
    add_table(document, rows)
    turns = table_turns(_reopened(document))
    assert speakers_and_texts(turns) == [("Manager", "Thanks for coming in. How was the night? (Nurse sighs)"),
                                         ("Nurse", "Hard. We were two short.")]
    assert starts(turns) == [4.0, 9.0]


def test_a_short_punctuated_exchange_is_a_table_of_turns() -> None:
    exchange = [("Manager", "Can I have a word about the rota?"), ("Nurse", "Sure, what is it?")]
    assert [name for name, _ in turns_of(exchange)] == ["Manager", "Nurse"]


def test_line_breaks_and_tabs_in_a_cell_are_spaces() -> None:
    document = docx.Document()
    table = add_table(document, [("Speaker", "Text"), ("Manager", ""), ("Nurse", "Fine.")])
    paragraph = table.rows[1].cells[1].paragraphs[0]
    paragraph.add_run("Thanks").add_break()
    paragraph.add_run("for coming in.").add_tab()
    paragraph.add_run("(pause)")
    assert speakers_and_texts(table_turns(_reopened(document)))[0] == ("Manager", "Thanks for coming in. (pause)")


def test_the_fallback_copy_of_a_text_box_is_not_read_twice() -> None:
    """Word keeps a text box twice (mc:Choice and mc:Fallback); both hold the table."""
    document = docx.Document()
    table = add_table(document, [("Speaker", "Text"), *SCRIPT])
    fallback = OxmlElement("w:p")
    fallback.append(etree.fromstring(
        '<mc:Fallback xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"/>'))
    fallback[0].append(copy.deepcopy(table._tbl))
    document.element.body.append(fallback)
    assert len(table_turns(_reopened(document))) == 4


def test_rows_in_a_content_control_are_read() -> None:
    """Templates wrap table rows in content controls (``w:sdt``); those rows were skipped."""
    document = docx.Document()
    table = add_table(document, [("Speaker", "Text"), *SCRIPT])
    row = table.rows[2]._tr
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    row.addprevious(control)
    control.append(content)
    content.append(row)
    assert [u.speaker for u in table_turns(_reopened(document))] == ["Manager", "Nurse", "Manager", "Nurse"]


def test_times_that_go_back_are_dropped_rather_than_refusing_the_file() -> None:
    document = docx.Document()
    add_table(document, [("Time", "Speaker", "Text"), ("00:00:09", "Priya", "Hi."), ("00:00:05", "Dan", "Hello.")])
    assert starts(table_turns(_reopened(document))) == [None, None]
