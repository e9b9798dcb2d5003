"""Every visible measure of the labels, for the shipped model and two baselines, in one run.

Usage: python -m benchmarks.evaluate [--model MODEL.skops] [--conversations DIR] [--shared DIR]
           [--report-only FILE.csv ...] [--json benchmarks/results/evaluate.json]
           [--markdown docs/accuracy.md] [--verbose] [--no-cache]

Sets, each skipped with a message when absent:

1. **held-out split**: ``data/corpus.csv`` rows with ``split == "test"`` (whole conversation
   groups never used for training or tuning), overall and by variant (clean, asr).
2. **held-out conversations**: the whole conversations in ``data/conversations/`` that
   :func:`analyzer.splits.conversation_split` puts in ``test``: the manager's sentences
   (acts, styles) and, when a staff model exists, the staff sentences (``staff_act``).
3. **manager_dev.csv** (``../shared/dev/``): another author's manager sentences, clean and asr.
4. **ami_dev.csv** (``../shared/dev/``): real meetings, every role and the PM alone, at their
   natural proportions: style and act metrics with confusion matrices; question F1 (the
   utterance holds an open or closed question, against AMI's Elicit acts); advice F1 (advice,
   instruction or leading question, against AMI's Suggest); the per-meeting Spearman
   correlation of the PM's predicted share of questions among questions + advice with the
   annotators' share of Elicit among Elicit + Suggest; the share marked unsure, when the
   model marks any.
5. **unpunctuated sentence splitting**: ``segmentation_results`` of
   ``benchmarks/segmentation.py`` when that file offers it.

Systems: the shipped model; "? + phrases" (:class:`analyzer.baselines.KeywordBaseline`,
question marks and directive phrases); "bag of words" (the same classifier without the spaCy
cues, trained on the corpus's training rows). Every model prediction goes through
:func:`predict_rows`, so changing how sentences are labelled (context, calibration) changes
every figure at once. Nothing is trained or tuned on any set here. ``../shared`` is measuring
only and never a run-time dependency.

AMI figures: AMI Meeting Corpus, (c) University of Edinburgh and the AMI consortium, CC BY 4.0;
Carletta, J. et al. (2005), "The AMI Meeting Corpus: A Pre-Announcement", MLMI 2005.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from analyzer.baselines import KeywordBaseline
from analyzer.classifier import build_pipeline
from analyzer.config import (
    CONVERSATIONS_DIR,
    CORPUS_PATH,
    DEFAULT_MODEL_PATH,
    PACKAGE_DIR,
    PROJECT_DIR,
    STAFF_MODEL_PATH,
    cache_dir,
)
from analyzer.corpora.ami import AMI_CREDIT, ELICIT_LABELS, SUGGEST_LABELS
from analyzer.evaluate import binary_f1, label_metrics, render_metrics, score, share_correlation
from analyzer.features import FEATURE_COLUMNS, feature_table
from analyzer.labelled import load_labelled
from analyzer.labels import ACTS, ADVICE_ACTS, QUESTION_ACTS, STAFF_ACTS, style_of
from analyzer.model_file import Model, load_model
from analyzer.nlp import build_nlp, pipeline_info
from analyzer.sentences import sentences
from analyzer.splits import conversation_split
from analyzer.train import context_features, featurize_texts, with_asr_copies

try:
    from benchmarks.segmentation import segmentation_results
except ImportError:
    try:  # run as a file (python benchmarks/evaluate.py): its sibling is a top-level module
        from segmentation import segmentation_results  # type: ignore[no-redef]
    except ImportError:  # the splitter's benchmark does not offer it yet
        segmentation_results = None

SHARED_DIR = PROJECT_DIR.parent / "shared"
AMI_ROLES = ("PM", "ME", "UI", "ID")
#: Columns a conversation file must have for this script (docs: data/conversations format).
CONVERSATION_COLUMNS = ("conversation", "turn", "speaker", "role", "variant", "text", "act", "staff_act")
MODEL = "model"
KEYWORDS = "baseline: ? + phrases"
BOW = "baseline: bag of words"
#: Source files whose code decides the feature table: a change to any of them empties the cache.
_FEATURE_SOURCES = ("features.py", "cues.py", "sentences.py", "train.py", "nlp.py")
#: Set by ``--no-cache``.
CACHE_FEATURES = True

#: A system labels a frame's rows (``utterances=True``: rows may hold several sentences):
#: a table with ``act``, ``holds_question`` and ``holds_advice`` per row, in the frame's order.
System = Callable[..., pd.DataFrame]


def predict_rows(frame: pd.DataFrame, model: Model, nlp, *, utterances: bool = False) -> pd.DataFrame:
    """The model's labels for ``frame``'s rows: ``act``, ``style``, ``confidence`` (``unsure`` if it says).

    ``frame`` has ``text``; for whole conversations also ``conversation``, ``turn``, ``speaker``
    and ``role``, with rows in spoken order, so a context-aware model can read the sentences
    around each one: such a model reads each sentence's context (two passes, as ``analyze``
    does), rebuilt from the conversation's turns, or for AMI from each meeting's speaker changes
    (``meeting``, ``speaker_role``, rows in ``position`` order). Rows of other sets are labelled
    alone, as ``analyzer classify`` labels them. A labelled row is one sentence; with
    ``utterances=True`` (AMI's acts) a row may hold several, as a transcript's turn does: each
    is labelled, the row takes its last sentence's label (the guide's rule for two acts: the one
    that ends up with the listener), and ``holds_question`` / ``holds_advice`` say whether any
    sentence is a question / advice, which is what question F1 and advice F1 count. A staff-side
    model (target ``staff_act``) gives ``staff_act`` and ``confidence`` instead of act and
    style.
    """
    features, owners = sentence_features(frame["text"].tolist(), nlp, utterances)
    table = in_context(frame, features, owners, model)
    labels = model.predict(table)
    rows = rows_from_sentences(labels, owners, len(frame), frame.index)
    if model.target == "act":
        rows = rows.join(expected_presence(model, table, owners, len(frame), frame.index))
    return rows


def expected_presence(model: Model, table: pd.DataFrame, owners: np.ndarray, n: int,
                      index: pd.Index) -> pd.DataFrame:
    """The probability that each row holds a question, and advice: for figures from probabilities.

    A sentence's probability of a question is the sum over the question acts; a row holds
    one unless none of its sentences does (taken as independent).
    """
    names = getattr(model.pipeline, "feature_names_in_", None)
    proba = pd.DataFrame(model.pipeline.predict_proba(table[list(names)] if names is not None else table),
                         columns=model.labels)
    out = {}
    for column, acts in (("p_question", QUESTION_ACTS), ("p_advice", ADVICE_ACTS)):
        none = (1 - proba[[a for a in acts if a in proba]].sum(axis=1)).clip(0, 1)
        out[column] = 1 - none.groupby(owners).prod().reindex(range(n), fill_value=1.0)
    return pd.DataFrame(out).set_axis(index)


def count_tracking(units: pd.Series, gold_q: pd.Series, gold_a: pd.Series, labels: pd.DataFrame) -> dict[str, Any]:
    """Do figures from probabilities track the gold counts better than figures from hard labels?

    Per unit (a meeting, a conversation): the mean absolute error of the question and advice
    counts, and the Spearman correlation of the question share (questions / (questions +
    advice)) with gold's, for hard labels and for expected counts.
    """
    if "p_question" not in labels:
        return {"skipped": "the system gives no probabilities"}
    frame = pd.DataFrame({"unit": units.to_numpy(), "gq": gold_q.to_numpy(), "ga": gold_a.to_numpy(),
                          "hq": labels["holds_question"].to_numpy(), "ha": labels["holds_advice"].to_numpy(),
                          "eq": labels["p_question"].to_numpy(), "ea": labels["p_advice"].to_numpy()})
    sums = frame.groupby("unit").sum(numeric_only=True).astype(float)
    out: dict[str, Any] = {"units": len(sums)}
    for name, q, a in (("hard labels", "hq", "ha"), ("expected counts", "eq", "ea")):
        share = sums[q] / (sums[q] + sums[a]).where(lambda x: x > 0)
        gold = sums["gq"] / (sums["gq"] + sums["ga"]).where(lambda x: x > 0)
        both = share.notna() & gold.notna()
        out[name] = {"question_count_mae": round(float((sums[q] - sums["gq"]).abs().mean()), 2),
                     "advice_count_mae": round(float((sums[a] - sums["ga"]).abs().mean()), 2),
                     "question_share_spearman": round(float(spearmanr(share[both], gold[both]).statistic), 3)
                     if both.sum() > 2 else None}
    return out


def in_context(frame: pd.DataFrame, features: pd.DataFrame, owners: np.ndarray, model: Model) -> pd.DataFrame:
    """The feature table with each sentence's context, when the model reads it and the set has it.

    The cached features keep normalised words, not punctuation, so a sentence's "?" comes
    from its ``has_qmark`` cue; whether a conversation is punctuated at all comes from its rows.
    """
    if not model.uses_context:
        return features
    if {"conversation", "turn", "speaker"} <= set(frame.columns):
        unit, turn, speaker = frame["conversation"], frame["turn"].astype(int), frame["speaker"]
        punctuated = frame["variant"] != "asr" if "variant" in frame.columns else pd.Series(True, index=frame.index)
    elif {"meeting", "speaker_role"} <= set(frame.columns):
        unit, speaker = frame["meeting"], frame["speaker_role"]
        changed = (speaker != speaker.shift()) | (unit != unit.shift())
        turn = changed.astype(int).groupby(unit).cumsum() - 1
        punctuated = pd.Series(True, index=frame.index)
    else:
        return features
    pick = frame.index[owners]
    asked = np.where(features["has_qmark"].to_numpy() > 0, " ?", "")
    rows = pd.DataFrame({"text": features["text"].to_numpy() + asked, "context": "",
                         "unit": unit[pick].to_numpy(), "turn": turn[pick].to_numpy(),
                         "speaker": speaker[pick].astype(str).to_numpy(), "punctuated": punctuated[pick].to_numpy(),
                         "manager_act": (frame["manager_act"][pick].to_numpy() if "manager_act" in frame.columns
                                         else None)})

    def table(rows_now: pd.DataFrame, contexts: pd.Series | None = None) -> pd.DataFrame:
        chosen = rows_now["context"] if contexts is None else contexts
        return features.iloc[rows_now.index].reset_index(drop=True).assign(context=chosen.to_numpy())

    return context_features(model, rows, table)


def rows_from_sentences(labels: pd.DataFrame, owners: np.ndarray, n: int, index: pd.Index) -> pd.DataFrame:
    """Per-sentence labels to one row per input row: the last sentence's labels, and what any sentence holds.

    A row with no sentence at all (no word in it) is ``other``, with confidence 0.
    """
    labels = labels.reset_index(drop=True).assign(row=owners)
    last = labels.groupby("row").tail(1).set_index("row").reindex(range(n))
    if "act" in labels:
        for column, acts in (("holds_question", QUESTION_ACTS), ("holds_advice", ADVICE_ACTS)):
            holds = labels["act"].isin(acts).groupby(labels["row"]).any()
            last[column] = holds.reindex(range(n), fill_value=False)
        empty = last["act"].isna()
        last.loc[empty, ["act", "style"]] = ["other", style_of("other")]
    else:
        empty = last["staff_act"].isna()
        last.loc[empty, "staff_act"] = "other"
    last.loc[empty, "confidence"] = 0.0
    last.index = index
    return last


def sentence_features(texts: list[str], nlp, utterances: bool = False) -> tuple[pd.DataFrame, np.ndarray]:
    """The feature table of the texts' sentences, and the text each sentence came from.

    A text is one sentence, unless ``utterances``: then spaCy's sentences of it, as
    ``analyzer classify`` finds them. Cached on disk between runs: spaCy is most of a run's
    time and the sets do not change; the key holds the texts, the spaCy pipeline and the code
    that builds features, so a change to any of them computes afresh.
    """
    path = cache_dir() / "evaluate-features" / f"{_feature_key(texts, nlp, utterances)}.csv.gz"
    if CACHE_FEATURES and path.is_file():
        try:
            cached = pd.read_csv(path, compression="gzip", keep_default_na=False,
                                 dtype={"text": object, "shape": object, "context": object})
        except (OSError, ValueError, EOFError):  # a damaged cache file is computed afresh
            cached = None
        if cached is not None and list(cached.columns) == [*FEATURE_COLUMNS, "row"]:
            return cached[list(FEATURE_COLUMNS)], cached["row"].to_numpy()
    if utterances:
        owners, spans = [], []
        for row, doc in enumerate(nlp.pipe(texts, batch_size=256)):
            for span in sentences([doc]):
                owners.append(row)
                spans.append(span)
        table, owners = feature_table(spans), np.array(owners, dtype=int)
    else:
        table, owners = featurize_texts(texts, nlp), np.arange(len(texts))
    if CACHE_FEATURES:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        table.assign(row=owners).to_csv(partial, index=False, compression="gzip")
        partial.replace(path)
    return table, owners


def _feature_key(texts: list[str], nlp, utterances: bool) -> str:
    digest = hashlib.sha256(json.dumps([pipeline_info(nlp), utterances], sort_keys=True).encode())
    for name in _FEATURE_SOURCES:
        digest.update((PACKAGE_DIR / name).read_bytes())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


# ---------------------------------------------------------------- the sets


def read_conversations(folder: Path) -> tuple[pd.DataFrame, list[str]]:
    """Every conversation file's rows with its split; and one line per file that could not be used.

    A bad file is named and skipped, never the end of the run.
    """
    frames, problems = [], []
    for path in sorted(folder.glob("*.csv")):
        try:
            rows = pd.read_csv(path, keep_default_na=False, dtype=str)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            problems.append(f"{path.name}: cannot be read ({str(exc).splitlines()[0][:100]})")
            continue
        missing = [c for c in CONVERSATION_COLUMNS if c not in rows.columns]
        manager = rows["role"] == "manager" if "role" in rows else None
        if missing:
            problems.append(f"{path.name}: no column {', '.join(missing)}")
        elif not rows.loc[manager, "act"].isin(ACTS).all():
            bad = sorted(set(rows.loc[manager, "act"]) - set(ACTS))[:3]
            problems.append(f"{path.name}: manager act not one of the nine acts: {', '.join(map(repr, bad))}")
        elif not rows.loc[~manager & (rows["staff_act"] != ""), "staff_act"].isin(STAFF_ACTS).all():
            problems.append(f"{path.name}: a staff_act that is not a staff label")
        else:
            rows["conversation"] = rows["conversation"].replace("", path.stem)
            rows["turn"] = pd.to_numeric(rows["turn"], errors="coerce")
            rows["split"] = rows["conversation"].map(conversation_split)
            frames.append(rows)
    if not frames:
        return pd.DataFrame(columns=[*CONVERSATION_COLUMNS, "split"]), problems
    return pd.concat(frames, ignore_index=True), problems


def variant_parts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Masks for the whole set and, when it has both, its clean and recogniser-style parts."""
    masks = {"all": pd.Series(True, index=frame.index)}
    if "variant" in frame and (frame["variant"] == "asr").any() and (frame["variant"] != "asr").any():
        masks |= {"clean": frame["variant"] != "asr", "asr": frame["variant"] == "asr"}
    return masks


