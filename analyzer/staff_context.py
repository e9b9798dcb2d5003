"""What the person being managed is answering: the staff model's context tokens.

A staff sentence's label depends on what the manager just did. "I could ring her" after an
open question is an ``own_option``; "Yeah, I'll do that" after advice is a ``commitment``
carrying out the manager's idea; "Okay" after an instruction is ``agreement``. So the staff
model reads, beside :mod:`analyzer.context`'s place-in-turn tokens:

- the acts of the manager's last turn before this sentence (``mturn_act_*``, its last act
  ``mturn_last_*``), whether it asked (``mturn_q``, ``mturn_open``) or advised
  (``mturn_adv``), and whether it came right before (``mturn_near``) or further back;
- where the sentence sits in its own turn (``idx_0``, ``idx_1``, ``idx_2``);
- the words of the manager's last sentence before it (``mw_*``): "Yeah, I'll ring her" is
  a commitment to the manager's idea after "Could you ring her?", and "Ring her" after
  "What would you do?" is an option; the act alone does not say which action was named;
- cue phrases of the sentence itself (``cue_option``, ``cue_commit``, ...) and of the same
  speaker's previous sentence (``self_cue_*``): an option often follows a concern ("but"),
  an insight follows thinking aloud.

The manager's acts are predictions, never gold: at run time the manager model's labels of
that transcript, in training ones from models that never saw the conversation (folds), as
the manager model's own context is (docs/context-model.md). It is all one token string in
the ``context`` column, so the saved model stays a plain scikit-learn pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

import pandas as pd

from analyzer.context import NO_CONTEXT, Place, context_strings
from analyzer.features import asr_style
from analyzer.labels import ADVICE_ACTS, QUESTION_ACTS

#: Written on a staff model's card: a model that has it reads these tokens (older staff
#: models read :mod:`analyzer.context`'s alone, and still load and label as they did).
STAFF_CONTEXT_VERSION = 1
CARD_KEY = "staff_context"

#: Cue phrases over the recogniser-style text (lower case, no apostrophes: "I'll" is "ill"),
#: so a punctuated and an unpunctuated transcript give the same tokens.
_CUES: dict[str, str] = {
    "option": r"\b(i|we) (could|can|might) \b|\bmaybe (i|we)\b|\bperhaps (i|we)\b|\bwhat if (i|we)\b"
              r"|\bhow about (i|we)\b|\b(one|another|the other) option\b|\bi was thinking\b|\bi suppose i\b"
              r"|\bcould i\b|\bi wonder if i\b|\b(i|we) should\b",
    "commit": r"\b(ill|i will|we will|im going to|im gonna|were going to|i shall)\b|\bwill do\b|\bi can do that\b",
    "insight": r"\bthe (problem|thing|issue) is\b|\bi (didnt|never|hadnt) (realise|realize|think|thought|see|notice)"
               r"|\bi (realise|realize|see) (now|that)\b|\bso really\b|\bactually its\b|\bnow that i\b|\bmaybe thats\b"
               r"|\bi think thats why\b|\bits not (really )?(the|about)\b",
    "concern": r"\b(worried|worry|worries|scared|nervous|anxious|stressed|afraid|dread|struggling)\b"
               r"|\bnot sure\b|\bdont know if\b|\b(cant|wont|couldnt|wouldnt) (work|cope|manage)\b|\bi cant\b"
               r"|\bthe trouble is\b|\bproblem\b|\btoo (much|many)\b",
    "but": r"\bbut\b",
    "i_think": r"\bi think\b|\bi feel\b|\bi guess\b",
    "yes": r"^(yes|yeah|yep|yup|okay|ok|sure|right|fine|fair enough|mm hm|mhm|absolutely|definitely|of course)\b",
    "thanks": r"\b(thanks|thank you|cheers)\b",
}
_CUE_PATTERNS = {name: re.compile(pattern) for name, pattern in _CUES.items()}
#: spaCy splits contractions ("I'll" -> "i ll", "won't" -> "wo nt"); a recogniser writes "ill",
#: "wont". Joined again, the feature table's words and a transcript's text read alike.
_SPLIT_CONTRACTION = re.compile(r"\b(\w+) (ll|d|m|re|ve|s|nt)\b")


def plain_words(text: str) -> str:
    """Lower case, no punctuation, contractions whole: the one form cues and words are read in."""
    return _SPLIT_CONTRACTION.sub(_joined, asr_style(text))


def _joined(match: re.Match) -> str:
    """What ``r"\\1\\2"`` gives, without re expanding a template on every call (a sixth of this function's time)."""
    return match.group(1) + match.group(2)


def cue_tokens(text: str, prefix: str = "cue") -> list[str]:
    """The cue phrases a sentence holds, as tokens (``cue_option``, ``cue_commit``...)."""
    plain = plain_words(text)
    return [f"{prefix}_{name}" for name, pattern in _CUE_PATTERNS.items() if pattern.search(plain)]


def staff_context_strings(places: Sequence[Place], manager_acts: Sequence[str | None],
                          punctuated: bool | None = None, wanted: Collection[int] | None = None) -> list[str]:
    """One token string per sentence of ONE conversation, in order (used for its staff sentences).

    ``manager_acts`` are aligned with ``places``: the manager's (predicted) act of each
    manager sentence, None for everyone else's. The base tokens read them too, so
    ``prev_act_*`` names the manager's act when the previous sentence was the manager's.
    ``wanted``: the positions whose strings are used (the staff sentences); the others get
    :data:`NO_CONTEXT` without being built, since the cue patterns are the dearest part of
    an analysis after spaCy and a transcript is about half manager sentences.
    """
    # Anything but an act's name (None, pandas' NaN for a missing value) is nobody's act.
    manager_acts = [act if isinstance(act, str) and act else None for act in manager_acts]
    base = context_strings(places, manager_acts, punctuated)
    turn_acts: dict[int, list[int]] = {}
    for i, (place, act) in enumerate(zip(places, manager_acts, strict=True)):
        if act is not None:
            turn_acts.setdefault(place.turn, []).append(i)
    out: list[str] = []
    idx_in_turn, own_prev = 0, {}
    manager_turns = sorted(turn_acts)
    cues: dict[int, list[str]] = {}  # each sentence's cue names, read once (for itself and as "self_cue")
    last_words: dict[int, list[str]] = {}  # the "mw_" tokens of each manager turn, read once
    m = -1  # index into manager_turns of the latest manager turn before the current sentence's turn
    for i, (here, tokens) in enumerate(zip(places, base, strict=True)):
        while m + 1 < len(manager_turns) and manager_turns[m + 1] < here.turn:
            m += 1
        idx_in_turn = idx_in_turn + 1 if i and places[i - 1].turn == here.turn else 0
        previous = own_prev.get(here.speaker)
        own_prev[here.speaker] = i
        if wanted is not None and i not in wanted:
            out.append(NO_CONTEXT)
            continue
        extra = [f"idx_{min(idx_in_turn, 2)}"]
        if m < 0:
            extra.append("mturn_none")
        else:
            turn = manager_turns[m]
            acts = [manager_acts[j] for j in turn_acts[turn]]
            extra += [f"mturn_act_{a}" for a in dict.fromkeys(acts)] + [f"mturn_last_{acts[-1]}"]
            asked = any(a in QUESTION_ACTS or a == "leading_question" for a in acts) or \
                places[turn_acts[turn][-1]].text.rstrip().endswith("?")
            extra += ["mturn_q"] * asked + ["mturn_open"] * ("open_question" in acts)
            extra += ["mturn_adv"] * any(a in ADVICE_ACTS for a in acts)
            extra.append("mturn_near" if turn == here.turn - 1 else "mturn_far")
        extra += [f"cue_{name}" for name in _cue_names(i, places, cues)]
        if previous is None:
            extra.append("self_none")
        else:
            extra += [f"self_cue_{name}" for name in _cue_names(previous, places, cues)]
        if m >= 0:
            turn = manager_turns[m]
            if turn not in last_words:
                last_words[turn] = [f"mw_{word}" for word in plain_words(places[turn_acts[turn][-1]].text).split()]
            extra += last_words[turn]
        out.append(" ".join([tokens, *extra]))
    return out


def _cue_names(i: int, places: Sequence[Place], cues: dict[int, list[str]]) -> list[str]:
    """The cue names of sentence ``i``, matched once per sentence however often they are asked for."""
    if i not in cues:
        plain = plain_words(places[i].text)
        cues[i] = [name for name, pattern in _CUE_PATTERNS.items() if pattern.search(plain)]
    return cues[i]


def staff_row_contexts(rows: pd.DataFrame, manager_acts: Sequence[str | None]) -> pd.Series:
    """The staff context of every row of a training-rows table (:mod:`analyzer.training_rows`).

    ``manager_acts`` are aligned with ``rows``: the predicted act of each manager sentence,
    None for everyone else's. Conversations are rebuilt per ``unit``, as
    :func:`analyzer.training_rows.set_contexts` does for the manager model.
    """
    acts = pd.Series(list(manager_acts), index=rows.index, dtype=object)
    out = pd.Series(NO_CONTEXT, index=rows.index, dtype=object)
    for _, unit in rows[rows["context"] != NO_CONTEXT].groupby("unit", sort=False):
        places = [Place(int(t), str(s), str(x)) for t, s, x in zip(unit["turn"], unit["speaker"], unit["text"],
                                                                     strict=True)]
        out[unit.index] = staff_context_strings(places, acts[unit.index].tolist(), bool(unit["punctuated"].iloc[0]))
    return out


def reads_staff_context(card: dict) -> bool:
    """Was this model trained on these tokens (its card says so), not on :mod:`analyzer.context`'s alone?"""
    return card.get("target") == "staff_act" and card.get(CARD_KEY) == STAFF_CONTEXT_VERSION
