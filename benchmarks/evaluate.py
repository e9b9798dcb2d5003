"""Held-out accuracy of the shipped model against two baselines, in one run.

Usage: python benchmarks/evaluate.py [--model models/default/model.skops] [--report-only FILE.csv ...] [--json OUT]

Scores on the corpus's fixed held-out split (``split == "test"``: whole conversation
groups never used for training or tuning), overall and on its speech-recogniser-style
part, for: the shipped model; (1) question marks + directive phrases; (2) a bag-of-words
model trained on the same training rows without the spaCy cues. Files passed with
``--report-only`` (for example another author's sentences) are scored too and only
reported: nothing here is tuned on them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from analyzer.analyze import cached_model
from analyzer.baselines import KeywordBaseline
from analyzer.classifier import build_pipeline
from analyzer.config import CORPUS_PATH, DEFAULT_MODEL_PATH
from analyzer.evaluate import headline, render_metrics, score
from analyzer.labelled import load_labelled
from analyzer.train import featurize_texts, with_asr_copies


def parts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    masks = {"all": pd.Series(True, index=frame.index)}
    if "variant" in frame and (frame["variant"] == "asr").any():
        masks |= {"clean": frame["variant"] == "clean", "asr": frame["variant"] == "asr"}
    return masks


def evaluate_set(name: str, frame: pd.DataFrame, predictors: dict[str, list[str]]) -> dict[str, dict]:
    results = {}
    for system, pred in predictors.items():
        pred = pd.Series(pred, index=frame.index)
        results[system] = {
            part: score(frame["label"][m].tolist(), pred[m].tolist()) for part, m in parts(frame).items()
        }
    return {name: results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(DEFAULT_MODEL_PATH))
    parser.add_argument(
        "--report-only", nargs="*", default=[], help="labelled CSVs (text, act) scored for reporting only"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print per-class tables and confusion matrices")
    args = parser.parse_args()

    corpus = load_labelled([CORPUS_PATH])
    train = with_asr_copies(corpus[corpus["split"] != "test"].reset_index(drop=True))
    test = corpus[corpus["split"] == "test"].reset_index(drop=True)
    bow = build_pipeline(use_cues=False).fit(featurize_texts(train["text"].tolist()), train["label"])
    model = cached_model(args.model)
    keyword = KeywordBaseline()

    sets = {"held-out split": test}
    for path in args.report_only:
        sets[f"{Path(path).name} (report only)"] = load_labelled([path])
    results = {}
    for name, frame in sets.items():
        X = featurize_texts(frame["text"].tolist())
        results |= evaluate_set(
            name,
            frame,
            {
                "model": model.predict(X)["act"].tolist(),
                "baseline: ? + phrases": keyword.predict(frame["text"]).tolist(),
                "baseline: bag of words": list(bow.predict(X)),
            },
        )

    rows = [
        {"set": s, "system": sys_, "part": part, "n": r["act"]["n"], **headline(r)}
        for s, systems in results.items()
        for sys_, byparts in systems.items()
        for part, r in byparts.items()
    ]
    print(pd.DataFrame(rows).to_string(index=False))
    if args.verbose:
        for s, systems in results.items():
            print("\n" + render_metrics(systems["model"]["all"], f"== model on {s} =="))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
