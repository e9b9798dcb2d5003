"""CSV: a header with speaker,text[,start,end]; spreadsheet quirks are tolerated."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.errors import InputError
from analyzer.readers.csv_table import read_csv
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import ends, speakers_and_texts, starts


def test_csv_with_mixed_time_styles_and_extra_columns(fixture_text: Callable[[str], str]) -> None:
    utterances = read_csv(fixture_text("transcript.csv"), "transcript.csv")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Thanks for coming, Tom. How are you finding the new rota?"),
        (
            "Tom Becker",
            "Better, mostly. The early shifts are tough with childcare. Especially on Mondays.",
        ),
        # the row with an empty text cell is skipped
        ("Maria Lopez", "What would make Mondays work for you?"),
    ]
    assert starts(utterances) == pytest.approx([1.5, 5.9, 12.0])
    assert ends(utterances) == pytest.approx([5.2, 11.0, 14.8])


def test_missing_text_column(fixture_text: Callable[[str], str]) -> None:
    with pytest.raises(InputError, match=r"has no 'text' column") as caught:
        read_csv(fixture_text("no_text_column.csv"), "no_text_column.csv")
    assert caught.value.path == "no_text_column.csv"


def test_headerless_csv_does_not_echo_the_first_row() -> None:
    with pytest.raises(InputError, match=r"has no 'text' column") as caught:
        read_csv("Maria Lopez,Confidential remark\n", "t.csv")
    assert "Confidential" not in str(caught.value)


def test_semicolon_delimiter_and_no_speaker_column() -> None:
    text = "TEXT;Start\nGood morning.;0:01\nShall we begin?;0:04\n"
    utterances = read_csv(text, "t.csv")
    assert speakers_and_texts(utterances) == [(UNKNOWN_SPEAKER, "Good morning. Shall we begin?")]
    assert (utterances[0].start, utterances[0].end) == (1.0, None)


def test_decimal_commas_in_a_semicolon_file() -> None:
    text = "speaker;text;start;end\nMaria;Hi.;1,5;4,25\nTom;Hello.;00:00:04,5;8\n"
    assert starts(read_csv(text, "t.csv")) == [1.5, 4.5]
    with pytest.raises(InputError, match=r"line 2 has an invalid start time$"):
        read_csv('speaker,text,start\nMaria,Hi.,"1,500"\n', "t.csv")


def test_tab_delimiter_and_short_rows() -> None:
    text = "speaker\ttext\tstart\tend\nMaria\tHi.\nTom\tHello.\t3\t4.5\n"
    utterances = read_csv(text, "t.tsv")
    assert speakers_and_texts(utterances) == [("Maria", "Hi."), ("Tom", "Hello.")]
    assert starts(utterances) == [None, 3.0]
    assert ends(utterances) == [None, 4.5]


def test_invalid_time_names_the_line() -> None:
    text = "speaker,text,start\nMaria,Hi.,0:01\nTom,Hello.,about noon\n"
    with pytest.raises(InputError, match=r"line 3 has an invalid start time$"):
        read_csv(text, "t.csv")


def test_blank_rows_are_ignored() -> None:
    text = "speaker,text\n\nMaria,Hi.\n,\nTom,Hello.\n"
    assert speakers_and_texts(read_csv(text, "t.csv")) == [("Maria", "Hi."), ("Tom", "Hello.")]


def test_runaway_quote_is_an_input_error_not_a_csv_error() -> None:
    # an unclosed quote swallows the rest of the file into one over-long field
    text = 'speaker,text\nAnn,Morning.\n\nMaria,"Hi.\n' + "Tom,Hello.\n" * 20_000
    with pytest.raises(InputError, match=r"is not valid CSV: the row starting on line 4 has a cell over "
                                         r"131,072 characters \(is a quote left open there\?\)$"):
        read_csv(text, "t.csv")


def test_error_after_a_multi_line_cell_names_the_line_its_row_starts_on() -> None:
    # a quoted cell may hold line breaks (Excel writes them); the open quote after it is on line 5
    text = 'speaker,text\nAnn,"Morning.\nAll well."\nBen,Yes.\nMaria,"Hi.\n' + "Tom,Hello.\n" * 20_000
    with pytest.raises(InputError, match=r"the row starting on line 5 has a cell over"):
        read_csv(text, "t.csv")


@pytest.mark.parametrize("tail", ["", "\n\n"])
def test_a_quote_left_open_to_the_end_is_named_not_read_as_one_turn(tail: str) -> None:
    """Short of the cell limit, the rest of the conversation became one speaker's text."""
    text = 'speaker,text\nAnn,"Morning.\nAll well."\nMaria,"How are you doing today?\nTom,Fine thanks.\n' + tail
    with pytest.raises(InputError, match=r"a quote in the row starting on line 4 is never closed, so every line"):
        read_csv(text, "t.csv")


def test_a_stray_quote_inside_a_cell_is_text() -> None:
    """Not a quote left open: only a cell that starts with one is quoted."""
    text = 'speaker,text\nAnn,"Morning.\nAll well."\nTom,I am 5\'11" tall.\n\n'
    assert speakers_and_texts(read_csv(text, "t.csv")) == [("Ann", "Morning. All well."), ("Tom", "I am 5'11\" tall.")]


def test_blank_lines_above_the_header_are_skipped() -> None:
    """Refused before as having "no 'text' column", which its header had."""
    text = "\n  \n;;\nspeaker;text;start\nMaria;Hi.;1,5\nTom;Hello.;3\n"
    utterances = read_csv(text, "t.csv")
    assert speakers_and_texts(utterances) == [("Maria", "Hi."), ("Tom", "Hello.")]
    assert starts(utterances) == [1.5, 3.0]


def test_a_line_number_after_blank_lines_above_the_header_is_the_files() -> None:
    with pytest.raises(InputError, match=r"line 4 has an invalid start time$"):
        read_csv("\n\nspeaker,text,start\nTom,Hello.,about noon\n", "t.csv")
