"""Sentence Spans to the feature table the classifier reads.

spaCy stays outside the saved scikit-learn model: this module runs once per sentence and
hands the model a plain table (normalised words, tag shape, numeric cues). The saved model
therefore holds only scikit-learn types, loads without running code, and can be
cross-validated without re-running spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Span

from analyzer.cues import CUE_NAMES

TEXT_COLUMN = "text"
SHAPE_COLUMN = "shape"
FEATURE_COLUMNS: tuple[str, ...] = (TEXT_COLUMN, SHAPE_COLUMN, *CUE_NAMES)

_PUNCT = re.compile(r"[^\w\s]")


def feature_table(spans: Iterable[Span]) -> pd.DataFrame:
    """One row per sentence with :data:`FEATURE_COLUMNS`."""
    rows = [s._.features for s in spans]
    columns = {c: [r[c] for r in rows] for c in FEATURE_COLUMNS}
    return pd.DataFrame(columns, columns=list(FEATURE_COLUMNS))


def asr_style(text: str) -> str:
    """How a speech recogniser would print a sentence: lower case, no punctuation.

    Used to augment training data, so the model learns not to lean on "?" and capitals
    that real transcripts often lack.
    """
    text = text.replace("\u2019", "").replace("'", "")
    return " ".join(_PUNCT.sub(" ", text.lower()).split())