def score_by_part(truth: pd.Series, predicted: pd.Series, parts: dict[str, pd.Series]) -> dict[str, dict]:
    """Act and style scores of every part of a set."""
    return {part: score(truth[m].tolist(), predicted[m].tolist()) for part, m in parts.items() if m.any()}


def evaluate_sentences(frame: pd.DataFrame, systems: dict[str, System]) -> dict[str, Any]:
    """A labelled set of manager sentences (``text``, ``label``): every system, every part."""
    parts = variant_parts(frame)
    return {"n": len(frame), "systems": {name: score_by_part(frame["label"], system(frame)["act"], parts)
                                         for name, system in systems.items()}}


def evaluate_conversations(folder: Path, systems: dict[str, System], staff: System | None) -> dict[str, Any]:
    """The held-out whole conversations: the manager's acts; the staff's labels when a staff model exists."""
    rows, problems = read_conversations(folder)
    out: dict[str, Any] = {"folder": _shown(folder), "problems": problems}
    test = rows[rows["split"] == "test"].reset_index(drop=True)
    if test.empty:
        out["skipped"] = (f"no conversation in {_shown(folder)} is in the test split" if len(rows)
                          else f"no usable conversation file in {_shown(folder)}")
        return out
    manager = test["role"] == "manager"
    out |= {"conversations": int(test["conversation"].nunique()),
            "all_conversations": int(rows["conversation"].nunique()), "manager_sentences": int(manager.sum()),
            "other_sentences": int((~manager).sum())}
    parts = {k: m[manager].reset_index(drop=True) for k, m in variant_parts(test).items()}
    truth = test.loc[manager, "act"].reset_index(drop=True)
    out["manager"] = {}
    manager_acts = pd.Series(None, index=test.index, dtype=object)
    for name, system in systems.items():
        labels = system(test)
        if name == MODEL:  # what the staff model reads of the manager's turns, as analyze gives it
            manager_acts = labels["act"].where(manager, None)
        predicted = labels["act"][manager.to_numpy()].reset_index(drop=True)
        out["manager"][name] = score_by_part(truth, predicted, parts)
        if name == MODEL:
            m = manager.to_numpy()
            out["count_tracking"] = count_tracking(test["conversation"][m], test["act"][m].isin(QUESTION_ACTS),
                                                   test["act"][m].isin(ADVICE_ACTS), labels[m])
    if staff is None:
        out["staff"] = {"skipped": f"no staff model at {STAFF_MODEL_PATH.relative_to(PROJECT_DIR)}"}
    else:
        gold, predicted = staff_labels(test, manager_acts, staff)
        if len(gold):
            out["staff"] = {"staff_act": label_metrics(gold.tolist(), predicted.tolist(), STAFF_ACTS)}
    return out


