"""Train a classifier from labelled CSV files and write it with its model card.

Steps: read and validate the files (analyzer.labelled), run spaCy once over every text
(plus a recogniser-style copy of each punctuated training row, so the model does not
lean on "?" and capitals), cross-validate by conversation group, fit on all training
rows, score the held-out rows (``split == "test"``), then save model and card atomically.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from tqdm import tqdm

from analyzer.classifier import DEFAULT_PARAMS, build_pipeline
from analyzer.cues import CUE_NAMES
from analyzer.errors import InputError
from analyzer.evaluate import score
from analyzer.features import asr_style, feature_table
from analyzer.labelled import TARGET_LABELS, load_labelled
from analyzer.model_file import Model, check_writable, file_sha256, library_versions, save_model
from analyzer.nlp import build_nlp, pipeline_info
from analyzer.sentences import whole_docs
from analyzer.transcript import printable_path

CV_FOLDS = 5
#: Below these a model is a sketch, not a measurement: with under ~20 examples a label's
#: recall moves by 5 points per sentence, and 100 rows cannot cover the nine acts' wording
#: (the bundled corpus has over 400 rows per act).
MIN_ROWS_PER_LABEL = 20
MIN_ROWS = 100


def log(message: str) -> None:
    """Progress for people, on stderr, so stdout stays clean for data."""
    print(f"analyzer: {message}", file=sys.stderr, flush=True)


def featurize_texts(texts: Sequence[str], nlp=None, progress: bool = False, desc: str = "spaCy") -> pd.DataFrame:
    """The feature table of texts taken as one sentence each."""
    nlp = nlp or build_nlp()
    spans = whole_docs(texts, nlp)
    if progress:
        spans = tqdm(spans, total=len(texts), desc=desc, unit="sent", file=sys.stderr, leave=False)
    return feature_table(spans)


def with_asr_copies(frame: pd.DataFrame) -> pd.DataFrame:
    """Add a recogniser-style copy of every row whose text has punctuation or capitals."""
    copies = frame.assign(text=frame["text"].map(asr_style), augmented=True)
    copies = copies[copies["text"] != frame["text"]]
    copies = copies[copies["text"].str.len() > 0]
    return pd.concat([frame.assign(augmented=False), copies], ignore_index=True)


def _groups(frame: pd.DataFrame) -> np.ndarray:
    """Group ids for CV: the group column, else the source row (keeps copies together)."""
    own = frame["source"] + ":" + frame["source_row"].astype(str)
    return np.where(frame["group"].astype(str) != "", frame["group"].astype(str), own)


def cross_validate(X: pd.DataFrame, frame: pd.DataFrame, params: dict[str, Any], folds: int = CV_FOLDS,
                   use_cues: bool = True, n_jobs: int = 1) -> dict[str, Any]:
    """Grouped K-fold predictions for every row, scored on the original (unaugmented) rows."""
    groups = _groups(frame)
    folds = min(folds, len(set(groups)))
    pred = cross_val_predict(build_pipeline(use_cues, **params), X, frame["label"], groups=groups,
                             cv=GroupKFold(n_splits=folds), n_jobs=n_jobs)
    orig = ~frame["augmented"].to_numpy()
    result = score(frame["label"][orig].tolist(), list(pred[orig]), frame["target"].iloc[0])
    return {"folds": folds, "grouped_by": "group" if (frame["group"] != "").any() else "row", **result}


def held_out_scores(model: Model, test: pd.DataFrame, X_test: pd.DataFrame) -> dict[str, Any]:
    """Scores on the held-out rows, overall and on their recogniser-style part."""
    pred = model.predict(X_test)[model.target].tolist()
    out: dict[str, Any] = {"all": score(test["label"].tolist(), pred, model.target)}
    for variant in ("clean", "asr"):
        mask = (test["variant"] == variant).to_numpy()
        if mask.any():
            out[variant] = score(test["label"][mask].tolist(), [p for p, m in zip(pred, mask, strict=True) if m],
                                 model.target)
    return out


def missing_labels(frame: pd.DataFrame) -> list[str]:
    """The acts (or styles) no training row has: the model can never predict them."""
    present = set(frame.loc[frame["split"] != "test", "label"])
    return [lab for lab in TARGET_LABELS[frame["target"].iloc[0]] if lab not in present]


def coverage_warnings(frame: pd.DataFrame) -> list[str]:
    """Warn about labels with no training rows and about too little data to trust.

    Training succeeds either way, and ``analyze`` would then report figures as if the
    model could see every act; the trainer must hear it here.
    """
    out = []
    missing = missing_labels(frame)
    if missing:
        out.append(f"warning: no training rows labelled {', '.join(missing)}: this model can never predict "
                   f"{'it' if len(missing) == 1 else 'them'}")
    counts = frame.loc[frame["split"] != "test", "label"].value_counts()
    few = [f"{lab} ({n})" for lab, n in counts.sort_values().items() if n < MIN_ROWS_PER_LABEL]
    if few or counts.sum() < MIN_ROWS:
        detail = f"; under {MIN_ROWS_PER_LABEL} rows: {', '.join(few[:9])}" if few else ""
        out.append(f"warning: only {counts.sum()} training rows{detail}; the model and its figures will be "
                   "unreliable: label more, or train with data/corpus.csv as well")
    return out


def describe_text_features(pipeline: Pipeline) -> str:
    """The card's account of the text features, read from the pipeline so it cannot drift from it."""
    parts = []
    for _, step, _ in pipeline.named_steps["features"].transformers:
        if isinstance(step, TfidfVectorizer):
            low, high = step.ngram_range
            unit = "word" if step.analyzer == "word" else str(step.analyzer)
            parts.append(f"{unit} {low}-{high}-grams" if low != high else f"{unit} {low}-grams")
    return f"{' and '.join(parts)} of normalised words (tf-idf)"


