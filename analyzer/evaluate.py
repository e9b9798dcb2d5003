"""Metrics for acts and styles: per-class precision/recall/F1, macro-F1, confusion matrix.

Used by training (cross-validation and held-out figures on the card), by ``analyzer
evaluate`` and by scripts/evaluate.py, so every number in the project is computed one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from analyzer.errors import InputError
from analyzer.labels import ACT_STYLE, ACTS, STAFF_ACTS, STYLES


def label_metrics(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Per-class and macro scores over a fixed label order (absent classes score 0)."""
    present = [lab for lab in labels if lab in set(y_true) | set(y_pred)]
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=present, zero_division=0)
    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)), 4),
        "per_class": {lab: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                            "f1": round(float(f[i]), 4), "support": int(s[i])} for i, lab in enumerate(present)},
        "confusion_matrix": {"labels": present,
                             "matrix": confusion_matrix(y_true, y_pred, labels=present).tolist()},
    }


def score(y_true: Sequence[str], y_pred: Sequence[str], target: str = "act") -> dict[str, Any]:
    """Act metrics (when the target is acts) and style metrics (always, derived from acts);
    staff labels alone for a staff target (they have no style)."""
    if target == "staff_act":
        return {"staff_act": label_metrics(y_true, y_pred, STAFF_ACTS)}
    if target == "act":
        styles_true = [ACT_STYLE[a] for a in y_true]
        styles_pred = [ACT_STYLE[a] for a in y_pred]
        return {"act": label_metrics(y_true, y_pred, ACTS), "style": label_metrics(styles_true, styles_pred, STYLES)}
    return {"style": label_metrics(y_true, y_pred, STYLES)}


def headline(result: dict[str, Any]) -> dict[str, float]:
    """The two numbers people quote: act and style macro-F1."""
    return {f"{k}_macro_f1": v["macro_f1"] for k, v in result.items() if isinstance(v, dict) and "macro_f1" in v}


def headline_text(result: dict[str, Any]) -> str:
    """The headline numbers as people read them: ``act macro-F1 0.904, style macro-F1 0.940``."""
    return ", ".join(f"{name.removesuffix('_macro_f1')} macro-F1 {value:.3f}"
                     for name, value in headline(result).items())


def render_metrics(result: dict[str, Any], title: str = "") -> str:
    """Per-class table, macro-F1 and confusion matrix as readable text."""
    out = [title] if title else []
    for level in ("act", "style", "staff_act"):
        m = result.get(level)
        if not m:
            continue
        per = pd.DataFrame(m["per_class"]).T[["precision", "recall", "f1", "support"]]
        per["support"] = per["support"].astype(int)
        cm = m["confusion_matrix"]
        matrix = pd.DataFrame(cm["matrix"], index=[f"true {x}" for x in cm["labels"]], columns=cm["labels"])
        out += [f"{level}: macro-F1 {m['macro_f1']:.3f}, accuracy {m['accuracy']:.3f}, n={m['n']}",
                per.to_string(float_format=lambda x: f"{x:.3f}"), "confusion matrix (rows true, columns predicted):",
                matrix.to_string(), ""]
    return "\n".join(out)


def evaluate_model(model, frame: pd.DataFrame, nlp) -> dict[str, Any]:
    """Score a model on labelled rows (``text``, ``label``); acts vs styles are reconciled.

    An act model scored on style labels is judged on the styles its acts imply; a style
    model cannot be scored on acts beyond their styles.
    """
    from analyzer.features import featurize_texts

    if (model.target == "staff_act") != (frame["target"].iloc[0] == "staff_act"):
        raise InputError(f"a model of {model.target} labels cannot be scored on {frame['target'].iloc[0]} labels; "
                         "use --label-column staff_act with a staff-side model, act or style with a manager's")
    predicted = model.predict(featurize_texts(frame["text"].tolist(), nlp))
    labels = frame["label"].tolist()
    if model.target == "staff_act":
        return score(labels, predicted["staff_act"].tolist(), "staff_act")
    if model.target == "act" and frame["target"].iloc[0] == "act":
        return score(labels, predicted["act"].tolist(), "act")
    truth = [ACT_STYLE.get(lab, lab) for lab in labels]
    return score(truth, predicted["style"].tolist(), "style")