def staff_labels(test: pd.DataFrame, manager_acts: pd.Series, staff: System) -> tuple[pd.Series, pd.Series]:
    """Gold and predicted ``staff_act`` of the labelled sentences of the people being managed.

    Facilitators and observers (role ``other``) are left out: the staff figures are about the
    person being managed. The staff model reads ``manager_acts`` (the manager model's labels,
    as ``analyze`` gives them), never the gold acts.
    """
    labelled = ((test["role"] == "staff") & (test["staff_act"] != "")).to_numpy()
    if not labelled.any():
        return pd.Series([], dtype=object), pd.Series([], dtype=object)
    predicted = staff(test.assign(manager_act=manager_acts))["staff_act"][labelled]
    return test.loc[labelled, "staff_act"].reset_index(drop=True), predicted.reset_index(drop=True)


def ami_scores(frame: pd.DataFrame, labels: pd.DataFrame) -> dict[str, Any]:
    """Act and style metrics, question F1 and advice F1 of predicted labels on AMI rows."""
    return {**score(frame["act"].tolist(), labels["act"].tolist()),
            "question": binary_f1(frame["ami_label"].isin(ELICIT_LABELS), labels["holds_question"]),
            "advice": binary_f1(frame["ami_label"].isin(SUGGEST_LABELS), labels["holds_advice"])}


