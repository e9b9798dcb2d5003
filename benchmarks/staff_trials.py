"""Trials of the staff-side model: train a variant, score it on the held-out conversations.

Usage: python -m benchmarks.staff_trials [--only NAME ...] [--json benchmarks/results/staff_trials.json]

Every variant is fitted on the ``train`` split of ``data/conversations`` (as ``analyzer train``
fits; the calibration split only rescales confidences, which never changes a label) and
scored on the staff sentences of the ``test`` split, punctuated as written (the figure the
card and ``benchmarks.evaluate`` report) and as a recogniser would print them. Nothing is
tuned on the test split beyond choosing among the variants listed here, each recorded.

The manager's acts a variant reads are predictions, never gold: for training sentences by
manager first-pass models fitted on other folds of conversations; for test sentences by the
shipped manager model (``models/default``, trained without them), as ``analyze`` gives them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from analyzer.calibration import apply_temperature, expected_calibration_error, fit_temperature, unsure_threshold
from analyzer.classifier import build_pipeline
from analyzer.config import CONVERSATIONS_DIR, DEFAULT_MODEL_PATH, PROJECT_DIR, cache_dir
from analyzer.context import NO_CONTEXT
from analyzer.conversations import read_conversations
from analyzer.cues import TokenReader
from analyzer.evaluate import label_metrics
from analyzer.features import CONTEXT_COLUMN, FEATURE_COLUMNS, TEXT_COLUMN, featurize_texts
from analyzer.labels import STAFF_ACTS
from analyzer.model_file import load_model
from analyzer.nlp import build_nlp
from analyzer.sentences import whole_docs
from analyzer.staff_context import (
    INTERACTION_GROUPS,
    grammar_tokens,
    interaction_tokens,
    plain_words,
    staff_row_contexts,
)
from analyzer.train import balanced_by_weight, context_features
from analyzer.training_rows import (
    conversation_rows,
    fold_of_units,
    predicted_acts_by_fold,
    set_contexts,
    with_asr_units,
)

CV_FOLDS = 5
RESULTS = PROJECT_DIR / "benchmarks" / "results" / "staff_trials.json"


def log(message: str) -> None:
    print(f"staff_trials: {message}", file=sys.stderr, flush=True)


def features_for(texts: list[str], nlp) -> pd.DataFrame:
    """spaCy's feature table of every distinct text, cached by the texts (spaCy is most of the cost)."""
    unique = list(dict.fromkeys(texts))
    key = hashlib.sha256("\n".join(unique).encode()).hexdigest()[:20]
    path = cache_dir() / "staff-trials" / f"{key}.csv.gz"
    if path.is_file():
        table = pd.read_csv(path, compression="gzip", keep_default_na=False, dtype={TEXT_COLUMN: object,
                                                                                   "shape": object})
    else:
        table = featurize_texts(unique, nlp, False).drop(columns=[CONTEXT_COLUMN])
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, compression="gzip")
    table.index = pd.Index(unique)
    return table


def tags_for(texts: list[str], nlp) -> pd.DataFrame:
    """Each text's words, tags and "?" as the feature table reads them (cached: spaCy is the cost)."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:20]
    path = cache_dir() / "staff-trials" / f"tags-{key}.csv.gz"
    if path.is_file():
        table = pd.read_csv(path, compression="gzip", keep_default_na=False, dtype=object)
        table["qmark"] = table["qmark"] == "True"
    else:
        reader, rows = TokenReader(), []
        for span in whole_docs(texts, nlp):
            words, tags, qmark = reader.read(span)
            rows.append({"words": " ".join(words), "tags": " ".join(tags), "qmark": qmark})
        table = pd.DataFrame(rows)
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, compression="gzip")
    table.index = pd.Index(texts)
    return table


def word_lemmas(words: list[str], tags: list[str]) -> list[str]:
    """The lemmas of each sentence's words given their tags, without running the tagger again."""
    import spacy
    from spacy.tokens import Doc

    from analyzer.config import spacy_model_name

    nlp = spacy.load(spacy_model_name(None), exclude=["parser", "ner", "tok2vec", "tagger", "senter"])
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    out = []
    for sentence, tagged in zip(words, tags, strict=True):
        if not sentence.split():
            out.append("")
            continue
        doc = lemmatizer(ruler(Doc(nlp.vocab, words=sentence.split(), tags=tagged.split())))
        out.append(" ".join(token.lemma_.lower() for token in doc))
    return out


class Data:
    """The conversations as staff rows and manager rows (aligned), their features and manager acts."""

    def __init__(self, folder: Path = CONVERSATIONS_DIR) -> None:
        conv = read_conversations([folder])
        self.staff = with_asr_units(conversation_rows(conv, "staff_act"))
        managers = with_asr_units(conversation_rows(conv, "act"))
        assert (managers["text"].to_numpy() == self.staff["text"].to_numpy()).all()
        self.managers = managers
        self.is_manager = managers["trainable"].to_numpy()
        self.nlp = build_nlp()
        self.base = features_for(self.staff["text"].tolist(), self.nlp)
        for rows in (self.staff, self.managers):
            rows["context"] = set_contexts(rows)
        self.manager_acts = self._manager_acts()

    def grammar(self, texts: pd.Series) -> pd.Series:
        """The ``g_*`` tokens (:func:`analyzer.staff_context.grammar_tokens`) of each text, tagged once."""
        if not hasattr(self, "_grammar"):
            tagged = tags_for(list(dict.fromkeys(self.staff["text"])), self.nlp)
            self._grammar = {text: " ".join(grammar_tokens(words.split(), tags.split(), bool(q)))
                             for text, words, tags, q in zip(tagged.index, tagged["words"], tagged["tags"],
                                                             tagged["qmark"], strict=True)}
        return texts.map(self._grammar)

    def lemmas(self) -> dict[str, str]:
        """Each text's words as lemmas, from the tags it was given (spaCy's attribute ruler and rule lemmatizer)."""
        tagged = tags_for(list(dict.fromkeys(self.staff["text"])), self.nlp)
        key = hashlib.sha256("\n".join(tagged.index).encode()).hexdigest()[:20]
        path = cache_dir() / "staff-trials" / f"lemmas-{key}.csv.gz"
        if path.is_file():
            lemmas = pd.read_csv(path, compression="gzip", keep_default_na=False, dtype=object)["lemmas"].tolist()
        else:
            lemmas = word_lemmas(tagged["words"].tolist(), tagged["tags"].tolist())
            pd.DataFrame({"lemmas": lemmas}).to_csv(path, index=False, compression="gzip")
        return dict(zip(tagged.index, lemmas, strict=True))

    def readings(self) -> dict[str, tuple[list[str], list[str]]]:
        """Each text's words and tags as the feature table reads them (for the interaction tokens)."""
        if not hasattr(self, "_readings"):
            tagged = tags_for(list(dict.fromkeys(self.staff["text"])), self.nlp)
            self._readings = {text: (words.split(), tags.split()) for text, words, tags in
                              zip(tagged.index, tagged["words"], tagged["tags"], strict=True)}
        return self._readings

    def table(self, rows: pd.DataFrame, contexts: pd.Series | None = None) -> pd.DataFrame:
        out = self.base.loc[rows["text"]].reset_index(drop=True)
        if "lemmas" in rows:  # a variant that reads the words' lemmas in place of the words
            out[TEXT_COLUMN] = rows["lemmas"].to_numpy()
        out[CONTEXT_COLUMN] = (rows["context"] if contexts is None else contexts).to_numpy()
        return out[list(FEATURE_COLUMNS)]

    def _manager_acts(self) -> pd.Series:
        """Predicted acts of the manager sentences: by folds in training, the shipped model on the rest."""
        rows = self.managers
        train = rows[rows["split"] == "train"]

        def fit(part: pd.DataFrame, X: pd.DataFrame):
            weights = {"clf__class_weight": balanced_by_weight(part)}
            return build_pipeline(**weights).fit(X, part["label"], clf__sample_weight=part["weight"].to_numpy())

        t0 = time.perf_counter()
        acts = predicted_acts_by_fold(train, self.table, fit, 3)
        log(f"manager first pass by folds in {time.perf_counter() - t0:.0f} s")
        shipped = load_model(DEFAULT_MODEL_PATH)
        rest = rows[rows["split"] != "train"]
        predicted = shipped.pipeline.predict(context_features(shipped, rest, self.table))
        out = pd.Series(None, index=rows.index, dtype=object)
        out[train.index] = acts
        out[rest.index] = predicted
        out[~self.is_manager] = None
        return out


