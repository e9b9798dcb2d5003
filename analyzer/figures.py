"""Per-speaker figures from the per-sentence table: one pure function, used everywhere.

The CLI, the reports, batch scoring and the notebooks all call :func:`summarize`, so a
ratio means the same thing wherever it is shown. Definitions follow the labelling guide
(docs/labelling-guide.md): questions are open + closed questions (a leading question is
advice in disguise); advice is advice + instruction + leading question. A ratio whose
denominator is zero is ``None`` (JSON ``null``) with the reason in ``notes``, never a
division error or an infinity.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyzer.labels import ACTS, ADVICE_ACTS, QUESTION_ACTS, STYLES

#: Figures in the order the table, JSON and CSV outputs show them.
FIGURE_KEYS = (
    "speaker", "sentences", "words", "talk_share", "talk_share_time", "acts", "styles",
    "questions", "advice", "question_to_advice_ratio", "coaching_share",
    "open_question_share", "reflection_to_question_ratio", "questions_per_10_min", "notes",
)


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else round(num / den, 4)


def _word_counts(texts: pd.Series) -> pd.Series:
    return texts.fillna("").str.count(r"\S+")


def _speaking_time(group: pd.DataFrame) -> float:
    """Seconds a speaker held the floor: sum of their turns' durations."""
    turns = group.dropna(subset=["start", "end"]).groupby("turn").agg(start=("start", "min"), end=("end", "max"))
    return float((turns["end"] - turns["start"]).clip(lower=0).sum())


def _has_times(table: pd.DataFrame) -> bool:
    return bool(len(table)) and table["start"].notna().any() and table["end"].notna().any()


def _speaker_figures(group: pd.DataFrame, total_words: int, total_time: float,
                     duration: float | None, acts_known: bool) -> dict[str, Any]:
    words = int(group["words"].sum())
    style_counts = group["style"].value_counts()
    styles = {s: int(style_counts.get(s, 0)) for s in STYLES}
    fig: dict[str, Any] = {
        "sentences": len(group), "words": words, "talk_share": _ratio(words, total_words),
        "talk_share_time": _ratio(_speaking_time(group), total_time) if total_time else None,
        "styles": styles, "coaching_share": _ratio(styles["coaching"], styles["coaching"] + styles["directive"]),
        "notes": [],
    }
    if not acts_known:
        fig |= dict.fromkeys(("acts", "questions", "advice", "question_to_advice_ratio",
                              "open_question_share", "reflection_to_question_ratio",
                              "questions_per_10_min"))
        fig["notes"].append("the model predicts styles only: act-based figures are unavailable")
        return fig
    act_counts = group["act"].value_counts()
    acts = {a: int(act_counts.get(a, 0)) for a in ACTS}
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

    ``table`` has the columns of :data:`analyzer.predict.SENTENCE_COLUMNS`. Talk shares are
    relative to everyone in the table, even when ``speakers`` narrows what is returned.
    """
    table = table.assign(words=_word_counts(table["text"]))
    total_words = int(table["words"].sum())
    timed = _has_times(table)
    total_time = sum(_speaking_time(g) for _, g in table.groupby("speaker", sort=False)) if timed else 0.0
    duration = float(table["end"].max() - table["start"].min()) if timed else None
    acts_known = bool(len(table)) and table["act"].notna().all()
    result = []
    for name, group in table.groupby("speaker", sort=False):
        if speakers is not None and name not in speakers:
            continue
        figs = _speaker_figures(group, total_words, total_time, duration, acts_known)
        result.append({"speaker": name, **figs})
    return result
