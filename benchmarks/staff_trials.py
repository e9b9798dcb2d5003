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
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
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
    if kind == "sgd":
        clf = SGDClassifier(loss="modified_huber", class_weight=old.class_weight, max_iter=50, tol=1e-4,
                            random_state=1)
    else:
        clf = CalibratedClassifierCV(LinearSVC(C=old.C / 10, class_weight=old.class_weight), cv=3,
                                     method="sigmoid")
    pipeline.steps[-1] = ("clf", clf)
    return pipeline


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
        pipeline.fit(data.table(train), train["label"], clf__sample_weight=train["weight"].to_numpy())
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
    fit_on = params.pop("fit_on", ("train",))
    rows = variant_rows(data, context, params)
    train = rows[rows["split"].isin(fit_on) & rows["trainable"]]
    test = rows[(rows["split"] == "test") & rows["trainable"]]
    pipeline = build_pipeline(**with_class_weights(train, params))
    if post is not None:
        pipeline = post(pipeline)
    t0 = time.perf_counter()
    pipeline.fit(data.table(train), train["label"], clf__sample_weight=train["weight"].to_numpy())
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


def summary_line(result: dict[str, Any]) -> str:
    clean, asr = result["clean"], result["asr"]
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
        for name, variant in VARIANTS.items():
            if args.only and name not in args.only:
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
