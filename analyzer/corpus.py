"""The bundled labelled corpus: its schema, the fixed held-out split, and its checks.

The held-out split is decided by a hash of the group id, not by a random draw: it is
stable when rows are added, and a group (one conversation) is never split across train
and test, so test figures are never flattered by near-identical sentences from the same
scenario.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from analyzer.labels import ACT_STYLE

COLUMNS = ("text", "act", "style", "context", "group", "variant", "hard_case", "split")
VARIANTS = ("clean", "asr")
TEST_SHARE_MOD = 5  # one group in five is held out
NEAR_DUPLICATE_COSINE = 0.8
MIN_WORDS, MAX_WORDS = 3, 40


def split_of(group: str) -> str:
    """``"test"`` for about one group in five, fixed by the group id's hash."""
    digest = hashlib.sha256(group.encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % TEST_SHARE_MOD == 0 else "train"


def normalise(text: str) -> str:
    """Lower case, letters and digits only: two texts equal here are duplicates."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("'", "").replace("\u2019", "")).split())


def exact_duplicates(texts: pd.Series) -> list[list[int]]:
    """Index groups of texts identical after :func:`normalise`."""
    keys = texts.map(normalise)
    dup = keys[keys.duplicated(keep=False)]
    return [list(idx) for idx in dup.groupby(dup).groups.values()]


def near_duplicates(texts: pd.Series, threshold: float = NEAR_DUPLICATE_COSINE) -> list[tuple[int, int, float]]:
    """Pairs of rows whose word 1-2-gram tf-idf vectors have cosine >= threshold."""
    norm = texts.map(normalise).tolist()
    vec = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(norm)
    sim = (vec @ vec.T).tocoo()
    mask = (sim.row < sim.col) & (sim.data >= threshold)
    return [(int(texts.index[i]), int(texts.index[j]), round(float(s), 3))
            for i, j, s in zip(sim.row[mask], sim.col[mask], sim.data[mask], strict=True)]


def schema_problems(corpus: pd.DataFrame) -> list[str]:
    """Everything wrong with the corpus's columns and labels, as readable lines."""
    problems = []
    missing = [c for c in COLUMNS if c not in corpus.columns]
    if missing:
        return [f"missing columns: {missing}"]
    bad_act = corpus.index[~corpus["act"].isin(ACT_STYLE)].tolist()
    if bad_act:
        problems.append(f"unknown act in rows {bad_act[:10]}")
    wrong_style = corpus.index[corpus["style"] != corpus["act"].map(ACT_STYLE)].tolist()
    if wrong_style:
        problems.append(f"style does not follow act in rows {wrong_style[:10]}")
    if (corpus["text"].str.strip() == "").any():
        problems.append("empty text")
    if not corpus["variant"].isin(VARIANTS).all():
        problems.append("variant must be clean or asr")
    wrong_split = corpus.index[corpus["split"] != corpus["group"].map(split_of)].tolist()
    if wrong_split:
        problems.append(f"split does not follow the group hash in rows {wrong_split[:10]}")
    return problems


def word_counts(texts: pd.Series) -> np.ndarray:
    return texts.str.split().str.len().to_numpy()
