"""Model selection by grouped cross-validation on the corpus's training split only.

Usage: python scripts/tune.py [--corpus data/corpus.csv]
Prints act and style macro-F1 for a small grid; the held-out split and shared/dev are
never touched here. The chosen values go into analyzer/classifier.py DEFAULT_PARAMS.
"""

from __future__ import annotations

import argparse
import itertools

from analyzer.config import CORPUS_PATH
from analyzer.labelled import load_labelled
from analyzer.train import cross_validate, featurize_texts, with_asr_copies

GRID = {
    "clf__C": [3.0, 10.0, 30.0],
    # Weight of each feature block against the word n-grams; lower means more strongly
    # regularised (the logistic regression has one C for all of them).
    "features__transformer_weights": [
        {"words": 1, "shape": 1, "cues": 1},
        {"words": 1, "shape": 0.25, "cues": 0.5},
        {"words": 1, "shape": 0.1, "cues": 0.25},
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS_PATH))
    parser.add_argument("--by", choices=["group", "context"], default="group",
                        help="fold by conversation group, or by workplace (unseen-workplace generalisation)")
    args = parser.parse_args()
    frame = load_labelled([args.corpus])
    if args.by == "context":
        frame["group"] = frame["context"]
    train = with_asr_copies(frame[frame["split"] != "test"].reset_index(drop=True))
    X = featurize_texts(train["text"].tolist())
    keys = list(GRID)
    for values in itertools.product(*GRID.values()):
        params = {k: v for k, v in zip(keys, values, strict=True) if v is not None}
        result = cross_validate(X, train, params, n_jobs=2)
        print(f"{params}: act {result['act']['macro_f1']:.4f}  style {result['style']['macro_f1']:.4f}", flush=True)


if __name__ == "__main__":
    main()
