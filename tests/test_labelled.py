"""Bad training data: each problem is one clear error with the file and row numbers."""

import pytest

from analyzer.errors import InputError
from analyzer.labelled import load_labelled


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, "a.csv", "sentence,label\nHello there,other\n")
    with pytest.raises(InputError, match=r"missing column\(s\) 'text'.*--text-column"):
        load_labelled([path])


def test_unknown_labels_list_rows(tmp_path):
    path = write(tmp_path, "a.csv", "text,act\nHello there,other\nDo it now,instruct\nWhat now?,questions\n")
    with pytest.raises(InputError, match=r"unknown label\(s\) 'instruct', 'questions' in rows 3, 4") as err:
        load_labelled([path])
    assert str(path) in str(err.value)


def test_empty_text_lists_rows(tmp_path):
    path = write(tmp_path, "a.csv", 'text,act\nHello there,other\n"  ",other\n')
    with pytest.raises(InputError, match="empty text in row 3"):
        load_labelled([path])


def test_same_sentence_with_two_labels_across_files(tmp_path):
    a = write(tmp_path, "a.csv", "text,act\nSend it by Friday.,instruction\n")
    b = write(tmp_path, "b.csv", "text,act\nOkay.,other\nsend it by  friday.,advice\n")
    with pytest.raises(InputError, match=r"same sentence has different labels: a\.csv row 2, b\.csv row 3"):
        load_labelled([a, b])


def test_not_csv_and_not_utf8(tmp_path):
    with pytest.raises(InputError, match=r"not valid UTF-8|not a text file"):
        load_labelled([write(tmp_path, "a.csv", b"text,act\n\xff\xfe\x00\x00caf\xe9,other\n")])
    with pytest.raises(InputError, match="not a readable CSV"):
        load_labelled([write(tmp_path, "b.csv", 'text,act\n"unclosed,other\n')])
    with pytest.raises(InputError, match="file not found"):
        load_labelled([tmp_path / "none.csv"])


def test_styles_only_file_makes_a_style_target_and_maps_acts(tmp_path):
    acts = write(tmp_path, "acts.csv", "text,act\nTell me more.,open_question\n")
    styles = write(tmp_path, "styles.csv", "text,style\nDo it now.,directive\n")
    frame = load_labelled([acts, styles])
    assert set(frame["target"]) == {"style"}
    assert frame["label"].tolist() == ["coaching", "directive"]


def test_text_longer_than_spacy_takes_lists_rows(tmp_path):
    # spaCy refuses a text over its length limit mid-run; it is reported before training starts
    path = write(tmp_path, "a.csv", "text,act\nHello there,other\n" + "word " * 200_001 + ",other\n")
    with pytest.raises(InputError, match=r"text over 1,000,000 characters in row 3; each row should be one"):
        load_labelled([path])
