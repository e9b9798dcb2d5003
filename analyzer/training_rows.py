"""Every source of labelled sentences as one table of training rows, context included.

Three kinds of source reach a model, and each gets the context it really has:

- **labelled sheets** (``data/corpus.csv``, a user's own sentences): one sentence per row,
  no neighbours, so their context is :data:`analyzer.context.NO_CONTEXT`;
- **whole conversations** (``data/conversations/``): every sentence of both sides in order,
  so each sentence's context is rebuilt from its neighbours. Sentences of the other side
  (or unlabelled ones) are kept as context but never trained on. A punctuated conversation
  also comes back as a recogniser would print it, as its own conversation;
- **an outside corpus** in the AMI table's layout (``meeting, speaker_role, position, text,
  act``; ``scripts/ami_to_csv.py`` makes it from the official download): real meetings with
  their own coding scheme, trained on at a small weight per row so they teach real speech
  without outvoting the project's own labels. AMI dropped acts under three words, so a
  meeting's neighbours are incomplete; its context is rebuilt all the same (speaker changes
  and questions survive the gaps) and the card says so.

The table has one row per (sentence, context): ``text``, ``context``, ``label``, ``weight``,
``unit`` (the conversation, for grouping folds and rebuilding context), ``split``, ``variant``,
``source``, ``source_row``, ``augmented``, ``trainable``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analyzer.context import NO_CONTEXT, Place, context_strings
from analyzer.errors import InputError
from analyzer.features import asr_style
from analyzer.labels import ACTS

ROW_COLUMNS = ("text", "context", "label", "weight", "unit", "turn", "speaker", "split", "variant", "source",
               "source_row", "augmented", "trainable", "punctuated")
#: The columns an outside corpus must have (the layout of ``scripts/ami_to_csv.py``'s output).
OUTSIDE_COLUMNS = ("meeting", "speaker_role", "position", "text", "act")
#: A column only the AMI converter's output has: a table with it is AMI's, and its credit goes
#: on the card of every model trained with it.
AMI_LABEL_COLUMN = "ami_label"
ASR_SUFFIX = "#asr"


def sheet_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of labelled sheets (:func:`analyzer.labelled.load_labelled`): no context, weight 1."""
    rows = pd.DataFrame({
        "text": frame["text"], "context": NO_CONTEXT, "label": frame["label"], "weight": 1.0,
        "unit": _sheet_units(frame), "turn": 0, "speaker": "", "split": frame["split"].replace("", "train"),
        "variant": frame.get("variant", ""), "source": frame["source"], "source_row": frame["source_row"],
        "augmented": False, "trainable": True, "punctuated": True,
    })
    return rows.reset_index(drop=True)


def _sheet_units(frame: pd.DataFrame) -> pd.Series:
    """The group a sheet row belongs to, else its own row (keeps its copies in one fold)."""
    own = frame["source"] + ":" + frame["source_row"].astype(str)
    group = frame["group"].astype(str) if "group" in frame.columns else pd.Series("", index=frame.index)
    return own.where(group == "", frame["source"] + "#" + group)


def conversation_rows(conv: pd.DataFrame, label_column: str = "act") -> pd.DataFrame:
    """Rows of whole conversations (:func:`analyzer.conversations.read_conversations`).

    ``label_column`` is ``act`` (the manager's sentences are trained on) or ``staff_act``
    (everyone else's are).
    """
    labels = conv[label_column].fillna("")
    trainable = (conv["role"] == "manager") if label_column == "act" else (conv["role"] != "manager")
    rows = pd.DataFrame({
        "text": conv["text"], "context": "", "label": labels.where(trainable, ""), "weight": 1.0,
        "unit": conv["conversation"], "turn": conv["turn"].astype(int), "speaker": conv["speaker"],
        "split": conv["split"], "variant": conv["variant"], "source": conv["source"],
        "source_row": conv["source_row"], "augmented": False, "trainable": trainable & (labels != ""),
        "punctuated": conv["variant"] != "asr",
    })
    return rows.reset_index(drop=True)


