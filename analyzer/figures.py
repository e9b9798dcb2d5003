"""Per-speaker figures from the per-sentence table: one pure function, used everywhere.

The CLI, the reports, batch scoring and the notebooks all call :func:`summarize`, so a
ratio means the same thing wherever it is shown. Definitions follow the labelling guide
(docs/labelling-guide.md): questions are open + closed questions (a leading question is
advice in disguise); advice is advice + instruction + leading question. A ratio whose
denominator is zero is ``None`` (JSON ``null``), never a division error or an infinity.
Only "no advice" also gets a note, as the guide asks of the headline ratio: it says how
many questions stood against no advice; the other empty denominators only mean there was
nothing to count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analyzer.labels import ACTS, ADVICE_ACTS, EXPLORING_STAFF_ACTS, QUESTION_ACTS, STAFF_ACTS, STYLES

#: Columns of the per-sentence table, in the order every output uses (and rows come in).
#: ``act`` and ``style`` are the manager's; ``staff_act`` the label of a person being managed;
#: ``unsure`` marks a label below the model's confidence threshold (its card's ``unsure_below``).
SENTENCE_COLUMNS = ("speaker", "role", "turn", "text", "act", "style", "staff_act", "confidence", "start", "end",
                    "unsure")
#: Columns a stored sentence table may lack (tables written before they existed).
OPTIONAL_SENTENCE_COLUMNS = ("unsure",)

#: Figures of one person being managed (None for a manager or an ``other`` speaker).
STAFF_KEYS = ("staff_acts", "own_options", "commitments", "commitments_own", "commitments_manager")

#: The conversation's figures for the claim the product serves (see :func:`conversation_figures`).
CONVERSATION_KEYS = (
    "solution_ownership", "coaching_loops", "coaching_loop_share", "staff_commitments",
    "staff_commitments_own", "staff_commitments_manager", "staff_talk_share",
    "missed_coaching_moments", "missed_coaching_moments_per_10_min",
)

#: Figures in the order the table, JSON and CSV outputs show them. The conversation's own
#: figures (solution ownership, coaching loops...) are repeated on every speaker's row, so
#: a cohort table can sort managers by them.
FIGURE_KEYS = (
    "speaker", "role", "sentences", "words", "talk_share", "talk_share_time", "acts", "styles",
    "questions", "advice", "question_to_advice_ratio", "coaching_share",
    "open_question_share", "reflection_to_question_ratio", "questions_per_10_min",
    *STAFF_KEYS, *CONVERSATION_KEYS, "notes",
)


SILENT_NOTE = "no sentence to label: every turn of this speaker is empty or punctuation"


def role_of(value: Any) -> str:
    """A row's role; a table from before roles existed (no role) labelled everyone a manager."""
    return value if isinstance(value, str) and value else "manager"


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else round(num / den, 4)


def _present(value: Any) -> bool:
    """Not None/NaN: tables read back from CSV hold NaN where JSON holds null."""
    return value is not None and value == value


@dataclass
class _Tally:
    """One speaker's running counts while the table is read once, row by row.

    Plain counters rather than pandas group-bys: the per-call overhead of pandas was larger
    than the counting itself on a meeting's few hundred sentences (benchmarks/).
    """

    sentences: int = 0
    words: int = 0
    role: str = "manager"
    acts: Counter = field(default_factory=Counter)
    styles: Counter = field(default_factory=Counter)
    staff_acts: Counter = field(default_factory=Counter)
    turns: dict[Any, list[float]] = field(default_factory=dict)  # turn -> [start, end]

    def add(self, row: tuple) -> None:
        _, role, turn, text, act, style, staff_act, _, start, end = row[:10]
        self.role = role_of(role)
        self.sentences += 1
        self.words += len(text.split()) if isinstance(text, str) else 0
        if self.role == "manager":
            self.acts[act] += 1
            self.styles[style] += 1
        elif self.role == "staff":
            self.staff_acts[staff_act] += 1
        if _present(start) and _present(end):
            span = self.turns.setdefault(turn, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)

    @property
    def speaking_time(self) -> float:
        """Seconds a speaker held the floor: the sum of their turns' durations."""
        return float(sum(max(end - start, 0.0) for start, end in self.turns.values()))


