"""Whole labelled conversations: what a good file holds, and a one-line error for a bad one."""

from pathlib import Path

import pytest

from analyzer.config import CONVERSATIONS_DIR
from analyzer.conversations import COLUMNS, read_conversation, read_conversations
from analyzer.errors import InputError
from analyzer.labels import ACTS, STAFF_ACTS
from analyzer.splits import conversation_split

FIXTURES = Path(__file__).parent / "fixtures" / "conversations"
HEADER = ",".join(COLUMNS)


def test_a_conversation_reads_with_its_split_and_rows(tmp_path):
    frame = read_conversation(FIXTURES / "fx-004.csv")
    assert frame["turn"].tolist()[:3] == [0, 0, 1]
    assert set(frame["split"]) == {conversation_split("fx-004")}
    assert frame["source_row"].iloc[0] == 2


@pytest.mark.parametrize("row, problem", [
    ("w-1,one_to_one,ward,clean,0,Ann,boss,0,Hi.,other,,", "role must be one of"),
    ("w-1,one_to_one,ward,clean,0,Ann,manager,0,Hi.,agreement,,", "needs one of the nine acts"),
    ("w-1,one_to_one,ward,clean,0,Ann,staff,0,Hi.,,advice,", "needs a staff_act"),
    ("w-1,chat,ward,clean,0,Ann,manager,0,Hi.,other,,", "kind must be one of"),
    ("w-2,one_to_one,ward,clean,0,Ann,manager,0,Hi.,other,,", "file's name"),
])
def test_a_bad_row_is_named(tmp_path, row, problem):
    path = tmp_path / "w-1.csv"
    path.write_text(f"{HEADER}\n{row}\n")
    with pytest.raises(InputError, match=problem) as caught:
        read_conversation(path)
    assert "w-1.csv" in str(caught.value)


def test_turns_must_follow_the_speaker_changes(tmp_path):
    path = tmp_path / "w-1.csv"
    path.write_text(f"{HEADER}\nw-1,one_to_one,ward,clean,0,Ann,manager,0,Hi.,other,,\n"
                    "w-1,one_to_one,ward,clean,0,Bo,staff,1,Hi.,,other,\n")
    with pytest.raises(InputError, match="speaker changes"):
        read_conversation(path)


def test_a_file_in_another_layout_is_refused_naming_the_columns():
    with pytest.raises(InputError, match="columns are conversation, turn"):
        read_conversation(FIXTURES / "fx-bad.csv")


def test_splits_are_stable_and_roughly_seven_one_two():
    ids = [f"c-{i}" for i in range(2000)]
    splits = [conversation_split(i) for i in ids]
    assert splits == [conversation_split(i) for i in ids]
    assert 0.65 < splits.count("train") / 2000 < 0.75 and 0.07 < splits.count("calibration") / 2000 < 0.13


def test_the_bundled_conversations_are_valid_and_realistic():
    """The data card's promises: 150+ conversations, 6,000+ manager sentences, mostly neutral."""
    frame = read_conversations([CONVERSATIONS_DIR])
    manager = frame[frame["role"] == "manager"]
    assert frame["conversation"].nunique() >= 150 and len(manager) >= 6000
    assert set(manager["act"]) == set(ACTS)
    assert set(frame.loc[frame["role"] != "manager", "staff_act"]) == set(STAFF_ACTS)
    neutral = manager["act"].isin(["closed_question", "information", "other"]).mean()
    assert 0.5 < neutral < 0.75
    assert set(frame["split"]) == {"train", "calibration", "test"}
    assert set(frame["kind"]) == {"one_to_one", "team_meeting", "role_play"}
    assert set(frame["variant"]) == {"clean", "asr"}
