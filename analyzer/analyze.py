"""The end-to-end job: a transcript file in, labelled sentences and figures out.

``analyze_file`` is what the ``analyzer analyze`` command, batch scoring and the
notebooks call; the CLI only adds argument parsing and output formatting.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Span

from analyzer.config import model_path, staff_model_path
from analyzer.context import span_places
from analyzer.errors import InputError
from analyzer.explain import explain_rows
from analyzer.features import feature_table
from analyzer.figures import SENTENCE_COLUMNS, conversation_figures, summarize_rows
from analyzer.model_file import Model, load_model
from analyzer.nlp import build_nlp
from analyzer.predict import first_pass_table, label_spans, sentence_rows, stored_labels
from analyzer.readers import read_transcript
from analyzer.readers.speakers import match_speaker
from analyzer.roles import RoleSpec, apply_roles, ensure_roles
from analyzer.sentences import grouped_turn_docs, sentences
from analyzer.staff import cached_staff_model, label_staff_spans, no_staff_model_note
from analyzer.transcript import Transcript

#: Sentences labelled per classifier call when analysing many transcripts: large enough that
#: the per-call cost vanishes, small enough that few transcripts wait for their labels.
LABEL_BATCH = 2048


@dataclass
class Analysis:
    """Everything ``analyze`` reports about one transcript."""

    file: str
    format: str
    sentences: pd.DataFrame
    speakers: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    #: The conversation's figures (:func:`analyzer.figures.conversation_figures`) and the
    #: coaching loops, commitments and missed coaching moments behind them (row numbers).
    conversation: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``analyzer analyze --format json``.

        Each missed coaching moment comes with both turns (:func:`analyzer.moments.missed_moments`).
        """
        from analyzer.moments import missed_moments

        rows = self.sentences.astype(object).where(self.sentences.notna(), None)
        conversation = self.conversation
        if conversation.get("missed_moments"):
            conversation = conversation | {"missed_moments": missed_moments(self.sentences, conversation)}
        return {
            "file": self.file, "format": self.format, "speakers": self.speakers,
            "conversation": conversation, "sentences": rows.to_dict(orient="records"), "notes": self.notes,
        }


@lru_cache(maxsize=4)
def cached_model(path: str | None = None) -> Model:
    """Load a model once per process (batch scoring analyses many files with one)."""
    return load_model(model_path(path))


@contextmanager
def loaded_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector off everything already loaded while the body runs.

    With spaCy, scikit-learn and the model loaded, a process holds some 200,000 objects
    that live as long as it does. Every full collection walks them all again, and the
    analysis makes enough short-lived lists to trigger them: the collector took about 3% of a
    one-process batch, and 0.7% with the freeze (``benchmarks/profile_batch.py`` measures
    both). ``gc.freeze`` exempts the objects alive now; new ones are collected as usual.
    ``gc.unfreeze`` hands them back on the way out, so a notebook that runs a batch keeps
    its usual collector. Before that, what the body left in reference cycles is collected
    (cheaply, while the loaded objects are still frozen): a worker scores run after run of
    files, and each run's freeze would otherwise take in the last run's uncollected
    garbage, so the worker grew with every run. A freeze already in place (nested use) is
    left as it is.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


def select_speakers(transcript: Transcript, wanted: list[str] | None) -> list[str] | None:
    """Resolve ``--speaker`` names case-insensitively against the transcript's speakers."""
    if not wanted:
        return None
    present = list(dict.fromkeys(u.speaker for u in transcript.utterances))
    found = {w: match_speaker(w, present) for w in wanted}
    missing = [w for w, name in found.items() if name is None]
    if missing:
        raise InputError(f"no speaker named {', '.join(map(repr, missing))}; speakers are: "
                         f"{', '.join(present)}", transcript.source)
    return [found[w] for w in wanted]


def analyze_transcript(transcript: Transcript, model: Model, nlp: Language,
                       speakers: list[str] | None = None, explain: bool = False,
                       staff_model: Model | None = None, alternatives: bool = False) -> Analysis:
    """Split, label and summarise a transcript that has already been read.

    ``explain`` adds a ``reasons`` column: the features that most favoured each label.
    ``alternatives`` adds an ``alternative`` column: a coaching question for each directive
    sentence (:mod:`analyzer.alternatives`; it parses those sentences, at a cost).
    """
    return next(analyze_transcripts([(transcript, speakers)], model, nlp, explain, staff_model, alternatives))


def analyze_transcripts(items: Iterable[tuple[Transcript, list[str] | None]], model: Model, nlp: Language,
                        explain: bool = False, staff_model: Model | None = None,
                        alternatives: bool = False) -> Iterator[Analysis]:
    """Analyse many transcripts as one stream: one Analysis per ``(transcript, speakers)``, in order.

    spaCy and the classifier each cost a fixed amount per call, and every transcript ends in
    a part-filled batch; streaming all turns through one ``nlp.pipe`` and labelling about
    :data:`LABEL_BATCH` sentences per classifier call makes a batch of short transcripts
    run as fast as one long one. Memory stays bounded: only the sentences of transcripts
    not yet yielded are held. ``items`` is consumed lazily (spaCy reads a batch ahead), so
    it can be a generator that reads the files.

    A transcript without roles (see :mod:`analyzer.roles`) has its manager guessed, with a
    note. Managers' sentences are labelled by ``model``, staff sentences by ``staff_model``
    (default: the staff-side model file, if there is one).
    """
    staff_model = staff_model or cached_staff_model()
    groups = (((t, select_speakers(t, wanted)), t.utterances) for t, wanted in _with_roles(items))
    waiting: list[tuple[Transcript, list[str] | None, list[Span]]] = []
    count = 0
    for (transcript, chosen), docs in grouped_turn_docs(groups, nlp):
        spans = list(sentences(docs))
        waiting.append((transcript, chosen, spans))
        count += len(spans)
        if count >= LABEL_BATCH:
            yield from _label_and_summarize(waiting, model, explain, staff_model, alternatives)
            waiting, count = [], 0
    yield from _label_and_summarize(waiting, model, explain, staff_model, alternatives)


