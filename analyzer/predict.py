"""Label sentences: spaCy spans in, act/style/confidence out (on the spans and as table rows)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Span

from analyzer.features import feature_table
from analyzer.model_file import Model
from analyzer.sentences import doc_text


def label_spans(spans: list[Span], model: Model) -> pd.DataFrame:
    """Predict every span, store the result on ``span._.act/style/confidence``, return it."""
    labels = model.predict(feature_table(spans))
    columns = (labels[c].tolist() for c in ("act", "style", "confidence"))  # plain floats, not numpy's
    for span, act, style, conf in zip(spans, *columns, strict=True):
        ext = span._
        ext.act, ext.style, ext.confidence = act, style, conf
    return labels


def sentence_rows(spans: Iterable[Span], roles: dict[str, str] | None = None) -> list[tuple]:
    """The rows of the per-sentence table as plain tuples, in :data:`analyzer.figures.SENTENCE_COLUMNS` order.

    The figures are counted from these directly, without reading a DataFrame back. A
    sentence's times are estimated from its character position within its turn's times.
    ``roles`` maps speakers to their role (a speaker it lacks is a manager, as every
    speaker was before roles existed).
    """
    roles = roles or {}
    rows, doc = [], None
    for span in spans:
        if span.doc is not doc:  # read the turn's context once per Doc, not per sentence
            doc = span.doc
            text, ctx = doc_text(doc), doc._
            speaker, turn, start, end = ctx.speaker, ctx.turn, ctx.start, ctx.end
            role = roles.get(speaker, "manager")
            timed = start is not None and end is not None and len(text) > 0
            per_char = (end - start) / len(text) if timed else 0.0
        ext = span._
        s_start = round(start + span.start_char * per_char, 3) if timed else start
        s_end = round(start + span.end_char * per_char, 3) if timed else end
        rows.append((speaker, role, turn, text[span.start_char : span.end_char].strip(), ext.act, ext.style,
                     ext.staff_act, ext.confidence, s_start, s_end))
    return rows