def staff_contexts(rows: pd.DataFrame, acts: pd.Series, words: bool = True, extras: tuple[str, ...] = ()) -> pd.Series:
    """The staff model's context tokens of every row; without the manager's words (``mw_*``) unless ``words``."""
    out = staff_row_contexts(rows, acts.tolist(), extras=extras)
    return out if words else out.map(lambda c: " ".join(t for t in c.split() if not t.startswith("mw_")))


def own_label_tokens(rows: pd.DataFrame, labels: pd.Series) -> pd.Series:
    """Tokens for the (predicted) label of the speaker's previous sentence and of their previous turn."""
    out = pd.Series("", index=rows.index, dtype=object)
    for _, unit in rows.groupby("unit", sort=False):
        last_sentence: dict[str, tuple[int, str]] = {}
        turn_labels: dict[tuple[str, int], list[str]] = {}
        for i, speaker, turn in zip(unit.index, unit["speaker"], unit["turn"], strict=True):
            tokens = []
            before = last_sentence.get(speaker)
            tokens.append(f"sprev_{before[1]}" if before and before[0] == turn else "sprev_none")
            earlier = [t for (s, t) in turn_labels if s == speaker and t < turn]
            tokens += [f"sturn_{lab}" for lab in dict.fromkeys(turn_labels[(speaker, max(earlier))])] if earlier \
                else ["sturn_none"]
            out[i] = " ".join(tokens)
            label = labels.get(i)
            if label is not None and isinstance(label, str):
                last_sentence[speaker] = (turn, label)
                turn_labels.setdefault((speaker, turn), []).append(label)
    return out


def previous_words(rows: pd.DataFrame) -> pd.Series:
    """``pw_*`` tokens: the words of the sentence just before (anyone's) in the same conversation."""
    before = rows.groupby("unit", sort=False)["text"].shift(1).fillna("")
    return before.map(lambda t: " ".join(f"pw_{w}" for w in plain_words(t).split()))


def two_pass_contexts(data: Data, rows: pd.DataFrame, params: dict[str, Any]) -> pd.Series:
    """Staff contexts with the staff's own earlier labels, predicted by a first pass (folds in training)."""
    def fit(part: pd.DataFrame, X: pd.DataFrame):
        pipeline = build_pipeline(**({"clf__class_weight": balanced_by_weight(part)} | params))
        return pipeline.fit(X, part["label"], clf__sample_weight=part["weight"].to_numpy())

    staff_rows = rows[~data.is_manager]
    train = staff_rows[staff_rows["split"] == "train"]
    labels = pd.Series(None, index=rows.index, dtype=object)
    labels[train.index] = predicted_acts_by_fold(train, data.table, fit, 3)
    fitted = train[train["trainable"]]
    rest = staff_rows[staff_rows["split"] != "train"]
    labels[rest.index] = fit(fitted, data.table(fitted)).predict(data.table(rest))
    return rows["context"] + " " + own_label_tokens(rows, labels)


def with_chars(pipeline, low: int = 2, high: int = 5, weight: float = 0.5):
    """The pipeline with a block of character n-grams of the words beside the word n-grams."""
    features = pipeline.named_steps["features"]
    features.transformers.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high),
                                                           sublinear_tf=True, min_df=2, max_features=100_000),
                                  TEXT_COLUMN))
    features.transformer_weights = {**(features.transformer_weights or {}), "chars": weight}
    return pipeline


def with_learner(pipeline, kind: str):
    """The pipeline with another linear learner in place of LogisticRegression, its class weights kept.

    ``sgd``: SGDClassifier with the modified Huber loss (it has predict_proba); ``svc``: LinearSVC
    in CalibratedClassifierCV (3 inner folds, sigmoid), so the model keeps predict_proba. C maps
    to SGD's ``alpha = 1 / (C * n)`` only roughly, so SGD keeps its own default penalty.
    """
    old = pipeline.named_steps["clf"]
    if kind.startswith("mlp"):
        return with_mlp(pipeline, **MLP_SETTINGS[kind])
    if kind == "sgd":
        clf = SGDClassifier(loss="modified_huber", class_weight=old.class_weight, max_iter=50, tol=1e-4,
                            random_state=1)
    else:
        clf = CalibratedClassifierCV(LinearSVC(C=old.C / 10, class_weight=old.class_weight), cv=3,
                                     method="sigmoid")
    pipeline.steps[-1] = ("clf", clf)
    return pipeline


