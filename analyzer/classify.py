"""Label free-standing texts (not a transcript): a CSV column or plain lines.

Each input row may hold several sentences; each sentence becomes one output row carrying
the input row's index and other columns, so results join back to the input.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from spacy.language import Language

from analyzer.errors import InputError
from analyzer.model_file import Model
from analyzer.predict import label_spans
from analyzer.readers.encoding import decode
from analyzer.sentences import sentences

OUTPUT_COLUMNS = ("sentence", "act", "style", "confidence")


def read_texts(source: str | Path, data: bytes, text_column: str) -> pd.DataFrame:
    """Rows to classify: a CSV (``.csv``) with ``text_column``, or one text per line."""
    text = decode(data, source)
    if str(source).lower().endswith(".csv"):
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"is not a readable CSV file ({str(exc).splitlines()[0][:80]})", source) from None
        if text_column not in frame.columns:
            raise InputError(f"has no column {text_column!r} (columns: {', '.join(frame.columns)}); "
                             "name the text column with --text-column", source)
        return frame
    lines = [line for line in text.splitlines() if line.strip()]
    return pd.DataFrame({text_column: lines})


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
    out = pd.concat([pd.DataFrame({"row": owners}), others], axis=1)
    out["sentence"] = [s.text.strip() for s in spans]
    for col in ("act", "style", "confidence"):
        out[col] = labels[col].to_numpy()
    return out
