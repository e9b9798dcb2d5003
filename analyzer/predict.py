"""Label sentences: spaCy spans in, act/style/confidence out (on the spans and as a table)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Span

from analyzer.features import feature_table
from analyzer.model_file import Model

#: Columns of the per-sentence table, in the order every output uses.
SENTENCE_COLUMNS = ("speaker", "turn", "text", "act", "style", "confidence", "start", "end")


def label_spans(spans: list[Span], model: Model) -> pd.DataFrame:
    """Predict every span, store the result on ``span._.act/style/confidence``, return it."""
    labels = model.predict(feature_table(spans))
    for span, act, style, conf in zip(spans, labels["act"], labels["style"], labels["confidence"], strict=True):
        ext = span._
        ext.act, ext.style, ext.confidence = act, style, float(conf)
    return labels


def _sentence_times(span: Span) -> tuple[float | None, float | None]:
    """Estimate a sentence's times by its character position within the turn's times."""
    doc = span.doc
    start, end, n_chars = doc._.start, doc._.end, doc._.n_chars
    if start is None or end is None or not n_chars:
        return start, end
    per_char = (end - start) / n_chars
    return round(start + span.start_char * per_char, 3), round(start + span.end_char * per_char, 3)


def sentence_table(spans: Iterable[Span]) -> pd.DataFrame:
    """The per-sentence table (:data:`SENTENCE_COLUMNS`) from labelled spans."""
    rows, doc, text = [], None, ""
    for span in spans:
        if span.doc is not doc:
            doc, text = span.doc, span.doc.text  # Span.text rebuilds the string token by token
        start, end = _sentence_times(span)
        ext = span._
        rows.append((doc._.speaker, doc._.turn, text[span.start_char : span.end_char].strip(), ext.act,
                     ext.style, ext.confidence, start, end))
    return pd.DataFrame.from_records(rows, columns=list(SENTENCE_COLUMNS))
