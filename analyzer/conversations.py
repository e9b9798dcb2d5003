"""Whole labelled conversations: both sides, every sentence in spoken order.

The corpus in ``data/corpus.csv`` holds isolated manager sentences; these files hold what a
model meets in use: mostly neutral talk, turns that carry several acts, and the person being
managed answering. A manager's sentence is labelled in ``act`` (the nine acts), everyone
else's in ``staff_act``, so one file trains both models and gives each sentence its context.
The format is described in ``data/conversations/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analyzer.errors import InputError
from analyzer.labels import ACTS, ROLES, STAFF_ACTS
from analyzer.splits import conversation_split

COLUMNS = ("conversation", "kind", "context", "variant", "turn", "speaker", "role", "start", "text", "act",
           "staff_act", "note")
KINDS = ("one_to_one", "team_meeting", "role_play")
VARIANTS = ("clean", "asr")


def read_conversation(path: str | Path) -> pd.DataFrame:
    """One conversation file, checked, with its ``split`` and each sentence's place in its turn."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"is not a readable conversation CSV ({exc.__class__.__name__})", path) from None
    problem = _problem(frame, path)
    if problem:
        raise InputError(problem, path)
    frame["turn"] = frame["turn"].astype(int)
    frame["start"] = pd.to_numeric(frame["start"], errors="coerce")
    frame["split"] = conversation_split(frame["conversation"].iloc[0])
    frame["source"] = str(path)
    frame["source_row"] = range(2, len(frame) + 2)
    return frame


def read_conversations(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Every conversation of ``paths`` (files, or folders of ``*.csv``) in one frame, in order."""
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(p.glob("*.csv")) if p.is_dir() else [p]
    if not files:
        raise InputError("no conversation files found")
    return pd.concat([read_conversation(f) for f in files], ignore_index=True)


def _problem(frame: pd.DataFrame, path: Path) -> str | None:
    """The first thing wrong with a conversation file, said so the person can fix it."""
    if tuple(frame.columns) != COLUMNS:
        return f"columns are {', '.join(frame.columns)}; a conversation file has {', '.join(COLUMNS)}"
    if frame.empty:
        return "has no sentences"
    if frame["conversation"].nunique() != 1 or frame["conversation"].iloc[0] != path.stem:
        return "the conversation column must hold the file's name (without .csv) on every row"
    checks = (
        (~frame["kind"].isin(KINDS), f"kind must be one of {', '.join(KINDS)}"),
        (~frame["variant"].isin(VARIANTS), f"variant must be one of {', '.join(VARIANTS)}"),
        (~frame["role"].isin(ROLES), f"role must be one of {', '.join(ROLES)}"),
        ((frame["role"] == "manager") & ~frame["act"].isin(ACTS), "a manager's sentence needs one of the nine acts"),
        ((frame["role"] != "manager") & ~frame["staff_act"].isin(STAFF_ACTS),
         f"a staff or other sentence needs a staff_act ({', '.join(STAFF_ACTS)})"),
        (frame["text"].str.strip() == "", "empty text"),
        (~frame["turn"].str.fullmatch(r"\d+"), "turn must be a whole number"),
    )
    for bad, message in checks:
        if bad.any():
            return f"row {int(bad.to_numpy().argmax()) + 2}: {message}"
    turns = frame["turn"].astype(int).to_numpy()
    changed = (frame["speaker"] != frame["speaker"].shift()).to_numpy()[1:]
    if turns[0] != 0 or ((turns[1:] - turns[:-1]) != changed).any():
        return "turn must start at 0 and go up by one exactly where the speaker changes"
    return None