def ami_question_share(frame: pd.DataFrame, labels: pd.DataFrame) -> dict[str, Any]:
    """Per meeting, the PM's predicted question share against the annotators' Elicit share (Spearman)."""
    pm = (frame["speaker_role"] == "PM").to_numpy()
    rows, labels = frame[pm], labels[pm]
    return share_correlation(rows["meeting"].tolist(),
                             (labels["holds_question"].tolist(), labels["holds_advice"].tolist()),
                             (rows["ami_label"].isin(ELICIT_LABELS).tolist(),
                              rows["ami_label"].isin(SUGGEST_LABELS).tolist()))


def evaluate_ami(path: Path, systems: dict[str, System]) -> dict[str, Any]:
    """AMI dev at natural proportions: all roles, the PM alone, each role; the question share; unsure.

    Each row is one of AMI's acts, which may hold several sentences: the systems label them
    as utterances (see :func:`predict_rows`).
    """
    frame = pd.read_csv(path, keep_default_na=False).sort_values(["meeting", "position"], kind="stable")
    frame = frame.reset_index(drop=True)
    subsets = {"all roles": pd.Series(True, index=frame.index),
               **{role: frame["speaker_role"] == role for role in AMI_ROLES}}
    subsets = {name: mask for name, mask in subsets.items() if mask.any()}
    out: dict[str, Any] = {"n": len(frame), "meetings": int(frame["meeting"].nunique()), "credit": AMI_CREDIT,
                           "subsets": {name: {} for name in subsets}, "question_share": {}}
    for name, system in systems.items():
        labels = system(frame, utterances=True)
        for subset, mask in subsets.items():
            out["subsets"][subset][name] = ami_scores(frame[mask], labels[mask])
        out["question_share"][name] = ami_question_share(frame, labels)
        if name == MODEL:
            out["unsure"] = unsure_share(labels, frame["speaker_role"] == "PM")
            pm = (frame["speaker_role"] == "PM").to_numpy()
            out["count_tracking"] = count_tracking(frame["meeting"][pm], frame["ami_label"][pm].isin(ELICIT_LABELS),
                                                   frame["ami_label"][pm].isin(SUGGEST_LABELS), labels[pm])
    return out


