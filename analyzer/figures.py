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

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analyzer.labels import ACTS, ADVICE_ACTS, QUESTION_ACTS, STYLES

#: Columns of the per-sentence table, in the order every output uses (and rows come in).
SENTENCE_COLUMNS = ("speaker", "turn", "text", "act", "style", "confidence", "start", "end", "unsure")
#: Columns a stored sentence table may lack (tables written before they existed).
OPTIONAL_SENTENCE_COLUMNS = ("unsure",)

#: Figures in the order the table, JSON and CSV outputs show them.
FIGURE_KEYS = (
    "speaker", "sentences", "words", "talk_share", "talk_share_time", "acts", "styles",
    "questions", "advice", "question_to_advice_ratio", "coaching_share",
    "open_question_share", "reflection_to_question_ratio", "questions_per_10_min", "notes",
)


SILENT_NOTE = "no sentence to label: every turn of this speaker is empty or punctuation"


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
    acts: Counter = field(default_factory=Counter)
    styles: Counter = field(default_factory=Counter)
    turns: dict[Any, list[float]] = field(default_factory=dict)  # turn -> [start, end]

    def add(self, row: tuple) -> None:
        _, turn, text, act, style, _, start, end = row[:8]
        self.sentences += 1
        self.words += len(text.split()) if isinstance(text, str) else 0
        self.acts[act] += 1
        self.styles[style] += 1
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
        "sentences": tally.sentences, "words": tally.words, "talk_share": _ratio(tally.words, total_words),
        "talk_share_time": _ratio(tally.speaking_time, total_time) if total_time else None,
        "styles": styles, "coaching_share": _ratio(styles["coaching"], styles["coaching"] + styles["directive"]),
        "notes": [],
    }
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


def summarize(table: pd.DataFrame, speakers: list[str] | None = None) -> list[dict[str, Any]]:
    """Figures per speaker (in order of first appearance) from a per-sentence table.

    ``table`` has the columns of :data:`SENTENCE_COLUMNS` (``confidence`` may be missing).
    Talk shares are relative to everyone in the table, even when ``speakers`` narrows what
    is returned.
    """
    rows = table.reindex(columns=list(SENTENCE_COLUMNS)).itertuples(index=False, name=None)
    return summarize_rows(rows, speakers)


def summarize_rows(rows: Iterable[tuple], speakers: list[str] | None = None) -> list[dict[str, Any]]:
    """:func:`summarize` over rows in :data:`SENTENCE_COLUMNS` order, without a DataFrame."""
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
    return ([{"speaker": name, **_speaker_figures(tallies[name], total_words, total_time, duration, acts_known)}
             for name in names]
            + [{"speaker": name, **_silent_figures(total_words, total_time, duration, acts_known)} for name in silent])


def _silent_figures(total_words: int, total_time: float, duration: float | None, acts_known: bool) -> dict[str, Any]:
    """A speaker asked for by name who said no sentence: zeros and a note, not nothing.

    Left out, ``--speaker Tom`` gave an empty report without a word, and in a batch the
    file had no row in summary.csv and no line in errors.csv.
    """
    figures = _speaker_figures(_Tally(), total_words, total_time, duration, acts_known)
    figures["notes"] = [SILENT_NOTE]
    return figures
