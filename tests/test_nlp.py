"""Building the spaCy pipeline: only the components the cues need, whatever pipeline is named."""

from __future__ import annotations

from pathlib import Path

import spacy

from analyzer.config import spacy_model_name
from analyzer.nlp import build_nlp


def test_a_pipeline_that_already_splits_with_a_sentencizer_is_used_as_it_is(tmp_path: Path) -> None:
    """A user's pipeline without senter but with spaCy's rule-based sentencizer (E007 before)."""
    custom = spacy.load(spacy_model_name(None), exclude=["senter", "parser", "ner"])
    custom.add_pipe("sentencizer", first=True)
    custom.to_disk(tmp_path / "ours")

    nlp = build_nlp(str(tmp_path / "ours"))

    assert nlp.pipe_names.count("sentencizer") == 1 and "tagger" in nlp.pipe_names
    assert [s.text for s in nlp("Send it today. What would help?").sents] == ["Send it today.", "What would help?"]