def unsure_share(labels: pd.DataFrame, pm: pd.Series) -> dict[str, Any]:
    """The share of utterances whose label the model marks unsure (all, and the PM's); skipped if it marks none."""
    if "unsure" not in labels:
        return {"skipped": "the model marks no sentence unsure (no `unsure` column)"}
    unsure = labels["unsure"].fillna(False).astype(bool)
    return {"all roles": round(float(unsure.mean()), 4), "PM": round(float(unsure[pm].mean()), 4)}


def evaluate_segmentation(nlp, conversations: Path, ami_dev: Path) -> dict[str, Any]:
    """The unpunctuated-splitting benchmark of benchmarks/segmentation.py, when it offers one."""
    if segmentation_results is None:
        return {"skipped": "benchmarks/segmentation.py has no segmentation_results() yet"}
    has_conversations = conversations.is_dir() and any(conversations.glob("*.csv"))
    return segmentation_results(nlp, conversations=conversations if has_conversations else None,
                                ami_dev=ami_dev if ami_dev.is_file() else None)


# ---------------------------------------------------------------- the run


def build_systems(model: Model, nlp) -> dict[str, System]:
    """The model and the two baselines, each labelling a frame's rows (see :data:`System`)."""
    corpus = load_labelled([CORPUS_PATH])
    train = with_asr_copies(corpus[corpus["split"] != "test"].reset_index(drop=True))
    features, _ = sentence_features(train["text"].tolist(), nlp)
    bow = Model(build_pipeline(use_cues=False).fit(features, train["label"]), {"target": "act"})
    keyword = KeywordBaseline()

    def keywords(frame: pd.DataFrame, utterances: bool = False) -> pd.DataFrame:
        # A spreadsheet formula reads the whole cell, however many sentences it holds.
        acts = pd.Series(keyword.predict(frame["text"]), index=frame.index)
        return pd.DataFrame({"act": acts, "holds_question": acts.isin(QUESTION_ACTS),
                             "holds_advice": acts.isin(ADVICE_ACTS)})

    return {
        MODEL: lambda f, utterances=False: predict_rows(f, model, nlp, utterances=utterances),
        KEYWORDS: keywords,
        BOW: lambda f, utterances=False: predict_rows(f, bow, nlp, utterances=utterances),
    }


