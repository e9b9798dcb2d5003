"""What a model card claims, checked against the model it sits beside.

A card is a JSON file anyone can edit; the model is what actually runs. A card claiming
labels the model lacks, or minus ten training rows, was believed without a word, and its
metrics were shown as fact. Everything that can be checked against the model is: the
labels and missing labels against the model's classes, the cue names against the columns
the model reads, and counts and scores for values that make sense. The metrics themselves
cannot be re-measured on load (``analyzer evaluate`` does that), so they are shown as the
card's claims.
"""

from __future__ import annotations

import math
from typing import Any

from analyzer.labels import ACTS, STYLES


def card_problems(card: dict[str, Any], classes: set[str], features: set[str]) -> list[str]:
    """How the card contradicts the model (classes and input columns) or itself; empty if it does not."""
    problems: list[str] = []
    labels = card.get("labels")
    if labels is not None:
        if not _strings(labels):
            problems.append("its labels are not a list of names")
        elif set(labels) != classes:
            problems.append(f"it claims labels {sorted(labels)}, the model predicts {sorted(classes)}")
    missing = card.get("missing_labels")
    if missing is not None:
        allowed = set(ACTS) if card.get("target", "act") == "act" else set(STYLES)
        if not _strings(missing) or set(missing) & classes or not set(missing) <= allowed:
            problems.append(f"its missing labels {missing!r} do not fit the model's classes")
    cues = (card.get("features") or {}).get("cues") if isinstance(card.get("features"), dict) else None
    if cues is not None and features and (not _strings(cues) or not set(cues) <= features):
        problems.append("it names cue features the model does not read")
    for key in ("training_rows", "held_out_rows"):
        if key in card and not _count(card[key]):
            problems.append(f"{key} is {card[key]!r}, not a count of rows")
    training_data = card.get("training_data", [])
    if not isinstance(training_data, list) or any(
            not isinstance(d, dict) or ("rows" in d and not _count(d["rows"])) for d in training_data):
        problems.append("its training_data is not a list of files with row counts")
    problems += _metric_problems(card, classes)
    return problems


def _metric_problems(card: dict[str, Any], classes: set[str]) -> list[str]:
    sections = [card.get("cross_validation")]
    held_out = card.get("held_out")
    sections += list(held_out.values()) if isinstance(held_out, dict) else [held_out]
    for section in filter(None, sections):
        if not isinstance(section, dict):
            return ["its metrics are not tables of scores"]
        for result in (section.get("act"), section.get("style")):
            if result is None:
                continue
            if not isinstance(result, dict) or ("n" in result and not _count(result["n"])):
                return ["its metrics have a row count that is not a count"]
            scores = [result.get(k) for k in ("accuracy", "macro_f1") if k in result]
            if not all(_share(s) for s in scores):
                return ["its metrics have a score outside 0 to 1"]
            per_class = result.get("per_class", {})
            acts_known = classes | set(ACTS)
            if section.get("act") is result and isinstance(per_class, dict) and not set(per_class) <= acts_known:
                return ["its metrics score labels that are not acts"]
    return []


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _share(value: Any) -> bool:
    return type(value) in (int, float) and not math.isnan(value) and 0 <= value <= 1
