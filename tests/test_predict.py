"""The fast labelling path gives exactly what the plain one gives.

The analysis builds the classifier's matrix block by block, transforms each distinct
context and shape string once, counts the n-grams of the vectorizers itself (scikit-learn's
weighting after them), swaps only the context block for the second pass and lets the staff
model read the first pass's table. Here every bundled sample is labelled the
plain way instead, through scikit-learn's own ``Pipeline.predict_proba`` on feature tables
built afresh for each pass, and every act, style, staff label, confidence and unsure flag
must be the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analyzer.analyze import analyze_file
from analyzer.config import SAMPLES_DIR
from analyzer.context import set_span_contexts
from analyzer.features import feature_table
from analyzer.labels import style_of
from analyzer.model_file import Model, _blockwise, _plain_word_ngrams, vectorized
from analyzer.predict import label_spans, sentence_rows, stored_labels
from analyzer.readers import read_transcript
from analyzer.sentences import sentences, turn_docs
from analyzer.staff import cached_staff_model, staff_span_contexts
from analyzer.staff_context import card_version, reads_grammar, reads_staff_context, span_grammar

SAMPLE_FILES = pd.read_csv(SAMPLES_DIR / "MANIFEST.csv")["file"].tolist()


@pytest.fixture(scope="module")
def staff_model() -> Model:
    model = cached_staff_model()
    if model is None:
        pytest.skip("no staff-side model file in models/staff")
    return model


def plain_labels(model: Model, table: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """Labels and rounded confidences straight from scikit-learn's pipeline."""
    proba = model.pipeline.predict_proba(table[list(model.pipeline.feature_names_in_)])
    return [str(c) for c in model.pipeline.classes_[proba.argmax(axis=1)]], proba.max(axis=1).round(4)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_label_and_confidence_equals_the_plain_two_pass_prediction(name, nlp, model, staff_model):
    result = analyze_file(SAMPLES_DIR / name, model=model, nlp=nlp, staff_model=staff_model).sentences
    spans = list(sentences(turn_docs(read_transcript(SAMPLES_DIR / name).utterances, nlp)))
    assert len(spans) == len(result)
    set_span_contexts([spans])
    first = feature_table(spans)
    first_acts, _ = plain_labels(model, first)
    set_span_contexts([spans], first_acts)
    acts, confidence = plain_labels(model, feature_table(spans))
    managers = (result["role"] == "manager").to_numpy()
    assert managers.any()
    assert result["act"][managers].tolist() == [a for a, m in zip(acts, managers, strict=True) if m]
    assert result["style"][managers].tolist() == [style_of(a) for a, m in zip(acts, managers, strict=True) if m]
    assert result["confidence"][managers].tolist() == confidence[managers].tolist()
    assert result["unsure"][managers].tolist() == (confidence[managers] < model.unsure_below).tolist()
    staff = (result["role"] == "staff").to_numpy()
    if staff.any():
        table = first[staff]
        if reads_staff_context(staff_model.card):  # it reads the manager's last turn, by the manager model's acts
            manager_acts = [a if m else None for a, m in zip(acts, managers, strict=True)]
            staff_spans = [span for span, s in zip(spans, staff, strict=True) if s]
            version = card_version(staff_model.card)
            contexts = staff_span_contexts(staff_spans, [spans], manager_acts, version=version)
            if reads_grammar(version):  # version 2 adds the sentence's grammar, read off the tags
                contexts = [f"{c} {g}" for c, g in zip(contexts, span_grammar(staff_spans), strict=True)]
            table = table.assign(context=pd.Series(contexts, dtype=object, index=table.index))
        labels, staff_confidence = plain_labels(staff_model, table)
        assert result["staff_act"][staff].tolist() == labels
        assert result["confidence"][staff].tolist() == staff_confidence.tolist()


def test_the_blockwise_matrix_is_the_column_transformers_own(nlp, model, staff_model):
    """Same values, same column order, same sparse layout: the classifier cannot tell them apart."""
    spans = list(sentences(turn_docs(read_transcript(SAMPLES_DIR / "team_meeting_mixed.txt").utterances, nlp)))
    set_span_contexts([spans])
    table = feature_table(spans)
    assert table["context"].nunique() < len(table)  # the distinct-strings shortcut is exercised
    for each in (model, staff_model):
        assert _blockwise(each.pipeline) is not None
        ours, theirs = each.transform(table), each.pipeline[:-1].transform(table)
        assert ours.format == theirs.format == "csr" and ours.dtype == theirs.dtype
        assert ours.shape == theirs.shape and (ours != theirs).nnz == 0
        assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)


