"""List manager rows of the whole conversations whose ``act`` may be wrong, for a person to judge.

Each author of ``data/conversations/`` labelled alone, so labels drift between authors. This
script only finds candidates; the audit in ``docs/label-audit.md`` judged every one by the
labelling guide in context and changed only the clear errors. Two kinds of evidence:

- a cross-validated TF-IDF + logistic-regression model (folds grouped by conversation, so a
  conversation never scores itself) that gives the gold act a low probability while it is
  confident of another act (confident-learning style);
- rule checks for the guide's hard cases (``RULES``).

Test-split conversations are never read: auditing them would tune the held-out score.

Usage: python -m scripts.label_audit [data/conversations] > candidates.csv   (about 5 minutes)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd

from analyzer.config import CONVERSATIONS_DIR
from analyzer.conversations import read_conversations
from analyzer.errors import InputError

# (name, pattern over the lower-cased text, acts for which the pattern is suspicious)
RULES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("question mark", r"\?$", frozenset({"information", "other", "advice", "instruction"})),
    ("solution in a question", r"\b(?:why don'?t you|have you tried|what about|how about|have you thought about"
     r"|wouldn'?t it|don'?t you think|could you maybe|what if you)\b",
     frozenset({"open_question", "closed_question", "information", "other"})),
    ("back-channel", r"^(?:okay|ok|right|yeah|yes|yep|aye|mm|mm-hm|hm|good|great|lovely|sure|fine|noted|quite)[.!]?$",
     frozenset({"information", "closed_question", "reflection", "advice", "instruction"})),
    ("agenda header", r"^(?:(?:right|okay|so|and|now|oh)[, ]+)*(?:first|second|third|fourth|next|last|another"
     r"|one more|the other)\b[^.?!]{0,30}(?:thing|item|one)?\b",
     frozenset({"information", "instruction"})),
    ("glad to", r"\b(?:i'?d be (?:glad|happy) to|happy to|glad to)\b", frozenset({"advice", "instruction"})),
    ("i wonder", r"\b(?:i wonder|i'?m curious)\b", frozenset({"information", "other", "reflection"})),
    ("tell me more", r"^(?:tell me (?:more|about)|talk me through|walk me through)", frozenset({"instruction"})),
    ("obligation", r"\b(?:you should|you need to|you must|you have to|i want you to)\b",
     frozenset({"information", "other", "reflection", "affirmation"})),
)


def rule_flags(manager: pd.DataFrame) -> pd.Series:
    """The names of the rules each row trips, joined by commas ('' for none).

    A clean-variant row ending in "?" is suspicious as a statement; recogniser-style rows
    carry no punctuation, so that rule reads only the clean ones.
    """
    text = manager["text"].str.strip().str.lower()
    hits = {}
    for name, pattern, acts in RULES:
        hit = text.str.contains(pattern, regex=True) & manager["act"].isin(acts)
        hits[name] = hit & manager["variant"].eq("clean") if name == "question mark" else hit
    table = pd.DataFrame(hits, index=manager.index)
    return table.apply(lambda row: ",".join(name for name, hit in row.items() if hit), axis=1).astype(str)


def model_flags(manager: pd.DataFrame, folds: int = 5) -> pd.DataFrame:
    """Out-of-fold probability of the gold act, the predicted act and its probability."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline, make_union

    text, gold = manager["text"].str.lower().to_numpy(), manager["act"].to_numpy()
    classes = np.unique(gold)
    proba = np.zeros((len(manager), len(classes)))
    for train, test in GroupKFold(folds).split(text, gold, manager["conversation"]):
        features = make_union(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                              TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True))
        model = make_pipeline(features, LogisticRegression(C=5, max_iter=2000)).fit(text[train], gold[train])
        proba[test] = model.predict_proba(text[test])
    column = {c: i for i, c in enumerate(classes)}
    return pd.DataFrame({"p_gold": proba[np.arange(len(gold)), [column[g] for g in gold]],
                         "predicted": classes[proba.argmax(1)], "p_predicted": proba.max(1)}, index=manager.index)


def doubted(rows: pd.DataFrame, gold: str, p_gold_below: float) -> pd.Series:
    """Rows the model doubts: it predicts another label, gives the gold one little probability,
    and is "confident", i.e. at least as sure as it usually is when it agrees with that gold label
    (a fixed cut-off would list every row of a label the model is never sure of)."""
    usual = rows[rows["predicted"] == rows[gold]].groupby(gold)["p_gold"].mean()
    confident = rows["p_predicted"] >= rows["predicted"].map(usual)
    return (rows["predicted"] != rows[gold]) & confident & (rows["p_gold"] < p_gold_below)


def candidates(conversations: pd.DataFrame, p_gold_below: float = 0.15) -> pd.DataFrame:
    """Train and calibration manager rows worth a look, in file order, with why."""
    manager = conversations[(conversations["role"] == "manager") & (conversations["split"] != "test")].copy()
    manager["rules"] = rule_flags(manager)
    manager = manager.join(model_flags(manager))
    picked = manager[doubted(manager, "act", p_gold_below) | (manager["rules"] != "")]
    columns = ["conversation", "source_row", "text", "act", "predicted", "p_gold", "rules"]
    return picked[columns].round(3)


def run_audit(find: Callable[[pd.DataFrame], pd.DataFrame], description: str,
              argv: list[str] | None = None) -> None:
    """The command line of both audit scripts: read a folder, print the candidates as CSV."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(CONVERSATIONS_DIR),
                        help="the folder of whole labelled conversations (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        found = find(read_conversations([args.folder]))
    except InputError as error:
        parser.exit(2, f"{parser.prog}: {error}\n")
    found.to_csv(sys.stdout, index=False)
    print(f"{len(found)} candidates", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    run_audit(candidates, __doc__, argv)


if __name__ == "__main__":
    main()
