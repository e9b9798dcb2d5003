"""Assemble data/corpus.csv from part files written by the corpus authors.

Usage: python scripts/build_corpus.py PART.csv [PART.csv ...]
Adds the fixed ``split`` column and drops exact duplicates, the later row of each
near-duplicate pair, and rows outside the corpus's 3-40 word range. Run once when parts are added; after that
data/corpus.csv is the source of truth and is edited directly.
"""

from __future__ import annotations

import sys

import pandas as pd

from analyzer.config import CORPUS_PATH
from analyzer.corpus import COLUMNS, MAX_WORDS, MIN_WORDS, exact_duplicates, near_duplicates, schema_problems, split_of


def main(paths: list[str]) -> int:
    frame = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths], ignore_index=True)
    frame["text"] = frame["text"].str.strip()
    frame["split"] = frame["group"].map(split_of)
    drop = [i for grp in exact_duplicates(frame["text"]) for i in grp[1:]]
    frame = frame.drop(index=drop).reset_index(drop=True)[list(COLUMNS)]
    for line in schema_problems(frame):
        print("problem:", line)
    near = {j for _, j, _ in near_duplicates(frame["text"])}
    words = frame["text"].str.split().str.len()
    out_of_range = set(frame.index[(words < MIN_WORDS) | (words > MAX_WORDS)])
    frame = frame.drop(index=sorted(near | out_of_range)).reset_index(drop=True)
    print(f"dropped {len(near)} near-duplicates (the later of each pair) and {len(out_of_range)} rows "
          f"outside {MIN_WORDS}-{MAX_WORDS} words")
    frame.to_csv(CORPUS_PATH, index=False)
    print(f"wrote {CORPUS_PATH}: {len(frame)} rows ({len(drop)} exact duplicates dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
