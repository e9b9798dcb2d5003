"""Sentence Spans to the feature table the classifier reads.

spaCy stays outside the saved scikit-learn model: this module runs once per sentence and
hands the model a plain table (normalised words, tag shape, numeric cues). The saved model
therefore holds only scikit-learn types, loads without running code, and can be
cross-validated without re-running spaCy.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from spacy.tokens import Span
from tqdm import tqdm

from analyzer.context import NO_CONTEXT
from analyzer.cues import CUE_NAMES, TokenReader, cue_values, shape

TEXT_COLUMN = "text"
SHAPE_COLUMN = "shape"
CONTEXT_COLUMN = "context"
FEATURE_COLUMNS: tuple[str, ...] = (TEXT_COLUMN, SHAPE_COLUMN, *CUE_NAMES, CONTEXT_COLUMN)

_PUNCT = re.compile(r"[^\w\s]")


def feature_table(spans: Iterable[Span], contexts: Sequence[str | None] | None = None) -> pd.DataFrame:
    """One row per sentence with :data:`FEATURE_COLUMNS` (the values ``span._.features`` gives).

    ``contexts``: the spans' ``span._.context`` values, when the caller has them in hand
    (reading them back off the spans cost more than the context tokens' own transform).
    """
    texts, shapes, cues, read_contexts = [], [], [], []
    reader = TokenReader()
    for span in spans:
        words, tags, qmark = reader.read(span)
        texts.append(" ".join(words))
        shapes.append(shape(words, tags))
        cues.append(cue_values(words, tags, qmark))
        if contexts is None:
            read_contexts.append(span._.context)
    if contexts is not None and len(contexts) != len(texts):  # a shorter list would leave rows without context
        raise ValueError(f"{len(contexts)} contexts for {len(texts)} sentences")
    contexts = [c or NO_CONTEXT for c in (read_contexts if contexts is None else contexts)]
    table = pd.DataFrame(np.array(cues, dtype=float).reshape(len(cues), len(CUE_NAMES)), columns=list(CUE_NAMES))
    # Plain object columns: the vectorizers iterate Python strings, and pandas' default
    # Arrow-backed strings would be converted on the way in and back out again.
    table.insert(0, SHAPE_COLUMN, pd.Series(shapes, dtype=object))
    table.insert(0, TEXT_COLUMN, pd.Series(texts, dtype=object))
    table[CONTEXT_COLUMN] = pd.Series(contexts, dtype=object)
    return table


def asr_style(text: str) -> str:
    """How a speech recogniser would print a sentence: lower case, no punctuation.

    Used to augment training data, so the model learns not to lean on "?" and capitals
    that real transcripts often lack.
    """
    text = text.replace("\u2019", "").replace("'", "")
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def featurize_texts(texts: Sequence[str], nlp=None, progress: bool = False, desc: str = "spaCy") -> pd.DataFrame:
    """The feature table of texts taken as one sentence each, with no context.

    Training, evaluation and ``classify`` all read labelled sentences this way: a labelled
    row is already one sentence, so spaCy's splitter is not asked to split it again.
    """
    from analyzer.nlp import build_nlp
    from analyzer.sentences import whole_docs

    nlp = nlp or build_nlp()
    spans = whole_docs(texts, nlp)
    if progress:
        spans = tqdm(spans, total=len(texts), desc=desc, unit="sent", file=sys.stderr, leave=False)
    return feature_table(spans)
