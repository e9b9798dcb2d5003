"""Train variants of the manager model and score each on every visible set, one row per variant.

Usage (one BLAS thread, in the background; the machine is shared):

    OMP_NUM_THREADS=1 nohup python -m benchmarks.model_trials.trial baseline char_wb \
        > benchmarks/model_trials/log.txt 2>&1 &

Each variant is a name in :data:`VARIANTS`: changes to the training of
``analyzer.train._train_in_context`` (source weights, C, block weights, class weights, an
extra character n-gram block). Rows are built and run through spaCy once (cached as a
gzipped CSV under the analyzer's cache folder, keyed by the texts and the feature code), then
each variant runs the real procedure: first-pass acts by three folds of conversations, the
final fit on both copies of every conversational row. Calibration is skipped: it never
changes which label wins, and no figure here reads confidences.

Scored as ``benchmarks/evaluate.py`` scores the shipped model (same functions): the corpus's
held-out split, the held-out conversations, ``manager_dev.csv`` and AMI dev (PM). Nothing
is tuned on these sets: a handful of principled variants is compared, and the table of all
of them is kept in ``docs/model-choices.md``. Results are appended as JSON lines to
``benchmarks/model_trials/results.jsonl``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from analyzer import context
from analyzer import train as T
from analyzer.classifier import build_pipeline
from analyzer.config import CONVERSATIONS_DIR, CORPUS_PATH, PACKAGE_DIR, cache_dir
from analyzer.context import NO_CONTEXT
from analyzer.conversations import read_conversations
from analyzer.features import TEXT_COLUMN
from analyzer.labelled import load_labelled
from analyzer.model_file import Model
from analyzer.nlp import build_nlp
from analyzer.training_rows import set_contexts
from benchmarks import evaluate as E

HERE = Path(__file__).resolve().parent
SHARED = E.SHARED_DIR
AMI_TRAIN = SHARED / "train" / "ami_train.csv"
RESULTS = HERE / "results.jsonl"

#: Each variant: keyword changes to the baseline's training (see :func:`train_variant`).
#: ``weights``: a weight per row for each source (sheet = data/corpus.csv rows, conv = the
#: whole conversations, ami = the outside corpus); ``params``: pipeline parameters;
#: ``balance``: class weights balanced by row weights ("weight"), by counts ("count"), by
#: their square root ("sqrt") or none; ``ami_context``: False gives AMI rows no context;
#: ``equal_totals``: sheets and conversations rescaled to the same total weight
#: (``analyzer.train.equal_source_factors``);
#: ``qform``: the question-form context tokens (``analyzer.context.QUESTION_FORM_TOKENS``;
#: off in every variant that does not say so, so "baseline" stays the model before them);
#: ``chars``: add a char_wb n-gram block of this weight.
VARIANTS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "no_ami": {"weights": {"ami": 0.0}},
    "ami_0.02": {"weights": {"ami": 0.02}},
    "ami_0.1": {"weights": {"ami": 0.1}},
    "conv_0.5": {"weights": {"conv": 0.5}},
    "sheet_2": {"weights": {"sheet": 2.0}},
    "C_3": {"params": {"clf__C": 3.0}},
    "C_30": {"params": {"clf__C": 30.0}},
    "ctx_0.25": {"block": {"context": 0.25}},
    "ctx_1": {"block": {"context": 1.0}},
    "balance_count": {"balance": "count"},
    "balance_sqrt": {"balance": "sqrt"},
    "ami_nocontext": {"ami_context": False},
    "qform": {"qform": True},
    "equal_totals": {"equal_totals": True},
    "equal_totals+qform": {"equal_totals": True, "qform": True},
    "equal_totals+qform+ctx_0.25": {"equal_totals": True, "qform": True, "block": {"context": 0.25}},
    "equal_totals+qform+balance_sqrt": {"equal_totals": True, "qform": True, "balance": "sqrt"},
    "sheet_2+qform": {"weights": {"sheet": 2.0}, "qform": True},
    "conv_0.5+qform": {"weights": {"conv": 0.5}, "qform": True},
    "equal_totals+qform+ami_0.075": {"equal_totals": True, "qform": True, "weights": {"ami": 0.075}},
    "equal_totals+qform+ami_0.1": {"equal_totals": True, "qform": True, "weights": {"ami": 0.1}},
    "chars_0.5": {"chars": 0.5},
    "chars_1": {"chars": 1.0},
}


def rows_and_features(nlp) -> tuple[pd.DataFrame, T._Features]:
    """Every training row (as ``train`` builds them) and their spaCy features, cached on disk."""
    frame = load_labelled([CORPUS_PATH])
    conversations = read_conversations([CONVERSATIONS_DIR])
    rows = T._all_rows(frame, conversations, [AMI_TRAIN], T.OUTSIDE_WEIGHT, "act")
    rows["source_kind"] = "conv"
    rows.loc[rows["context"] == NO_CONTEXT, "source_kind"] = "sheet"
    rows.loc[rows["source"] == str(AMI_TRAIN), "source_kind"] = "ami"
    unique = list(dict.fromkeys(rows["text"].tolist()))
    key = hashlib.sha256("\n".join(unique).encode())
    for name in ("features.py", "cues.py", "sentences.py", "nlp.py"):
        key.update((PACKAGE_DIR / name).read_bytes())
    path = cache_dir() / "model-trials" / f"{key.hexdigest()[:16]}.csv.gz"
    features = T._Features.__new__(T._Features)
    features.index = pd.Index(unique)
    if path.is_file():
        features.base = pd.read_csv(path, keep_default_na=False, compression="gzip")
        features.base[TEXT_COLUMN] = features.base[TEXT_COLUMN].astype(object)
        features.base["shape"] = features.base["shape"].astype(object)
    else:
        features = T._Features(rows["text"].tolist(), nlp, progress=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        features.base.to_csv(path, index=False, compression="gzip")
    rows["context"] = set_contexts(rows)
    return rows, features


def pipeline_for(variant: dict[str, Any], class_weight: Any):
    """The variant's unfitted pipeline: the shipped one, with its changes."""
    params = dict(variant.get("params", {}))
    weights = dict(T.DEFAULT_PARAMS["features__transformer_weights"]) | variant.get("block", {})
    pipe = build_pipeline(**params, features__transformer_weights=weights)
    if variant.get("chars"):
        features = pipe.named_steps["features"]
        features.transformers.insert(1, ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                                                   sublinear_tf=True, min_df=3,
                                                                   max_features=100_000), TEXT_COLUMN))
        features.transformer_weights = features.transformer_weights | {"chars": variant["chars"]}
    if class_weight is not None:
        pipe.set_params(clf__class_weight=class_weight)
    return pipe


