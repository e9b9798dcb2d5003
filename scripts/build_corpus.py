"""Assemble data/corpus.csv from the part files the corpus authors wrote (data/raw/parts/).

Usage: python scripts/build_corpus.py [PART.csv ...]   (default: every data/raw/parts/*.csv)

Adds the fixed ``split`` column and drops exact duplicates, the later row of each
near-duplicate pair, and rows outside the corpus's 3-40 word range. The parts are the raw
data and are never rewritten by code; data/corpus.csv is derived, so fix a sentence in its
part and rebuild (tests/test_corpus.py fails when the two disagree).
"""

from __future__ import annotations

import sys

import pandas as pd

from analyzer.config import CORPUS_PATH, DATA_DIR
from analyzer.corpus import COLUMNS, MAX_WORDS, MIN_WORDS, exact_duplicates, near_duplicates, schema_problems, split_of

RAW_PARTS = DATA_DIR / "raw" / "parts"


def build(paths: list[str]) -> pd.DataFrame:
    """The corpus table from the part files (see module docstring)."""
    frame = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths], ignore_index=True)
    frame["text"] = frame["text"].str.strip()
    frame["split"] = frame["group"].map(split_of)
    exact = [i for grp in exact_duplicates(frame["text"]) for i in grp[1:]]
    frame = frame.drop(index=exact).reset_index(drop=True)[list(COLUMNS)]
    near = {j for _, j, _ in near_duplicates(frame["text"])}
    words = frame["text"].str.split().str.len()
    out_of_range = set(frame.index[(words < MIN_WORDS) | (words > MAX_WORDS)])
    frame = frame.drop(index=sorted(near | out_of_range)).reset_index(drop=True)
    print(f"{len(frame)} rows; dropped {len(exact)} exact and {len(near)} near-duplicates and "
          f"{len(out_of_range)} rows outside {MIN_WORDS}-{MAX_WORDS} words", file=sys.stderr)
    return frame


def default_parts() -> list[str]:
    return sorted(str(p) for p in RAW_PARTS.glob("*.csv"))


def main(paths: list[str]) -> int:
    frame = build(paths or default_parts())
    problems = schema_problems(frame)
    for line in problems:
        print("problem:", line, file=sys.stderr)
    frame.to_csv(CORPUS_PATH, index=False)
    print(f"wrote {CORPUS_PATH}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
