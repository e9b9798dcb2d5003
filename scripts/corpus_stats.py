"""Print the corpus's counts as tables (quoted in data/README.md).

Usage: python scripts/corpus_stats.py
"""

from __future__ import annotations

import pandas as pd

from analyzer.config import CORPUS_PATH
from analyzer.corpus import word_counts
from analyzer.labels import ACTS


def markdown(frame: pd.DataFrame) -> str:
    return frame.to_string()


def main() -> None:
    c = pd.read_csv(CORPUS_PATH, keep_default_na=False)
    words = word_counts(c["text"])
    print(f"rows {len(c)}, groups {c['group'].nunique()}, contexts {c['context'].nunique()}, "
          f"words per sentence {words.min()}-{words.max()} (median {int(pd.Series(words).median())}), "
          f"asr {(c['variant'] == 'asr').mean():.1%}, hard cases {(c['hard_case'] != '').mean():.1%}, "
          f"held out {(c['split'] == 'test').mean():.1%} ({(c['split'] == 'test').sum()} rows)\n")
    acts = pd.crosstab(c["act"], c["variant"]).reindex(list(ACTS))
    acts["total"] = acts.sum(axis=1)
    acts["held out"] = c[c["split"] == "test"]["act"].value_counts().reindex(list(ACTS))
    acts.insert(0, "style", [c[c["act"] == a]["style"].iloc[0] for a in ACTS])
    print(markdown(acts), "\n")
    print(markdown(c["context"].value_counts().rename("rows").to_frame()), "\n")
    print(markdown(c[c["hard_case"] != ""]["hard_case"].value_counts().rename("rows").to_frame()))


if __name__ == "__main__":
    main()
