"""Training rows from every source: context where it exists, none where it does not."""

import pandas as pd
import pytest

from analyzer.context import NO_CONTEXT
from analyzer.conversations import read_conversations
from analyzer.errors import InputError
from analyzer.training_rows import (
    conversation_rows,
    fold_of_units,
    outside_rows,
    set_contexts,
    sheet_asr_copies,
    sheet_rows,
    with_asr_units,
)

from .test_conversations import FIXTURES


@pytest.fixture()
def conversation():
    return read_conversations([FIXTURES / "fx-004.csv", FIXTURES / "fx-011.csv"])


def test_only_the_managers_sentences_train_the_act_model_and_only_the_others_the_staff_model(conversation):
    acts = conversation_rows(conversation, "act")
    staff = conversation_rows(conversation, "staff_act")
    assert set(conversation.loc[acts["trainable"], "role"]) == {"manager"}
    assert set(conversation.loc[staff["trainable"], "role"]) == {"staff", "other"}
    assert (acts["label"][~acts["trainable"]] == "").all()


def test_a_punctuated_conversation_gets_a_recogniser_copy_with_its_own_unpunctuated_context(conversation):
    rows = with_asr_units(conversation_rows(conversation))
    copy = rows[rows["unit"] == "fx-004#asr"]
    assert len(copy) == (conversation["conversation"] == "fx-004").sum()
    assert copy["text"].iloc[1] == "how did the early bake go"
    assert "fx-011#asr" not in set(rows["unit"])  # already recogniser-style
    contexts = set_contexts(rows)
    assert "punct_q" in contexts[(rows["unit"] == "fx-004") & (rows["text"] == "How did the early bake go?")].iloc[0]
    assert all("unpunct" in c for c in contexts[rows["unit"] == "fx-004#asr"])


def test_sheet_rows_have_no_context_and_keep_their_groups_together():
    frame = pd.DataFrame({"text": ["What helps?", "Send it.", "Okay."], "label": ["open_question", "instruction",
                          "other"], "split": ["train", "", "test"], "group": ["g1", "g1", ""],
                          "source": "s.csv", "source_row": [2, 3, 4], "variant": "clean"})
    rows = sheet_asr_copies(sheet_rows(frame))
    assert (set_contexts(rows) == NO_CONTEXT).all()
    assert rows["unit"].iloc[0] == rows["unit"].iloc[1] != rows["unit"].iloc[2]
    assert "what helps" in set(rows["text"]) and rows["split"].iloc[1] == "train"


def test_an_outside_corpus_is_ordered_by_position_weighted_and_turned_by_speaker(tmp_path):
    path = tmp_path / "outside.csv"
    path.write_text("meeting,speaker_role,position,text,act\nM1,PM,10,Shall we start?,closed_question\n"
                    "M1,PM,2,Okay everyone.,other\nM1,ID,12,I think the button works.,information\n")
    rows = outside_rows(path, 0.05)
    assert rows["text"].tolist() == ["Okay everyone.", "Shall we start?", "I think the button works."]
    assert rows["turn"].tolist() == [0, 0, 1] and (rows["weight"] == 0.05).all()


def test_an_outside_corpus_in_another_layout_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("text,act\nHello,other\n")
    with pytest.raises(InputError, match="missing column"):
        outside_rows(path, 0.05)


def test_folds_keep_a_conversation_and_its_recogniser_copy_together():
    units = pd.Series(["a", "a#asr", "b", "b#asr", "c", "d"])
    fold = fold_of_units(units, 2)
    assert fold[0] == fold[1] and fold[2] == fold[3] and set(fold) == {0, 1}