def _with_roles(items: Iterable[tuple[Transcript, list[str] | None]]) -> Iterator[tuple[Transcript, list[str] | None]]:
    for transcript, wanted in items:
        ensure_roles(transcript)
        yield transcript, wanted


def _label_and_summarize(waiting: list[tuple[Transcript, list[str] | None, list[Span]]], model: Model,
                         explain: bool, staff_model: Model | None, alternatives: bool = False) -> Iterator[Analysis]:
    """Label the sentences of several transcripts in one call per model, then report each.

    Managers' sentences get the manager's acts; staff sentences the staff labels; an
    ``other`` speaker's sentences neither (they are counted for neither side). The manager's
    model reads every sentence in its conversation (what the staff said is the context of
    the manager's next sentence, as it was in training), and its acts are kept only on the
    manager's sentences.
    """
    groups = [spans for _, _, spans in waiting]
    every = [span for spans in groups for span in spans]
    roles = [role for transcript, _, spans in waiting for role in _roles_of(spans, transcript.roles)]
    places = [span_places(spans) for spans in groups] if model.uses_context else None  # for both passes
    table = first_pass_table(every, groups, places) if model.uses_context else None
    managers = [role == "manager" for role in roles]
    labels = stored_labels(label_spans(every, model, groups, table, places, keep=managers), managers)
    staff = [k for k, role in enumerate(roles) if role == "staff"]
    if staff_model is not None:
        rows = table.iloc[staff].reset_index(drop=True) if table is not None else None
        manager_acts = [act for act, *_ in labels]  # the managers' acts; None for everyone else
        staff_labels = label_staff_spans([every[k] for k in staff], staff_model, groups, rows, manager_acts, places)
        for k, *label in zip(staff, *(staff_labels[c].tolist() for c in ("staff_act", "confidence", "unsure")),
                             strict=True):
            labels[k] = (None, None, *label)  # as stored on the span: the manager's labels None, the staff's set
    start = 0
    for transcript, chosen, spans in waiting:
        rows = sentence_rows(spans, transcript.roles, labels[start : start + len(spans)])
        start += len(spans)
        conversation = conversation_figures(rows)
        figures = summarize_rows(rows, chosen, conversation)
        table = pd.DataFrame.from_records(rows, columns=list(SENTENCE_COLUMNS))
        if explain and spans:
            managers = [k for k, row in enumerate(rows) if row[1] == "manager"]
            reasons = explain_rows(model, feature_table([spans[k] for k in managers])) if managers else []
            table["reasons"] = ""
            table.loc[managers, "reasons"] = ["; ".join(r.describe() for r in row) for row in reasons]
        notes = list(transcript.notes)
        if staff_model is None and any(row[1] == "staff" for row in rows):
            notes.append(no_staff_model_note(staff_model_path()))
        if chosen is not None:
            kept = table["speaker"].isin(chosen)
            conversation = _renumbered(conversation, list(table.index[kept]))
            table = table[kept].reset_index(drop=True)
        if alternatives:  # after the speaker filter: only the reported sentences are parsed
            from analyzer.alternatives import add_alternatives

            table = add_alternatives(table)
        yield Analysis(transcript.source, transcript.format, table, figures, notes, conversation)


def _roles_of(spans: list[Span], roles: dict[str, str]) -> list[str]:
    """Each sentence's speaker's role (a speaker without one is a manager), read once per turn."""
    out, doc, role = [], None, "manager"
    for span in spans:
        if span.doc is not doc:
            doc = span.doc
            role = roles.get(doc._.speaker, "manager")
        out.append(role)
    return out


#: The conversation's lists and the keys in them that are row numbers of the sentence table.
_ROW_KEYS = {"loops": ("question", "answer"), "commitment_list": ("row", "advice_row"),
             "missed_moments": ("staff_row", "manager_row")}


def _renumbered(conversation: dict[str, Any], kept: list[int]) -> dict[str, Any]:
    """The conversation's lists with row numbers of the table narrowed by ``--speaker``.

    The figures stay those of the whole conversation (as talk shares do); a row left out of
    the table becomes ``None``, so nothing points at another speaker's sentence.
    """
    new = {old: k for k, old in enumerate(kept)}
    out = dict(conversation)
    for name, keys in _ROW_KEYS.items():
        out[name] = [item | {k: new.get(item[k]) for k in keys if item.get(k) is not None}
                     for item in conversation.get(name, [])]
    return out


def analyze_file(path: str | Path, *, model: Model | None = None, nlp: Language | None = None,
                 input_format: str | None = None, speakers: list[str] | None = None,
                 explain: bool = False, roles: RoleSpec | None = None,
                 staff_model: Model | None = None, alternatives: bool = False,
                 single_speaker: bool = False) -> Analysis:
    """Read, name and give roles to the speakers of, split, label and summarise one transcript file.

    ``single_speaker``: see :func:`analyzer.readers.read_transcript`.
    """
    transcript = apply_roles(read_transcript(path, input_format, single_speaker=single_speaker), roles)
    return analyze_transcript(transcript, model or cached_model(), nlp or build_nlp(), speakers, explain,
                              staff_model, alternatives)
