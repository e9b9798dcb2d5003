"""The AMI converter: text rules, mapping and splits on hand-written files in AMI's layout,
and the 254 ES2002a rows of ami_train.csv from the release sample (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analyzer.corpora.ami import COLUMNS, Token, act_text, ami_act, convert, opens_with_wh, read_meetings, spelled
from analyzer.errors import InputError
from scripts.ami_to_csv import main as ami_to_csv
from tests.conftest import SHARED_DIR

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ami"
SAMPLE = SHARED_DIR / "train" / "ami_release_sample"
TRAIN_CSV = SHARED_DIR / "train" / "ami_train.csv"


def w(text: str, punc: bool = False) -> Token:
    return Token("w", text, punc, 0.0)


def test_punctuation_joins_the_word_before_and_sounds_are_left_out() -> None:
    sound, disfluency, gap = (Token(kind, "", False, 0.0) for kind in ("vocalsound", "disfmarker", "gap"))
    tokens = [w("Right"), w(",", True), sound, w("T_V_"), disfluency, w("on"), gap, w(".", True)]
    assert act_text(tokens) == "Right, TV on."


def test_a_mark_with_no_word_before_it_stands_alone() -> None:
    assert act_text([w(",", True), w("and"), w("so")]) == ", and so"


def test_spelled_letters_are_written_as_read() -> None:
    assert spelled("T_V_") == "TV"
    assert spelled("D_V_D_s") == "DVDs"
    assert spelled("well") == "well"


@pytest.mark.parametrize(("label", "text", "act"), [
    ("Suggest", "We should use a dial.", "advice"),
    ("Elicit-Offer-Or-Suggestion", "Any ideas?", "open_question"),
    ("Elicit-Inform", "Um so and then what's next?", "open_question"),
    ("Elicit-Assessment", "Is that okay?", "closed_question"),
    ("Elicit-Inform", "Like how big?", "closed_question"),  # "like" is not a leading filler
    ("Elicit-Comment-Understanding", "Who?", "open_question"),
    ("Assess", "That's nice.", "information"),
    ("Offer", "I can do that.", "information"),
    ("Be-Positive", "Thanks, everyone.", "affirmation"),
    ("Stall", "Um and um", "other"),
    ("Comment-About-Understanding", "Oh I see.", "other"),
])
def test_the_mapping_follows_the_dev_readme(label: str, text: str, act: str) -> None:
    assert ami_act(label, text) == act


def test_an_unknown_label_is_named() -> None:
    with pytest.raises(KeyError, match="Shout"):
        ami_act("Shout", "Hey you lot")


def test_wh_after_fillers_only() -> None:
    assert opens_with_wh("uh, right, how do we start")
    assert not opens_with_wh("the what")
    assert not opens_with_wh("")


def test_meetings_give_split_and_roles() -> None:
    meetings = read_meetings(FIXTURE / "corpusResources" / "meetings.xml")
    assert {m.name: m.split for m in meetings.values()} == {"ZZ9001a": "train", "ZZ9001b": "dev",
                                                             "ZZ9001c": "test", "ZZ4001": None}
    assert meetings["ZZ9001a"].roles == {"A": "PM", "B": "ID"}


def test_the_training_meeting_as_a_table() -> None:
    table = convert(FIXTURE, "train")
    assert tuple(table.columns) == COLUMNS
    # Acts of both speakers by start time (1.0 A, 5.0 B, 9.0 A, 12.0 A, 15.0 B, 20.0 A); the
    # one-word "Yeah." (position 2) and the untyped act (position 5) are left out.
    assert table.to_dict("records") == [
        {"meeting": "ZZ9001a", "speaker_role": "PM", "position": 0, "text": "Right, the TV comes.",
         "act": "information", "style": "neutral", "ami_label": "Inform"},
        {"meeting": "ZZ9001a", "speaker_role": "ID", "position": 1, "text": ", and it works",
         "act": "information", "style": "neutral", "ami_label": "Inform"},
        {"meeting": "ZZ9001a", "speaker_role": "PM", "position": 3, "text": "So um what d'you think?",
         "act": "open_question", "style": "coaching", "ami_label": "Elicit-Inform"},
        {"meeting": "ZZ9001a", "speaker_role": "ID", "position": 4, "text": "We should use DVDs.",
         "act": "advice", "style": "directive", "ami_label": "Suggest"},
    ]


def test_splits_choose_meetings() -> None:
    assert convert(FIXTURE, "dev")["text"].tolist() == ["Is it red?"]
    assert convert(FIXTURE, "test").empty  # listed in meetings.xml but not downloaded
    assert convert(FIXTURE, "all")["meeting"].tolist() == ["ZZ9001a"] * 4 + ["ZZ9001b"]
    with pytest.raises(InputError, match="unknown split"):
        convert(FIXTURE, "validation")


def test_a_missing_download_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing from the AMI download"):
        convert(tmp_path)


def test_the_script_writes_the_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ami_dev.csv"
    assert ami_to_csv([str(FIXTURE), str(out), "--split", "dev"]) == 0
    assert pd.read_csv(out)["ami_label"].tolist() == ["Elicit-Inform"]
    assert ami_to_csv([str(tmp_path), str(out)]) == 1
    assert "missing from the AMI download" in capsys.readouterr().err


@pytest.mark.skipif(not (SAMPLE.exists() and TRAIN_CSV.exists()), reason="needs ../shared/train (AMI sample)")
def test_the_release_sample_reproduces_ami_train_rows() -> None:
    want = pd.read_csv(TRAIN_CSV, keep_default_na=False)
    want = want[want["meeting"] == "ES2002a"].reset_index(drop=True)
    got = convert(SAMPLE, "train")
    assert len(want) == 254
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