def test_a_pipeline_of_another_shape_goes_through_scikit_learn():
    table = pd.DataFrame({"text": ["ring her", "book it", "ring him"]})
    dense = ColumnTransformer([("words", CountVectorizer(), "text")], sparse_threshold=0)
    pipeline = Pipeline([("features", dense), ("clf", LogisticRegression())]).fit(table, ["a", "b", "a"])
    assert _blockwise(pipeline) is None  # dense output: not the shape analyzer train builds
    model = Model(pipeline, {"target": "style"})
    assert np.array_equal(model.transform(table), pipeline[:-1].transform(table))
    assert model.predict(table)["style"].tolist() == list(pipeline.predict(table))


#: Texts that could trip a count of our own: nothing at all, whitespace only, other whitespace
#: than a space (``str.split`` and scikit-learn's ``\\S+`` agree on every character), a
#: bigram repeated within the text, words no vocabulary holds, and a value left out of
#: every vocabulary's n-grams but one.
AWKWARD_TEXTS = ["", "   ", "you", "you could", "could you could you could you", "ring\ther\nnow",
                 "ring\u00a0her\u2028now ring her", "zzqx qqzx", "i ll do that i ll do that", "0_VB 1_PRP E_.",
                 "pos_first prev_none pturn_none punct_q punct_q_qform", " what  do   you think "]


def test_the_vectorizers_counts_are_scikit_learns_own(nlp, model, staff_model):
    """Every vectorizer of both models, on a sample's columns and on awkward texts: the same matrix, bit for bit."""
    spans = list(sentences(turn_docs(read_transcript(SAMPLES_DIR / "coaching_one_to_one.vtt").utterances, nlp)))
    table = feature_table(spans, set_span_contexts([spans]))
    for each in (model, staff_model):
        for _, vectorizer, column in each.pipeline.named_steps["features"].transformers_:
            if not isinstance(column, str):
                continue
            assert _plain_word_ngrams(vectorizer)  # the fast path is the one tested
            for values in (table[column].tolist(), AWKWARD_TEXTS):
                ours, theirs = vectorized(vectorizer, values), vectorizer.transform(values)
                assert ours.format == theirs.format == "csr" and ours.dtype == theirs.dtype
                assert ours.shape == theirs.shape and ours.indices.dtype == theirs.indices.dtype
                assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
                assert np.array_equal(ours.data, theirs.data)


@pytest.mark.parametrize("ngrams", [(1, 1), (2, 2), (1, 3), (2, 3)])
def test_other_ngram_ranges_count_as_scikit_learn_does(ngrams):
    texts = ["a b c a b c", "b c", "c", "", "a b a b a b"]
    vectorizer = CountVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=ngrams).fit(texts)
    assert _plain_word_ngrams(vectorizer)
    queries = [*texts, "c b a", "a b c d"]
    assert np.array_equal(vectorized(vectorizer, queries).toarray(), vectorizer.transform(queries).toarray())


def test_a_vectorizer_that_changes_the_text_goes_through_scikit_learn():
    texts = ["Ring Her", "ring her now"]
    lowered = CountVectorizer(token_pattern=r"\S+").fit(texts)  # lower-cases: not a plain split
    assert not _plain_word_ngrams(lowered)
    assert vectorized(lowered, ["RING her"]).toarray().tolist() == [[1, 0, 1]]  # her, now, ring


def test_the_rows_from_the_labels_in_hand_are_the_rows_read_back_off_the_spans(nlp, model):
    """``stored_labels`` says what ``label_spans`` stored, kept or not: the rows need not read it back."""
    transcript = read_transcript(SAMPLES_DIR / "team_meeting_mixed.txt")
    spans = list(sentences(turn_docs(transcript.utterances, nlp)))
    keep = [k % 3 != 1 for k in range(len(spans))]
    labels = stored_labels(label_spans(spans, model, [spans], keep=keep), keep)
    roles = {transcript.utterances[0].speaker: "staff"}
    assert [label[0] is None for label in labels] == [not k for k in keep]
    assert sentence_rows(spans, roles, labels) == sentence_rows(iter(spans), roles)