def staff_system(nlp, path: Path = STAFF_MODEL_PATH) -> System | None:
    """The staff-side model as a system, or None when there is none to measure."""
    if not path.is_file():
        return None
    staff = load_model(path)
    if staff.target != "staff_act":
        return None
    return lambda f, utterances=False: predict_rows(f, staff, nlp, utterances=utterances)


def run(model_path: Path, conversations: Path, shared: Path, report_only: list[str], nlp=None) -> dict[str, Any]:
    """Every set, every system: the results as one JSON-ready dict (see :func:`render_text`)."""
    nlp = nlp or build_nlp()
    model = load_model(model_path)
    systems = build_systems(model, nlp)
    results: dict[str, Any] = {
        "run": {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "model": _shown(model_path),
                "model_sha256": _sha256(model_path), "spacy": pipeline_info(nlp)},
    }

    def timed(name: str, fn: Callable[[], dict[str, Any]]) -> None:
        t0 = time.perf_counter()
        results[name] = fn()
        print(f"evaluate: {name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)

    corpus = load_labelled([CORPUS_PATH])
    timed("held-out split", lambda: evaluate_sentences(corpus[corpus["split"] == "test"].reset_index(drop=True),
                                                       systems))
    timed("held-out conversations", lambda: evaluate_conversations(conversations, systems, staff_system(nlp)))
    manager_dev = shared / "dev" / "manager_dev.csv"
    timed("manager_dev.csv", lambda: evaluate_sentences(load_labelled([manager_dev]), systems)
          if manager_dev.is_file() else {"skipped": f"{_shown(manager_dev)} is absent"})
    ami_dev = shared / "dev" / "ami_dev.csv"
    timed("ami_dev.csv", lambda: evaluate_ami(ami_dev, systems)
          if ami_dev.is_file() else {"skipped": f"{_shown(ami_dev)} is absent"})
    timed("unpunctuated splitting", lambda: evaluate_segmentation(nlp, conversations, ami_dev))
    for path in report_only:
        timed(f"{Path(path).name} (report only)", lambda p=path: evaluate_sentences(load_labelled([p]), systems))
    return results


def _sha256(path: Path) -> str:
    from analyzer.hashing import file_sha256

    return file_sha256(path)


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(PROJECT_DIR))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- tables


def sentence_table(results: dict[str, Any]) -> pd.DataFrame:
    """Act and style macro-F1 of every system on the manager-sentence sets, one row per part."""
    rows = []
    for name, section in results.items():
        systems = section.get("systems") or section.get("manager") if isinstance(section, dict) else None
        if not systems or "skipped" in section:
            continue
        for system, parts in systems.items():
            for part, r in parts.items():
                rows.append({"set": name, "part": part, "system": system, "n": r["act"]["n"],
                             "act macro-F1": r["act"]["macro_f1"], "style macro-F1": r["style"]["macro_f1"]})
    return pd.DataFrame(rows)


def ami_table(ami: dict[str, Any], subsets: tuple[str, ...] = ("all roles", "PM")) -> pd.DataFrame:
    """Style and act macro-F1, question and advice F1, advice found against gold, per subset and system."""
    rows = []
    for subset in (s for s in subsets if s in ami["subsets"]):
        for system, r in ami["subsets"][subset].items():
            rows.append({"speakers": subset, "system": system, "n": r["style"]["n"],
                         "style macro-F1": r["style"]["macro_f1"], "act macro-F1": r["act"]["macro_f1"],
                         "question F1": r["question"]["f1"], "advice F1": r["advice"]["f1"],
                         "advice found / gold": f"{r['advice']['predicted']} / {r['advice']['gold']}"})
    return pd.DataFrame(rows)


def spearman_table(ami: dict[str, Any]) -> pd.DataFrame:
    """Per-meeting Spearman of the PM's question share, per system (p to 4 places: 0.0001 is not 0)."""
    return pd.DataFrame([{"system": system, "spearman": r["spearman"],
                          "p": "" if r["p_value"] is None else f"{r['p_value']:.4f}", "meetings": r["groups"],
                          "left out": r["left_out"]} for system, r in ami["question_share"].items()])


def confusion_table(metrics: dict[str, Any]) -> pd.DataFrame:
    cm = metrics["confusion_matrix"]
    return pd.DataFrame(cm["matrix"], index=[f"true {x}" for x in cm["labels"]], columns=cm["labels"])