def class_weights(part: pd.DataFrame, balance: str) -> Any:
    """Class weights: balanced by row weights (shipped), by counts, half-way (square root) or none."""
    if balance == "count":
        return "balanced"
    if balance == "none":
        return None
    full = T.balanced_by_weight(part)
    return full if balance == "weight" else {k: v ** 0.5 for k, v in full.items()}


def train_variant(rows: pd.DataFrame, features: T._Features, variant: dict[str, Any]) -> Model:
    """The real two-pass training with the variant's changes (no calibration)."""
    weights = {"sheet": 1.0, "conv": 1.0, "ami": T.OUTSIDE_WEIGHT} | variant.get("weights", {})
    rows = rows.assign(weight=rows["source_kind"].map(weights).astype(float))
    rows = rows[rows["weight"] > 0]
    if variant.get("equal_totals"):
        rows = rows.assign(weight=rows["weight"] * T.equal_source_factors(rows, [AMI_TRAIN]))
    if variant.get("ami_context") is False:
        rows = rows.copy()
        rows.loc[rows["source_kind"] == "ami", "context"] = NO_CONTEXT
    balance = variant.get("balance", "weight")

    def fit(part: pd.DataFrame, X: pd.DataFrame):
        cw = class_weights(part, balance)
        return pipeline_for(variant, cw).fit(X, part["label"], clf__sample_weight=part["weight"].to_numpy())

    card: dict[str, Any] = {"target": "act"}
    final = T._final_rows(rows, features, fit, "act", card, lambda m: print(m, file=sys.stderr))
    return Model(fit(final, features(final)), card)


def scores(model: Model, nlp) -> dict[str, float]:
    """The row of figures for one model, from benchmarks/evaluate.py's own functions."""
    systems = {E.MODEL: lambda f, utterances=False: E.predict_rows(f, model, nlp, utterances=utterances)}
    corpus = load_labelled([CORPUS_PATH])
    held = E.evaluate_sentences(corpus[corpus["split"] == "test"].reset_index(drop=True), systems)
    conv = E.evaluate_conversations(CONVERSATIONS_DIR, systems, None)
    dev = E.evaluate_sentences(load_labelled([SHARED / "dev" / "manager_dev.csv"]), systems)
    ami = E.evaluate_ami(SHARED / "dev" / "ami_dev.csv", systems)
    pm = ami["subsets"]["PM"][E.MODEL]
    return {
        "held_style": held["systems"][E.MODEL]["all"]["style"]["macro_f1"],
        "held_act": held["systems"][E.MODEL]["all"]["act"]["macro_f1"],
        "conv_style": conv["manager"][E.MODEL]["all"]["style"]["macro_f1"],
        "conv_act": conv["manager"][E.MODEL]["all"]["act"]["macro_f1"],
        "dev_style": dev["systems"][E.MODEL]["all"]["style"]["macro_f1"],
        "dev_act": dev["systems"][E.MODEL]["all"]["act"]["macro_f1"],
        "ami_pm_style": pm["style"]["macro_f1"],
        "ami_all_style": ami["subsets"]["all roles"][E.MODEL]["style"]["macro_f1"],
        "ami_pm_q_f1": pm["question"]["f1"],
        "ami_pm_adv_f1": pm["advice"]["f1"],
        "ami_pm_adv_found": pm["advice"].get("predicted", pm["advice"].get("found")),
        "ami_spearman": ami["question_share"][E.MODEL].get("spearman"),
    }


def results_table(path: Path = RESULTS) -> str:
    """Every trial so far (the last run of each variant), as the markdown table docs/model-choices.md shows."""
    runs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        runs[row["variant"]] = row
    columns = [c for c in next(iter(runs.values())) if c != "seconds"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in runs.values()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help=f"any of: {', '.join(VARIANTS)}")
    parser.add_argument("--table", action="store_true", help="print results.jsonl as a markdown table and stop")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the JSON-lines file to append to / tabulate")
    args = parser.parse_args(argv)
    if args.table:
        print(results_table(args.results))
        return
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown or not args.variants:
        parser.error(f"unknown variant(s) {', '.join(unknown)}" if unknown else "name at least one variant")
    with threadpool_limits(limits=1):
        nlp = build_nlp()
        rows, features = rows_and_features(nlp)
        for name in args.variants:
            t0 = time.perf_counter()
            context.QUESTION_FORM_TOKENS = bool(VARIANTS[name].get("qform", False))
            model = train_variant(rows, features, VARIANTS[name])
            row = {"variant": name, **{k: (round(v, 3) if isinstance(v, float) else v)
                                       for k, v in scores(model, nlp).items()},
                   "seconds": round(time.perf_counter() - t0)}
            with args.results.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