def outside_rows(path: str | Path, weight: float) -> pd.DataFrame:
    """Rows of an outside corpus in the AMI table's layout, each at ``weight``."""
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"is not a readable outside corpus ({exc.__class__.__name__})", path) from None
    missing = [c for c in OUTSIDE_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}: an outside corpus has the columns "
                         f"{', '.join(OUTSIDE_COLUMNS)} (scripts/ami_to_csv.py writes them)", path)
    unknown = ~table["act"].isin(ACTS)
    if unknown.any():
        raise InputError(f"row {int(unknown.to_numpy().argmax()) + 2}: act {table['act'][unknown].iloc[0]!r} is not "
                         "one of the nine acts", path)
    table["_position"] = pd.to_numeric(table["position"], errors="coerce")
    table = table.sort_values(["meeting", "_position"], kind="stable").reset_index(drop=True)
    speaker_changed = (table["speaker_role"] != table["speaker_role"].shift()) | (
        table["meeting"] != table["meeting"].shift())
    turn = speaker_changed.astype(int).groupby(table["meeting"]).cumsum() - 1
    rows = pd.DataFrame({
        "text": table["text"], "context": "", "label": table["act"], "weight": float(weight),
        "unit": path.name + ":" + table["meeting"], "turn": turn, "speaker": table["speaker_role"],
        "split": "train", "variant": "", "source": str(path), "source_row": table.index + 2,
        "augmented": False, "trainable": True, "punctuated": True,
    })
    return rows


def with_asr_units(rows: pd.DataFrame) -> pd.DataFrame:
    """Add a recogniser-style copy of every punctuated conversation, as a conversation of its own.

    Context is rebuilt for the copy, so it learns that in unpunctuated speech a missing "?"
    says nothing.
    """
    punctuated = rows[rows["punctuated"] & (rows["context"] == "")]
    copies = punctuated.assign(text=punctuated["text"].map(asr_style), unit=punctuated["unit"] + ASR_SUFFIX,
                               augmented=True, punctuated=False, variant="asr")
    copies = copies[copies["text"] != ""]
    return pd.concat([rows, copies], ignore_index=True)


def sheet_asr_copies(rows: pd.DataFrame) -> pd.DataFrame:
    """Add a recogniser-style copy of each sheet row that has punctuation or capitals."""
    sheets = rows[rows["context"] == NO_CONTEXT]
    copies = sheets.assign(text=sheets["text"].map(asr_style), augmented=True)
    copies = copies[(copies["text"] != sheets["text"]) & (copies["text"] != "")]
    return pd.concat([rows, copies], ignore_index=True)


def set_contexts(rows: pd.DataFrame, acts: Sequence[str | None] | None = None) -> pd.Series:
    """The context of every row: rebuilt per unit for conversational rows, ``none`` for sheets.

    ``acts`` (aligned with ``rows``) are the earlier sentences' predicted acts; None gives
    the first pass's unknown acts.
    """
    out = pd.Series(NO_CONTEXT, index=rows.index, dtype=object)
    conversational = rows["context"] != NO_CONTEXT
    acts_series = pd.Series(acts, index=rows.index, dtype=object) if acts is not None else None
    for _, unit in rows[conversational].groupby("unit", sort=False):
        places = [Place(int(t), str(s), str(x)) for t, s, x in zip(unit["turn"], unit["speaker"], unit["text"],
                                                                     strict=True)]
        unit_acts = acts_series[unit.index].tolist() if acts_series is not None else None
        out[unit.index] = context_strings(places, unit_acts, bool(unit["punctuated"].iloc[0]))
    return out


def fold_of_units(units: pd.Series, folds: int, seed: int = 0) -> np.ndarray:
    """A fold number per row, whole units together, units shuffled reproducibly."""
    names = np.array(sorted(set(units.str.removesuffix(ASR_SUFFIX))))
    np.random.default_rng(seed).shuffle(names)
    fold = {name: i % folds for i, name in enumerate(names)}
    return units.str.removesuffix(ASR_SUFFIX).map(fold).to_numpy()


def predicted_acts_by_fold(rows: pd.DataFrame, features: Callable[[pd.DataFrame], pd.DataFrame],
                           fit: Callable[[pd.DataFrame, pd.DataFrame], object], folds: int) -> pd.Series:
    """What the first pass would predict for each conversational row, from models that never saw it.

    Training on gold earlier acts would teach the model to trust them; at run time they are
    its own guesses. Each fold's conversations are labelled by a first-pass model fitted on
    the other folds (and every sheet row); sheet rows need no acts.
    """
    conversational = (rows["context"] != NO_CONTEXT).to_numpy()
    fold = np.full(len(rows), -1)
    fold[conversational] = fold_of_units(rows.loc[conversational, "unit"], folds)
    acts = pd.Series(None, index=rows.index, dtype=object)
    for k in range(folds):
        train_part = rows[(fold != k) & rows["trainable"].to_numpy()]
        model = fit(train_part, features(train_part))
        held = rows[fold == k]
        if len(held):
            acts[held.index] = model.predict(features(held))
    return acts


def outside_credit(path: str | Path) -> str | None:
    """The credit an outside corpus's licence asks for: AMI's, for a table in the AMI converter's layout."""
    from analyzer.corpora.ami import AMI_CREDIT

    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline().strip().split(",")
    return AMI_CREDIT if AMI_LABEL_COLUMN in header else None