def _speaker_figures(tally: _Tally, total_words: int, total_time: float, duration: float | None,
                     acts_known: bool) -> dict[str, Any]:
    styles = {s: tally.styles.get(s, 0) for s in STYLES}
    fig: dict[str, Any] = {
        "role": tally.role, "sentences": tally.sentences, "words": tally.words,
        "talk_share": _ratio(tally.words, total_words),
        "talk_share_time": _ratio(tally.speaking_time, total_time) if total_time else None,
        "styles": styles, "coaching_share": _ratio(styles["coaching"], styles["coaching"] + styles["directive"]),
        "notes": [],
    }
    fig |= _staff_figures(tally)
    if tally.role != "manager":  # the nine acts and their figures describe managers only
        fig |= dict.fromkeys(("acts", "questions", "advice", "question_to_advice_ratio",
                              "open_question_share", "reflection_to_question_ratio", "questions_per_10_min"))
        fig["coaching_share"] = None
        return fig
    if not acts_known:
        fig |= dict.fromkeys(("acts", "questions", "advice", "question_to_advice_ratio",
                              "open_question_share", "reflection_to_question_ratio",
                              "questions_per_10_min"))
        fig["notes"].append("the model predicts styles only: act-based figures are unavailable")
        return fig
    acts = {a: tally.acts.get(a, 0) for a in ACTS}
    questions = sum(acts[a] for a in QUESTION_ACTS)
    advice = sum(acts[a] for a in ADVICE_ACTS)
    fig |= {
        "acts": acts, "questions": questions, "advice": advice,
        "question_to_advice_ratio": _ratio(questions, advice),
        "open_question_share": _ratio(acts["open_question"], questions),
        "reflection_to_question_ratio": _ratio(acts["reflection"], questions),
        "questions_per_10_min": round(questions / duration * 600, 2) if duration else None,
    }
    if advice == 0:
        fig["notes"].append(f"no advice: {questions} question(s) and no advice, so no ratio")
    return fig


def _staff_figures(tally: _Tally) -> dict[str, Any]:
    """A person being managed's label counts; the split of commitments is added per conversation."""
    if tally.role != "staff" or not all(_present(a) for a in tally.staff_acts):
        return dict.fromkeys(STAFF_KEYS)
    counts = {a: tally.staff_acts.get(a, 0) for a in STAFF_ACTS}
    return {"staff_acts": counts, "own_options": counts["own_option"], "commitments": counts["commitment"],
            "commitments_own": None, "commitments_manager": None}


def summarize(table: pd.DataFrame, speakers: list[str] | None = None) -> list[dict[str, Any]]:
    """Figures per speaker (in order of first appearance) from a per-sentence table.

    ``table`` has the columns of :data:`SENTENCE_COLUMNS` (``confidence`` may be missing).
    Talk shares are relative to everyone in the table, even when ``speakers`` narrows what
    is returned.
    """
    rows = table.reindex(columns=list(SENTENCE_COLUMNS)).itertuples(index=False, name=None)
    return summarize_rows(rows, speakers)