def segmentation_table(seg: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame([{"set": name, "precision": round(r["precision"], 3), "recall": round(r["recall"], 3),
                          "F1": round(r["f1"], 3), "gold boundaries": r["boundaries"], "source": r["source"]}
                         for name, r in seg.items() if isinstance(r, dict) and "f1" in r])


def _skips(results: dict[str, Any]) -> list[str]:
    out = [f"{name}: skipped ({s['skipped']})" for name, s in results.items()
           if isinstance(s, dict) and "skipped" in s]
    conv = results.get("held-out conversations", {})
    out += [f"held-out conversations: {p}" for p in conv.get("problems", [])]
    for key in ("staff",):
        if isinstance(conv.get(key), dict) and "skipped" in conv[key]:
            out.append(f"held-out conversations, staff sentences: skipped ({conv[key]['skipped']})")
    ami = results.get("ami_dev.csv", {})
    if isinstance(ami.get("unsure"), dict) and "skipped" in ami["unsure"]:
        out.append(f"ami_dev.csv, unsure share: skipped ({ami['unsure']['skipped']})")
    return out


def tracking_table(results: dict[str, Any]) -> pd.DataFrame:
    """Hard labels against expected counts, per AMI meeting (PM) and per held-out conversation (manager)."""
    rows = []
    for name, section in (("AMI dev meetings, PM", results.get("ami_dev.csv", {})),
                          ("held-out conversations, manager", results.get("held-out conversations", {}))):
        tracking = section.get("count_tracking", {}) if isinstance(section, dict) else {}
        for way in ("hard labels", "expected counts"):
            if way in tracking:
                rows.append({"set": f"{name} ({tracking['units']})", "figures from": way, **tracking[way]})
    return pd.DataFrame(rows)


def render_text(results: dict[str, Any], verbose: bool = False) -> str:
    """The results as people read them in a terminal."""
    out = [f"model {results['run']['model']} ({results['run']['model_sha256'][:12]}), {results['run']['date']}", ""]
    table = sentence_table(results)
    if not table.empty:
        out += ["== manager sentences: macro-F1 ==", table.to_string(index=False), ""]
    conv = results.get("held-out conversations", {})
    if "staff_act" in conv.get("staff", {}):
        m = conv["staff"]["staff_act"]
        out += [f"== held-out conversations, staff sentences: staff_act macro-F1 {m['macro_f1']:.3f}, "
                f"accuracy {m['accuracy']:.3f}, n={m['n']} ==", ""]
    ami = results.get("ami_dev.csv", {})
    if "subsets" in ami:
        out += [f"== ami_dev.csv: {ami['n']} utterances of {ami['meetings']} meetings, natural proportions ==",
                ami_table(ami).to_string(index=False), "",
                "model by role:", ami_table(ami, AMI_ROLES).query("system == @MODEL").to_string(index=False), "",
                "per-meeting Spearman, PM's question share (questions / questions + advice) against Elicit / "
                "Elicit + Suggest:", spearman_table(ami).to_string(index=False), ""]
        if "all roles" in ami["unsure"]:
            out += [f"marked unsure: {ami['unsure']['all roles']:.1%} of all utterances, "
                    f"{ami['unsure']['PM']:.1%} of the PM's", ""]
        for subset in ("all roles", "PM"):
            for level in ("style", "act") if verbose else ("style",):
                out += [f"model, {subset}, {level} confusion (rows true, columns predicted):",
                        confusion_table(ami["subsets"][subset][MODEL][level]).to_string(), ""]
        out += [ami["credit"], ""]
    tracking = tracking_table(results)
    if not tracking.empty:
        out += ["== counts per meeting or conversation: hard labels against expected counts ==",
                tracking.to_string(index=False), ""]
    seg = results.get("unpunctuated splitting", {})
    if "skipped" not in seg:
        out += ["== unpunctuated sentence boundaries ==", segmentation_table(seg).to_string(index=False), ""]
    if verbose:
        for name, section in results.items():
            systems = section.get("systems") or section.get("manager") if isinstance(section, dict) else None
            if systems and MODEL in systems:
                out.append(render_metrics(systems[MODEL]["all"], f"== model on {name} =="))
    out += _skips(results)
    return "\n".join(out).rstrip() + "\n"


def markdown_table(frame: pd.DataFrame, index: bool = False) -> str:
    """A pipe table (pandas' own needs the tabulate package)."""
    if index:
        frame = frame.reset_index().rename(columns={"index": ""})
    cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    head = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in cells])


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.3f}"
    return "" if value is None else str(value).replace("|", "\\|")


