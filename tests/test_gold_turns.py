"""Unpunctuated turns with gold boundaries: the splitter's training and benchmark sets."""

from pathlib import Path

import pandas as pd
import pytest

from analyzer.gold_turns import ami_turns, boundary_offsets, conversation_turns, corpus_turns

from .conftest import SHARED_DIR


def test_boundaries_are_the_word_offsets_of_each_later_sentence() -> None:
    assert boundary_offsets(["okay so", "what happened on tuesday", "have you spoken to sarah"]) == {2, 6}
    assert boundary_offsets(["one sentence only"]) == set()


def test_ami_turns_join_consecutive_acts_of_one_speaker_in_position_order() -> None:
    table = pd.DataFrame({
        "meeting": ["m1", "m1", "m1", "m1", "m2"],
        "speaker_role": ["PM", "ME", "PM", "PM", "PM"],
        "position": [1, 4, 2, 7, 1],
        "text": ["Right, shall we start?", "I think so.", "Okay, first the agenda.", "Um, that's it.", "Hello all."],
    })
    assert ami_turns(table) == [
        ["right shall we start", "okay first the agenda"],
        ["i think so"],
        ["um thats it"],
        ["hello all"],
    ]


def test_corpus_pseudo_turns_hold_one_to_four_sentences_of_the_asked_split_only() -> None:
    table = pd.DataFrame({
        "text": [f"Sentence number {i}." for i in range(30)],
        "group": ["g1"] * 15 + ["g2"] * 15,
        "split": ["train"] * 15 + ["test"] * 15,
    })
    turns = corpus_turns(table, "test")
    assert all(1 <= len(t) <= 4 for t in turns)
    assert [s for t in turns for s in t] == [f"sentence number {i}" for i in range(15, 30)]


def test_conversation_turns_keep_real_turns_of_the_asked_split(tmp_path: Path) -> None:
    rows = [("w1-017", 0, "Morning, Sam. How was the weekend?"), ("w1-017", 0, "Good, I hope."),
            ("w1-017", 1, "Fine, thanks.")]
    pd.DataFrame(rows, columns=["conversation", "turn", "text"]).to_csv(tmp_path / "w1-017.csv", index=False)
    # one row is one gold sentence, whatever punctuation it holds; w1-017 is in the test split
    assert conversation_turns(tmp_path, "test") == [["morning sam how was the weekend", "good i hope"],
                                                    ["fine thanks"]]
    assert conversation_turns(tmp_path, "train") == []


@pytest.mark.skipif(not (SHARED_DIR / "dev" / "ami_dev.csv").is_file(), reason="needs ../shared")
def test_ami_dev_turns_hold_every_act_of_the_table() -> None:
    table = pd.read_csv(SHARED_DIR / "dev" / "ami_dev.csv", keep_default_na=False)
    turns = ami_turns(table)
    assert sum(len(t) for t in turns) == len(table)  # no act is empty after asr_style (all have 3+ words)
    assert len(turns) < len(table)
