"""Missed coaching moments in full: both turns, their labels, and what could have been asked.

:func:`analyzer.figures.conversation_figures` counts a missed coaching moment (the labelling
guide: a turn of a person being managed with an option, insight or concern, whose next turn
is the manager's with advice, an instruction or a leading question) and keeps row numbers:
the first exploring sentence and the first telling one. A trainer needs more: who said
what, when, and a question that would have kept the person exploring. This module builds
that from the sentence table, so the terminal (``analyze --moments``), the JSON and the HTML
report show the same moments.

The turns are read from the table when a moment is shown, not stored when it is counted: a
renamed speaker or a table narrowed by ``--speaker`` shows as it is now. Only the coaching
alternative is stored on the moment (:func:`with_alternatives`), because it needs spaCy's
parser, which an analysis does not load unless asked (about two seconds once per process;
docs/coaching-alternatives.md).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from analyzer.figures import role_of
from analyzer.labels import EXPLORING_STAFF_ACTS

if TYPE_CHECKING:  # the reports import this module without loading spaCy
    from spacy.language import Language

#: Why there is no moment, when there is nothing to count with or nothing was found.
NO_STAFF = "no one in the conversation is being managed (no staff speaker), so there is no turn to answer"
NO_MANAGER = "the conversation has no manager, so no one could answer with advice"
NOT_LABELLED = "the staff sentences are not labelled (no staff-side model), so no option, insight or concern is known"
NONE_FOUND = ("no option, insight or concern of the person being managed was answered in the manager's next turn "
              "with advice, an instruction or a leading question")


def no_moments_reason(conversation: dict[str, Any]) -> str | None:
    """Why a conversation has no missed coaching moment, or None when it has some.

    "None found" and "could not be counted" are different news for a trainer, so the reason
    says which: a conversation without a staff speaker, without a manager or without staff
    labels was never looked at.
    """
    if conversation.get("missed_moments"):
        return None
    if conversation.get("missed_coaching_moments") is not None:
        return NONE_FOUND
    if conversation.get("staff_talk_share") is None:
        return NO_STAFF
    if any("not labelled" in note for note in conversation.get("notes", [])):
        return NOT_LABELLED
    return NO_MANAGER


def missed_moments(table: pd.DataFrame, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every missed coaching moment of ``conversation`` with both turns, read from ``table``.

    Each keeps the figures' keys (``staff_row``, ``manager_row``, ``time``: when the telling
    sentence started) and adds ``staff_rows`` (every exploring sentence of the staff turn),
    the two turns (:func:`_turn`; None for a turn ``--speaker`` left out of the table) and
    ``alternative``: the coaching question for the manager's telling sentence, from
    :func:`with_alternatives` or the table's ``alternative`` column, else None. Row numbers
    are positions in ``table``.
    """
    moments = conversation.get("missed_moments", [])
    if not moments:
        return []
    # Plain lists, not a row of pandas per sentence: that took 0.2 s for the 40 moments of a
    # 2,000-sentence meeting, and the report is drawn again after every label correction.
    columns = {c: table[c].tolist() for c in _COLUMNS if c in table.columns}
    turns = _turn_rows(columns)
    out = []
    for moment in moments:
        staff = _turn(columns, turns, moment.get("staff_row"))
        manager = _turn(columns, turns, moment.get("manager_row"))
        exploring = [s["row"] for s in staff["sentences"] if s.get("staff_act") in EXPLORING_STAFF_ACTS] \
            if staff else []
        alternative = _text(moment.get("alternative"))
        if alternative is None and "alternative" in columns and moment.get("manager_row") is not None:
            alternative = _text(columns["alternative"][moment["manager_row"]])
        kept = {k: v for k, v in moment.items() if k != "alternative"}  # one key order, asked for or not
        out.append(kept | {"staff_rows": exploring, "staff_turn": staff, "manager_turn": manager,
                           "alternative": alternative})
    return out


#: The sentence table's columns a moment shows.
_COLUMNS = ("speaker", "role", "turn", "text", "act", "style", "staff_act", "start", "end", "alternative")


def with_alternatives(conversation: dict[str, Any], table: pd.DataFrame,
                      nlp: Language | None = None) -> dict[str, Any]:
    """The conversation with a coaching alternative on each missed moment (a new dict).

    Only the manager's telling sentences are parsed (:func:`analyzer.alternatives.alternatives`),
    and none when the table already has an ``alternative`` column (``--alternatives``) or the
    moment already has its question (recounted after a correction in ``analyzer serve``).
    """
    moments = conversation.get("missed_moments", [])
    rows = [m.get("manager_row") for m in moments]
    wanted = [r for m, r in zip(moments, rows, strict=True) if r is not None and not _text(m.get("alternative"))]
    if not wanted:
        return conversation
    table = table.reset_index(drop=True)
    if "alternative" in table.columns:
        found = {r: _text(table["alternative"].iat[r]) for r in wanted}
    else:
        from analyzer.alternatives import alternatives

        made = alternatives([table["text"].iat[r] for r in wanted], [table["act"].iat[r] for r in wanted], nlp)
        found = {r: a.text if a else None for r, a in zip(wanted, made, strict=True)}
    return {**conversation, "missed_moments": [m | {"alternative": _text(m.get("alternative")) or found.get(r)}
                                               for m, r in zip(moments, rows, strict=True)]}


def _turn_rows(columns: dict[str, list]) -> dict[int, list[int]]:
    """Each row's turn as the list of its rows: consecutive rows of one speaker and turn number."""
    out: dict[int, list[int]] = {}
    current: list[int] = []
    key = None
    for index, (turn, speaker) in enumerate(zip(columns["turn"], columns["speaker"], strict=True)):
        if (turn, speaker) != key:
            key, current = (turn, speaker), []
        current.append(index)
        out[index] = current
    return out


def _turn(columns: dict[str, list], turns: dict[int, list[int]], row: int | None) -> dict[str, Any] | None:
    """The turn holding ``row``: who, when (seconds; None without times), and every sentence with its label.

    A manager's sentence carries ``act`` and ``style``; anyone else's ``staff_act``. Each
    sentence keeps its own ``start``: a subtitle file times every cue, and the moment is
    when the exploring or telling sentence was said, which can be a while into the turn.
    """
    if row is None or row not in turns:
        return None
    rows = turns[row]
    role = role_of(_cell(columns, "role", rows[0]))
    sentences = []
    for r in rows:
        labels = ({"act": _cell(columns, "act", r), "style": _cell(columns, "style", r)} if role == "manager"
                  else {"staff_act": _cell(columns, "staff_act", r)})
        sentences.append({"row": r, "text": str(columns["text"][r]), **labels,
                          "start": _number(_cell(columns, "start", r))})
    starts = [s["start"] for s in sentences if s["start"] is not None]
    ends = [e for e in (_number(_cell(columns, "end", r)) for r in rows) if e is not None]
    return {"speaker": str(columns["speaker"][rows[0]]), "role": role, "turn": _cell(columns, "turn", rows[0]),
            "start": min(starts) if starts else None, "end": max(ends) if ends else None, "sentences": sentences}


def _cell(columns: dict[str, list], column: str, row: int) -> Any:
    """One cell as a plain value; None where the table has no such column (an older table)."""
    return _value(columns[column][row]) if column in columns else None


def _value(value: Any) -> Any:
    """A cell as a plain JSON value: numpy scalars unwrapped, NaN and None as None."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _text(value: Any) -> str | None:
    """A suggestion, or None for an empty cell (a CSV read back gives NaN)."""
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> float | None:
    value = _value(value)
    return None if value is None else float(value)