def summarize_rows(rows: Iterable[tuple], speakers: list[str] | None = None,
                   conversation: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """:func:`summarize` over rows in :data:`SENTENCE_COLUMNS` order, without a DataFrame.

    ``conversation``: :func:`conversation_figures` of the same rows, when the caller has
    them already (the analysis reports them too; counting them twice cost as much as
    labelling a long meeting's staff sentences).
    """
    rows = list(rows)
    tallies: dict[Any, _Tally] = {}
    for row in rows:
        tallies.setdefault(row[0], _Tally()).add(row)
    total_words = sum(t.words for t in tallies.values())
    total_time = sum(t.speaking_time for t in tallies.values())
    starts = [s for t in tallies.values() for s, _ in t.turns.values()]
    ends = [e for t in tallies.values() for _, e in t.turns.values()]
    duration = float(max(ends) - min(starts)) if starts else None
    acts_known = all(_present(a) for t in tallies.values() for a in t.acts)
    names = list(tallies) if speakers is None else [n for n in tallies if n in speakers]
    silent = [] if speakers is None else [n for n in speakers if n not in tallies]
    figures = ([{"speaker": name, **_speaker_figures(tallies[name], total_words, total_time, duration, acts_known)}
                for name in names]
               + [{"speaker": name, **_silent_figures(total_words, total_time, duration, acts_known)}
                  for name in silent])
    return with_conversation(figures, conversation if conversation is not None else conversation_figures(rows))


def with_conversation(figures: list[dict[str, Any]], conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """Each speaker's figures with the conversation's, and their own share of its commitments."""
    whose = Counter((c["speaker"], c["whose"]) for c in conversation.get("commitment_list", []))
    for fig in figures:
        fig.update({k: conversation.get(k) for k in CONVERSATION_KEYS})
        if fig.get("commitments") is not None:
            fig["commitments_own"] = whose[(fig["speaker"], "own")]
            fig["commitments_manager"] = whose[(fig["speaker"], "manager")]
    return [{k: fig.get(k) for k in FIGURE_KEYS} for fig in figures]


def _silent_figures(total_words: int, total_time: float, duration: float | None, acts_known: bool) -> dict[str, Any]:
    """A speaker asked for by name who said no sentence: zeros and a note, not nothing.

    Left out, ``--speaker Tom`` gave an empty report without a word, and in a batch the
    file had no row in summary.csv and no line in errors.csv.
    """
    figures = _speaker_figures(_Tally(), total_words, total_time, duration, acts_known)
    figures.pop("role")  # unknown: the speaker said nothing the table could carry a role on
    figures = {"role": None, **figures, "notes": [SILENT_NOTE]}
    return figures


# --- the conversation: who owns the solution ---------------------------------------------

#: Words that name no action of their own: pronouns, auxiliaries, "do", fillers, times.
#: What is left of a sentence is what it proposes to do and to what (see :func:`action_words`).
_NO_ACTION_WORDS = """
i i'm i'll i've i'd me my mine myself you your yours we we'll us our they them their he him his she her it its
this that these those there here what which who whom whose when where why how
a an the to of for in on at by with about from into onto up down out off over so as if then than and but or nor
not no yes yeah yep ok okay right sure fine alright well oh um uh er mm hmm just also really actually maybe
perhaps probably definitely still again too very quite first next last before after soon now later today
tomorrow tonight week weekend morning afternoon evening monday tuesday wednesday thursday friday saturday sunday
will would shall should can could may might must need needs have has had having be is am are was were been being
do does did doing done don't didn't won't can't go going gonna get got make try think know guess mean say said
let let's thing things something anything everything bit lot one all any some more most
"""
_NO_ACTION = frozenset(_NO_ACTION_WORDS.split())
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _stem(word: str) -> str:
    """A crude lemma: "rings", "booked", "booking" -> "ring", "book" (irregular forms stay apart)."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def action_words(text: Any) -> frozenset[str]:
    """The words of a sentence that name an action or its object, roughly lemmatised.

    The guide's rule for whose idea a commitment carries out asks whether it names the same
    action as the manager's advice: a shared main verb or object. Figures are counted from
    the sentence table alone (a batch recomputes them without spaCy), so both are
    approximated by the sentence's content words: "I'll ring Sarah" and "Ring Sarah first"
    share ``ring`` and ``sarah``; "Okay, I'll do that" has none (a bare acceptance).
    """
    if not isinstance(text, str):
        return frozenset()
    words = (w.split("'")[0] for w in _words(text) if w not in _NO_ACTION)
    return frozenset(_stem(w) for w in words if len(w) > 2 and w not in _NO_ACTION)


def _words(text: str) -> list[str]:
    """Lower-case words, a clitic kept on its word ("that's", "i'll"), curly apostrophes straightened."""
    return _WORD.findall(text.lower().replace("’", "'"))


@dataclass
class _Turn:
    """One speaker's consecutive sentences, as (row number, row) pairs."""

    speaker: Any
    role: str
    rows: list[tuple[int, tuple]] = field(default_factory=list)


def _turns(rows: Sequence[tuple]) -> list[_Turn]:
    turns: list[_Turn] = []
    key = None
    for index, row in enumerate(rows):
        if (row[2], row[0]) != key:
            key = (row[2], row[0])
            turns.append(_Turn(row[0], role_of(row[1])))
        turns[-1].rows.append((index, row))
    return turns


def _acts(turn: _Turn, column: int, wanted: frozenset[str]) -> list[int]:
    """Row numbers of a turn's sentences whose label (``column`` 4 = act, 6 = staff_act) is wanted."""
    return [i for i, row in turn.rows if row[column] in wanted]


_ACT, _STAFF_ACT, _TEXT = 4, 6, 3
#: Words by which a commitment right after the manager's advice points back to its object.
_POINTS_BACK = frozenset({"it", "that", "this", "them", "those", "these"})
_LOOP_ANSWERS = frozenset({"own_option", "insight"})


def conversation_figures(rows: Sequence[tuple]) -> dict[str, Any]:
    """The figures of the labelling guide's "Who owns the solution", from the sentence rows.

    Rows are in :data:`SENTENCE_COLUMNS` order and in the order they were said. Besides the
    figures of :data:`CONVERSATION_KEYS`, the lists behind them (row numbers of each coaching
    loop, commitment and missed coaching moment) and the notes saying why a figure is
    missing: each figure has a "not enough to say" state, as the ratio has with no advice.
    """
    rows = list(rows)
    out: dict[str, Any] = dict.fromkeys(CONVERSATION_KEYS)
    out |= {"staff_options": None, "manager_advice": None, "manager_open_questions": None,
            "loops": [], "commitment_list": [], "missed_moments": [], "notes": []}
    words = [len(r[_TEXT].split()) if isinstance(r[_TEXT], str) else 0 for r in rows]
    roles = [role_of(r[1]) for r in rows]
    out["staff_talk_share"] = _ratio(sum(w for w, role in zip(words, roles, strict=True) if role == "staff"),
                                     sum(words)) if "staff" in roles else None
    if "manager" not in roles or "staff" not in roles:
        out["notes"].append("not enough to say: the conversation needs a manager and someone being managed "
                            "for solution ownership, coaching loops and commitments")
        return out
    if not all(_present(r[_STAFF_ACT]) for r, role in zip(rows, roles, strict=True) if role == "staff"):
        out["notes"].append("the staff sentences are not labelled (no staff_act), so solution ownership, coaching "
                            "loops and commitments cannot be counted")
        return out
    turns = _turns(rows)
    options = sum(r[_STAFF_ACT] == "own_option" for r, role in zip(rows, roles, strict=True) if role == "staff")
    advice = sum(r[_ACT] in ADVICE_ACTS for r, role in zip(rows, roles, strict=True) if role == "manager")
    out |= {"staff_options": options, "manager_advice": advice,
            "solution_ownership": _ratio(options, options + advice)}
    if options + advice == 0:
        out["notes"].append("not enough to say about solution ownership: no options from staff and no advice "
                            "from the manager")
    _count_loops(turns, out)
    _count_commitments(turns, out)
    _count_missed_moments(turns, rows, out)
    return out


def _count_loops(turns: list[_Turn], out: dict[str, Any]) -> None:
    """Each manager open question, and the option or insight of the next two staff turns."""
    questions = loops = 0
    staff_turns = [k for k, turn in enumerate(turns) if turn.role == "staff"]  # searched, not rescanned per question
    for k, turn in enumerate(turns):
        if turn.role != "manager":
            continue
        for question in _acts(turn, _ACT, frozenset({"open_question"})):
            questions += 1
            after = bisect_right(staff_turns, k)
            answers = [turns[j] for j in staff_turns[after : after + 2]]
            found = next((i for t in answers for i in _acts(t, _STAFF_ACT, _LOOP_ANSWERS)), None)
            if found is not None:
                loops += 1
                out["loops"].append({"question": question, "answer": found})
    out["manager_open_questions"] = questions
    out["coaching_loops"] = loops
    out["coaching_loop_share"] = _ratio(loops, questions)
    if not questions:
        out["notes"].append("not enough to say about coaching loops: the manager asked no open question")


def _count_commitments(turns: list[_Turn], out: dict[str, Any]) -> None:
    """Every staff commitment, and whose idea it carries out (the guide's rule)."""
    for k, turn in enumerate(turns):
        if turn.role != "staff":
            continue
        for row in _acts(turn, _STAFF_ACT, frozenset({"commitment"})):
            text = dict(turn.rows)[row][_TEXT]
            whose, advice_row = whose_idea(turns, k, text)
            out["commitment_list"].append({"row": row, "speaker": turn.speaker, "whose": whose,
                                           "advice_row": advice_row})
    made = out["commitment_list"]
    out["staff_commitments"] = len(made)
    out["staff_commitments_own"] = sum(c["whose"] == "own" for c in made)
    out["staff_commitments_manager"] = sum(c["whose"] == "manager" for c in made)


def whose_idea(turns: list[_Turn], k: int, text: str) -> tuple[str, int | None]:
    """"manager" (with the advice's row) or "own" for a commitment said in ``turns[k]``.

    The manager's when the manager's last advice, instruction or leading question within the
    three manager turns before it names the same action (:func:`action_words`), or when it
    is a bare acceptance ("Okay, I'll do that.") in the turn right after one; a commitment
    there whose object points back ("I'll ring them", "I'd be happy to lead it") names the
    advice's object, so it counts as the same action. Otherwise the staff member's own.
    """
    latest = _last_manager_turns(turns, k, 3)
    last = next(((j, i) for j in latest for i in reversed(_acts(turns[j], _ACT, ADVICE_ACTS))), None)
    if last is None:
        return "own", None
    j, advice_row = last
    mine = action_words(text)
    if mine & action_words(dict(turns[j].rows)[advice_row][_TEXT]):
        return "manager", advice_row
    if j == k - 1 and (not mine or _POINTS_BACK & {w.split("'")[0] for w in _words(text)}):
        return "manager", advice_row
    return "own", None


def _last_manager_turns(turns: list[_Turn], k: int, n: int) -> list[int]:
    """Indices of the last ``n`` manager turns before ``turns[k]``, latest first.

    Walks back from ``k`` rather than over every earlier turn: a long meeting's many
    commitments made that walk quadratic (0.4 s of a 200,000-word transcript's figures).
    """
    found: list[int] = []
    j = k - 1
    while j >= 0 and len(found) < n:
        if turns[j].role == "manager":
            found.append(j)
        j -= 1
    return found


def _count_missed_moments(turns: list[_Turn], rows: list[tuple], out: dict[str, Any]) -> None:
    """A staff turn that explores (option, insight, concern) answered by the manager's advice."""
    for k, turn in enumerate(turns[:-1]):
        after = turns[k + 1]
        if turn.role != "staff" or after.role != "manager":
            continue
        exploring = _acts(turn, _STAFF_ACT, EXPLORING_STAFF_ACTS)
        told = _acts(after, _ACT, ADVICE_ACTS)
        if exploring and told:
            start = dict(after.rows)[told[0]][8]
            out["missed_moments"].append({"staff_row": exploring[0], "manager_row": told[0],
                                          "time": start if _present(start) else None})
    out["missed_coaching_moments"] = len(out["missed_moments"])
    starts = [r[8] for r in rows if _present(r[8])]
    ends = [r[9] for r in rows if _present(r[9])]
    minutes = (max(ends) - min(starts)) / 60 if starts and ends else 0
    out["missed_coaching_moments_per_10_min"] = (round(len(out["missed_moments"]) / minutes * 10, 2)
                                                 if minutes > 0 else None)
