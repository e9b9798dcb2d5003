"""The uploads' state: reading uploaded bytes, a corrected act, renamed speakers, the CSV."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analyzer.analyze import Analysis
from analyzer.errors import InputError
from analyzer.figures import summarize
from analyzer.web.session import Upload, Workspace, correct_label, labelled_csv, rename_speakers, safe_file_name

from ..reports.helpers import table_for


def upload_of(rows: list[dict]) -> Upload:
    table = table_for(rows)
    return Upload("id", "x.txt", Analysis("x.txt", "text", table, summarize(table)))


ROWS = [{"speaker": "Ann", "turn": 0, "text": "What went well?", "act": "open_question", "style": "coaching",
         "confidence": 0.9},
        {"speaker": "Ann", "turn": 0, "text": "Send it today.", "act": "instruction", "style": "directive",
         "confidence": 0.4},
        {"speaker": "Bo", "turn": 1, "text": "The launch.", "act": "information", "style": "neutral",
         "confidence": 0.8}]


@pytest.mark.parametrize(("name", "safe"), [
    ("meeting.vtt", "meeting.vtt"), ("../../etc/passwd", "passwd"), ("C:\\Users\\me\\Team call.DOCX", "Team_call.docx"),
    (".hidden", "transcript.hidden"), ("<b>.txt", "b.txt"), ("<>.txt", "transcript.txt"), ("no-suffix", "no-suffix"),
])
def test_uploaded_names_become_plain_file_names_that_keep_their_format(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_an_upload_is_read_by_the_readers_and_named_as_uploaded() -> None:
    workspace = Workspace()
    try:
        transcript = workspace.read_upload(b"Ann: What went well?\nBo: The launch.\n", "team/notes.txt")
        assert transcript.source == "team/notes.txt" and transcript.format == "text"
        assert [u.speaker for u in transcript.utterances] == ["Ann", "Bo"]
        with pytest.raises(InputError, match=r"^notes\.txt: is empty$"):
            workspace.read_upload(b"", "notes.txt")
        assert not list(workspace.folder.iterdir())  # nothing stays on disk
    finally:
        workspace.close()
    assert not workspace.folder.exists()


def test_a_correction_sets_act_and_style_and_recomputes_the_figures() -> None:
    upload = upload_of(ROWS)
    assert upload.analysis.speakers[0]["advice"] == 1

    correct_label(upload, 1, "closed_question")

    row = upload.analysis.sentences.iloc[1]
    assert (row["act"], row["style"], row["confidence"]) == ("closed_question", "neutral", 1.0)
    ann = upload.analysis.speakers[0]
    assert (ann["questions"], ann["advice"], ann["styles"]["directive"]) == (2, 0, 0)
    assert upload.corrected == {1}


@pytest.mark.parametrize(("index", "act"), [(0, "question"), (3, "advice"), (-1, "advice")])
def test_a_correction_to_no_act_or_no_sentence_is_refused(index: int, act: str) -> None:
    with pytest.raises(InputError):
        correct_label(upload_of(ROWS), index, act)


def test_renames_touch_only_the_names_given_and_can_join_two_speakers() -> None:
    table = table_for(ROWS)
    assert list(rename_speakers(table, {"Bo": " Bo  Li "})["speaker"]) == ["Ann", "Ann", "Bo Li"]
    assert list(rename_speakers(table, {"Bo": "Ann", "Nobody": "X"})["speaker"]) == ["Ann"] * 3
    assert list(table["speaker"]) == ["Ann", "Ann", "Bo"]  # the input is left as it was
    with pytest.raises(InputError, match="empty"):
        rename_speakers(table, {"Ann": " "})
    with pytest.raises(InputError, match="longer than"):
        rename_speakers(table, {"Ann": "x" * 201})


def test_the_csv_has_every_sentence_its_label_and_whether_the_user_chose_it() -> None:
    upload = upload_of(ROWS)
    correct_label(upload, 2, "affirmation")
    data = labelled_csv(upload)
    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(rows["act"]) == ["open_question", "instruction", "affirmation"]
    assert list(rows["corrected"]) == [0, 0, 1]
    assert list(rows["text"]) == [r["text"] for r in ROWS]


def test_a_corrected_sentence_is_no_longer_unsure() -> None:
    """Where the model flags unsure sentences itself, the user's label clears the flag."""
    upload = upload_of(ROWS)
    upload.analysis.sentences["unsure"] = [False, True, False]
    correct_label(upload, 1, "advice")
    assert list(upload.analysis.sentences["unsure"]) == [False, False, False]


def test_a_correction_recounts_the_missed_moments_and_keeps_their_questions() -> None:
    """Bo explores twice and Ann tells him each time (rows 1 -> 2 and 3 -> 4): two moments. Ann's
    "Ring Sam today." corrected to an open question undoes the first; the second keeps the
    question it had, so nothing is parsed again."""
    from analyzer.figures import conversation_figures

    table = pd.DataFrame({
        "speaker": ["Ann", "Bo", "Ann", "Bo", "Ann"], "role": ["manager", "staff"] * 2 + ["manager"],
        "turn": [0, 1, 2, 3, 4],
        "text": ["What could you do?", "I could ask Sam.", "Ring Sam today.", "I'm worried about the rota.",
                 "Swap the shifts."],
        "act": ["open_question", None, "instruction", None, "advice"],
        "style": ["coaching", None, "directive", None, "directive"],
        "staff_act": [None, "own_option", None, "concern", None], "confidence": 0.9, "start": None, "end": None})
    conversation = conversation_figures(list(table.itertuples(index=False, name=None)))
    assert [(m["staff_row"], m["manager_row"]) for m in conversation["missed_moments"]] == [(1, 2), (3, 4)]
    conversation["missed_moments"] = [m | {"alternative": f"Question {k}?"}
                                      for k, m in enumerate(conversation["missed_moments"], 1)]
    upload = Upload("id", "x.txt", Analysis("x.txt", "text", table, summarize(table), [], conversation))

    correct_label(upload, 2, "open_question")

    after = upload.analysis.conversation
    assert after["missed_coaching_moments"] == 1
    assert [(m["staff_row"], m["manager_row"], m["alternative"]) for m in after["missed_moments"]] == \
        [(3, 4, "Question 2?")]
