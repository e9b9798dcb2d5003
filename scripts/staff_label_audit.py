"""List staff rows of the whole conversations whose ``staff_act`` may be wrong, for a person to judge.

The staff side's twin of ``scripts/label_audit.py`` (the manager acts). Each author of
``data/conversations/`` labelled alone, so the staff labels drift between authors. This script
only finds candidates; the audit in ``docs/staff-label-audit.md`` judged every one by the
labelling guide and its staff hard cases, in context, and changed only the clear errors.
Two kinds of evidence:

- a cross-validated TF-IDF + logistic-regression model (folds grouped by conversation) over the
  sentence's words and characters plus the words and act of the manager's last sentence before
  it, because a staff label depends on what the manager just did; a row is listed when the
  model gives its gold label little probability while being sure of another label;
- rule checks for the guide's hard cases (``RULES``), some of which read the manager's last
  sentence (an answer to "what gets in the way?" labelled ``information``).

Test-split conversations are never read: auditing them would tune the held-out score.

Usage: python -m scripts.staff_label_audit [data/conversations] > candidates.csv   (about 6 minutes on 2 cores)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scripts.label_audit import doubted, run_audit

# (name, pattern over the lower-cased sentence, pattern over the manager's last sentence or None,
#  labels under which the row is suspicious); the answer rules want two words or more, so that a
#  filler ("Um.") before the real answer trips only the filler rule
RULES: tuple[tuple[str, str, str | None, frozenset[str]], ...] = (
    ("past or others' practice as an option",
     r"\b(?:i|we) (?:tried|did|had|rang|called|asked|spoke|emailed|sent|went|used to)\b|\bthey do it\b",
     None, frozenset({"own_option"})),
    ("i'll not a commitment",
     r"^(?:(?:okay|ok|yeah|yes|right|fine|sure|aye|yep)[ ,.]*)*(?:i'?ll|i will|i'?m going to|im going to)\b",
     None, frozenset({"information", "agreement", "other", "own_option", "concern", "insight"})),
    ("bare yes not agreement",
     r"^(?:okay|ok|yeah|yes|yep|aye|sure|right|fine|mm|mm-hm|exactly|yeah okay|okay yeah)[.!]?$",
     None, frozenset({"commitment", "information", "own_option", "concern", "insight", "other"})),
    ("filler not other", r"^(?:um|uh|er|erm|honestly)[.?]?$", None,
     frozenset({"information", "concern", "agreement"})),
    ("thanks not other", r"^(?:thanks|thank you|cheers|ta)[.!]?$", None, frozenset({"agreement", "information"})),
    ("option words not an option", r"\b(?:i could|we could|maybe i|maybe we|what if|how about|could we)\b",
     None, frozenset({"information", "concern", "other"})),
    ("learning a fact as insight", r"\b(?:i didn'?t know|i didnt know|didn'?t realise)\b", None,
     frozenset({"insight"})),
    ("problem words as information", r"\b(?:the problem is|i'?m worried|won'?t work|the issue is|that'?s the issue)\b",
     None, frozenset({"information", "agreement"})),
    ("answer to what stands in the way", r"\w+\W+\w+",
     r"get(?:s|ting)? in the way|stop(?:s|ping)? you|holding (?:you|them) (?:back|up)|bothers? you|\bworr",
     frozenset({"information"})),
    ("answer to what would help", r"\w+\W+\w+",
     r"what would (?:help|make|you need)|what do you need|what could (?:we|you) do|how would you go about",
     frozenset({"information"})),
)


def with_manager_context(conversations: pd.DataFrame) -> pd.DataFrame:
    """Each row with the text and act of the last manager sentence before it (in its conversation)."""
    frame = conversations.copy()
    is_manager = frame["role"].eq("manager")
    last_text = frame["text"].where(is_manager).groupby(frame["conversation"]).shift(1)
    last_act = frame["act"].where(is_manager).groupby(frame["conversation"]).shift(1)
    frame["m_text"] = last_text.groupby(frame["conversation"]).ffill().fillna("")
    frame["m_act"] = last_act.groupby(frame["conversation"]).ffill().fillna("")
    return frame


def rule_flags(staff: pd.DataFrame) -> pd.Series:
    """The names of the rules each staff row trips, joined by commas ('' for none)."""
    text = staff["text"].str.strip().str.lower().str.replace("\u2019", "'")
    manager = staff["m_text"].str.lower().str.replace("\u2019", "'")
    hits = {}
    for name, pattern, manager_pattern, labels in RULES:
        hit = text.str.contains(pattern, regex=True) & staff["staff_act"].isin(labels)
        if manager_pattern:
            hit &= manager.str.contains(manager_pattern, regex=True)
        hits[name] = hit
    table = pd.DataFrame(hits, index=staff.index)
    return table.apply(lambda row: ",".join(name for name, hit in row.items() if hit), axis=1).astype(str)


def model_flags(staff: pd.DataFrame, folds: int = 5) -> pd.DataFrame:
    """Out-of-fold probability of the gold label, the predicted label and its probability."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline

    words = staff["m_text"].str.lower().str.replace(r"[^a-z' ]", " ", regex=True).str.split()
    inputs = pd.DataFrame({
        "text": staff["text"].str.lower(),
        "context": "mact_" + staff["m_act"] + " " + words.apply(lambda ws: " ".join("m_" + w for w in ws)),
    }, index=staff.index)
    gold = staff["staff_act"].to_numpy()
    classes = np.unique(gold)
    proba = np.zeros((len(staff), len(classes)))
    for train, test in GroupKFold(folds).split(inputs, gold, staff["conversation"]):
        features = ColumnTransformer([
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True), "text"),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True), "text"),
            ("manager", TfidfVectorizer(token_pattern=r"\S+", min_df=2, sublinear_tf=True), "context"),
        ], transformer_weights={"words": 1.0, "chars": 1.0, "manager": 0.5})
        model = make_pipeline(features, LogisticRegression(C=5, max_iter=3000, class_weight="balanced"))
        proba[test] = model.fit(inputs.iloc[train], gold[train]).predict_proba(inputs.iloc[test])
    column = {c: i for i, c in enumerate(classes)}
    return pd.DataFrame({"p_gold": proba[np.arange(len(gold)), [column[g] for g in gold]],
                         "predicted": classes[proba.argmax(1)], "p_predicted": proba.max(1)}, index=staff.index)


def candidates(conversations: pd.DataFrame, p_gold_below: float = 0.15) -> pd.DataFrame:
    """Train and calibration staff rows worth a look, in file order, with why."""
    kept = conversations[conversations["split"] != "test"]
    frame = with_manager_context(kept)
    staff = frame[frame["role"] != "manager"].copy()
    staff["rules"] = rule_flags(staff)
    staff = staff.join(model_flags(staff))
    picked = staff[doubted(staff, "staff_act", p_gold_below) | (staff["rules"] != "")]
    columns = ["conversation", "source_row", "m_text", "text", "staff_act", "predicted", "p_gold", "rules"]
    return picked[columns].round(3)


def main(argv: list[str] | None = None) -> None:
    run_audit(candidates, __doc__, argv)


if __name__ == "__main__":
    main()
