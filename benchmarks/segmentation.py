"""How well sentences are split in a transcript with no punctuation.

Usage: python benchmarks/segmentation.py [GOLD.csv ...]
Joins each gold turn's sentences without punctuation into one text, splits it with the
analyzer's pipeline, and reports boundary precision and recall against the gold
sentence boundaries (default: every conversation in data/samples/gold/, lower-cased and
stripped of punctuation, which is how a speech recogniser prints them).
"""

from __future__ import annotations

import sys

import pandas as pd

from analyzer.config import SAMPLES_DIR
from analyzer.features import asr_style
from analyzer.nlp import build_nlp


def boundaries(sentences: list[str]) -> set[int]:
    """Word offsets where a new sentence starts (the first is not counted)."""
    out, pos = set(), 0
    for s in sentences[:-1]:
        pos += len(s.split())
        out.add(pos)
    return out


def evaluate(paths: list[str]) -> dict[str, float]:
    nlp = build_nlp()
    tp = fp = fn = 0
    for path in paths:
        gold = pd.read_csv(path, keep_default_na=False)
        for _, turn in gold.groupby("turn", sort=True):
            sents = [asr_style(s) for s in turn["sentence"] if asr_style(s)]
            doc = nlp(" ".join(sents))
            found = set()
            for s in list(doc.sents)[1:]:
                found.add(len(doc[: s.start].text.split()))
            want = boundaries(sents)
            tp, fp, fn = tp + len(found & want), fp + len(found - want), fn + len(want - found)
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1), "boundaries": tp + fn}


if __name__ == "__main__":
    files = sys.argv[1:] or sorted(str(p) for p in (SAMPLES_DIR / "gold").glob("*.csv"))
    result = evaluate(files)
    print(f"unpunctuated sentence boundaries: precision {result['precision']:.2f}, "
          f"recall {result['recall']:.2f} over {result['boundaries']} gold boundaries")