def render_markdown(results: dict[str, Any]) -> str:
    """The Accuracy page: every table of the run, with the AMI credit."""
    run_info = results["run"]
    out = ["# Accuracy", "",
           f"Generated by `python -m benchmarks.evaluate --markdown docs/accuracy.md` on {run_info['date']} for "
           f"`{run_info['model']}` (sha256 `{run_info['model_sha256'][:12]}`). Do not edit by hand: rerun it.", "",
           "Systems: **model** is the shipped model; **? + phrases** counts question marks and a few directive "
           "phrases (`analyzer/baselines.py`); **bag of words** is the same classifier without the spaCy cues, "
           "trained on the corpus's training rows. Nothing is trained or tuned on any set below.", ""]
    table = sentence_table(results)
    if not table.empty:
        out += ["## Manager sentences", "",
                "Macro-F1 over the nine acts and the three styles. *held-out split*: `data/corpus.csv` rows with "
                "`split == test`. *held-out conversations*: the manager's sentences in the whole conversations of "
                "`data/conversations/` that `analyzer.splits.conversation_split` puts in the test split. "
                "*manager_dev.csv*: another author's sentences (not shipped).", "", markdown_table(table), ""]
    conv = results.get("held-out conversations", {})
    if "staff_act" in conv.get("staff", {}):
        m = conv["staff"]["staff_act"]
        out += [f"Staff sentences of the held-out conversations: `staff_act` macro-F1 {m['macro_f1']:.3f}, "
                f"accuracy {m['accuracy']:.3f} (n={m['n']}).", ""]
    ami = results.get("ami_dev.csv", {})
    if "subsets" in ami:
        out += ["## Real meetings (AMI dev)", "",
                f"{ami['n']:,} utterances of the {ami['meetings']} meetings of the AMI Meeting Corpus's development "
                "split, at their natural proportions (mostly neutral), labelled by AMI's annotators and mapped to "
                "our acts (see `docs/ami.md`). *question F1*: the utterance holds an open or closed question, "
                "against AMI's Elicit acts; *advice F1*: advice, an instruction or a leading question, against "
                "AMI's Suggest.", "", markdown_table(ami_table(ami)), "",
                "The model by role:", "", markdown_table(ami_table(ami, AMI_ROLES).query("system == @MODEL")), "",
                "Per meeting, the PM's predicted share of questions among questions + advice against the "
                "annotators' share of Elicit among Elicit + Suggest (Spearman, across meetings):", "",
                markdown_table(spearman_table(ami)), ""]
        if "all roles" in ami["unsure"]:
            out += [f"Marked unsure: {ami['unsure']['all roles']:.1%} of all utterances, "
                    f"{ami['unsure']['PM']:.1%} of the PM's.", ""]
        for subset in ("all roles", "PM"):
            for level in ("style", "act"):
                out += [f"The model's {level} confusion, {subset} (rows true, columns predicted):", "",
                        markdown_table(confusion_table(ami["subsets"][subset][MODEL][level]), index=True), ""]
    tracking = tracking_table(results)
    if not tracking.empty:
        out += ["## Figures from hard labels or from probabilities", "",
                "Per AMI meeting (the PM's utterances) and per held-out conversation (the manager's sentences): "
                "the mean absolute error of the question and advice counts, and how well the question share "
                "ranks with gold's (Spearman), when each sentence counts as its label (*hard labels*) or as its "
                "probability (*expected counts*).", "", markdown_table(tracking), ""]
    seg = results.get("unpunctuated splitting", {})
    if "skipped" not in seg:
        out += ["## Unpunctuated sentence splitting", "",
                "Each gold turn in recogniser style (lower case, no punctuation) is split by the analyzer's "
                "pipeline; a predicted boundary is right when a gold sentence starts at the same word.", "",
                markdown_table(segmentation_table(seg)), ""]
    skips = _skips(results)
    if skips:
        out += ["## Not measured in this run", "", *[f"- {s}" for s in skips], ""]
    out += ["## Credit", "", f"Figures on AMI: {AMI_CREDIT} Adapted: each act's text rebuilt from AMI's word files, "
            "acts under 3 words left out, labels mapped (`docs/ami.md`).", ""]
    return "\n".join(out)


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value


def main(argv: list[str] | None = None) -> None:
    global CACHE_FEATURES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--conversations", type=Path, default=CONVERSATIONS_DIR,
                        help="folder of whole labelled conversations (default data/conversations)")
    parser.add_argument("--shared", type=Path, default=SHARED_DIR,
                        help="the measuring sets (dev/manager_dev.csv, dev/ami_dev.csv); skipped when absent")
    parser.add_argument("--report-only", nargs="*", default=[],
                        help="more labelled CSVs (text, act) scored for reporting only")
    parser.add_argument("--json", type=Path, help="write the results here (e.g. benchmarks/results/evaluate.json)")
    parser.add_argument("--markdown", type=Path, help="write the Accuracy page here (e.g. docs/accuracy.md)")
    parser.add_argument("--verbose", action="store_true", help="also per-class tables and every confusion matrix")
    parser.add_argument("--no-cache", action="store_true", help="recompute spaCy features instead of reusing them")
    args = parser.parse_args(argv)
    CACHE_FEATURES = not args.no_cache
    results = _json_ready(run(args.model, args.conversations, args.shared, args.report_only))
    print(render_text(results, args.verbose))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if args.markdown:
        args.markdown.write_text(render_markdown(results))


if __name__ == "__main__":
    main()
