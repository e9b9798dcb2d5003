"""The feature table: contexts handed in give the table that reading them off the spans gives."""

import pytest

from analyzer.context import set_span_contexts
from analyzer.features import feature_table
from analyzer.sentences import sentences, turn_docs
from analyzer.transcript import Utterance


def test_contexts_handed_in_equal_the_ones_read_off_the_spans_and_must_match_in_number(nlp):
    utterances = [Utterance("Ann", "How did it go? Did you ring her?", 0, 3), Utterance("Bo", "Badly.", 3, 4)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    contexts = set_span_contexts([spans])
    assert len(set(contexts)) == 3  # first, second of a turn, and the other speaker's reply differ
    assert feature_table(spans, contexts).equals(feature_table(spans))
    with pytest.raises(ValueError, match="2 contexts for 3 sentences"):
        feature_table(spans, contexts[:2])
