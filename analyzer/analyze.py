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

from analyzer.config import model_path
from analyzer.errors import InputError
from analyzer.explain import explain_rows
from analyzer.features import feature_table
from analyzer.figures import SENTENCE_COLUMNS, summarize_rows
from analyzer.model_file import Model, load_model
from analyzer.nlp import build_nlp
from analyzer.predict import label_spans, sentence_rows
from analyzer.readers import read_transcript
from analyzer.readers.speakers import match_speaker
from analyzer.sentences import grouped_turn_docs, sentences
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``analyzer analyze --format json``."""
        rows = self.sentences.astype(object).where(self.sentences.notna(), None)
        return {
            "file": self.file, "format": self.format, "speakers": self.speakers,
            "sentences": rows.to_dict(orient="records"), "notes": self.notes,
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
                       speakers: list[str] | None = None, explain: bool = False) -> Analysis:
    """Split, label and summarise a transcript that has already been read.

    ``explain`` adds a ``reasons`` column: the features that most favoured each label.
    """
    return next(analyze_transcripts([(transcript, speakers)], model, nlp, explain))


def analyze_transcripts(items: Iterable[tuple[Transcript, list[str] | None]], model: Model, nlp: Language,
                        explain: bool = False) -> Iterator[Analysis]:
    """Analyse many transcripts as one stream: one Analysis per ``(transcript, speakers)``, in order.

    spaCy and the classifier each cost a fixed amount per call, and every transcript ends in
    a part-filled batch; streaming all turns through one ``nlp.pipe`` and labelling about
    :data:`LABEL_BATCH` sentences per classifier call makes a batch of short transcripts
    run as fast as one long one. Memory stays bounded: only the sentences of transcripts
    not yet yielded are held. ``items`` is consumed lazily (spaCy reads a batch ahead), so
    it can be a generator that reads the files.
    """
    groups = (((t, select_speakers(t, wanted)), t.utterances) for t, wanted in items)
    waiting: list[tuple[Transcript, list[str] | None, list[Span]]] = []
    count = 0
    for (transcript, chosen), docs in grouped_turn_docs(groups, nlp):
        spans = list(sentences(docs))
        waiting.append((transcript, chosen, spans))
        count += len(spans)
        if count >= LABEL_BATCH:
            yield from _label_and_summarize(waiting, model, explain)
            waiting, count = [], 0
    yield from _label_and_summarize(waiting, model, explain)


def _label_and_summarize(waiting: list[tuple[Transcript, list[str] | None, list[Span]]], model: Model,
                         explain: bool) -> Iterator[Analysis]:
    """Label the sentences of several transcripts in one classifier call, then report each."""
    label_spans([span for _, _, spans in waiting for span in spans], model)
    for transcript, chosen, spans in waiting:
        rows = sentence_rows(spans)
        figures = summarize_rows(rows, chosen)
        table = pd.DataFrame.from_records(rows, columns=list(SENTENCE_COLUMNS))
        if explain and spans:
            reasons = explain_rows(model, feature_table(spans))
            table["reasons"] = ["; ".join(r.describe() for r in row) for row in reasons]
        if chosen is not None:
            table = table[table["speaker"].isin(chosen)].reset_index(drop=True)
        yield Analysis(transcript.source, transcript.format, table, figures, list(transcript.notes))


def analyze_file(path: str | Path, *, model: Model | None = None, nlp: Language | None = None,
                 input_format: str | None = None, speakers: list[str] | None = None,
                 explain: bool = False, single_speaker: bool = False) -> Analysis:
    """Read, split, label and summarise one transcript file (``single_speaker``: see read_transcript)."""
    transcript = read_transcript(path, input_format, single_speaker=single_speaker)
    return analyze_transcript(transcript, model or cached_model(), nlp or build_nlp(), speakers, explain)
