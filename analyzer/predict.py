"""Label sentences: spaCy spans in, act/style/confidence out (on the spans and as table rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from spacy.tokens import Span

from analyzer import sentences  # noqa: F401  (registers the Doc extensions read here)
from analyzer.context import Place, group_contexts, set_span_contexts, store_contexts
from analyzer.features import CONTEXT_COLUMN, feature_table
from analyzer.model_file import Model

if not Span.has_extension("unsure"):
    Span.set_extension("unsure", default=None)

#: A sentence's labels as stored on its span: act, style, staff_act, confidence, unsure.
Labels = tuple[str | None, str | None, str | None, float | None, bool | None]


def first_pass_table(spans: list[Span], groups: Sequence[Sequence[Span]],
                     places: Sequence[Sequence[Place]] | None = None) -> pd.DataFrame:
    """The feature table of every sentence in its context, with earlier acts unknown.

    Both models read it: the manager's as its first pass, the staff model as it is (it was
    trained without earlier acts), so spaCy's tokens are read once for both. ``places``:
    see :func:`label_spans`. The contexts are not stored on the spans: :func:`label_spans`
    stores the ones its model read last.
    """
    return feature_table(spans, group_contexts(groups, places=places))


def label_spans(spans: list[Span], model: Model, groups: Sequence[Sequence[Span]] | None = None,
                table: pd.DataFrame | None = None, places: Sequence[Sequence[Place]] | None = None,
                keep: Sequence[bool] | None = None) -> pd.DataFrame:
    """Predict every span, store the result on ``span._.act/style/confidence/unsure``, return it.

    ``groups`` splits ``spans`` into conversations (one per transcript, in order); each
    sentence's context is read within its own. Without it every span stands alone (single
    sentences: ``classify``). A model that reads context labels in two passes: the first
    with the earlier sentences' acts unknown, the second with the acts the first predicted,
    which is what the model was trained to expect. ``table`` is :func:`first_pass_table`'s,
    when the caller has made it already; ``places`` are :func:`analyzer.context.span_places`
    of each group, when the caller keeps them for both passes. ``keep`` marks the spans
    whose labels are stored (the managers'); the others get None on the spans, though
    every span is read as context and every label is returned.
    """
    if groups is None or not model.uses_context or not spans:
        for span in spans:
            span._.context = None
        labels = model.predict(feature_table(spans))
    else:
        table = table if table is not None else first_pass_table(spans, groups, places)
        matrix = model.transform(table)
        if model.target == "act":
            first = model.predict_matrix(matrix)["act"].tolist()
            matrix = model.with_contexts(matrix, set_span_contexts(groups, first, places))
        else:  # one pass: the first pass's contexts are the ones read
            store_contexts(spans, table[CONTEXT_COLUMN].tolist())
        labels = model.predict_matrix(matrix)
    columns = (labels[c].tolist() for c in ("act", "style", "confidence", "unsure"))  # plain floats, not numpy's
    kept = keep if keep is not None else [True] * len(spans)
    for span, act, style, conf, unsure, stored in zip(spans, *columns, kept, strict=True):
        ext = span._
        if stored:
            ext.act, ext.style, ext.confidence, ext.unsure = act, style, conf, unsure
        else:
            ext.act = ext.style = ext.confidence = ext.unsure = None
    return labels


def sentence_rows(spans: Iterable[Span], roles: dict[str, str] | None = None,
                  labels: Iterable[Labels] | None = None) -> list[tuple]:
    """The rows of the per-sentence table as plain tuples, in :data:`analyzer.figures.SENTENCE_COLUMNS` order.

    The figures are counted from these directly, without reading a DataFrame back. A
    sentence's times are estimated from its character position within its turn's times.
    ``roles`` maps speakers to their role (a speaker it lacks is a manager, as every
    speaker was before roles existed). ``labels``: what was just stored on each span
    (:func:`stored_labels`), when the caller has it in hand; reading the five labels back
    off a span costs more than making its row.
    """
    roles = roles or {}
    rows, doc = [], None
    if labels is None:
        spans = list(spans)
        labels = [_read_labels(span) for span in spans]
    for span, (act, style, staff_act, confidence, unsure) in zip(spans, labels, strict=True):
        if span.doc is not doc:  # read the turn's context once per Doc, not per sentence
            doc = span.doc
            ctx = doc._  # one Underscore for the five reads (doc_text would make a second)
            speaker, turn, start, end, text = ctx.speaker, ctx.turn, ctx.start, ctx.end, ctx.text
            text = text if text is not None else doc.text
            role = roles.get(speaker, "manager")
            timed = start is not None and end is not None and len(text) > 0
            per_char = (end - start) / len(text) if timed else 0.0
        s_start = round(start + span.start_char * per_char, 3) if timed else start
        s_end = round(start + span.end_char * per_char, 3) if timed else end
        rows.append((speaker, role, turn, text[span.start_char : span.end_char].strip(), act, style,
                     staff_act, confidence, s_start, s_end, bool(unsure)))
    return rows


def _read_labels(span: Span) -> Labels:
    ext = span._
    return ext.act, ext.style, ext.staff_act, ext.confidence, ext.unsure


def stored_labels(labels: pd.DataFrame, keep: Sequence[bool] | None = None) -> list[Labels]:
    """What :func:`label_spans` stores on each span, given what it returned and ``keep``, as
    (act, style, staff_act, confidence, unsure): all None for a span whose labels are not
    kept, and staff_act always None (the staff model's to fill in, for staff sentences)."""
    columns = (labels[c].tolist() for c in ("act", "style", "confidence", "unsure"))
    kept = keep if keep is not None else [True] * len(labels)
    return [(act, style, None, conf, unsure) if stored else _NOTHING
            for act, style, conf, unsure, stored in zip(*columns, kept, strict=True)]


_NOTHING: Labels = (None, None, None, None, None)