#: The second stages tried on one first stage (the shipped linear model), by name of variant.
STACK_STAGES: dict[str, dict[str, Any]] = {
    "w23 nl: stack, HGB depth 3, 200 iters": {"learner": "hgb3"},
    "w23 nl: stack, HGB depth 4, 300 iters": {"learner": "hgb4"},
    "w23 nl: stack, HGB depth 3, 100 iters": {"learner": "hgb3s"},
    "w23 nl: stack, LogisticRegression": {"learner": "lr"},
    "w23 nl: stack, HGB depth 3, no neighbours": {"learner": "hgb3", "neighbours": False},
}


#: MLP settings of the w23 non-linear trials (with_learner's ``kind``): one hidden layer, early stopping.
MLP_SETTINGS: dict[str, dict[str, Any]] = {
    "mlp64": {"hidden": 64, "alpha": 1e-3, "solver": "adam"},
    "mlp128": {"hidden": 128, "alpha": 1e-4, "solver": "adam"},
    "mlp128a": {"hidden": 128, "alpha": 1e-2, "solver": "adam"},
    "mlp256": {"hidden": 256, "alpha": 1e-3, "solver": "adam"},
    "mlp64lbfgs": {"hidden": 64, "alpha": 1e-2, "solver": "lbfgs"},
}


def with_mlp(pipeline, hidden: int, alpha: float, solver: str):
    """The pipeline with a one-hidden-layer MLP on the same sparse features in place of LogisticRegression.

    MLPClassifier has no ``class_weight``: the balanced class weights are folded into the row
    weights at fit time (:func:`row_weights`). Early stopping (adam) holds out 10% of the rows,
    drawn at random, so a sentence's recogniser-style copy may sit on the other side: it stops
    late rather than early, and ``alpha`` is the guard.
    """
    old = pipeline.named_steps["clf"]
    if solver == "lbfgs":
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), solver="lbfgs", alpha=alpha, max_iter=200, random_state=1)
    else:
        # Batches of 1,024 at a learning rate of 0.003, at most 12 passes: the first layer holds
        # every word n-gram's 64-256 weights, and adam updates them all at every batch (batches of
        # 256 and 40 passes did not finish one fit in 20 minutes on the shared cores).
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), solver="adam", alpha=alpha, batch_size=1024,
                            learning_rate_init=3e-3, max_iter=12, early_stopping=True, validation_fraction=0.1,
                            n_iter_no_change=2, random_state=1, verbose=True)
    pipeline.steps[-1] = ("clf", clf)
    pipeline.folded_class_weight = old.class_weight
    return pipeline


def row_weights(pipeline, rows: pd.DataFrame) -> np.ndarray:
    """The rows' sample weights, times their class weight for a learner that has none of its own (MLP)."""
    weights = rows["weight"].to_numpy()
    folded = getattr(pipeline, "folded_class_weight", None)
    return weights * rows["label"].map(folded).to_numpy() if isinstance(folded, dict) else weights


#: name -> (context: "base" | "staff", params for build_pipeline, post-processing of the pipeline)
Variant = tuple[str, dict[str, Any], Callable | None]


def weights(context: float = 0.5, cues: float = 0.25, shape: float = 0.1) -> dict[str, Any]:
    return {"features__transformer_weights": {"words": 1.0, "shape": shape, "cues": cues, "context": context}}


def c(value: float, **kw: Any) -> dict[str, Any]:
    return {"clf__C": value, **kw}


