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
