"""Label what the people being managed say: the staff-side model and its ``staff_act`` column.

The manager's sentences are labelled by the manager's model (the nine acts, with their
style); everyone counted as staff by their own model, trained the same way (``analyzer
train --label-column staff_act``) and loaded the same safe way (a skops file with its
card, :mod:`analyzer.model_file`). Staff labels sit in a column of their own and carry no
style, so ``information`` or ``other`` never mean two things in one column.

Without a staff model file the staff sentences keep an empty ``staff_act`` and a note says
so: the manager's figures do not depend on it, only the ownership figures do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd
from spacy.tokens import Span

from analyzer.config import staff_model_path
from analyzer.context import NO_CONTEXT, Place, set_span_contexts, span_places
from analyzer.errors import InputError
from analyzer.features import CONTEXT_COLUMN, feature_table
from analyzer.model_file import Model, load_model
from analyzer.sentences import doc_text  # noqa: F401  (registers span._.staff_act)
from analyzer.staff_context import (
    STAFF_CONTEXT_VERSION,
    card_version,
    reads_grammar,
    reads_staff_context,
    span_grammar,
    staff_context_strings,
)
from analyzer.transcript import printable_path


def no_staff_model_note(path: object) -> str:
    """Why every ``staff_act`` is empty, and how to fill it."""
    shown = Path(path)
    with contextlib.suppress(ValueError):
        shown = shown.resolve().relative_to(Path.cwd())
    return (f"no staff-side model at {printable_path(shown)}: the staff sentences are not labelled (staff_act is "
            "empty), so solution ownership, coaching loops and commitments cannot be counted")


@lru_cache(maxsize=4)
def cached_staff_model(path: str | None = None) -> Model | None:
    """The staff-side model, loaded once per process; None when its file does not exist.

    A file that exists but labels the manager (its target is ``act`` or ``style``) is an
    error: its acts in the staff column would read as staff labels.
    """
    chosen = staff_model_path(path)
    if not chosen.is_file():
        return None
    model = load_model(chosen)
    if model.target != "staff_act":
        raise InputError(f"is not a staff-side model: it predicts {model.target}s, not staff_act (train one with "
                         "`analyzer train ... --label-column staff_act`)", chosen)
    return model


def label_staff_spans(spans: list[Span], model: Model, groups: Sequence[Sequence[Span]] | None = None,
                      table: pd.DataFrame | None = None,
                      manager_acts: Sequence[str | None] | None = None,
                      places: Sequence[Sequence[Place]] | None = None) -> pd.DataFrame:
    """Predict every staff sentence's label; store it on ``span._.staff_act``, its confidence and unsure flag.

    ``groups`` are the transcripts' sentences in order (both sides): a staff model that
    reads context sees each sentence's place among them. ``manager_acts`` run over the
    groups' sentences in order: the manager model's act of each manager sentence, None for
    everyone else's; a staff model trained on them (:mod:`analyzer.staff_context`) reads
    the manager's last turn from them. An older staff model reads the place alone, with
    earlier acts unknown, as it was trained. ``table``: these spans' rows of
    :func:`analyzer.predict.first_pass_table`, when made already; ``places``: the groups'
    :func:`analyzer.context.span_places`, when read already (reading them again off the spans
    is a tenth of the staff model's time).
    """
    if groups is not None and model.uses_context and reads_staff_context(model.card):
        version = card_version(model.card)
        contexts = staff_span_contexts(spans, groups, manager_acts, places, version)
        if reads_grammar(version):
            contexts = [f"{context} {grammar}" for context, grammar in zip(contexts, span_grammar(spans), strict=True)]
        table = feature_table(spans) if table is None else table
        table = table.assign(**{CONTEXT_COLUMN: pd.Series(contexts, dtype=object)})
    elif table is None or not model.uses_context:
        if groups is not None and model.uses_context:
            set_span_contexts(groups)
        else:
            for span in spans:
                span._.context = None
        table = feature_table(spans)
    labels = model.predict(table)
    for span, label, confidence, unsure in zip(spans, labels["staff_act"].tolist(), labels["confidence"].tolist(),
                                               labels["unsure"].tolist(), strict=True):
        ext = span._  # each ``span._`` builds spaCy's Underscore object anew
        ext.staff_act, ext.confidence, ext.unsure = label, confidence, unsure
    return labels


def staff_span_contexts(spans: Sequence[Span], groups: Sequence[Sequence[Span]],
                        manager_acts: Sequence[str | None] | None,
                        places: Sequence[Sequence[Place]] | None = None,
                        version: int = STAFF_CONTEXT_VERSION) -> list[str]:
    """The staff context (:mod:`analyzer.staff_context`) of each of ``spans``, read within its transcript.

    ``version``: the staff model's (its card's) context version; the grammar tokens a version
    may add are not here (:func:`analyzer.staff_context.span_grammar`).
    """
    wanted = {_key(span): k for k, span in enumerate(spans)}
    out: list[str] = [NO_CONTEXT] * len(spans)
    start = 0
    for g, group in enumerate(groups):
        acts = list(manager_acts[start : start + len(group)]) if manager_acts is not None else [None] * len(group)
        start += len(group)
        if not any(_key(span) in wanted for span in group):
            continue
        mine = {j for j, span in enumerate(group) if _key(span) in wanted}
        where = places[g] if places is not None else span_places(group)
        for span, context in zip(group, staff_context_strings(where, acts, wanted=mine, version=version), strict=True):
            k = wanted.get(_key(span))
            if k is not None:
                out[k] = context
    return out


def _key(span: Span) -> tuple[int, int, int]:
    return id(span.doc), span.start, span.end
