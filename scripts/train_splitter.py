"""Train the boundary classifier that splits unpunctuated speech into sentences.

Usage: python scripts/train_splitter.py [--corpus data/corpus.csv] [-o models/splitter/splitter.skops]
Training texts are runs of 1-4 consecutive corpus sentences from one conversation group,
lower-cased with punctuation removed, as a speech recogniser prints them; every gap
between two words is an example, labelled by whether a sentence started there. The
bundled sample transcripts (data/samples) are not used: benchmarks/segmentation.py
measures the splitter on them.
"""

from __future__ import annotations

import argparse
import json
import random
import zipfile
from pathlib import Path

import pandas as pd
import skops.io as sio
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import Pipeline

from analyzer.config import CORPUS_PATH, SPLITTER_PATH
from analyzer.features import asr_style
from analyzer.model_file import file_sha256, library_versions
from analyzer.nlp import build_nlp
from analyzer.segment import gap_features, span_words_tags

SEED = 0


def runs(corpus: pd.DataFrame, rng: random.Random) -> list[list[str]]:
    """Consecutive sentences of a group, in chunks of 1 to 4."""
    out = []
    for _, group in corpus.groupby("group", sort=True):
        texts = [t for t in (asr_style(x) for x in group["text"]) if t]
        i = 0
        while i < len(texts):
            k = rng.randint(1, 4)
            out.append(texts[i : i + k])
            i += k
    return out


def examples(chunks: list[list[str]]) -> tuple[list[dict[str, float]], list[int]]:
    nlp = build_nlp()
    X, y = [], []
    with nlp.select_pipes(enable=["tok2vec", "tagger"]):
        for chunk, doc in zip(chunks, nlp.pipe([" ".join(c) for c in chunks]), strict=True):
            starts, pos = set(), 0
            for s in chunk[:-1]:
                pos += len(nlp.tokenizer(s))
                starts.add(pos)
            words, tags = span_words_tags(doc)
            for i in range(1, len(doc)):
                X.append(gap_features(words, tags, i))
                y.append(int(i in starts))
    return X, y


def choose_threshold(chunks: list[list[str]]) -> float:
    """The probability cut-off with the best boundary F1 on one group in five held out."""
    held = chunks[::5]
    fit = [c for k, c in enumerate(chunks) if k % 5]
    X, y = examples(fit)
    Xh, yh = examples(held)
    proba = build_model().fit(X, y).predict_proba(Xh)[:, 1]
    best = max((f1_score(yh, proba >= t), t) for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5))
    return best[1]


def build_model() -> Pipeline:
    return Pipeline([("vec", FeatureHasher(n_features=2**18)), ("clf", LogisticRegression(C=1.0, max_iter=2000))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS_PATH))
    parser.add_argument("-o", "--output", default=str(SPLITTER_PATH))
    args = parser.parse_args()
    corpus = pd.read_csv(args.corpus, keep_default_na=False)
    chunks = runs(corpus, random.Random(SEED))
    threshold = choose_threshold(chunks)
    X, y = examples(chunks)
    model = build_model().fit(X, y)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, out, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    card = {
        "what": "sentence-boundary classifier for unpunctuated text",
        "training_data": Path(args.corpus).name,
        "training_data_sha256": file_sha256(args.corpus),
        "threshold": threshold,
        "gaps": len(y),
        "boundaries": sum(y),
        "libraries": library_versions(),
        "model_sha256": file_sha256(out),
    }
    out.with_name(out.name.removesuffix(".skops") + ".card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out}: {len(y)} gaps, {sum(y)} boundaries, threshold {threshold}")


if __name__ == "__main__":
    main()