VARIANTS: dict[str, Variant] = {
    "shipped: base context, C=10": ("base", {}, None),
    "staff context, C=10": ("staff", {}, None),
    "staff context, gold manager acts (not shippable)": ("staff_gold", {}, None),
    "staff context, C=1": ("staff", c(1.0), None),
    "staff context, C=3": ("staff", c(3.0), None),
    "staff context, C=30": ("staff", c(30.0), None),
    "staff context weight 1.0": ("staff", weights(context=1.0), None),
    "staff context weight 0.25": ("staff", weights(context=0.25), None),
    "staff context, cues 0.5": ("staff", weights(cues=0.5), None),
    "staff context, unweighted classes": ("staff", {"clf__class_weight": None}, None),
    "staff context + char 2-5-grams 0.5": ("staff", {}, with_chars),
    "staff context + char 2-5-grams 1.0": ("staff", {}, lambda p: with_chars(p, weight=1.0)),
    "staff context + manager's last words": ("staff_words", {}, None),
    "staff context + manager's last words, C=3": ("staff_words", c(3.0), None),
    "staff context + manager's last words, C=3, context 0.25": ("staff_words", c(3.0, **weights(context=0.25)), None),
    "staff context + manager's last words, C=1": ("staff_words", c(1.0), None),
    "staff context + manager's last words, C=3, context 0.15": ("staff_words", c(3.0, **weights(context=0.15)), None),
    "staff context + manager's last words, C=3, context 0.35": ("staff_words", c(3.0, **weights(context=0.35)), None),
    "staff context + manager's last words, C=5, context 0.25": ("staff_words", c(5.0, **weights(context=0.25)), None),
    "staff context + manager's last words, C=3, context 0.25, cues 0.5": (
        "staff_words", c(3.0, **weights(context=0.25, cues=0.5)), None),
    "staff context, C=3, context 0.25": ("staff", c(3.0, **weights(context=0.25)), None),
    "chosen, gold manager acts (not shippable)": ("staff_gold_words", c(3.0, **weights(context=0.25)), None),
    "chosen, unweighted classes": ("staff_words", c(3.0, **weights(context=0.25), clf__class_weight=None), None),
    "chosen + char 2-5-grams 0.3": ("staff_words", c(3.0, **weights(context=0.25)),
                                    lambda p: with_chars(p, weight=0.3)),
    "chosen + the previous sentence's words": ("staff_pw", c(3.0, **weights(context=0.25)), None),
    "chosen + the speaker's own earlier labels (two passes)": ("staff_2pass", c(3.0, **weights(context=0.25)), None),
    # Issue 22, on w1-w10: what a coder reads and the model lacked, beside the setting shipped
    # before ("staff context + manager's last words, C=3, context 0.25"). "+q": the kind of the
    # manager's last question and whether the sentence answers it; "+n": what follows it (the
    # speaker's next sentence's cues, the manager's next turn's acts); "+nw": the manager's next
    # words; "+g": the main verb's tense, modality and subject, negation, question form, length,
    # stance. Version 2 of the staff context is q + n + g.
    "+ question kind": ("staff_words+q", c(3.0, **weights(context=0.25)), None),
    "+ grammar": ("staff_words+g", c(3.0, **weights(context=0.25)), None),
    "+ question kind + grammar": ("staff_words+q+g", c(3.0, **weights(context=0.25)), None),
    "+ what follows": ("staff_words+n", c(3.0, **weights(context=0.25)), None),
    "+ what follows + manager's next words": ("staff_words+n+nw", c(3.0, **weights(context=0.25)), None),
    "version 2 (+ question kind + grammar + what follows)": ("staff_words+q+g+n", c(3.0, **weights(context=0.25)),
                                                             None),
    "version 2, C=2": ("staff_words+q+g+n", c(2.0, **weights(context=0.25)), None),
    "version 2, C=5": ("staff_words+q+g+n", c(5.0, **weights(context=0.25)), None),
    "version 2, class weights balanced^0.5": ("staff_words+q+g+n", c(3.0, **weights(context=0.25),
                                                                     class_weight_power=0.5), None),
    "version 2, context 0.35": ("staff_words+q+g+n", c(3.0, **weights(context=0.35)), None),
    "version 2, context 0.15 (chosen)": ("staff_words+q+g+n", c(3.0, **weights(context=0.15)), None),
    "version 2, context 0.1": ("staff_words+q+g+n", c(3.0, **weights(context=0.1)), None),
    "version 2, context 0.15, C=5": ("staff_words+q+g+n", c(5.0, **weights(context=0.15)), None),
    "version 2, context 0.15, cues 0.15": ("staff_words+q+g+n", c(3.0, **weights(context=0.15, cues=0.15)), None),
    "version 2, context 0.15, words 1-3-grams": ("staff_words+q+g+n", c(3.0, **weights(context=0.15),
                                                                         features__words__ngram_range=(1, 3)), None),
    "version 2 + manager's next words, context 0.15": ("staff_words+q+g+n+nw", c(3.0, **weights(context=0.15)),
                                                       None),
    # Issue 22, today's labels (w1-w18): the chosen setting fitted on train + calibration (the
    # temperature kept from the train-only fit), and what a coder reads for own_option against
    # information (analyzer.staff_context.coder_tokens): a condition or a plan for later ("hyp"),
    # a first-person modal by the manager's question ("modalq"), words shared with the manager's
    # last suggestion ("echo"), the sentence ending its turn ("tpos"); "coder" is all four.
    "version 2, fitted on train + calibration": ("staff_words+q+g+n", c(3.0, **weights(context=0.15),
                                                                         fit_on=("train", "calibration")), None),
    "version 2 + coder tokens": ("staff_words+q+g+n+c", c(3.0, **weights(context=0.15)), None),
    "version 2 + conditional / later": ("staff_words+q+g+n+hyp", c(3.0, **weights(context=0.15)), None),
    "version 2 + modal by question": ("staff_words+q+g+n+modalq", c(3.0, **weights(context=0.15)), None),
    "version 2 + echo of the manager's suggestion": ("staff_words+q+g+n+echo", c(3.0, **weights(context=0.15)),
                                                     None),
    "version 2 + end of turn": ("staff_words+q+g+n+tpos", c(3.0, **weights(context=0.15)), None),
    "version 2 + coder tokens, context 0.25": ("staff_words+q+g+n+c", c(3.0, **weights(context=0.25)), None),
    # Issue 22, w1-w23: class weights, penalty, learner and context weight of version 2 (context
    # 0.15, C=3, balanced classes: the shipped setting) against own_option's precision.
    **{f"w23: {name}": ("staff_words+q+g+n", c(3.0, **weights(context=0.15)) | extra, post)
       for name, extra, post in (
           ("shipped (version 2, C=3, context 0.15, balanced)", {}, None),
           ("own_option weight x0.8", {"own_option_scale": 0.8}, None),
           ("class weights balanced^0.5", {"class_weight_power": 0.5}, None),
           ("own_option weight x0.7", {"own_option_scale": 0.7}, None),
           ("own_option weight x0.9", {"own_option_scale": 0.9}, None),
           ("unweighted classes", {"class_weight_power": 0.0}, None),
           ("C=2", {"clf__C": 2.0}, None),
           ("C=5", {"clf__C": 5.0}, None),
           ("C=8", {"clf__C": 8.0}, None),
           ("context 0.1", weights(context=0.1), None),
           ("context 0.2", weights(context=0.2), None),
           ("SGD modified_huber", {}, lambda p: with_learner(p, "sgd")),
           ("LinearSVC, calibrated", {}, lambda p: with_learner(p, "svc")),
       )},
    # Issue 22, w1-w23: crosses a linear model can use, as context tokens
    # (analyzer.staff_context.interaction_tokens): "xq" the kind of question answered x the
    # sentence's opening words, main verb, tense, subject; "xturn" the manager's last act x the
    # sentence's tense and cues; "xword" the first content word, the last word, a fragment after
    # a wh-question. Rule set before the runs: CV macro-F1 >= 0.825 and CV own_option >= 0.858.
    **{f"w23 x: {name}": (context, c(3.0, **weights(context=0.15)) | extra, None)
       for name, context, extra in (
           ("shipped (version 2), today's labels", "staff_words+q+g+n", {}),
           ("question x sentence", "staff_words+q+g+n+xq", {}),
           ("question x sentence + words", "staff_words+q+g+n+xq+xword", {}),
           ("all crosses", "staff_words+q+g+n+xq+xturn+xword", {}),
           ("manager's act x tense", "staff_words+q+g+n+xturn", {}),
           ("first / last word, fragment", "staff_words+q+g+n+xword", {}),
           ("all crosses, context 0.25", "staff_words+q+g+n+xq+xturn+xword", weights(context=0.25)),
           ("question x sentence, context 0.25", "staff_words+q+g+n+xq", weights(context=0.25)),
           ("question x sentence, context 0.2", "staff_words+q+g+n+xq", weights(context=0.2)),
           ("words 1-3-grams", "staff_words+q+g+n", {"features__words__ngram_range": (1, 3)}),
           ("words not sublinear", "staff_words+q+g+n", {"features__words__sublinear_tf": False}),
           ("lemmas for words", "staff_words+q+g+n+lem", {}),
       )},
    # Issue 22, w1-w23, non-linear: a second stage over the shipped linear model's out-of-fold
    # probabilities (the sentence's and its staff neighbours'), the question kind, place in turn,
    # the manager's turns and length (STACK_STAGES); and an MLP on the same sparse features.
    **{name: ("staff_words+q+g+n", c(3.0, **weights(context=0.15), stack=True), None) for name in STACK_STAGES},
    **{f"w23 nl: MLP {label}": ("staff_words+q+g+n", c(3.0, **weights(context=0.15)),
                                lambda p, kind=kind: with_learner(p, kind))
       for label, kind in (("adam, 64 hidden, alpha 1e-3", "mlp64"),
                           ("adam, 128 hidden, alpha 1e-4", "mlp128"), ("adam, 128 hidden, alpha 1e-2", "mlp128a"),
                           ("adam, 256 hidden, alpha 1e-3", "mlp256"), ("lbfgs, 64 hidden, alpha 1e-2", "mlp64lbfgs"))},
    "staff context, C=3 + char 2-5-grams 0.5": ("staff", c(3.0), with_chars),
    "staff context + manager's last words, C=3 + chars 0.3": ("staff_words", c(3.0),
                                                                lambda p: with_chars(p, weight=0.3)),
}


