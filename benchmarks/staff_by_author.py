"""The staff-side model's held-out scores by author: does it hold on conversations by people it has not read?

Usage: python -m benchmarks.staff_by_author [--staff-model PATH] [--model PATH]
           [--conversations DIR] [--groups w1-w23 w24-w32 ...] [--json OUT.json]

Every author of ``data/conversations`` wrote both training and held-out conversations, so the
pooled held-out figure of ``benchmarks.evaluate`` mixes authors the model knows well with
authors it has barely seen. This script scores the staff sentences of the held-out (``test``)
conversations per group of authors: by default one group per author, or the ranges given with
``--groups`` (``w1-w23`` is authors 1 to 23). Each group gets the staff macro-F1 and
own_option's F1, precision and recall, with the sentences it rests on.

Scored exactly as ``benchmarks.evaluate`` scores them: the manager's acts the staff model reads
are the manager model's labels of the same conversations, and only the people being managed
(role ``staff``) are counted. To compare two staff models on the same groups, run the script
once per model, e.g. an older one saved with
``git show COMMIT:models/staff/model.skops > /tmp/old.skops`` and passed as ``--staff-model``
(with that commit's manager model as ``--model``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from analyzer.config import CONVERSATIONS_DIR, DEFAULT_MODEL_PATH, STAFF_MODEL_PATH
from analyzer.errors import InputError
from analyzer.evaluate import label_metrics
from analyzer.labels import STAFF_ACTS
from analyzer.model_file import load_model
from analyzer.nlp import build_nlp
from benchmarks.evaluate import _shown, predict_rows, read_conversations, staff_labels

_RANGE = re.compile(r"^w(\d+)(?:-w?(\d+))?$")


def author_of(conversation: str) -> str:
    """``w12-034`` -> ``w12``: the corpus names each conversation after its author."""
    return conversation.split("-", 1)[0]


def parse_group(spec: str) -> tuple[int, int]:
    """``w1-w23`` (or ``w1-23``, or ``w7``) as an inclusive range of author numbers."""
    match = _RANGE.match(spec.strip())
    if not match:
        raise InputError(f"not a group of authors (expected e.g. w1-w23 or w7): {spec!r}")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if high < low:
        raise InputError(f"group of authors runs backwards: {spec!r}")
    return low, high


def group_of(author: str, groups: dict[str, tuple[int, int]]) -> str | None:
    """The name of the first group whose range holds ``author``, or None."""
    match = re.fullmatch(r"w(\d+)", author)
    if not match:
        return None
    number = int(match.group(1))
    return next((name for name, (low, high) in groups.items() if low <= number <= high), None)


def group_keys(authors: pd.Series, groups: dict[str, tuple[int, int]] | None) -> pd.Series:
    """Each sentence's group: its author, or the named range holding its author (None: in no range)."""
    return authors if groups is None else authors.map(lambda a: group_of(a, groups))


def group_scores(scored: pd.DataFrame) -> dict[str, Any]:
    """Staff macro-F1 and own_option's F1/P/R over ``scored`` (columns conversation, gold, predicted)."""
    m = label_metrics(scored["gold"].tolist(), scored["predicted"].tolist(), STAFF_ACTS)
    own = m["per_class"].get("own_option", {"f1": 0.0, "precision": 0.0, "recall": 0.0, "support": 0})
    return {"conversations": int(scored["conversation"].nunique()), "sentences": len(scored),
            "macro_f1": m["macro_f1"], "own_option_f1": own["f1"], "own_option_precision": own["precision"],
            "own_option_recall": own["recall"], "own_option_support": own["support"]}


def scores_by_group(scored: pd.DataFrame, groups: dict[str, tuple[int, int]] | None) -> dict[str, dict[str, Any]]:
    """:func:`group_scores` per group (authors in number order, or the ranges as given), then all together."""
    keys = group_keys(scored["conversation"].map(author_of), groups)
    def number(author: str) -> int:
        return int(author[1:]) if author[1:].isdigit() else 0

    order = list(groups) if groups else sorted(keys.dropna().unique(), key=number)
    out = {key: group_scores(scored[keys == key]) for key in order if (keys == key).any()}
    out["all"] = group_scores(scored)
    return out


def run(conversations: Path, manager_path: Path, staff_path: Path, groups: dict[str, tuple[int, int]] | None,
        nlp=None) -> dict[str, Any]:
    """Label the held-out conversations with both models and score the staff sentences by group."""
    if not Path(conversations).is_dir():
        raise InputError("no such folder", conversations)
    manager_model, staff_model = load_model(manager_path), load_model(staff_path)  # before spaCy: fail fast
    if staff_model.target != "staff_act":
        raise InputError("not a staff-side model (its target is not staff_act)", staff_path)
    rows, problems = read_conversations(conversations)
    test = rows[rows["split"] == "test"].reset_index(drop=True)
    if test.empty:
        raise InputError("no conversation is in the test split", conversations)
    nlp = nlp or build_nlp()
    manager_acts = predict_rows(test, manager_model, nlp)["act"].where(test["role"] == "manager", None)
    gold, predicted = staff_labels(test, manager_acts,
                                   lambda f, utterances=False: predict_rows(f, staff_model, nlp))
    labelled = ((test["role"] == "staff") & (test["staff_act"] != "")).to_numpy()
    scored = pd.DataFrame({"conversation": test.loc[labelled, "conversation"].to_numpy(),
                           "gold": gold.to_numpy(), "predicted": predicted.to_numpy()})
    return {"staff_model": _shown(staff_path), "manager_model": _shown(manager_path), "problems": problems,
            "groups": scores_by_group(scored, groups)}


def render(result: dict[str, Any]) -> str:
    """The groups as a Markdown table (for docs/staff-model.md)."""
    lines = ["| authors | conversations | staff sentences | macro-F1 | own_option F1 (P / R) | own_option sentences |",
             "|---|---|---|---|---|---|"]
    for key, g in result["groups"].items():
        lines.append(f"| {key} | {g['conversations']} | {g['sentences']:,} | {g['macro_f1']:.3f} | "
                     f"{g['own_option_f1']:.3f} ({g['own_option_precision']:.3f} / {g['own_option_recall']:.3f}) | "
                     f"{g['own_option_support']:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.staff_by_author", description=__doc__.split("\n")[0])
    parser.add_argument("--staff-model", type=Path, default=STAFF_MODEL_PATH, help="the staff-side model to score")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH,
                        help="the manager model whose acts the staff model reads")
    parser.add_argument("--conversations", type=Path, default=CONVERSATIONS_DIR,
                        help="folder of whole labelled conversations (default data/conversations)")
    parser.add_argument("--groups", nargs="+", metavar="wA-wB",
                        help="ranges of authors to pool (default: every author alone)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    try:
        groups = {spec: parse_group(spec) for spec in args.groups} if args.groups else None
        result = run(args.conversations, args.model, args.staff_model, groups)
    except InputError as exc:
        print(f"staff_by_author: {exc}", file=sys.stderr)
        return 2
    for line in result["problems"]:
        print(f"staff_by_author: skipped {line}", file=sys.stderr)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
