"""The end-to-end job: a transcript file in, labelled sentences and figures out.

``analyze_file`` is what the ``analyzer analyze`` command, batch scoring and the
notebooks call; the CLI only adds argument parsing and output formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language

from analyzer.config import model_path
from analyzer.errors import InputError
from analyzer.explain import explain_rows
from analyzer.features import feature_table
from analyzer.figures import summarize
from analyzer.model_file import Model, load_model
from analyzer.nlp import build_nlp
from analyzer.predict import label_spans, sentence_table
from analyzer.readers import read_transcript
from analyzer.sentences import sentences, turn_docs
from analyzer.transcript import Transcript


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


def select_speakers(transcript: Transcript, wanted: list[str] | None) -> list[str] | None:
    """Resolve ``--speaker`` names case-insensitively against the transcript's speakers."""
    if not wanted:
        return None
    present = list(dict.fromkeys(u.speaker for u in transcript.utterances))
    by_lower = {s.casefold(): s for s in present}
    missing = [w for w in wanted if w.casefold() not in by_lower]
    if missing:
        raise InputError(f"no speaker named {', '.join(map(repr, missing))}; speakers are: "
                         f"{', '.join(present)}", transcript.source)
    return [by_lower[w.casefold()] for w in wanted]


def analyze_transcript(transcript: Transcript, model: Model, nlp: Language,
                       speakers: list[str] | None = None, explain: bool = False) -> Analysis:
    """Split, label and summarise a transcript that has already been read.

    ``explain`` adds a ``reasons`` column: the features that most favoured each label.
    """
    chosen = select_speakers(transcript, speakers)
    spans = list(sentences(turn_docs(transcript.utterances, nlp)))
    label_spans(spans, model)
    table = sentence_table(spans)
    if explain and spans:
        reasons = explain_rows(model, feature_table(spans))
        table["reasons"] = ["; ".join(r.describe() for r in row) for row in reasons]
    figures = summarize(table, chosen)
    if chosen is not None:
        table = table[table["speaker"].isin(chosen)].reset_index(drop=True)
    return Analysis(transcript.source, transcript.format, table, figures, list(transcript.notes))


def analyze_file(path: str | Path, *, model: Model | None = None, nlp: Language | None = None,
                 input_format: str | None = None, speakers: list[str] | None = None,
                 explain: bool = False) -> Analysis:
    """Read, split, label and summarise one transcript file."""
    transcript = read_transcript(path, input_format)
    return analyze_transcript(transcript, model or cached_model(), nlp or build_nlp(), speakers, explain)