def with_class_weights(train: pd.DataFrame, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with balanced class weights, raised to ``class_weight_power`` when given (1: balanced, 0: none)."""
    params = dict(params)
    power = params.pop("class_weight_power", 1.0)
    own_scale = params.pop("own_option_scale", 1.0)
    balanced = {label: weight ** power * (own_scale if label == "own_option" else 1.0)
                for label, weight in balanced_by_weight(train).items()}
    return {"clf__class_weight": balanced} | params


def cross_validated(data: Data, rows: pd.DataFrame, params: dict[str, Any], post: Callable | None,
                    folds: int = CV_FOLDS) -> dict[str, Any]:
    """Grouped cross-validation over the train and calibration conversations (never test).

    The test split has 56 insights: one sentence moves that label's F1 by about two points,
    so a variant is chosen on this as well as on the test figure.
    """
    pool = rows[(rows["split"] != "test") & rows["trainable"]]
    fold = fold_of_units(pool["unit"], folds, seed=1)
    gold, guess = [], []
    for k in range(folds):
        train, held = pool[fold != k], pool[(fold == k) & ~pool["augmented"].to_numpy()]
        pipeline = build_pipeline(**with_class_weights(train, params))
        if post is not None:
            pipeline = post(pipeline)
        pipeline.fit(data.table(train), train["label"], clf__sample_weight=row_weights(pipeline, train))
        gold += held["label"].tolist()
        guess += pipeline.predict(data.table(held)).tolist()
    metrics = label_metrics(gold, guess, list(STAFF_ACTS))
    return {"folds": folds, "n": metrics["n"], "macro_f1": metrics["macro_f1"],
            "own_option_f1": metrics["per_class"]["own_option"]["f1"]}


def variant_rows(data: Data, context: str, params: dict[str, Any]) -> pd.DataFrame:
    """The staff rows with the context tokens a variant reads."""
    rows = data.staff.copy()
    context, *extras = context.split("+")
    if context.startswith("staff"):
        acts = data.manager_acts
        if context in ("staff_gold", "staff_gold_words"):
            acts = data.managers["label"].where(pd.Series(data.is_manager, index=rows.index), None)
        words = context in ("staff_words", "staff_gold_words", "staff_pw", "staff_2pass")
        named = {"q": "question", "n": "next", "nw": "next_words", "c": "coder", "hyp": "hyp", "modalq": "modalq",
                 "echo": "echo", "tpos": "tpos"}
        rows["context"] = staff_contexts(rows, acts, words=words, extras=tuple(named[e] for e in extras if e in named))
        if "g" in extras:
            rows["context"] = rows["context"] + " " + data.grammar(rows["text"])
        if "lem" in extras:
            rows["lemmas"] = rows["text"].map(data.lemmas())
        crossed = [e for e in extras if e in INTERACTION_GROUPS]
        if crossed:
            staff = (rows["context"] != NO_CONTEXT) & ~pd.Series(data.is_manager, index=rows.index)
            readings = data.readings()
            rows.loc[staff, "context"] = [
                " ".join([context, *interaction_tokens(context.split(), *readings[text], crossed)])
                for context, text in zip(rows.loc[staff, "context"], rows.loc[staff, "text"], strict=True)]
        if context == "staff_pw":
            rows["context"] = rows["context"] + " " + previous_words(rows)
        if context == "staff_2pass":
            rows["context"] = two_pass_contexts(data, rows, params)
    return rows


def run_variant(data: Data, name: str, variant: Variant, cv: bool = False,
                errors: dict[str, list] | None = None) -> dict[str, Any]:
    context, params, post = variant
    params = dict(params)
    if "stack" in params:
        return stacked_variant(data, name, context, params, cv)
    fit_on = params.pop("fit_on", ("train",))
    rows = variant_rows(data, context, params)
    train = rows[rows["split"].isin(fit_on) & rows["trainable"]]
    test = rows[(rows["split"] == "test") & rows["trainable"]]
    pipeline = build_pipeline(**with_class_weights(train, params))
    if post is not None:
        pipeline = post(pipeline)
    t0 = time.perf_counter()
    pipeline.fit(data.table(train), train["label"], clf__sample_weight=row_weights(pipeline, train))
    seconds = time.perf_counter() - t0
    pred = pd.Series(pipeline.predict(data.table(test)), index=test.index)
    out: dict[str, Any] = {"name": name, "fit_seconds": round(seconds, 1), "fit_on": "+".join(fit_on)}
    if cv:
        out["cv"] = cross_validated(data, rows, params, post)
    if "calibration" in fit_on:
        out["calibration"] = refit_calibration(data, rows, params, post, pipeline)
    for part, mask in (("clean", ~test["augmented"]), ("asr", test["augmented"])):
        gold, guess = test.loc[mask, "label"].tolist(), pred[mask].tolist()
        metrics = label_metrics(gold, guess, list(STAFF_ACTS))
        out[part] = metrics
        if part == "clean" and errors is not None:  # for reading, never stored with the results
            errors[name] = [{"unit": u, "text": t, "gold": g, "pred": p} for u, t, g, p in
                            zip(test.loc[mask, "unit"], test.loc[mask, "text"], gold, guess, strict=True) if g != p]
    return out


def refit_calibration(data: Data, rows: pd.DataFrame, params: dict[str, Any], post: Callable | None,
                      refitted) -> dict[str, Any]:
    """Test ECE of the train-only model before and after its temperature, and of ``refitted`` with that temperature.

    As ``analyzer train`` calibrates: the temperature is fitted on the calibration
    conversations (copies included) by the model fitted on the train split alone; a model
    refitted on train + calibration keeps it, since its calibration scores are no longer unseen.
    """
    train = rows[(rows["split"] == "train") & rows["trainable"]]
    cal = rows[(rows["split"] == "calibration") & rows["trainable"]]
    test = rows[(rows["split"] == "test") & rows["trainable"]]
    first = build_pipeline(**with_class_weights(train, params))
    if post is not None:
        first = post(first)
    first.fit(data.table(train), train["label"], clf__sample_weight=train["weight"].to_numpy())
    classes = list(first.classes_)
    temperature = fit_temperature(first.decision_function(data.table(cal)), cal["label"].tolist(), classes)
    X_test, labels = data.table(test), test["label"].tolist()
    out = {"temperature": round(temperature, 4),
           "ece_test_train_only_before": expected_calibration_error(first.predict_proba(X_test), labels, classes)}
    apply_temperature(first, temperature)
    out["ece_test_train_only_after"] = expected_calibration_error(first.predict_proba(X_test), labels, classes)
    out["unsure_below_train_only"] = unsure_threshold(first.predict_proba(data.table(cal)), 0.06)
    apply_temperature(refitted, temperature)
    out["ece_test_refit_after"] = expected_calibration_error(refitted.predict_proba(X_test), labels, classes)
    out["unsure_share_test_train_only"] = float((first.predict_proba(X_test).max(axis=1)
                                                 < out["unsure_below_train_only"]).mean())
    out["unsure_share_test_refit"] = float((refitted.predict_proba(X_test).max(axis=1)
                                            < out["unsure_below_train_only"]).mean())
    return {k: round(v, 4) for k, v in out.items()}


def label_biases(scores, gold: list[str], classes: list[str], rounds: int = 3) -> dict[str, float]:
    """Per-label offsets to the decision scores that maximise macro-F1 on these (out-of-fold) scores.

    Coordinate ascent over a grid: the offsets are what class weights would move, tuned on
    data the model did not see, so they can be added to a shipped model's intercepts.
    """
    bias = np.zeros(len(classes))
    grid = np.round(np.arange(-1.5, 1.51, 0.1), 2)

    def macro(b) -> float:
        guess = [classes[k] for k in (scores + b).argmax(axis=1)]
        return label_metrics(gold, guess, list(STAFF_ACTS))["macro_f1"]

    best = macro(bias)
    for _ in range(rounds):
        for k in range(len(classes)):
            for value in grid:
                trial = bias.copy()
                trial[k] = value
                got = macro(trial)
                if got > best + 1e-9:
                    best, bias = got, trial
    return dict(zip(classes, bias.tolist(), strict=True))


def bias_trial(data: Data, name: str, variant: Variant, folds: int = CV_FOLDS) -> dict[str, Any]:
    """Offsets tuned on the train split's out-of-fold scores, judged on the calibration split's, then on test."""
    context, params, _ = variant
    rows = variant_rows(data, context, params)
    pool = rows[(rows["split"] != "test") & rows["trainable"]]
    fold = fold_of_units(pool["unit"], folds, seed=1)
    parts = []
    for k in range(folds):
        train, held = pool[fold != k], pool[(fold == k) & ~pool["augmented"].to_numpy()]
        pipeline = build_pipeline(**with_class_weights(train, params))
        pipeline.fit(data.table(train), train["label"], clf__sample_weight=train["weight"].to_numpy())
        parts.append(pd.DataFrame(pipeline.decision_function(data.table(held)), index=held.index,
                                  columns=pipeline.classes_))
    oof = pd.concat(parts).loc[:, sorted(STAFF_ACTS)]
    classes = list(oof.columns)
    split = pool.loc[oof.index, "split"]
    gold = pool.loc[oof.index, "label"]
    tuned = label_biases(oof[split == "train"].to_numpy(), gold[split == "train"].tolist(), classes)
    offsets = np.array([tuned[c] for c in classes])
    out: dict[str, Any] = {"name": name, "biases": tuned}
    cal = split == "calibration"
    for key, b in (("cal", 0.0), ("cal_biased", offsets)):
        guess = [classes[k] for k in (oof[cal].to_numpy() + b).argmax(axis=1)]
        m = label_metrics(gold[cal].tolist(), guess, list(STAFF_ACTS))
        out[key] = {"macro_f1": m["macro_f1"], "own_option_f1": m["per_class"]["own_option"]["f1"], "n": m["n"]}
    train = rows[(rows["split"] == "train") & rows["trainable"]]
    test = rows[(rows["split"] == "test") & rows["trainable"] & ~rows["augmented"]]
    pipeline = build_pipeline(**with_class_weights(train, params))
    pipeline.fit(data.table(train), train["label"], clf__sample_weight=train["weight"].to_numpy())
    scores = pd.DataFrame(pipeline.decision_function(data.table(test)), columns=pipeline.classes_)[classes]
    for key, b in (("test", 0.0), ("test_biased", offsets)):
        guess = [classes[k] for k in (scores.to_numpy() + b).argmax(axis=1)]
        m = label_metrics(test["label"].tolist(), guess, list(STAFF_ACTS))
        out[key] = {"macro_f1": m["macro_f1"], "own_option_f1": m["per_class"]["own_option"]["f1"]}
    return out


# --- Issue 22, w1-w23: a non-linear second stage over the linear model's probabilities ---

#: Inner folds of conversations for the first stage's out-of-fold probabilities (inside the
#: training part only: the part being scored is never seen by any model of the stack).
STACK_INNER_FOLDS = 5
#: The context tokens the second stage reads as dense flags: the kind of the manager's last
#: question and whether the sentence answers it, the place in the turn, the manager's last and
#: next turn (the mw_* words, cues and grammar stay with the first stage).
STACK_FLAG_PREFIXES = ("mq_", "ans_", "idx_", "mturn_", "nturn_")


def stack_neighbours(rows: pd.DataFrame, side: np.ndarray) -> dict[str, np.ndarray]:
    """For every row, the position (in ``rows``) of its staff neighbours, -1 where there is none.

    ``prev``/``next``: the same speaker's previous and next sentence in the same turn;
    ``pturn``: the last sentence of the previous staff turn (anyone but the manager) of the conversation.
    """
    n = len(rows)
    out = {key: np.full(n, -1) for key in ("prev", "next", "pturn")}
    units, turns, speakers = rows["unit"].to_numpy(), rows["turn"].to_numpy(), rows["speaker"].to_numpy()
    start = 0
    while start < n:
        end = start
        while end < n and units[end] == units[start]:
            end += 1
        last_of_turn: dict[int, int] = {}
        staff_turns: list[int] = []
        for i in range(start, end):
            if not side[i]:
                continue
            if i > start and side[i - 1] and turns[i - 1] == turns[i] and speakers[i - 1] == speakers[i]:
                out["prev"][i] = i - 1
                out["next"][i - 1] = i
            if not staff_turns or staff_turns[-1] != turns[i]:
                staff_turns.append(turns[i])
            last_of_turn[turns[i]] = i
            if len(staff_turns) > 1:
                out["pturn"][i] = last_of_turn[staff_turns[-2]]
        start = end
    return out


def stack_table(rows: pd.DataFrame, proba: np.ndarray, known: np.ndarray, neighbours: dict[str, np.ndarray],
                which: np.ndarray, use_neighbours: bool = True) -> np.ndarray:
    """The second stage's dense input for the rows ``which`` (positions): probabilities and lengths.

    ``proba`` holds the first stage's probabilities of every row (``known`` where it has them).
    Each neighbour gives its seven probabilities and a flag that it is missing.
    """
    blocks = [proba[which]]
    if use_neighbours:
        for key in ("prev", "next", "pturn"):
            at = neighbours[key][which]
            has = (at >= 0) & known[np.maximum(at, 0)]
            blocks += [np.where(has[:, None], proba[np.maximum(at, 0)], 0.0), (~has)[:, None].astype(float)]
    words = rows["text"].to_numpy()[which]
    blocks.append(np.array([[len(str(t).split())] for t in words], dtype=float))
    return np.hstack(blocks)


def stack_flags(rows: pd.DataFrame) -> pd.Series:
    """The context tokens the second stage reads as flags (STACK_FLAG_PREFIXES)."""
    return rows["context"].map(lambda c: " ".join(t for t in c.split() if t.startswith(STACK_FLAG_PREFIXES))
                               or "noflag")


def second_stage(kind: str):
    """An unfitted second-stage learner: ``hgb3``/``hgb4`` (HistGradientBoosting, depth 3 or 4) or ``lr``."""
    if kind.startswith("hgb"):
        depth, iters = {"hgb3": (3, 200), "hgb4": (4, 300), "hgb3s": (3, 100)}[kind]
        return HistGradientBoostingClassifier(max_depth=depth, max_iter=iters, learning_rate=0.1,
                                              l2_regularization=1.0, early_stopping=False,
                                              class_weight="balanced", random_state=1)
    return LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")


def first_stage_probas(data: Data, rows: pd.DataFrame, params: dict[str, Any], fit_rows: pd.DataFrame,
                       predict_at: np.ndarray, side: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The linear model's probabilities: out-of-fold (inner folds) for ``fit_rows``' conversations, and
    for the rows ``predict_at`` (positions) by one fitted on all of ``fit_rows``.

    Returns probabilities of every row (zeros where none), a mask of the rows that have them,
    and the class order.
    """
    def fit(part: pd.DataFrame):
        pipeline = build_pipeline(**with_class_weights(part, params))
        return pipeline.fit(data.table(part), part["label"], clf__sample_weight=part["weight"].to_numpy())

    classes = sorted(STAFF_ACTS)
    proba = np.zeros((len(rows), len(classes)))
    known = np.zeros(len(rows), dtype=bool)
    units = rows["unit"].to_numpy()
    fit_units = set(fit_rows["unit"])
    in_fit = side & np.isin(units, list(fit_units))
    inner = fold_of_units(pd.Series(units[in_fit]), STACK_INNER_FOLDS, seed=2)
    fit_inner = fold_of_units(fit_rows["unit"], STACK_INNER_FOLDS, seed=2)
    positions = np.flatnonzero(in_fit)
    for j in range(STACK_INNER_FOLDS):
        model = fit(fit_rows[fit_inner != j])
        at = positions[inner == j]
        proba[at] = pd.DataFrame(model.predict_proba(data.table(rows.iloc[at])), columns=model.classes_)[classes]
        known[at] = True
    model = fit(fit_rows)
    proba[predict_at] = pd.DataFrame(model.predict_proba(data.table(rows.iloc[predict_at])),
                                     columns=model.classes_)[classes]
    known[predict_at] = True
    return proba, known, classes


def stacked_scores(data: Data, rows: pd.DataFrame, params: dict[str, Any], fit_rows: pd.DataFrame,
                   held_rows: pd.DataFrame, stages: list[dict[str, Any]], cache: dict) -> dict[str, list[str]]:
    """Each second stage's predictions for ``held_rows``, trained on ``fit_rows`` (the first stage's
    probabilities out of fold). The first stage is fitted once per part and kept in ``cache``."""
    side = ~data.is_manager & (rows["context"] != NO_CONTEXT).to_numpy()
    position = pd.Series(np.arange(len(rows)), index=rows.index)
    held_units = set(held_rows["unit"])
    predict_at = np.flatnonzero(side & rows["unit"].isin(held_units).to_numpy())
    key = (len(fit_rows), int(fit_rows.index.to_numpy().sum()))
    if key not in cache:
        t0 = time.perf_counter()
        cache[key] = first_stage_probas(data, rows, params, fit_rows, predict_at, side)
        cache[key, "seconds"] = time.perf_counter() - t0
        log(f"first stage ({len(fit_rows)} rows) in {cache[key, 'seconds']:.0f} s")
    proba, known, _ = cache[key]
    if "neighbours" not in cache:
        cache["neighbours"] = stack_neighbours(rows, side)
    neighbours = cache["neighbours"]
    fit_at, held_at = position[fit_rows.index].to_numpy(), position[held_rows.index].to_numpy()
    out = {}
    for stage in stages:
        X_fit = stack_table(rows, proba, known, neighbours, fit_at, stage.get("neighbours", True))
        X_held = stack_table(rows, proba, known, neighbours, held_at, stage.get("neighbours", True))
        if stage.get("flags", True):
            flags = CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True)
            X_fit = np.hstack([X_fit, flags.fit_transform(stack_flags(fit_rows)).toarray()])
            X_held = np.hstack([X_held, flags.transform(stack_flags(held_rows)).toarray()])
        t0 = time.perf_counter()
        learner = second_stage(stage["learner"])
        if stage["learner"] == "lr":
            scale = np.abs(X_fit).max(axis=0)
            scale[scale == 0] = 1.0
            X_fit, X_held = X_fit / scale, X_held / scale
        learner.fit(X_fit, fit_rows["label"].to_numpy(), sample_weight=fit_rows["weight"].to_numpy())
        out[stage["name"]] = (learner.predict(X_held).tolist(), time.perf_counter() - t0)
    return out


