"""The shipped model must match the shipped data: a stale model fails here."""

import json

from analyzer.config import CORPUS_PATH, DEFAULT_MODEL_PATH
from analyzer.model_file import card_path, file_sha256


def test_default_model_card_matches_the_corpus_it_was_trained_from():
    card = json.loads(card_path(DEFAULT_MODEL_PATH).read_text())
    [data] = card["training_data"]
    assert data["file"] == CORPUS_PATH.name
    assert data["sha256"] == file_sha256(CORPUS_PATH), "retrain: analyzer train data/corpus.csv"
    assert card["model_sha256"] == file_sha256(DEFAULT_MODEL_PATH)


def test_default_model_card_reports_cross_validation_and_held_out_scores():
    card = json.loads(card_path(DEFAULT_MODEL_PATH).read_text())
    assert card["target"] == "act"
    assert card["cross_validation"]["grouped_by"] == "group"
    for part in ("all", "clean", "asr"):
        assert 0 < card["held_out"][part]["act"]["macro_f1"] <= 1


def test_retraining_from_the_corpus_reproduces_the_cards_held_out_metrics(tmp_path):
    from analyzer.train import train

    shipped = json.loads(card_path(DEFAULT_MODEL_PATH).read_text())
    model = train([CORPUS_PATH], tmp_path / "model.skops", folds=0, progress=False, on_step=lambda _: None)
    assert model.card["held_out"] == shipped["held_out"]
    assert model.card["params"] == shipped["params"]