def make_card(frame: pd.DataFrame, paths: Sequence[str | Path], params: dict[str, Any], nlp) -> dict[str, Any]:
    """What the card says about the data, features and environment (metrics are added later)."""
    train = frame[frame["split"] != "test"]
    target = frame["target"].iloc[0]
    return {
        "target": target,
        "labels": sorted(train["label"].unique()),
        "missing_labels": missing_labels(frame),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "training_data": [{"file": printable_path(Path(p).name), "sha256": file_sha256(p),
                           "rows": int((frame["source"] == str(p)).sum())} for p in paths],
        "training_rows": len(train),
        "held_out_rows": int((frame["split"] == "test").sum()),
        "augmentation": "a lower-case, unpunctuated copy of each punctuated training row",
        "features": {"text": describe_text_features(build_pipeline(**params)),
                     "shape": "positional fine-grained tags of the sentence opening and end",
                     "cues": list(CUE_NAMES)},
        "params": {k: v for k, v in (DEFAULT_PARAMS | params).items()},
        "spacy_pipeline": pipeline_info(nlp),
        "libraries": library_versions(),
    }


def _check_output(output: str | Path, paths: Sequence[str | Path]) -> None:
    """Refuse an output that would overwrite the labelled data, or that cannot be written."""
    if any(Path(output).resolve() == Path(p).resolve() for p in paths):
        raise InputError("is one of the labelled files; -o names the model file to write", output)
    check_writable(output)


def _check_learnable(train_rows: pd.DataFrame, paths: Sequence[str | Path]) -> None:
    """A classifier needs training rows of at least two labels: say so before any work."""
    where = paths[0] if len(paths) == 1 else None
    if train_rows.empty:
        raise InputError("every row has split=test: nothing is left to train on", where)
    labels = sorted(train_rows["label"].unique())
    if len(labels) < 2:
        raise InputError(f"every training row is labelled {labels[0]!r}; a model needs examples of at "
                         "least two labels", where)


def _cross_validate_into(card: dict[str, Any], X: pd.DataFrame, train_rows: pd.DataFrame,
                         params: dict[str, Any], folds: int, on_step: Callable[[str], None]) -> None:
    """Cross-validate if the data allows it; otherwise say why and train without it.

    Grouped folds need two conversations at least, and every fold's training part needs
    two labels; a user labelling one meeting has neither, and still wants a model.
    """
    if folds < 2:
        on_step("cross-validation skipped (--folds 0)" if folds == 0 else "cross-validation skipped (--folds 1)")
        return
    groups = len(set(_groups(train_rows)))
    if groups < 2:
        on_step("cross-validation skipped: it needs sentences from at least 2 conversations (group column)")
        return
    if len(train_rows) < 2 * folds:
        on_step(f"cross-validation skipped: {len(train_rows)} training rows (copies included) are too few for "
                f"{folds} folds")
        return
    used = min(folds, groups)
    fewer = f"; only {groups} groups, not the {folds} asked for" if used < folds else ""
    on_step(f"cross-validating ({used} folds by {'group' if (train_rows['group'] != '').any() else 'row'}{fewer})")
    try:
        card["cross_validation"] = cross_validate(X, train_rows, params, folds)
    except ValueError as exc:  # e.g. a fold whose training part has a single label
        on_step(f"cross-validation skipped: {str(exc).splitlines()[0][:160]}")


def train(paths: Sequence[str | Path], output: str | Path, *, text_column: str = "text",
          label_column: str | None = None, params: dict[str, Any] | None = None, folds: int = CV_FOLDS,
          spacy_model: str | None = None, progress: bool = True,
          on_step: Callable[[str], None] = log) -> Model:
    """Train on labelled files, cross-validate, score held-out rows, save model + card."""
    params = params or {}
    if folds < 0:
        raise InputError(f"--folds {folds}: the number of cross-validation folds cannot be negative (0 skips it)")
    frame = load_labelled(paths, text_column, label_column, on_note=on_step)
    _check_output(output, paths)
    train_rows = with_asr_copies(frame[frame["split"] != "test"].reset_index(drop=True))
    test_rows = frame[frame["split"] == "test"].reset_index(drop=True)
    _check_learnable(train_rows, paths)
    for warning in coverage_warnings(frame):
        on_step(warning)
    nlp = build_nlp(spacy_model)
    on_step(f"{len(frame)} labelled rows ({frame['target'].iloc[0]}s); "
            f"{len(train_rows)} training rows with recogniser-style copies, {len(test_rows)} held out")
    X = featurize_texts(train_rows["text"].tolist(), nlp, progress, "features")
    card = make_card(frame, paths, params, nlp)
    _cross_validate_into(card, X, train_rows, params, folds, on_step)
    on_step("fitting the final model")
    model = Model(build_pipeline(**params).fit(X, train_rows["label"]), card)
    if len(test_rows):
        X_test = featurize_texts(test_rows["text"].tolist(), nlp, progress, "held-out")
        card["held_out"] = held_out_scores(model, test_rows, X_test)
    save_model(model, output)
    on_step(f"wrote {output} and its card")
    return model
