"""Unpunctuated turns with known sentence boundaries: what the splitter learns from and is measured on.

A speech recogniser prints a turn as one lower-case run of words with no punctuation. To
teach and to measure the splitter we rebuild such turns from text whose sentence
boundaries are known: each turn is a list of sentences already in recogniser style
(``analyzer.features.asr_style``), and the gold boundaries are the joins between them.
Every source goes through the same construction, so the training data and the benchmark
sets differ only in where the speech came from:

- the corpus (``data/corpus.csv``): consecutive sentences of one group dealt into
  pseudo-turns of 1 to 4 sentences (the corpus has no real turns);
- whole labelled conversations (``data/conversations/*.csv``): each real turn's sentences,
  whole conversations kept to one split by ``analyzer.splits.conversation_split``;
- AMI meeting tables (``ami_train.csv`` / ``ami_dev.csv``, not part of the project):
  consecutive dialogue acts of one speaker joined into a turn, AMI's act boundaries as gold.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analyzer.features import asr_style
from analyzer.splits import conversation_split

#: One turn: its sentences in recogniser style, none empty.
Turn = list[str]

#: Pseudo-turns of the corpus hold 1 to this many consecutive sentences.
MAX_SENTENCES_PER_PSEUDO_TURN = 4


def _clean(sentences: Iterable[str]) -> Turn:
    return [s for s in (asr_style(x) for x in sentences) if s]


def corpus_turns(corpus: str | Path | pd.DataFrame, split: str, seed: int = 0) -> list[Turn]:
    """Pseudo-turns from one split of the corpus: runs of 1-4 consecutive sentences of a group.

    The corpus's own ``split`` column is used (its groups are its conversations), so the
    test stand-in is the same held-out set the classifier is measured on.
    """
    table = corpus if isinstance(corpus, pd.DataFrame) else pd.read_csv(corpus, keep_default_na=False)
    rng = random.Random(seed)
    out: list[Turn] = []
    for _, group in table[table["split"] == split].groupby("group", sort=True):
        texts = _clean(group["text"])
        i = 0
        while i < len(texts):
            k = rng.randint(1, MAX_SENTENCES_PER_PSEUDO_TURN)
            out.append(texts[i : i + k])
            i += k
    return out


def conversation_files(where: str | Path | Iterable[str | Path]) -> list[Path]:
    """The conversation CSVs in a folder (sorted), or the files given."""
    if isinstance(where, (str, Path)) and Path(where).is_dir():
        return sorted(Path(where).glob("*.csv"))
    return [Path(where)] if isinstance(where, (str, Path)) else [Path(p) for p in where]


def conversation_turns(where: str | Path | Iterable[str | Path], split: str) -> list[Turn]:
    """Every turn (all speakers) of the conversations in ``split``, sentences in recogniser style."""
    out: list[Turn] = []
    for path in conversation_files(where):
        table = pd.read_csv(path, keep_default_na=False, dtype={"conversation": str})
        if table.empty or conversation_split(str(table["conversation"].iloc[0])) != split:
            continue
        for _, turn in table.groupby("turn", sort=True):
            sentences = _clean(turn["text"])
            if sentences:
                out.append(sentences)
    return out


def ami_turns(table: str | Path | pd.DataFrame) -> list[Turn]:
    """Turns of an AMI table: consecutive acts of one speaker (role) in a meeting, in order.

    AMI's table leaves out acts under three words, so two acts that were apart in the
    meeting may be joined here; that is the set as the issue defines it.
    """
    frame = table if isinstance(table, pd.DataFrame) else pd.read_csv(table, keep_default_na=False)
    frame = frame.sort_values(["meeting", "position"], kind="stable")
    out: list[Turn] = []
    key = None
    for meeting, role, text in zip(frame["meeting"], frame["speaker_role"], frame["text"], strict=True):
        sentence = asr_style(text)
        if (meeting, role) != key:
            out.append([])
            key = (meeting, role)
        if sentence:
            out[-1].append(sentence)
    return [t for t in out if t]


def gold_sample_turns(paths: Iterable[str | Path]) -> list[Turn]:
    """Turns of the bundled samples' gold tables (``data/samples/gold``), in recogniser style."""
    out: list[Turn] = []
    for path in paths:
        table = pd.read_csv(path, keep_default_na=False)
        for _, turn in table.groupby("turn", sort=True):
            sentences = _clean(turn["sentence"])
            if sentences:
                out.append(sentences)
    return out


def boundary_offsets(turn: Turn) -> set[int]:
    """Word offsets (in the joined turn) where a sentence starts; the turn's first word is not counted."""
    out, pos = set(), 0
    for sentence in turn[:-1]:
        pos += len(sentence.split())
        out.add(pos)
    return out
