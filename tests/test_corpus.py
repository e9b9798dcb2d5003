"""The bundled corpus: schema, label set, coverage, and no (near-)duplicates."""

import pandas as pd
import pytest

from analyzer.config import CORPUS_PATH
from analyzer.corpus import (
    COLUMNS,
    MAX_WORDS,
    MIN_WORDS,
    exact_duplicates,
    near_duplicates,
    schema_problems,
    split_of,
    word_counts,
)
from analyzer.labels import ACTS


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return pd.read_csv(CORPUS_PATH, dtype=str, keep_default_na=False)


def test_schema_and_labels(corpus):
    assert list(corpus.columns) == list(COLUMNS)
    assert schema_problems(corpus) == []


def test_size_and_coverage(corpus):
    assert len(corpus) >= 3000
    counts = corpus["act"].value_counts()
    assert set(counts.index) == set(ACTS)
    assert counts.min() >= 200
    assert corpus["context"].nunique() >= 12
    assert (corpus["hard_case"] != "").mean() >= 0.25
    assert (corpus["variant"] == "asr").mean() >= 0.20
    for act in ACTS:  # recogniser-style text for every act, in most workplaces
        asr = corpus[(corpus["act"] == act) & (corpus["variant"] == "asr")]
        assert len(asr) >= 30 and asr["context"].nunique() >= 10, act


def test_lengths(corpus):
    words = word_counts(corpus["text"])
    assert words.min() >= MIN_WORDS and words.max() <= MAX_WORDS


def test_recogniser_rows_look_like_recogniser_output(corpus):
    asr = corpus[corpus["variant"] == "asr"]["text"]
    assert (asr == asr.str.lower()).all()
    assert not asr.str.contains(r"[.,?!;:'\"]").any()


def test_no_duplicates_or_near_duplicates(corpus):
    assert exact_duplicates(corpus["text"]) == []
    assert near_duplicates(corpus["text"]) == []


def test_held_out_split_is_by_group(corpus):
    per_group = corpus.groupby("group")["split"].nunique()
    assert (per_group == 1).all()
    share = (corpus["split"] == "test").mean()
    assert 0.12 <= share <= 0.30
    assert set(corpus[corpus["split"] == "test"]["act"]) == set(ACTS)


def test_duplicate_checks_can_fail():
    texts = pd.Series(
        [
            "Send it by Friday.",
            "send it by friday",
            "Please send the updated rota over to me by Friday afternoon.",
            "Please send the updated rota over to me by Friday morning!",
        ]
    )
    assert exact_duplicates(texts) == [[0, 1]]
    assert (2, 3) in {(i, j) for i, j, _ in near_duplicates(texts)}
    assert split_of("ward-01") in {"train", "test"}


def test_corpus_is_built_from_the_raw_parts(corpus):
    from tests.conftest import load_script

    module = load_script("build_corpus")
    rebuilt = module.build(module.default_parts())
    assert rebuilt.equals(corpus), "data/corpus.csv is stale: run python scripts/build_corpus.py"


def test_the_data_readme_counts_are_the_corpus_counts(corpus):
    """data/README.md quotes the act table; a relabelled row must not leave it stale."""
    readme = (CORPUS_PATH.parent / "README.md").read_text(encoding="utf-8")
    quoted = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 6 and cells[0] in ACTS:
            quoted[cells[0]] = tuple(int(c) for c in cells[2:])
    actual = {}
    for act, rows in corpus.groupby("act"):
        clean, asr = (int((rows["variant"] == v).sum()) for v in ("clean", "asr"))
        actual[act] = (clean, asr, len(rows), int((rows["split"] == "test").sum()))
    assert quoted == actual
