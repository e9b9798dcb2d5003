"""Train the boundary classifier that splits unpunctuated speech into sentences.

Usage: python -m scripts.train_splitter [--corpus data/corpus.csv] [--conversations DIR]
                                        [--ami-train ../shared/train/ami_train.csv]
                                        [-o models/splitter/splitter.skops] [--no-measure]

Training texts are turns in recogniser style (lower case, no punctuation) whose sentence
boundaries are known (``analyzer.gold_turns``): the corpus's training groups dealt into
pseudo-turns of 1-4 sentences, the real turns of the whole conversations in the training
split (``analyzer.splits``), and AMI training meetings (consecutive acts of one speaker,
when ``../shared/train/ami_train.csv`` is there; AMI Meeting Corpus, CC BY 4.0, Carletta et
al. 2005). Every gap between two words is an example, labelled by whether a sentence
started there. The project's own turns weigh ``PROJECT_WEIGHT`` times an AMI turn: AMI's
acts are not quite sentences, and alone they pull the splitter towards AMI's units.

The probability threshold is chosen on the whole conversations of the calibration split
(``analyzer.splits``: neither trained on nor in the test split), as the one with the best
boundary F1 there; the model is then refitted with those conversations added. Nothing from
the test splits or from ``../shared/dev`` is used; the card's test figures come from
benchmarks/segmentation.py, run after saving.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import skops.io as sio
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analyzer.config import CONVERSATIONS_DIR, CORPUS_PATH, PROJECT_DIR, SPLITTER_PATH
from analyzer.gold_turns import Turn, ami_turns, boundary_offsets, conversation_files, conversation_turns, corpus_turns
from analyzer.hashing import file_sha256
from analyzer.model_file import library_versions
from analyzer.nlp import build_nlp
from analyzer.segment import SPLITTER_COMPONENT, candidate_gaps, gap_features, keeps_pieces, span_words_tags

SEED = 0
AMI_TRAIN_PATH = PROJECT_DIR.parent / "shared" / "train" / "ami_train.csv"
#: A project turn's gaps weigh this many AMI gaps: AMI's acts are not quite sentences, and at
#: equal weight they pull the splitter towards AMI's units (benchmarks/splitter_trials).
PROJECT_WEIGHT = 5.0
#: Inverse regularisation strength. Stronger than scikit-learn's default (1.0): with a million
#: hashed features, most seen a handful of times, C=1 learnt rare word pairs by heart and
#: split worse on every held-out set (docs/segmentation.md, second round).
C = 0.1
THRESHOLDS = tuple(round(float(t), 3) for t in np.arange(0.10, 0.80, 0.025))
AMI_CREDIT = (
    "AMI Meeting Corpus, (c) University of Edinburgh and the AMI consortium, CC BY 4.0. "
    "Carletta, J. et al. (2005), 'The AMI Meeting Corpus: A Pre-Announcement', MLMI 2005. "
    "Adapted: acts rebuilt from AMI's word files, acts under 3 words dropped; only the act "
    "boundaries are used (consecutive acts of one speaker joined into a turn), no labels."
)


@dataclass
class Source:
    """Turns from one kind of data, with the weight of each of their gaps and what the card says of them."""

    name: str
    turns: list[Turn]
    weight: float
    record: dict = field(default_factory=dict)


def corpus_source(path: Path) -> Source:
    turns = corpus_turns(path, "train", seed=SEED)
    table = pd.read_csv(path, keep_default_na=False)
    record = {"file": path.name, "sha256": file_sha256(path), "rows_used": int((table["split"] == "train").sum()),
              "how": "split == train, groups dealt into pseudo-turns of 1-4 sentences"}
    return Source("corpus", turns, PROJECT_WEIGHT, record)


def conversations_source(folder: Path, split: str, weight: float = PROJECT_WEIGHT) -> Source | None:
    """Every turn of the whole conversations in one split (``train`` to fit, ``calibration`` for the threshold)."""
    from analyzer.splits import conversation_split

    files = [p for p in conversation_files(folder) if conversation_split(p.stem) == split]
    if not files:
        return None
    record = {"folder": str(folder.name), "conversations_used": [p.stem for p in files],
              "sha256_of_files": {p.stem: file_sha256(p) for p in files},
              "how": f"conversation_split(id) == {split}, every turn of every speaker"}
    return Source(f"conversations_{split}", conversation_turns(files, split), weight, record)


def ami_source(path: Path) -> Source | None:
    """AMI training meetings, all of them."""
    if not path.is_file():
        return None
    table = pd.read_csv(path, keep_default_na=False)
    record = {"file": path.name, "sha256": file_sha256(path), "rows_used": len(table),
              "meetings_used": int(table["meeting"].nunique()), "credit": AMI_CREDIT}
    return Source("ami", ami_turns(table), 1.0, record)


def examples(turns: list[Turn]) -> tuple[list[list[str]], list[int], list[tuple[int, int]]]:
    """Features and labels of every candidate gap, and (turn, token) of each for decoding."""
    nlp = build_nlp()
    X, y, where = [], [], []
    with nlp.select_pipes(disable=[SPLITTER_COMPONENT]):
        for k, (turn, doc) in enumerate(zip(turns, nlp.pipe([" ".join(t) for t in turns], batch_size=256),
                                            strict=True)):
            gold = boundary_offsets(turn)
            words, tags = span_words_tags(doc)
            for i in candidate_gaps(doc):
                X.append(gap_features(words, tags, i))
                y.append(int(len(doc.text[: doc[i].idx].split()) in gold))
                where.append((k, i))
    return X, y, where


def boundary_f1(y: list[int], where: list[tuple[int, int]], proba: np.ndarray, threshold: float) -> float:
    """F1 of the boundaries the component would set (greedy, with its minimum piece lengths)."""
    tp = fp = fn = 0
    last: dict[int, int] = {}
    for gold, (k, i), p in zip(y, where, proba, strict=True):
        chosen = p >= threshold and keeps_pieces(i, last.get(k, 0))
        if chosen:
            last[k] = i
        tp, fp, fn = tp + (chosen and gold), fp + (chosen and not gold), fn + (gold and not chosen)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def build_model() -> Pipeline:
    return Pipeline([
        ("vec", FeatureHasher(n_features=2**20, input_type="string")),
        ("clf", LogisticRegression(C=C, max_iter=3000)),
    ])


Examples = tuple[list[list[str]], list[int], list[tuple[int, int]]]


def fit(parts: list[tuple[Examples, float]]) -> Pipeline:
    """The model fitted on several sources' examples, each with its weight."""
    X = [x for (Xs, _, _), _ in parts for x in Xs]
    y = [v for (_, ys, _), _ in parts for v in ys]
    w = np.array([weight for (_, ys, _), weight in parts for _ in ys])
    return build_model().fit(X, y, clf__sample_weight=w)


