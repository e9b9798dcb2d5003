"""Bad training data: each problem is one clear error with the file and row numbers."""

import pytest

from analyzer.errors import InputError
from analyzer.labelled import load_labelled


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sentence,label\nHello there,other\n", r"missing column\(s\) 'text'.*--text-column"),
        ("text,style\nTell me more.,coaching\nSend it.,instruction\n",
         r"row 3: 'instruction' is an act; the 'style' column needs"),
    ],
)
def test_files_that_cannot_train_are_one_line_errors(tmp_path, content, message):
    with pytest.raises(InputError, match=message):
        load_labelled([write(tmp_path, "a.csv", content)])


@pytest.mark.parametrize(("name", "content"), [
    ("team_meeting.txt", "Anna: So, how did the handover go this week?\nBen: Fine, thanks.\n"),
    ("team_meeting.csv", "Anna: Tell me about the rota\nBen: It is fine\n"),
    ("memo.txt", "Budget memo\n\nThe ward budget for next year is frozen at this year's level.\n"),
])
def test_a_transcript_given_to_train_is_refused_without_its_text(tmp_path, name, content):
    """The error once listed the first line of speech as the file's "columns" (issue 25)."""
    with pytest.raises(InputError) as err:
        load_labelled([write(tmp_path, name, content)])
    message = str(err.value)
    assert "missing column(s) 'text', 'act'" in message and "not a row of column headings" in message
    for line in content.splitlines():
        for words in line.split(","):
            assert not words.strip() or words.strip() not in message, words


def test_the_headings_of_a_sheet_are_named_when_they_are_headings(tmp_path):
    path = write(tmp_path, "a.csv", "Sentence,Label\nHello there,other\n")
    with pytest.raises(InputError, match=r"missing column\(s\) 'text', 'act' \(columns: Sentence, Label\)"):
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
    notes = []
    frame = load_labelled([acts, styles], on_note=notes.append)
    assert set(frame["target"]) == {"style"}
    assert frame["label"].tolist() == ["coaching", "directive"]
    assert len(notes) == 1 and "styles.csv labels styles only" in notes[0] and "unavailable" in notes[0]


def test_a_style_word_in_the_act_column_is_an_error_not_a_style_target(tmp_path):
    acts = write(tmp_path, "corpus.csv", "text,act\nTell me more.,open_question\nSend it.,instruction\n")
    mine = write(tmp_path, "mine.csv", "text,act\nHow was it?,open_question\nWell done.,coaching\n")
    with pytest.raises(InputError, match=r"mine\.csv: row 3: 'coaching' is a style; the 'act' column needs one of "
                                         r"the nine acts, or put styles in a `style` column"):
        load_labelled([acts, mine])


def test_a_chosen_label_column_holds_acts_if_any_value_is_an_act(tmp_path):
    path = write(tmp_path, "a.csv", "text,mine\nTell me more.,open_question\nSend it.,directive\n")
    with pytest.raises(InputError, match=r"row 3: 'directive' is a style; the 'mine' column"):
        load_labelled([path], label_column="mine")
    styles = write(tmp_path, "b.csv", "text,mine\nTell me more.,coaching\nSend it.,directive\n")
    assert set(load_labelled([styles], label_column="mine")["target"]) == {"style"}


def test_text_longer_than_spacy_takes_lists_rows(tmp_path):
    # spaCy refuses a text over its length limit mid-run; it is reported before training starts
    path = write(tmp_path, "a.csv", "text,act\nHello there,other\n" + "word " * 200_001 + ",other\n")
    with pytest.raises(InputError, match=r"text over 1,000,000 characters in row 3; each row should be one"):
        load_labelled([path])


def test_a_filled_style_column_is_used_when_the_suggested_act_column_is_left_empty(tmp_path):
    path = write(tmp_path, "sheet.csv", "text,act,predicted_act,style\nTell me more.,,advice,coaching\n"
                                        "Send it.,,instruction,directive\n")
    notes = []
    frame = load_labelled([path], on_note=notes.append)
    assert frame["label"].tolist() == ["coaching", "directive"] and set(frame["target"]) == {"style"}
    assert len(notes) == 1 and "act column is empty, so the labels come from the style column" in notes[0]


def test_an_excel_cp1252_csv_names_the_line_and_how_to_save_it(tmp_path):
    path = write(tmp_path, "a.csv", "text,act\r\nHello there,other\r\nThat’s it,other\r\n".encode("cp1252"))
    with pytest.raises(InputError, match=r"a\.csv: is not valid UTF-8 or UTF-16 text \(byte 0x92 at position 33, "
                                         r"line 3\); save it as UTF-8 \(Excel: 'CSV UTF-8 \(Comma delimited\)'"):
        load_labelled([path])


@pytest.mark.parametrize(("sep", "header"), [(";", "text;act"), ("\t", "text\tact"), (";", "Text ; Act")])
def test_semicolon_and_tab_separated_files_are_read(tmp_path, sep, header):
    """Also with headings typed in capitals or with spaces, as people type them in Excel."""
    content = (f"{header}{sep}confidence\r\nWell, what now?{sep}open_question{sep}0,25\r\n"
               f"Send it.{sep}instruction{sep}1\r\n")
    frame = load_labelled([write(tmp_path, "a.csv", content)])
    assert frame["text"].tolist() == ["Well, what now?", "Send it."]
    assert frame["label"].tolist() == ["open_question", "instruction"]


