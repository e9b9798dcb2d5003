"""The staff-side model: trained with --label-column staff_act, loaded safely, labelling staff only."""

from __future__ import annotations

import pytest

from analyzer.analyze import analyze_file
from analyzer.config import SAMPLES_DIR
from analyzer.errors import InputError
from analyzer.labels import ACTS, STAFF_ACTS
from analyzer.model_file import load_model, render_card
from analyzer.staff import cached_staff_model
from tests.conftest import STAFF_LABELS


def test_the_staff_model_predicts_staff_labels(staff_model_file):
    model = load_model(staff_model_file)
    assert model.target == "staff_act"
    assert set(model.labels) == set(STAFF_ACTS)
    assert "staff_act" in render_card(model.card)


def test_staff_sentences_get_staff_act_and_managers_act(model, nlp, staff_model):
    result = analyze_file(SAMPLES_DIR / "coaching_one_to_one.csv", model=model, nlp=nlp, staff_model=staff_model)
    table = result.sentences
    staff, managers = table[table["role"] == "staff"], table[table["role"] == "manager"]
    assert set(staff["speaker"]) == {"Daniel Okafor"} and set(managers["speaker"]) == {"Priya Shah"}
    assert staff["act"].isna().all() and staff["style"].isna().all()
    assert staff["staff_act"].isin(STAFF_ACTS).all()
    assert managers["staff_act"].isna().all() and managers["act"].isin(ACTS).all()
    assert result.conversation["solution_ownership"] is not None
    assert result.to_dict()["conversation"]["staff_options"] == (staff["staff_act"] == "own_option").sum()


def test_without_a_staff_model_staff_act_stays_empty_with_a_note(model, nlp, monkeypatch, tmp_path):
    monkeypatch.setenv("ANALYZER_STAFF_MODEL", str(tmp_path / "none.skops"))
    cached_staff_model.cache_clear()
    try:
        result = analyze_file(SAMPLES_DIR / "coaching_one_to_one.csv", model=model, nlp=nlp)
    finally:
        cached_staff_model.cache_clear()
    assert result.sentences["staff_act"].isna().all()
    assert any("no staff-side model" in n for n in result.notes)
    assert result.conversation["solution_ownership"] is None


def test_a_manager_model_is_refused_as_the_staff_model(monkeypatch):
    from analyzer.config import DEFAULT_MODEL_PATH

    cached_staff_model.cache_clear()
    with pytest.raises(InputError, match="not a staff-side model"):
        cached_staff_model(str(DEFAULT_MODEL_PATH))
    cached_staff_model.cache_clear()


def test_evaluate_scores_a_staff_model_on_staff_labels(staff_model, nlp, tmp_path):
    from analyzer.evaluate import evaluate_model
    from analyzer.labelled import load_labelled

    frame = load_labelled([STAFF_LABELS], label_column="staff_act")
    result = evaluate_model(staff_model, frame, nlp)
    assert set(result) == {"staff_act"} and result["staff_act"]["n"] == 56
    sheet = tmp_path / "acts.csv"
    sheet.write_text("text,act\nWhat could you do?,open_question\nRing Sam.,instruction\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be scored"):
        evaluate_model(staff_model, load_labelled([sheet]), nlp)


def test_staff_labels_in_the_act_column_are_named(tmp_path):
    from analyzer.labelled import load_labelled

    sheet = tmp_path / "mixed.csv"
    sheet.write_text("text,act\nI could ask Derek.,own_option\nWhat could you do?,open_question\n", encoding="utf-8")
    with pytest.raises(InputError, match="staff_act"):
        load_labelled([sheet])


def test_speaker_narrowing_renumbers_the_loops(model, nlp, staff_model):
    """With --speaker the table keeps only that speaker's rows; the loops must not point elsewhere."""
    full = analyze_file(SAMPLES_DIR / "coaching_one_to_one.csv", model=model, nlp=nlp, staff_model=staff_model)
    narrow = analyze_file(SAMPLES_DIR / "coaching_one_to_one.csv", model=model, nlp=nlp, staff_model=staff_model,
                          speakers=["Daniel Okafor"])
    assert full.conversation["loops"] and narrow.conversation["coaching_loops"] == full.conversation["coaching_loops"]
    for old, new in zip(full.conversation["loops"], narrow.conversation["loops"], strict=True):
        assert new["question"] is None  # the manager's question is not in the narrowed table
        assert narrow.sentences.loc[new["answer"], "text"] == full.sentences.loc[old["answer"], "text"]


def test_the_shipped_staff_model_reads_what_the_manager_just_did(nlp):
    """The guide's hard cases, each after the manager turn that decides it (models/staff, retrained by its card)."""
    from analyzer.predict import first_pass_table
    from analyzer.sentences import sentences, turn_docs
    from analyzer.staff import label_staff_spans
    from analyzer.staff_context import reads_staff_context
    from analyzer.transcript import Utterance

    shipped = cached_staff_model()
    assert shipped is not None and reads_staff_context(shipped.card)
    utterances = [Utterance("Ann", "What options have you got with Derek?", 0, 3),
                  Utterance("Bo", "I could ask Derek for a weekly slot.", 3, 6),
                  Utterance("Ann", "Send me the rota by Friday.", 6, 8), Utterance("Bo", "Okay.", 8, 9),
                  Utterance("Ann", "I'd ring the agency first thing tomorrow.", 9, 12),
                  Utterance("Bo", "Yeah, I'll do that.", 12, 14)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    acts = ["open_question", None, "instruction", None, "advice", None]
    staff = [spans[k] for k in (1, 3, 5)]
    labels = label_staff_spans(staff, shipped, [spans], None, acts)["staff_act"].tolist()
    assert labels == ["own_option", "agreement", "commitment"]
    table = first_pass_table(spans, [spans]).iloc[[1, 3, 5]].reset_index(drop=True)
    assert label_staff_spans(staff, shipped, [spans], table, acts)["staff_act"].tolist() == labels


def test_the_shipped_staff_model_was_trained_on_the_conversations_as_they_are():
    """A stale staff model fails here: retrain with the command in docs/staff-model.md."""
    import json
    from pathlib import Path

    from analyzer.config import CONVERSATIONS_DIR, STAFF_MODEL_PATH
    from analyzer.model_file import card_path, file_sha256
    from analyzer.staff_context import STAFF_CONTEXT_VERSION
    from analyzer.train import _files_sha256

    card = json.loads(card_path(STAFF_MODEL_PATH).read_text())
    [conversations] = card["training_data"]
    files = sorted(str(p) for p in Path(CONVERSATIONS_DIR).glob("*.csv"))
    retrain = "python -m analyzer train data/conversations --label-column staff_act -o models/staff/model.skops"
    assert conversations["sha256"] == _files_sha256(files), retrain
    assert card["model_sha256"] == file_sha256(STAFF_MODEL_PATH)
    assert card["staff_context"] == STAFF_CONTEXT_VERSION and card["params"]["clf__C"] == 3.0
