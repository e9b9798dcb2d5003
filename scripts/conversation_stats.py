"""Print the whole conversations' counts as Markdown tables (quoted in data/conversations/README.md).

Usage: python scripts/conversation_stats.py [data/conversations]
"""

from __future__ import annotations

import sys

import pandas as pd

from analyzer.config import CONVERSATIONS_DIR
from analyzer.conversations import read_conversations
from analyzer.labels import ACT_STYLE, ACTS, STAFF_ACTS


def table(frame: pd.DataFrame) -> str:
    """A frame as a Markdown table (no extra dependency for to_markdown)."""
    head = "| " + " | ".join([frame.index.name or "", *map(str, frame.columns)]) + " |"
    rule = "|" + "---|" * (len(frame.columns) + 1)
    body = ["| " + " | ".join([str(i), *(f"{v:,}" if isinstance(v, int) else str(v) for v in row)]) + " |"
            for i, row in zip(frame.index, frame.itertuples(index=False), strict=True)]
    return "\n".join([head, rule, *body])


def share(counts: pd.Series) -> pd.Series:
    return (100 * counts / counts.sum()).round(1).astype(str) + "%"


def main(folder: str = str(CONVERSATIONS_DIR)) -> None:
    c = read_conversations([folder])
    per = c.groupby("conversation").first()
    manager, staff = c[c["role"] == "manager"], c[c["role"] != "manager"]
    words = c["text"].str.split().str.len()
    print(f"{per.shape[0]:,} conversations, {len(c):,} sentences ({len(manager):,} manager, {len(staff):,} others), "
          f"{c.groupby('conversation')['speaker'].nunique().sum():,} speaker parts, words per sentence "
          f"{words.min()}-{words.max()} (median {int(words.median())}); manager sentences per conversation "
          f"{manager.groupby('conversation').size().mean():.1f} on average\n")
    kinds = pd.crosstab(per["kind"], per["variant"])
    kinds["split: train / calibration / test"] = [
        " / ".join(str(int((per[per["kind"] == k]["split"] == s).sum())) for s in ("train", "calibration", "test"))
        for k in kinds.index]
    print(table(kinds.rename_axis("kind")), "\n")
    acts = manager["act"].value_counts().reindex(list(ACTS), fill_value=0)
    m = pd.DataFrame({"style": [ACT_STYLE[a] for a in ACTS], "sentences": acts.astype(int), "share": share(acts)})
    print(table(m.rename_axis("manager act")), "\n")
    styles = manager["act"].map(ACT_STYLE).value_counts()
    print("manager styles: " + ", ".join(f"{s} {v}" for s, v in share(styles).items()) + "\n")
    sa = staff["staff_act"].value_counts().reindex(list(STAFF_ACTS), fill_value=0)
    print(table(pd.DataFrame({"sentences": sa.astype(int), "share": share(sa)}).rename_axis("staff_act")), "\n")
    notes = c["note"].str.split().explode().value_counts()
    print("tagged phenomena: " + ", ".join(f"{k} {v}" for k, v in notes.items() if k))


if __name__ == "__main__":
    main(*sys.argv[1:])
