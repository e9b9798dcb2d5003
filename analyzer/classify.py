"""Label free-standing texts (not a transcript): a CSV column or plain lines.

Each input row may hold several sentences; each sentence becomes one output row carrying
the input row's index and other columns, so results join back to the input.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from spacy.language import Language

from analyzer.errors import InputError
from analyzer.labelled import plain_column_names, read_sheet
from analyzer.model_file import Model
from analyzer.predict import label_spans
from analyzer.readers.encoding import decode
from analyzer.sentences import sentences
from analyzer.transcript import MAX_TURN_CHARS

#: The columns classify adds around the input's own.
OUTPUT_COLUMNS = ("row", "sentence", "act", "style", "confidence")


def read_texts(source: str | Path, data: bytes, text_column: str) -> pd.DataFrame:
    """Rows to classify: a CSV (``.csv``) with ``text_column``, or one text per line."""
    text = decode(data, source)
    if str(source).lower().endswith(".csv"):
        # Read as `train` reads a labelled sheet: a file that trains can be classified.
        frame = plain_column_names(read_sheet(text, source, text_column), (text_column,))
        if text_column not in frame.columns:
            raise InputError(f"has no column {text_column!r} (columns: {', '.join(frame.columns)}); "
                             "name the text column with --text-column", source)
        _check_lengths((n + 2 for n, t in enumerate(frame[text_column]) if len(t) > MAX_TURN_CHARS), "row", source)
        return frame
    lines = text.splitlines()
    _check_lengths((n for n, line in enumerate(lines, 1) if len(line) > MAX_TURN_CHARS), "line", source)
    # Blank lines stay (they give no sentence), so ``row`` is the line's index, as it is
    # the data row's index for a CSV: either way the output joins back to the input.
    return pd.DataFrame({text_column: lines})


def _check_lengths(too_long: Iterable[int], unit: str, source: str | Path) -> None:
    """Refuse a text spaCy would refuse mid-run: say which row, before any work starts."""
    first = next(iter(too_long), None)
    if first is not None:
        raise InputError(f"{unit} {first} has a text over {MAX_TURN_CHARS:,} characters, more than "
                         f"one text can hold; split it into shorter {unit}s", source)


def classify_frame(frame: pd.DataFrame, text_column: str, model: Model, nlp: Language) -> pd.DataFrame:
    """One output row per sentence: ``row``, the other input columns, then the labels."""
    texts = frame[text_column].fillna("").astype(str).tolist()
    docs = list(nlp.pipe(texts, batch_size=256))
    spans, owners = [], []
    for row, doc in enumerate(docs):
        for span in sentences([doc]):
            spans.append(span)
            owners.append(row)
    labels = label_spans(spans, model)
    others = frame.drop(columns=[text_column]).iloc[owners].reset_index(drop=True)
    # An input column named like an output (a gold ``act`` to compare with) is kept as
    # ``input_act`` rather than overwritten or duplicated.
    others = others.rename(columns={c: f"input_{c}" for c in others.columns if c in OUTPUT_COLUMNS})
    out = pd.concat([pd.DataFrame({"row": owners}), others], axis=1)
    out["sentence"] = [s.text.strip() for s in spans]
    for col in ("act", "style", "confidence"):
        out[col] = labels[col].to_numpy()
    return out