def held_out_only(frame: pd.DataFrame, all_rows: bool = False) -> tuple[pd.DataFrame, str | None]:
    """The rows to score by default: only ``split == "test"`` ones when the file has any.

    Training learns every other row of such a file (the bundled corpus is one), so scoring
    them too reports how well the model remembers, not how well it generalises. Returns
    the rows and a note saying what was left out (None when nothing was).
    """
    test = frame["split"] == "test"
    if all_rows or not test.any() or test.all():
        return frame, None
    kept = frame[test].reset_index(drop=True)
    return kept, (f"scoring the {len(kept)} rows with split=test (held out from training); "
                  f"--all-rows scores all {len(frame)}")


def training_file_warning(card: dict[str, Any], path: str | Path, frame: pd.DataFrame) -> str | None:
    """A warning when ``path`` is one of the files the model was trained on (by sha256).

    Its scores would measure memory, not generalisation; the card records each training
    file's hash, so the check costs one read of the file. Held-out (split=test) rows are
    the exception: training never saw them.
    """
    from analyzer.hashing import file_sha256

    hashes = {d.get("sha256") for d in card.get("training_data", []) if isinstance(d, dict)}
    if (frame["split"] == "test").all() or file_sha256(path) not in hashes:
        return None
    return (f"{Path(path).name} is one of this model's training files (its card says so): these scores are "
            "on sentences the model learnt, so they will look far better than on new data")


def binary_f1(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, Any]:
    """Precision, recall and F1 of one yes/no property (does the utterance hold a question?).

    Also the two counts, so a reader sees over- or under-prediction at a glance (the
    model finding 771 advice utterances where annotators found 499 is the finding).
    """
    t = [bool(x) for x in truth]
    p = [bool(x) for x in predicted]
    if len(t) != len(p):
        raise ValueError(f"{len(t)} gold values but {len(p)} predictions")
    tp = sum(a and b for a, b in zip(t, p, strict=True))
    precision = tp / sum(p) if any(p) else 0.0
    recall = tp / sum(t) if any(t) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "gold": sum(t), "predicted": sum(p), "n": len(t)}


def share(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """``first`` among ``first`` + ``second`` (questions among questions and advice); None when both are 0.

    The report's own rule: no questions and no advice is "nothing to compare", not 0 or 1.
    """
    a, b = sum(bool(x) for x in first), sum(bool(x) for x in second)
    return a / (a + b) if a + b else None


def share_correlation(groups: Sequence[str], predicted: tuple[Sequence[bool], Sequence[bool]],
                      gold: tuple[Sequence[bool], Sequence[bool]]) -> dict[str, Any]:
    """Spearman correlation, across groups (meetings), of the predicted share against the gold share.

    A trainer compares people by their share of questions, so what matters is whether the
    model ranks the meetings as the annotators would, more than any one label. Groups where
    either share is undefined (neither kind at all) are left out and counted.
    """
    from scipy.stats import spearmanr

    frame = pd.DataFrame({"group": list(groups), "p1": list(predicted[0]), "p2": list(predicted[1]),
                          "g1": list(gold[0]), "g2": list(gold[1])})
    per_group = []
    for name, rows in frame.groupby("group", sort=True):
        per_group.append({"group": str(name), "predicted": share(rows["p1"], rows["p2"]),
                          "gold": share(rows["g1"], rows["g2"]), "n": len(rows)})
    usable = [g for g in per_group if g["predicted"] is not None and g["gold"] is not None]
    rho = p_value = None
    predicted_shares, gold_shares = [g["predicted"] for g in usable], [g["gold"] for g in usable]
    if len(usable) >= 3 and len(set(predicted_shares)) > 1 and len(set(gold_shares)) > 1:  # else undefined
        result = spearmanr(predicted_shares, gold_shares)
        rho, p_value = round(float(result.statistic), 4), round(float(result.pvalue), 4)
    return {"spearman": rho, "p_value": p_value, "groups": len(usable),
            "left_out": len(per_group) - len(usable), "per_group": per_group}
