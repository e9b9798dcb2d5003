"""Reading the texts ``analyzer classify`` labels: CSV columns or plain lines."""

import pytest

from analyzer.analyze import cached_model
from analyzer.classify import classify_frame, read_texts
from analyzer.errors import InputError
from analyzer.transcript import MAX_TURN_CHARS

LONG = "word " * (MAX_TURN_CHARS // 5 + 1)


def test_plain_lines_keep_their_line_index_as_the_row() -> None:
    frame = read_texts("notes.txt", b"Tell me more.\n\n  \nSend it today.\n", "text")
    assert frame["text"].tolist() == ["Tell me more.", "", "  ", "Send it today."]


def test_rows_of_a_text_file_count_its_blank_lines_as_a_csv_does(nlp) -> None:
    lines = classify_frame(read_texts("a.txt", b"Why not ask Sam?\n\nWhat happened?\n", "text"), "text",
                           cached_model(), nlp)
    table = classify_frame(read_texts("a.csv", b'text\nWhy not ask Sam?\n""\nWhat happened?\n', "text"), "text",
                           cached_model(), nlp)
    assert lines["row"].tolist() == table["row"].tolist() == [0, 2]


def test_csv_keeps_its_columns() -> None:
    frame = read_texts("a.csv", b"id,utterance\n1,Tell me more.\n2,Send it today.\n", "utterance")
    assert frame.to_dict(orient="list") == {"id": ["1", "2"], "utterance": ["Tell me more.", "Send it today."]}


def test_csv_without_the_column_names_the_columns() -> None:
    with pytest.raises(InputError, match=r"has no column 'text' \(columns: id, utterance\)"):
        read_texts("a.csv", b"id,utterance\n1,Hi.\n", "text")


def test_an_over_long_csv_text_names_its_row() -> None:
    data = f"id,text\n1,Hi.\n2,{LONG}\n".encode()
    with pytest.raises(InputError, match=r"^a\.csv: row 3 has a text over 1,000,000 characters") as err:
        read_texts("a.csv", data, "text")
    assert len(str(err.value).splitlines()) == 1


def test_an_over_long_line_names_its_line_counting_blank_ones() -> None:
    with pytest.raises(InputError, match=r"line 3 has a text over 1,000,000 characters"):
        read_texts("notes.txt", f"Hi.\n\n{LONG}\n".encode(), "text")


def test_a_text_at_the_limit_is_accepted() -> None:
    frame = read_texts("notes.txt", ("x" * MAX_TURN_CHARS).encode(), "text")
    assert len(frame["text"][0]) == MAX_TURN_CHARS



def test_input_columns_named_like_outputs_are_kept_beside_them(nlp) -> None:
    """A gold act column must survive classify, to compare with the model's act."""
    frame = read_texts("gold.csv", b"row,text,act,style,sentence\n7,Why not ask Sam?,reflection,coaching,s1\n", "text")

    out = classify_frame(frame, "text", cached_model(), nlp)

    assert list(out.columns) == ["row", "input_row", "input_act", "input_style", "input_sentence", "sentence",
                                 "act", "style", "confidence"]
    assert out.loc[0, ["row", "input_row", "input_act", "input_style", "sentence"]].tolist() == [
        0, "7", "reflection", "coaching", "Why not ask Sam?"]


def test_csv_is_read_as_train_reads_a_labelled_sheet() -> None:
    """Semicolons, a BOM, CRLF and a ``Text`` heading: what Excel saves in some locales."""
    data = "\ufeffID;Text\r\n1;Well, what happened?\r\n2;Send it.\r\n".encode()
    frame = read_texts("a.csv", data, "text")
    assert frame.to_dict(orient="list") == {"ID": ["1", "2"], "text": ["Well, what happened?", "Send it."]}


def test_an_unquoted_comma_in_the_first_row_is_an_error_not_a_lost_row() -> None:
    with pytest.raises(InputError, match=r"^a\.csv: line 2 has more cells than the header's 1"):
        read_texts("a.csv", b"text\nWell, what happened?\nSend it.\n", "text")