def stacked_variant(data: Data, name: str, context: str, params: dict[str, Any], cv: bool,
                    stage_names: list[str] | None = None) -> list[dict[str, Any]] | dict[str, Any]:
    """Score second stages over the shipped linear model: test (fitted on train) and grouped CV.

    Every second stage named in ``stage_names`` (default: ``name`` alone) shares the first
    stage's fits, so naming them together costs one first stage.
    """
    params = dict(params)
    params.pop("stack")
    names = stage_names or [name]
    stages = [{"name": n, **STACK_STAGES[n]} for n in names]
    rows = variant_rows(data, context, params)
    cache: dict = {}
    results = {n: {"name": n, "fit_on": "train"} for n in names}
    train = rows[(rows["split"] == "train") & rows["trainable"]]
    test = rows[(rows["split"] == "test") & rows["trainable"] & ~rows["augmented"]]
    for n, (guess, seconds) in stacked_scores(data, rows, params, train, test, stages, cache).items():
        results[n]["clean"] = label_metrics(test["label"].tolist(), guess, list(STAFF_ACTS))
        results[n]["fit_seconds"] = round(cache[(len(train), int(train.index.to_numpy().sum())), "seconds"]
                                          + seconds, 1)
        results[n]["second_stage_seconds"] = round(seconds, 1)
    if cv:
        pool = rows[(rows["split"] != "test") & rows["trainable"]]
        fold = fold_of_units(pool["unit"], CV_FOLDS, seed=1)
        gold: list[str] = []
        guesses: dict[str, list[str]] = {n: [] for n in names}
        for k in range(CV_FOLDS):
            fit_rows, held = pool[fold != k], pool[(fold == k) & ~pool["augmented"].to_numpy()]
            gold += held["label"].tolist()
            for n, (guess, _) in stacked_scores(data, rows, params, fit_rows, held, stages, cache).items():
                guesses[n] += guess
            log(f"stack CV fold {k + 1}/{CV_FOLDS} done")
        for n in names:
            metrics = label_metrics(gold, guesses[n], list(STAFF_ACTS))
            results[n]["cv"] = {"folds": CV_FOLDS, "n": metrics["n"], "macro_f1": metrics["macro_f1"],
                                "own_option_f1": metrics["per_class"]["own_option"]["f1"],
                                "inner_folds": STACK_INNER_FOLDS}
    return results[name] if stage_names is None else [results[n] for n in names]


