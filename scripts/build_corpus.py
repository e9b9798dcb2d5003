"""Assemble data/corpus.csv from part files written by the corpus authors.

Usage: python scripts/build_corpus.py PART.csv [PART.csv ...]
Adds the fixed ``split`` column, drops exact duplicates (keeping the first), and reports
near-duplicate pairs for a person to rewrite. Run once when parts are added; after that
data/corpus.csv is the source of truth and is edited directly.
"""

from __future__ import annotations

import sys

import pandas as pd

from analyzer.config import CORPUS_PATH
from analyzer.corpus import COLUMNS, exact_duplicates, near_duplicates, schema_problems, split_of


def main(paths: list[str]) -> int:
    frame = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths], ignore_index=True)
    frame["text"] = frame["text"].str.strip()
    frame["split"] = frame["group"].map(split_of)
    drop = [i for grp in exact_duplicates(frame["text"]) for i in grp[1:]]
    frame = frame.drop(index=drop).reset_index(drop=True)[list(COLUMNS)]
    for line in schema_problems(frame):
        print("problem:", line)
    for i, j, s in near_duplicates(frame["text"]):
        print(f"near-duplicate {s}: {i}: {frame.at[i, 'text']!r} ~ {j}: {frame.at[j, 'text']!r}")
    frame.to_csv(CORPUS_PATH, index=False)
    print(f"wrote {CORPUS_PATH}: {len(frame)} rows ({len(drop)} exact duplicates dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