def choose_threshold(model: Pipeline, calibration: Examples) -> tuple[float, dict[float, float]]:
    """The threshold with the best boundary F1 on the calibration conversations, and F1 at every threshold."""
    X, y, where = calibration
    proba = model.predict_proba(X)[:, 1]
    scored = {t: round(boundary_f1(y, where, proba, t), 4) for t in THRESHOLDS}
    return max(THRESHOLDS, key=scored.__getitem__), scored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS_PATH))
    parser.add_argument("--conversations", default=str(CONVERSATIONS_DIR),
                        help="whole conversations (their training split is used; skipped when absent)")
    parser.add_argument("--ami-train", default=str(AMI_TRAIN_PATH), help="AMI training table (skipped when absent)")
    parser.add_argument("--conversation-weight", type=float, default=PROJECT_WEIGHT,
                        help="weight of a conversation turn's gaps against an AMI turn's (default: as the corpus's)")
    parser.add_argument("-o", "--output", default=str(SPLITTER_PATH))
    parser.add_argument("--no-measure", action="store_true", help="skip the benchmark run for the card")
    args = parser.parse_args()
    calibration = conversations_source(Path(args.conversations), "calibration", args.conversation_weight)
    if calibration is None:
        parser.error(f"{args.conversations}: no conversation in the calibration split to choose the threshold on")
    sources = [corpus_source(Path(args.corpus))]
    conversations = conversations_source(Path(args.conversations), "train", args.conversation_weight)
    sources += [s for s in (conversations, ami_source(Path(args.ami_train))) if s]
    fitted = {s.name: examples(s.turns) for s in sources}
    calibration_examples = examples(calibration.turns)
    threshold, scored = choose_threshold(fit([(fitted[s.name], s.weight) for s in sources]), calibration_examples)
    model = fit([(fitted[s.name], s.weight) for s in sources] + [(calibration_examples, calibration.weight)])
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, out, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    card = {
        "what": "sentence-boundary classifier for unpunctuated speech (analyzer/segment.py)",
        "model": f"logistic regression (C={C}) over hashed word/tag features of each gap "
                 "(analyzer.segment.gap_features)",
        "training_data": {s.name: s.record for s in [*sources, calibration]},
        "turns_used": {s.name: len(s.turns) for s in [*sources, calibration]},
        "weights": {s.name: s.weight for s in [*sources, calibration]},
        "threshold": threshold,
        "threshold_chosen_on": "the calibration-split conversations (boundary F1, before they were added to the fit)",
        "calibration_f1_at_threshold": scored[threshold],
        "calibration_f1_by_threshold": {str(t): f for t, f in scored.items()},
        "libraries": library_versions(),
        "model_sha256": file_sha256(out),
    }
    card_file = out.with_name(out.name.removesuffix(".skops") + ".card.json")
    card_file.write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out}: threshold {threshold}, calibration-conversation F1 {scored[threshold]}")
    if not args.no_measure and out.resolve() == SPLITTER_PATH.resolve():
        from benchmarks.segmentation import segmentation_results

        nlp = build_nlp()
        nlp.get_pipe(SPLITTER_COMPONENT).model, nlp.get_pipe(SPLITTER_COMPONENT).threshold = model, threshold
        conversations_dir = Path(args.conversations) if Path(args.conversations).is_dir() else None
        card["test_metrics"] = {
            name: {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
            for name, r in segmentation_results(nlp, conversations=conversations_dir, samples=True).items()
        }
        card["test_metrics_command"] = "python -m benchmarks.segmentation --conversations DIR --samples"
        card_file.write_text(json.dumps(card, indent=2) + "\n")
        print(json.dumps(card["test_metrics"], indent=2))


if __name__ == "__main__":
    main()