def summary_line(result: dict[str, Any]) -> str:
    clean = result["clean"]
    asr = result.get("asr", {"macro_f1": float("nan")})  # the stacked trials score the punctuated test rows only
    per = " ".join(f"{lab[:6]} {clean['per_class'][lab]['f1']:.2f}" for lab in STAFF_ACTS)
    cv = f" | cv macro {result['cv']['macro_f1']:.3f} own {result['cv']['own_option_f1']:.3f}" if "cv" in result else ""
    return (f"{result['name']:<44} macro {clean['macro_f1']:.3f} acc {clean['accuracy']:.3f} "
            f"own {clean['per_class']['own_option']['f1']:.3f} | asr macro {asr['macro_f1']:.3f}{cv} | {per}")


def markdown_table(results: dict[str, dict[str, Any]]) -> str:
    """The trials as a Markdown table, in the order of :data:`VARIANTS` (for docs/staff-model.md)."""
    head = ("| variant | macro-F1 | accuracy | own_option | asr macro-F1 | CV macro-F1 | CV own_option | "
            + " | ".join(STAFF_ACTS[1:]) + " |")
    lines = [head, "|" + "---|" * (7 + len(STAFF_ACTS) - 1)]
    for name in [n for n in VARIANTS if n in results] + [n for n in results if n not in VARIANTS]:
        r = results[name]
        clean, cv = r["clean"], r.get("cv", {})
        per = " | ".join(f"{clean['per_class'][lab]['f1']:.3f}" for lab in STAFF_ACTS[1:])
        cvs = (f"{cv['macro_f1']:.3f} | {cv['own_option_f1']:.3f}" if cv else "- | -")
        lines.append(f"| {name} | {clean['macro_f1']:.3f} | {clean['accuracy']:.3f} | "
                     f"{clean['per_class']['own_option']['f1']:.3f} | {r['asr']['macro_f1']:.3f} | {cvs} | {per} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these variants (by name)")
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--cv", action="store_true", help="also cross-validate on the train and calibration "
                        f"conversations ({CV_FOLDS} folds)")
    parser.add_argument("--errors", type=Path, help="write each variant's held-out mistakes here (CSV)")
    parser.add_argument("--bias", action="store_true", help="tune per-label offsets on out-of-fold scores "
                        "of the train split instead (judged on the calibration split)")
    parser.add_argument("--markdown", action="store_true", help="print the recorded trials as a Markdown table")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown_table(json.loads(args.json.read_text())), end="")
        return
    with threadpool_limits(limits=1):
        data = Data()
        results, errors = [], {}
        stacked = [n for n in VARIANTS if n in STACK_STAGES and (not args.only or n in args.only)]
        if stacked and not args.bias:  # one first stage for all of them
            variant = VARIANTS[stacked[0]]
            for result in stacked_variant(data, stacked[0], variant[0], variant[1], args.cv, stacked):
                results.append(result)
                previous = json.loads(args.json.read_text()) if args.json.is_file() else {}
                previous.update({r["name"]: r for r in results})
                args.json.write_text(json.dumps(previous, indent=1) + "\n")
                print(summary_line(result), flush=True)
        for name, variant in VARIANTS.items():
            if (args.only and name not in args.only) or name in stacked:
                continue
            if args.bias:
                print(json.dumps(bias_trial(data, name, variant)), flush=True)
                continue
            result = run_variant(data, name, variant, args.cv, errors)
            print(summary_line(result), flush=True)
            results.append(result)
            # After every variant, so a long run stopped early keeps what it measured.
            previous = json.loads(args.json.read_text()) if args.json.is_file() else {}
            previous.update({r["name"]: r for r in results})
            args.json.write_text(json.dumps(previous, indent=1) + "\n")
    if args.errors:
        pd.DataFrame([{"variant": name, **e} for name, rows in errors.items() for e in rows]).to_csv(args.errors,
                                                                                                  index=False)


if __name__ == "__main__":
    main()
