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

The probability threshold is chosen on one fifth of the training data held out by whole
group, conversation or meeting (the mean boundary F1 of the project's turns and AMI's),
then the model is refitted on all of it. Nothing from the test splits or from
``../shared/dev`` is used; the card's test figures come from benchmarks/segmentation.py,
run after saving.
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
#: A project turn's gaps weigh this many AMI gaps (chosen on the held-out fifth: 5 beat 1).
PROJECT_WEIGHT = 5.0
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.10, 0.76, 0.05))
AMI_CREDIT = (
    "AMI Meeting Corpus, (c) University of Edinburgh and the AMI consortium, CC BY 4.0. "
    "Carletta, J. et al. (2005), 'The AMI Meeting Corpus: A Pre-Announcement', MLMI 2005. "
    "Adapted: acts rebuilt from AMI's word files, acts under 3 words dropped; only the act "
    "boundaries are used (consecutive acts of one speaker joined into a turn), no labels."
)


@dataclass
class Source:
    """Turns from one kind of data, split into the part fitted and the part the threshold is chosen on."""

    name: str
    fit: list[Turn]
    tune: list[Turn]
    weight: float
    record: dict = field(default_factory=dict)


def corpus_source(path: Path) -> Source:
    turns = corpus_turns(path, "train", seed=SEED)
    table = pd.read_csv(path, keep_default_na=False)
    record = {"file": path.name, "sha256": file_sha256(path), "rows_used": int((table["split"] == "train").sum()),
              "how": "split == train, groups dealt into pseudo-turns of 1-4 sentences"}
    return Source("corpus", [t for k, t in enumerate(turns) if k % 5], turns[::5], PROJECT_WEIGHT, record)


def conversations_source(folder: Path, weight: float = PROJECT_WEIGHT) -> Source | None:
    """The training split of the whole conversations; every fifth conversation held out for the threshold."""
    from analyzer.splits import conversation_split

    files = [p for p in conversation_files(folder) if conversation_split(p.stem) == "train"]
    if not files:
        return None
    tune = files[::5]
    fit = [p for p in files if p not in tune]
    record = {"folder": str(folder.name), "conversations_used": [p.stem for p in files],
              "sha256_of_files": {p.stem: file_sha256(p) for p in files},
              "how": "conversation_split(id) == train, every turn of every speaker"}
    return Source("conversations", conversation_turns(fit, "train"), conversation_turns(tune, "train"), weight, record)


def ami_source(path: Path) -> Source | None:
    """AMI training meetings; every fifth meeting (sorted) held out for the threshold."""
    if not path.is_file():
        return None
    table = pd.read_csv(path, keep_default_na=False)
    meetings = sorted(table["meeting"].unique())
    tune = set(meetings[4::5])
    record = {"file": path.name, "sha256": file_sha256(path), "rows_used": len(table),
              "meetings_used": len(meetings), "credit": AMI_CREDIT}
    return Source("ami", ami_turns(table[~table["meeting"].isin(tune)]), ami_turns(table[table["meeting"].isin(tune)]),
                  1.0, record)


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
        ("clf", LogisticRegression(C=1.0, max_iter=3000)),
    ])


Examples = tuple[list[list[str]], list[int], list[tuple[int, int]]]


def fit(parts: list[tuple[Examples, float]]) -> Pipeline:
    """The model fitted on several sources' examples, each with its weight."""
    X = [x for (Xs, _, _), _ in parts for x in Xs]
    y = [v for (_, ys, _), _ in parts for v in ys]
    w = np.array([weight for (_, ys, _), weight in parts for _ in ys])
    return build_model().fit(X, y, clf__sample_weight=w)


def choose_threshold(
    sources: list[Source], fitted: dict[str, Examples], tuned: dict[str, Examples]
) -> tuple[float, dict]:
    """The threshold with the best mean F1 over the held-out fifths: the project's turns, and AMI's."""
    model = fit([(fitted[s.name], s.weight) for s in sources])
    scored: dict[str, dict[float, float]] = {}
    for group in ("project", "ami"):
        members = [s.name for s in sources if ("ami" if s.name == "ami" else "project") == group]
        if not members:
            continue
        X = [x for m in members for x in tuned[m][0]]
        y = [v for m in members for v in tuned[m][1]]
        # turn numbers restart per source: offset them so pieces of different turns never meet
        where = [(k + 1_000_000 * j, i) for j, m in enumerate(members) for k, i in tuned[m][2]]
        proba = model.predict_proba(X)[:, 1]
        scored[group] = {t: boundary_f1(y, where, proba, t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: float(np.mean([s[t] for s in scored.values()])))
    return best, {group: round(float(s[best]), 3) for group, s in scored.items()}


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
    sources = [corpus_source(Path(args.corpus))]
    conversations = conversations_source(Path(args.conversations), args.conversation_weight)
    sources += [s for s in (conversations, ami_source(Path(args.ami_train))) if s]
    fitted = {s.name: examples(s.fit) for s in sources}
    tuned = {s.name: examples(s.tune) for s in sources}
    threshold, tune_f1 = choose_threshold(sources, fitted, tuned)
    model = fit([(fitted[s.name], s.weight) for s in sources] + [(tuned[s.name], s.weight) for s in sources])
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, out, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    card = {
        "what": "sentence-boundary classifier for unpunctuated speech (analyzer/segment.py)",
        "model": "logistic regression over hashed word/tag features of each gap (analyzer.segment.gap_features)",
        "training_data": {s.name: s.record for s in sources},
        "turns_used": {s.name: len(s.fit) + len(s.tune) for s in sources},
        "weights": {s.name: s.weight for s in sources},
        "threshold": threshold,
        "threshold_chosen_on": "one fifth of the training data held out by group/conversation/meeting",
        "held_out_fifth_f1_at_threshold": tune_f1,
        "libraries": library_versions(),
        "model_sha256": file_sha256(out),
    }
    card_file = out.with_name(out.name.removesuffix(".skops") + ".card.json")
    card_file.write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out}: threshold {threshold}, held-out fifth F1 {tune_f1}")
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
