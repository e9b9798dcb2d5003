"""Building the spaCy pipeline: only the components the cues need, whatever pipeline is named."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from analyzer.config import SAMPLES_DIR, spacy_model_name
from analyzer.errors import InputError
from analyzer.nlp import build_nlp, numpy_matmul
from analyzer.readers import read_transcript


def test_a_pipeline_that_already_splits_with_a_sentencizer_is_used_as_it_is(tmp_path: Path) -> None:
    """A user's pipeline without senter but with spaCy's rule-based sentencizer (E007 before)."""
    custom = spacy.load(spacy_model_name(None), exclude=["senter", "parser", "ner"])
    custom.add_pipe("sentencizer", first=True)
    custom.to_disk(tmp_path / "ours")

    nlp = build_nlp(str(tmp_path / "ours"))

    assert nlp.pipe_names.count("sentencizer") == 1 and "tagger" in nlp.pipe_names
    assert [s.text for s in nlp("Send it today. What would help?").sents] == ["Send it today.", "What would help?"]


def _thinc_ops(nlp: Language) -> set[tuple[str, bool]]:
    return {(type(node.ops).__name__, node.ops.use_blis) for _, pipe in nlp.pipeline
            if hasattr(getattr(pipe, "model", None), "walk") for node in pipe.model.walk()}


def test_the_pipeline_multiplies_with_numpy_and_tags_exactly_as_with_blis(nlp: Language) -> None:
    """numpy's BLAS is the faster multiply here; it must not change a single tag or sentence."""
    blis = build_nlp(numpy_blas=False)
    texts = [u.text for path in sorted(SAMPLES_DIR.glob("*.txt")) for u in read_transcript(path).utterances]

    assert _thinc_ops(nlp) == {("NumpyOps", False)} and _thinc_ops(blis) == {("NumpyOps", True)}
    ours, theirs = list(nlp.pipe(texts)), list(blis.pipe(texts))
    assert sum(len(doc) for doc in ours) > 1000
    assert [[t.tag_ for t in doc] for doc in ours] == [[t.tag_ for t in doc] for doc in theirs]
    assert [[s.start for s in doc.sents] for doc in ours] == [[s.start for s in doc.sents] for doc in theirs]


class _AppleLikeOps(NumpyOps):
    """Stands for ops a user chose, such as thinc-apple-ops (a NumpyOps subclass) or a GPU's."""

    name = "apple-like"


def test_other_ops_a_user_chose_are_kept() -> None:
    before = get_current_ops()
    set_current_ops(_AppleLikeOps())
    try:
        with numpy_matmul():
            assert type(get_current_ops()) is _AppleLikeOps
    finally:
        set_current_ops(before)
    with numpy_matmul():
        assert type(get_current_ops()) is NumpyOps and not get_current_ops().use_blis


def test_analyzer_matmul_blis_keeps_thincs_multiply_for_a_machine_whose_numpy_blas_is_slow(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANALYZER_MATMUL", "BLIS")
    assert _thinc_ops(build_nlp()) == {("NumpyOps", True)}
    monkeypatch.setenv("ANALYZER_MATMUL", "numpy")
    assert _thinc_ops(build_nlp()) == {("NumpyOps", False)}


def test_an_unknown_analyzer_matmul_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANALYZER_MATMUL", "mkl")
    with pytest.raises(InputError, match="ANALYZER_MATMUL is 'mkl'; use numpy or blis"):
        build_nlp()
