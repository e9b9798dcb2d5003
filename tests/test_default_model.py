"""The shipped model must match the shipped data: a stale model fails here."""

import json
from pathlib import Path

import pytest

from analyzer.config import CONVERSATIONS_DIR, CORPUS_PATH, DEFAULT_MODEL_PATH
from analyzer.model_file import card_path, file_sha256

from .conftest import SHARED_DIR

AMI_TRAIN = SHARED_DIR / "train" / "ami_train.csv"
#: The command that made the shipped model (also in docs/models.md).
RETRAIN = "analyzer train data/corpus.csv data/conversations --outside ../shared/train/ami_train.csv"


def shipped_card() -> dict:
    return json.loads(card_path(DEFAULT_MODEL_PATH).read_text())


def test_default_model_card_matches_the_data_it_was_trained_from():
    from analyzer.train import _files_sha256

    card = shipped_card()
    corpus, conversations = card["training_data"]
    assert corpus["file"] == CORPUS_PATH.name and corpus["sha256"] == file_sha256(CORPUS_PATH), f"retrain: {RETRAIN}"
    files = sorted(str(p) for p in Path(CONVERSATIONS_DIR).glob("*.csv"))
    assert conversations["sha256"] == _files_sha256(files), f"retrain: {RETRAIN}"
    assert card["model_sha256"] == file_sha256(DEFAULT_MODEL_PATH)


def test_default_model_card_credits_ami_and_reports_every_held_out_part():
    card = shipped_card()
    assert card["target"] == "act"
    [ami] = card["outside_corpora"]
    assert ami["file"] == "ami_train.csv" and 0 < ami["weight_per_row"] < 1
    assert any("CC BY 4.0" in note and "Carletta" in note for note in card["notes"])
    for part in ("all", "clean", "asr", "conversations", "conversations_asr"):
        assert 0 < card["held_out"][part]["act"]["macro_f1"] <= 1
    assert card["cross_validation"]["grouped_by"] == "conversation"


def test_default_model_is_calibrated_on_conversations_and_sets_an_unsure_threshold():
    card = shipped_card()
    calibration = card["calibration"]
    assert calibration["rows"] > 200 and calibration["temperature"] > 0
    # One temperature fitted on the calibration conversations need not lower the test
    # conversations' ECE: on the 316 conversations it moved 0.0206 -> 0.0220 (and 0.0196 ->
    # 0.0207 for the training before issue 21's source balance), well within the noise of an
    # ECE over ~2,000 sentences. A calibration that clearly worsens it still fails here.
    assert calibration["ece_test_after"] <= calibration["ece_test_before"] + 0.005
    assert 0.2 < card["unsure_below"] < 0.9


@pytest.mark.skipif(not AMI_TRAIN.is_file(), reason="needs ../shared/train/ami_train.csv")
def test_retraining_from_the_data_reproduces_the_cards_held_out_metrics(tmp_path):
    from analyzer.train import train

    shipped = shipped_card()
    model = train([CORPUS_PATH, CONVERSATIONS_DIR], tmp_path / "model.skops", outside=[AMI_TRAIN],
                  progress=False, on_step=lambda _: None)
    assert model.card["held_out"] == shipped["held_out"]
    assert model.card["params"] == shipped["params"]
    assert model.card["calibration"] == shipped["calibration"]