def test_rows_with_no_cell_filled_are_skipped_and_row_numbers_stay_excels(tmp_path):
    path = write(tmp_path, "a.csv", "text,act,note\nHello there,other,\n,,\n\nOkay.,other,x\n"
                                    "Do it.,instruction,\n,advice,\n , ,\n")
    with pytest.raises(InputError, match=r"empty text in row 7$"):
        load_labelled([path])
    path.write_text("text,act,note\nHello there,other,\n,,\n\nOkay.,other,x\n , ,\n", encoding="utf-8")
    frame = load_labelled([path])
    assert frame["text"].tolist() == ["Hello there", "Okay."] and frame["source_row"].tolist() == [2, 5]


def test_labels_in_any_case_with_spaces_or_hyphens_are_accepted(tmp_path):
    path = write(tmp_path, "a.csv", "text,act\nA?,Open question\nB.,INSTRUCTION\nC?,open-question\n"
                                    "D?, Leading_Question \nE.,other\n")
    assert load_labelled([path])["label"].tolist() == ["open_question", "instruction", "open_question",
                                                       "leading_question", "other"]


def test_blank_labels_are_named_as_missing_not_unknown(tmp_path):
    path = write(tmp_path, "a.csv", "text,act\nA?,other\nB.,\nC.,  \n")
    with pytest.raises(InputError, match=r"no label in rows 3, 4 \(fill them in or delete the rows\)$"):
        load_labelled([path])
    unlabelled = write(tmp_path, "b.csv", "text,act,predicted_act\nA?,,other\nB.,,advice\n")
    with pytest.raises(InputError, match=r"no label in any row: the 'act' column is empty .*--label-column"):
        load_labelled([unlabelled])


def test_a_folder_is_named_as_a_folder_not_a_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"is a folder; give the labelled CSV file\(s\) in it"):
        load_labelled([tmp_path])


def test_every_kind_of_bad_row_is_named_at_once(tmp_path):
    """One round of fixes in Excel, not one per kind of problem."""
    path = write(tmp_path, "a.csv", "text,act\nFine.,other\nTell me more.,coaching\nB.,\n,other\nDo it,instruct\n")
    with pytest.raises(InputError) as err:
        load_labelled([path])
    message = str(err.value)
    assert "\n" not in message
    for part in ("empty text in row 5", "no label in row 4", "unknown label(s) 'instruct' in row 6",
                 "row 3: 'coaching' is a style"):
        assert part in message, part


def test_split_and_group_read_whatever_the_case_of_heading_or_value(tmp_path):
    path = write(tmp_path, "a.csv", "Text,Act,Split,Group\nTell me more.,open_question,Test ,c1\n"
                                    "Send it.,instruction,TRAIN,c2\nWhat now?,open_question,,c2\n")
    frame = load_labelled([path])
    assert frame["split"].tolist() == ["test", "train", ""]
    assert frame["group"].tolist() == ["c1", "c2", "c2"]


def test_a_split_that_is_neither_train_nor_test_names_its_rows(tmp_path):
    path = write(tmp_path, "a.csv", "text,act,split\nTell me more.,open_question,holdout\nSend it.,instruction,test\n")
    with pytest.raises(InputError, match=r"split 'holdout' in row 2; a split is test"):
        load_labelled([path])


@pytest.mark.parametrize(("content", "line"), [
    ("text,act\nWell, what happened?,open_question\nSend it.,instruction\n", 2),
    ("text,act\nSend it.,instruction\nWell, what happened?,open_question\n", 3),
    ("text;act\nSend it.;instruction\nWell; what happened?;open_question\n", 3),
])
def test_a_row_with_more_cells_than_the_header_is_named_not_shifted(tmp_path, content, line):
    sep = "semicolons" if ";" in content else "commas"
    with pytest.raises(InputError, match=rf"line {line} has more cells than the header's 2; put a text that holds "
                                         rf"{sep} in double quotes"):
        load_labelled([write(tmp_path, "a.csv", content)])


def test_a_chosen_text_column_beside_one_called_text_is_the_one_read(tmp_path):
    path = write(tmp_path, "a.csv",
                 "text,sentence,act\nraw 1,What happened?,open_question\nraw 2,Send it.,instruction\n")
    frame = load_labelled([path], text_column="sentence")
    assert frame["text"].tolist() == ["What happened?", "Send it."]


@pytest.mark.parametrize(("header", "named"), [("text,act,act", "act"), ("text,text,act", "text"),
                                               ("text,Act, act", "act")])
def test_two_columns_with_one_heading_are_refused_by_name(tmp_path, header, named):
    """``text,act,act`` trained on the first act without a word; ``text,text,act`` blamed the labels."""
    path = write(tmp_path, "a.csv", f"{header}\nTell me more.,open_question,open_question\n")
    with pytest.raises(InputError, match=rf"a.csv: has two columns headed '{named}'; rename or delete one"):
        load_labelled([path])


def test_blank_headings_of_empty_columns_are_not_duplicates(tmp_path):
    path = write(tmp_path, "a.csv", "text,act,,\nTell me more.,open_question,,\n")
    assert load_labelled([path])["text"].tolist() == ["Tell me more."]


def test_cells_escaped_for_spreadsheets_read_back_as_the_original_text(tmp_path):
    """What ``suggest`` writes (safe_csv) trains on the text as it was said."""
    path = write(tmp_path, "a.csv", "text,act\n'=SUM(A1) is the total.,information\n'-2 is the score.,information\n"
                                    "'quoted' stays.,other\n")
    assert load_labelled([path])["text"].tolist() == ["=SUM(A1) is the total.", "-2 is the score.",
                                                      "'quoted' stays."]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_a_labelled_sheet_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "a.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"a.csv: is a FIFO \(named pipe\), not a regular file"):
        load_labelled([fifo])
