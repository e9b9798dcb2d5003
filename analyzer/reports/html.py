"""HTML reports a trainer can read: the highlighted transcript and the cohort dashboard.

Every page is one self-contained file (inline CSS, inline SVG charts, a few lines of
inline JavaScript, no fonts, images or scripts from the network), so it opens on a
laptop with no internet and can be e-mailed. Pages are rendered with Jinja2 templates
with autoescaping on, because transcript text is whatever people said. Output is a pure,
deterministic function of the per-sentence table: the figures come from
:func:`analyzer.figures.summarize`, the same function the CLI's table and JSON use.

``no_text=True`` leaves out every sentence for sharing beyond the room: the figures,
charts and the timeline's positions and styles stay.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from analyzer.errors import InputError, write_failure
from analyzer.figures import OPTIONAL_SENTENCE_COLUMNS, SENTENCE_COLUMNS, conversation_figures, role_of, summarize
from analyzer.labels import ACT_STYLE, ACTS, STAFF_ACTS, STYLES
from analyzer.moments import missed_moments, no_moments_reason
from analyzer.reports import charts

if TYPE_CHECKING:  # at run time only where an Analysis is built: the batch parent draws
    from analyzer.analyze import Analysis  # the dashboard without loading spaCy

#: Below this confidence a sentence's label is marked "unsure" so the trainer checks it, in a
#: stored table written before the model chose its own threshold (its card's ``unsure_below``).
UNSURE_BELOW = 0.5

#: Per-speaker figures under the headline ratio: key, name on the page, plain-words meaning.
FIGURE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("questions", "questions", "open + closed questions"),
    ("advice", "advice", "advice + instructions + leading questions"),
    ("coaching_share", "coaching share", "coaching ÷ (coaching + directive) sentences"),
    ("open_question_share", "open-question share", "open questions ÷ (open + closed questions)"),
    ("reflection_to_question_ratio", "reflections per question", "reflections ÷ questions"),
    ("questions_per_10_min", "questions per 10 min", "questions asked per 10 minutes of meeting"),
    ("sentences", "sentences", "sentences this speaker said"),
    ("words", "words", "words this speaker said"),
    ("talk_share", "share of words", "this speaker's words ÷ everyone's words"),
    ("talk_share_time", "share of time", "this speaker's speaking time ÷ everyone's"),
)
_SHARES = frozenset({"talk_share", "talk_share_time", "coaching_share", "open_question_share",
                     "solution_ownership", "coaching_loop_share", "staff_talk_share"})
_RATIOS = frozenset({"question_to_advice_ratio", "reflection_to_question_ratio", "questions_per_10_min",
                     "missed_coaching_moments_per_10_min"})
_ACT_FIGURES = frozenset({"questions", "advice", "question_to_advice_ratio", "open_question_share",
                          "reflection_to_question_ratio", "questions_per_10_min"})
#: Why a figure can be empty, said in words instead of a dash where the reason is known.
_EMPTY_WORDS = {
    "coaching_share": "no coaching or directive sentences",
    "open_question_share": "no questions",
    "reflection_to_question_ratio": "no questions",
    "talk_share_time": "no times",
    "questions_per_10_min": "no times",
    "solution_ownership": "not enough to say",
    "coaching_loop_share": "not enough to say",
    "missed_coaching_moments_per_10_min": "no times",
}

#: The conversation's ownership figures as the report and dashboard name them.
OWNERSHIP_ROWS: tuple[tuple[str, str, str], ...] = (
    ("solution_ownership", "solution ownership", "options from staff ÷ (their options + the manager's advice)"),
    ("coaching_loop_share", "coaching loops", "share of the manager's open questions followed, within the next two "
                                              "staff turns, by an option or an insight"),
    ("staff_commitments", "staff commitments", "what the people being managed said they will do"),
    ("staff_commitments_own", "… their own idea", "commitments that carry out their own option or a new action"),
    ("staff_commitments_manager", "… the manager's idea", "commitments that carry out the manager's advice"),
    ("missed_coaching_moments", "missed coaching moments", "an option, insight or concern answered straight away "
                                                           "with advice"),
    ("missed_coaching_moments_per_10_min", "missed moments per 10 min", "missed coaching moments per 10 minutes"),
    ("staff_talk_share", "staff talk share", "the staff's words ÷ everyone's words"),
)

#: Cohort table columns in reading order (others found in the summary follow them).
COHORT_COLUMNS: tuple[str, ...] = (
    "file", "speaker", "role", "solution_ownership", "coaching_loop_share", "sentences", "words", "talk_share",
    "talk_share_time", "questions", "advice",
    "question_to_advice_ratio", "coaching_share", "open_question_share", "reflection_to_question_ratio",
    "questions_per_10_min", "staff_commitments", "staff_commitments_own", "staff_commitments_manager",
    "missed_coaching_moments", "missed_coaching_moments_per_10_min", "staff_talk_share",
    "own_options", "commitments", "commitments_own", "commitments_manager",
    *(f"style_{s}" for s in STYLES), *(f"act_{a}" for a in ACTS), *(f"staff_act_{a}" for a in STAFF_ACTS),
)
#: Summary columns for machines, not trainers (batch scoring's content hash joins tables).
HIDDEN_COLUMNS: frozenset[str] = frozenset({
    "content_hash", "model_hash", "file_missing",
    # Details of figures the table already shows (counts behind a share, the split of the
    # commitments, a second talk share): in summary.csv, left off the page so it fits a
    # 1280-pixel window and a printed A4 page.
    "words", "talk_share_time", "coaching_loops", "staff_commitments", "staff_commitments_own",
    "staff_commitments_manager", "missed_coaching_moments", "staff_talk_share",
})
_COLUMN_TITLES = {
    "file": ("transcript", "the transcript file; opens its report"),
    "speaker": ("speaker", "who spoke"),
    "sentences": ("sentences", "sentences this speaker said"),
    "words": ("words", "words this speaker said"),
    "talk_share": ("share of words", "this speaker's words ÷ everyone's words in the transcript"),
    "talk_share_time": ("share of time", "this speaker's speaking time ÷ everyone's"),
    "questions": ("questions", "open + closed questions"),
    "advice": ("advice", "advice + instructions + leading questions"),
    "question_to_advice_ratio": ("questions per advice", "questions ÷ advice; 'no advice' when there was none"),
    "coaching_share": ("coaching share", "coaching ÷ (coaching + directive) sentences"),
    "open_question_share": ("open-question share", "open questions ÷ all questions"),
    "reflection_to_question_ratio": ("reflections per question", "reflections ÷ questions"),
    "questions_per_10_min": ("questions per 10 min", "questions per 10 minutes of meeting"),
    "role": ("role", "manager, staff (the person being managed) or other (counted for neither side)"),
    **{key: (label, help_) for key, label, help_ in OWNERSHIP_ROWS},
    "own_options": ("their options", "options this person being managed put forward"),
    "commitments": ("their commitments", "what this person being managed said they will do"),
    "commitments_own": ("… own idea", "their commitments that carry out their own idea"),
    "commitments_manager": ("… manager's idea", "their commitments that carry out the manager's advice"),
    "notes": ("notes", "why a figure is missing, and notes about the transcript"),
}


def _environment() -> Environment:
    """Templates with autoescaping always on: transcript text is untrusted input."""
    env = Environment(loader=PackageLoader("analyzer.reports", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["words"] = charts.act_words
    return env


_ENV = _environment()


# --- figures as people read them -----------------------------------------------------------

def show_figure(fig: dict[str, Any], key: str) -> str:
    """A figure as a trainer reads it: zero advice in words, missing acts as "unavailable"."""
    if key in _ACT_FIGURES and fig.get("acts") is None:
        return "unavailable"
    if key == "question_to_advice_ratio" and fig.get("advice") == 0:
        return "no advice"
    value = fig.get(key)
    if value is None:
        return _EMPTY_WORDS.get(key, "–")
    if key == "missed_coaching_moments_per_10_min":
        return f"{value:.2f}"
    if key in _SHARES:
        return f"{value:.0%}"
    if key in _RATIOS:
        return f"{value:.2f}"
    return str(value)


def raw_value(value: Any) -> str:
    """The exact value for a ``data-value`` attribute, so tests and tools can read it back."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return json.dumps(value.item() if hasattr(value, "item") else value)


def _speaker_view(fig: dict[str, Any]) -> dict[str, Any]:
    """One speaker's card: headline ratio, the other figures, the style mix."""
    styles = fig["styles"]
    total = sum(styles.values()) or 1
    return {
        "name": fig["speaker"], "role": fig.get("role") or "manager",
        "ratio": {"text": show_figure(fig, "question_to_advice_ratio"),
                  "raw": raw_value(fig["question_to_advice_ratio"])},
        "acts_known": fig.get("acts") is not None, "sentences": fig["sentences"],
        "questions": show_figure(fig, "questions"), "advice": show_figure(fig, "advice"),
        "rows": [{"key": k, "label": label, "help": help_, "text": show_figure(fig, k), "raw": raw_value(fig.get(k))}
                 for k, label, help_ in FIGURE_ROWS],
        "styles": [{"style": s, "count": styles[s], "percent": round(100 * styles[s] / total, 1)} for s in STYLES],
        "notes": list(fig.get("notes") or []),
    }


def _act_rows(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the act-count table: one per act, a count per speaker."""
    return [{"act": a, "style": ACT_STYLE[a],
             "counts": [{"speaker": f["speaker"], "count": f["acts"][a]} for f in figures]} for a in ACTS]


# --- the conversation ----------------------------------------------------------------------

def _clock(seconds: Any) -> str | None:
    """m:ss (h:mm:ss from an hour on) for a turn's start, or None when the transcript has no times."""
    if _missing(seconds):
        return None
    return charts.clock(float(seconds))


def _missing(value: Any) -> bool:
    """``pd.isna`` for one cell, at a tenth of its cost: it was a fifth of the time of
    re-rendering a one-hour meeting's report after a label correction."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and value != value


def _sentence_view(index: int, row: Any, marks: dict[str, dict[int, Any]] | None = None) -> dict[str, Any]:
    """A sentence as the report shows it; ``marks`` (:func:`conversation_turns`) ties it to
    the coaching loops and missed coaching moments it is part of."""
    act = None if _missing(row.act) else str(row.act)
    staff_act = getattr(row, "staff_act", None)
    staff_act = None if _missing(staff_act) else str(staff_act)
    role = role_of(getattr(row, "role", None))
    confidence = None if _missing(row.confidence) else float(row.confidence)
    style = str(row.style) if isinstance(row.style, str) else ("staff" if role == "staff" else "unlabelled")
    alternative = getattr(row, "alternative", None)
    marks = marks or {}
    return {"index": index, "text": str(row.text), "act": act, "style": style, "staff_act": staff_act,
            "role": role, "confidence": confidence, "unsure": _unsure(row),
            "alternative": alternative if isinstance(alternative, str) and alternative else None,
            "loop_answer": marks.get("answer_of", {}).get(index),
            "loop_questions": marks.get("questions_of", {}).get(index, []),
            "moment": marks.get("moment_of", {}).get(index)}


def _unsure(row: Any) -> bool:
    """The model's own verdict when the row has one, else the old fixed threshold."""
    return _unsure_flag(getattr(row, "unsure", None), row.confidence)


def _unsure_flag(flag: Any, confidence: Any) -> bool:
    if not _missing(flag):
        return str(flag).strip().lower() in ("true", "1")
    return not _missing(confidence) and float(confidence) < UNSURE_BELOW


#: Example sentences per pole (coaching, directive) on each speaker's card.
EXAMPLES_PER_STYLE = 2


def speaker_examples(table: pd.DataFrame, speaker: str) -> list[dict[str, Any]]:
    """A speaker's clearest coaching and directive sentences, to quote back to them.

    A trainer's strongest evidence is the manager's own words. "Clearest" is the model's
    certainty: a quoted sentence should be one whose label is least likely to be wrong, so
    an unsure one is never quoted, however few the speaker has.
    Each keeps its row number, which is the anchor of the sentence in the conversation.
    """
    # Plain lists, not a frame per speaker and style: pandas' masks and sorts took a third
    # of a one-hour meeting's report. Same order as a stable sort by falling confidence,
    # missing confidences last.
    unsure = table["unsure"].tolist() if "unsure" in table.columns else [None] * len(table)
    rows = [i for i, who in enumerate(table["speaker"].tolist())
            if who == speaker and not _unsure_flag(unsure[i], table["confidence"].iat[i])]
    styles, confidence = table["style"].tolist(), table["confidence"].tolist()
    examples = []
    for style in charts.POLES:
        ranked = sorted((i for i in rows if styles[i] == style), key=lambda i: _surest_first(confidence[i]))
        examples += [_sentence_view(int(table.index[i]), table.iloc[i]) for i in ranked[:EXAMPLES_PER_STYLE]]
    return examples


def _surest_first(confidence: Any) -> tuple[bool, float]:
    missing = confidence is None or confidence != confidence
    return missing, 0.0 if missing else -float(confidence)


def conversation_turns(table: pd.DataFrame, conversation: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Sentences grouped into turns, in transcript order, each keeping its row number.

    A coaching loop's question points to the option or insight that answered it, and the
    answer back to its question(s), so the conversation view can mark each loop; the
    sentences of a missed coaching moment point to the moment (numbered from 1).
    """
    marks: dict[str, dict] = {"answer_of": {}, "questions_of": {}, "moment_of": {}}
    for loop in (conversation or {}).get("loops", []):
        if loop["question"] is None or loop["answer"] is None:  # one side left out by --speaker
            continue
        marks["answer_of"][loop["question"]] = loop["answer"]
        marks["questions_of"].setdefault(loop["answer"], []).append(loop["question"])
    for number, moment in enumerate(missed_moments(table, conversation or {}), 1):
        for row in [*moment["staff_rows"], moment["manager_row"]]:
            if row is not None:
                marks["moment_of"].setdefault(row, number)
    turns: list[dict[str, Any]] = []
    for index, row in enumerate(table.itertuples(index=False)):
        if not turns or turns[-1]["key"] != (row.turn, row.speaker):
            turns.append({"key": (row.turn, row.speaker), "speaker": row.speaker, "time": _clock(row.start),
                          "sentences": []})
        turns[-1]["sentences"].append(_sentence_view(index, row, marks))
    return turns


#: A person being managed's own figures on their card: key, name on the page, meaning.
STAFF_CARD_ROWS: tuple[tuple[str, str, str], ...] = (
    ("own_options", "their options", "options they put forward"),
    ("commitments", "their commitments", "what they said they will do"),
    ("commitments_own", "… their own idea", "commitments carrying out their own idea"),
    ("commitments_manager", "… the manager's idea", "commitments carrying out the manager's advice"),
    ("talk_share", "share of words", "their words ÷ everyone's words"),
)


def staff_cards(table: pd.DataFrame, figures: list[dict[str, Any]], conversation: dict[str, Any],
                no_text: bool) -> list[dict[str, Any]]:
    """A card per person being managed: their ownership, options and commitments, with the sentences."""
    whose = {c["row"]: c for c in conversation.get("commitment_list", [])}
    cards = []
    for fig in figures:
        if fig.get("role") != "staff":
            continue
        mine = table[(table["speaker"] == fig["speaker"])] if "staff_act" in table else table.iloc[0:0]
        options = [] if no_text else [_sentence_view(int(i), row) for i, row in
                                      zip(mine.index, mine.itertuples(index=False), strict=True)
                                      if row.staff_act == "own_option"]
        commitments = [] if no_text else [
            _sentence_view(int(i), row) | {"whose": whose.get(int(i), {}).get("whose"),
                                           "advice_row": whose.get(int(i), {}).get("advice_row")}
            for i, row in zip(mine.index, mine.itertuples(index=False), strict=True) if row.staff_act == "commitment"]
        cards.append({
            "name": fig["speaker"], "labelled": fig.get("staff_acts") is not None,
            "ownership": {"text": show_figure(fig, "solution_ownership"),
                          "raw": raw_value(fig.get("solution_ownership"))},
            "rows": [{"key": k, "label": label, "help": help_, "text": show_figure(fig, k),
                      "raw": raw_value(fig.get(k))} for k, label, help_ in STAFF_CARD_ROWS],
            "staff_acts": [{"label": a, "count": (fig.get("staff_acts") or {}).get(a, 0)} for a in STAFF_ACTS],
            "options": options, "commitments": commitments, "notes": list(fig.get("notes") or []),
        })
    return cards


def moment_views(table: pd.DataFrame, conversation: dict[str, Any], no_text: bool) -> list[dict[str, Any]]:
    """Each missed coaching moment as the report shows it: both turns, whole, with the
    exploring and telling sentences marked, and the coaching question instead.

    Without text (``no_text``) a moment keeps who, when and the labels: a trainer can still
    see where the moments fell, but nothing that was said, not even the suggested question
    (it repeats the sentence's topic).
    """
    views = []
    for number, moment in enumerate(missed_moments(table, conversation), 1):
        keys = {*moment["staff_rows"], moment["manager_row"]} - {None}
        views.append({
            "number": number, "time": _clock(moment.get("time")),
            "staff_row": moment["staff_row"], "manager_row": moment["manager_row"],
            "turns": [_moment_turn(turn, keys, no_text, side)
                      for turn, side in ((moment["staff_turn"], "staff"), (moment["manager_turn"], "manager"))],
            "alternative": None if no_text else moment["alternative"],
        })
    return views


def _moment_turn(turn: dict[str, Any] | None, keys: set[int], no_text: bool, side: str) -> dict[str, Any]:
    """One turn of a moment; a turn ``--speaker`` left out of the table says so."""
    if turn is None:
        return {"side": side, "speaker": None, "time": None, "number": None, "sentences": []}
    sentences = []
    for s in turn["sentences"]:
        act, staff_act = s.get("act"), s.get("staff_act")
        label = charts.act_words(act) if act else staff_act.replace("_", " ") if staff_act else "unlabelled"
        sentences.append({"index": s["row"], "text": None if no_text else s["text"], "key": s["row"] in keys,
                          "label": label, "style": s.get("style") or ("staff" if side == "staff" else "unlabelled")})
    return {"side": side, "speaker": turn["speaker"], "time": _clock(turn["start"]),
            "number": None if turn["turn"] is None else int(turn["turn"]) + 1, "sentences": sentences}


def ownership_rows(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """The conversation's ownership figures for the report, each with its "not enough to say" words."""
    return [{"key": k, "label": label, "help": help_, "text": show_figure(conversation, k),
             "raw": raw_value(conversation.get(k))} for k, label, help_ in OWNERSHIP_ROWS]


def meeting_thirds(table: pd.DataFrame, speakers: list[str]) -> dict[str, Any]:
    """Coaching and directive sentences per speaker in each third of the meeting.

    Thirds are by time when the transcript has times, else by sentence order, so a trainer
    can see whether someone started by asking and ended by telling.
    """
    position, timed = charts.sentence_positions(table)
    low, high = (float(position.min()), float(position.max())) if len(table) else (0.0, 0.0)
    if timed and table["end"].notna().all():
        high = max(high, float(table["end"].max()))
    edges = [low + (high - low) * k / 3 for k in range(4)]
    # Counted over plain lists: a frame mask per speaker, third and style took 15 ms of a report.
    part = [0 if high <= low or p <= edges[1] else 1 if p <= edges[2] else 2 for p in position.tolist()]
    counts = Counter(zip(table["speaker"].tolist(), part, table["style"].tolist(), strict=True))
    heads = [(f"{_clock(edges[k])}–{_clock(edges[k + 1])}" if timed else name)
             for k, name in enumerate(("first third", "middle third", "last third"))]
    rows = [{"speaker": name, "cells": [{s: counts[name, k, s] for s in charts.POLES} for k in range(3)]}
            for name in speakers]
    return {"heads": heads, "rows": rows, "timed": timed, "styles": charts.POLES}


def _duration(table: pd.DataFrame) -> str | None:
    """First start to last end, or None when the transcript cannot say how long it ran.

    Turns with start times but no end times (a CSV with only a ``start`` column, a one-block
    Otter export, JSON with only ``start`` keys) leave no end to measure to: the span is
    NaN then, and a report without a duration beats no report.
    """
    if not len(table):
        return None
    span = table["end"].max() - table["start"].min()
    return None if pd.isna(span) else charts.clock(float(span))


# --- public renderers ----------------------------------------------------------------------

def render_transcript_report(analysis: Analysis, *, no_text: bool = False) -> str:
    """One self-contained HTML page for one transcript.

    Figures first (question-to-advice ratio up front), then the timeline, act counts and
    motivational-interviewing context, then the highlighted conversation unless ``no_text``.
    """
    return _ENV.get_template("transcript.html.j2").render(**report_context(analysis, no_text=no_text))


def report_context(analysis: Analysis, *, no_text: bool = False) -> dict[str, Any]:
    """What the transcript template shows, so ``analyzer serve`` renders the same page from
    the same template (adding its own controls around it)."""
    table = analysis.sentences.reset_index(drop=True)
    figures = analysis.speakers
    names = [f["speaker"] for f in figures]
    # The nine acts, their charts and the MITI reference lines describe managers only.
    managers = [f for f in figures if (f.get("role") or "manager") == "manager"]
    acts_known = bool(managers) and all(f.get("acts") is not None for f in managers)
    conversation = getattr(analysis, "conversation", None) or conversation_figures(
        list(table.reindex(columns=list(SENTENCE_COLUMNS)).itertuples(index=False, name=None)))
    return {
        "file_name": charts.file_name(analysis.file), "path": str(analysis.file), "format": analysis.format,
        "no_text": no_text,
        "n_sentences": len(table), "n_turns": int(table["turn"].nunique()) if len(table) else 0,
        "duration": _duration(table),
        "speakers": [_speaker_view(f) | {"examples": [] if no_text else speaker_examples(table, f["speaker"])}
                     for f in figures],
        "managers": [f["speaker"] for f in managers],
        "staff_cards": staff_cards(table, figures, conversation, no_text),
        "ownership": ownership_rows(conversation), "ownership_notes": list(conversation.get("notes", [])),
        "n_loops": len(conversation.get("loops", [])),
        "moments": moment_views(table, conversation, no_text), "moments_reason": no_moments_reason(conversation),
        "acts_known": acts_known, "act_rows": _act_rows(managers) if acts_known else [],
        "thirds": meeting_thirds(table, names), "notes": list(analysis.notes),
        "timeline_svg": charts.timeline_svg(table, names, link_sentences=not no_text) if len(table) else "",
        "acts_svg": charts.act_counts_svg(managers) if acts_known else "",
        "context_svg": charts.mi_context_svg(managers) if acts_known else "",
        "turns": [] if no_text else conversation_turns(table, conversation),
        "speaker_index": {name: k for k, name in enumerate(names)},
        "styles": STYLES,
    }


def _cohort_columns(summary: pd.DataFrame) -> list[str]:
    """Known columns in reading order, then any others the summary carries."""
    known = [c for c in COHORT_COLUMNS if c in summary.columns and c not in HIDDEN_COLUMNS]
    return known + [c for c in summary.columns if c not in known and c not in HIDDEN_COLUMNS]


def _column_view(column: str, summary: pd.DataFrame) -> dict[str, Any]:
    """A column heading: its words, its help, its style group, and whether it sorts as numbers."""
    # A figure column with no value in any row (no staff model yet) reads back as text: still a number column.
    numeric = column not in {"file", "speaker", "role"} and (pd.api.types.is_numeric_dtype(summary[column])
                                                             or column in COHORT_COLUMNS)
    if column.startswith("act_") and column[4:] in ACT_STYLE:
        act = column[4:]
        return {"key": column, "label": charts.act_words(act), "help": f"sentences labelled {act} ({ACT_STYLE[act]})",
                "group": "act", "style": ACT_STYLE[act], "numeric": numeric}
    if column.startswith("style_") and column[6:] in STYLES:
        style = column[6:]
        return {"key": column, "label": style, "help": f"{style} sentences", "group": "style", "style": style,
                "numeric": numeric}
    if column.startswith("staff_act_") and column[10:] in STAFF_ACTS:
        label = column[10:]
        return {"key": column, "label": label.replace("_", " "), "help": f"staff sentences labelled {label}",
                "group": "staff", "style": None, "numeric": numeric}
    label, help_ = _COLUMN_TITLES.get(column, (column.replace("_", " "), column))
    group = "staff" if column in _STAFF_COLUMNS else "figure"  # shown with the staff rows
    return {"key": column, "label": label, "help": help_, "group": group, "style": None, "numeric": numeric}


#: A person being managed's own columns: empty on managers' rows, so shown with the staff rows.
_STAFF_COLUMNS = frozenset({"own_options", "commitments", "commitments_own", "commitments_manager"})


def _cohort_cell(row: pd.Series, column: str) -> dict[str, Any]:
    """Text shown and value sorted on; empty ratios say why in words."""
    value = row.get(column)
    number = charts.as_number(value)
    if column in {"file", "speaker"} or (number is None and isinstance(value, str)):
        return {"text": str(value), "sort": str(value).casefold(), "numeric": False}
    if number is None:
        return {"text": _empty_cell_words(row, column), "sort": "", "numeric": True}
    if column in _SHARES:
        text = f"{number:.0%}"
    elif column in _RATIOS:
        text = f"{number:.2f}"
    else:
        text = str(int(number)) if number.is_integer() else f"{number:.2f}"
    return {"text": text, "sort": repr(number), "numeric": True}


def _empty_cell_words(row: pd.Series, column: str) -> str:
    """Why a summary cell is empty, in the same words as the transcript report."""
    if _row_role(row) != "manager" and (column in _ACT_FIGURES or column.startswith(("act_", "style_"))
                                        or column == "coaching_share"):
        return "–"  # the nine acts describe managers: nothing is missing here
    if column == "question_to_advice_ratio":
        return charts.ratio_gap(row)
    acts_known = charts.as_number(row.get("questions")) is not None
    if (column.startswith("act_") or column in _ACT_FIGURES) and not acts_known:
        return "unavailable"
    return _EMPTY_WORDS.get(column, "–")


def _report_href(file: Any, reports: dict[str, str] | None) -> str | None:
    """The relative link to a transcript's report, matched by path or by file name."""
    if not reports:
        return None
    key = str(file)
    return reports.get(key) or reports.get(charts.file_name(key))


def render_cohort_dashboard(summary: pd.DataFrame, reports: dict[str, str] | None = None, *,
                            n_failed: int = 0, compare_href: str | None = None) -> str:
    """One sortable table of every transcript and speaker, linking to each report.

    ``summary`` has one row per transcript and speaker (see :data:`COHORT_COLUMNS`);
    ``reports`` maps a ``file`` value (or its file name) to the report's relative href.
    ``n_failed`` files that could not be scored are counted, with a link to errors.csv
    beside the page, so a folder of broken files does not read as an empty cohort. Only
    the count: the page may be shared, and errors.csv names the files.
    """
    return _ENV.get_template("dashboard.html.j2").render(
        **dashboard_context(summary, reports, n_failed=n_failed, compare_href=compare_href))


def dashboard_context(summary: pd.DataFrame, reports: dict[str, str] | None = None, *,
                      n_failed: int = 0, compare_href: str | None = None) -> dict[str, Any]:
    """What the dashboard template shows (``analyzer serve`` renders it with its own controls)."""
    summary = summary.reset_index(drop=True)
    columns = _cohort_columns(summary)
    shown = charts.distinct_file_names(summary.get("file", []))
    rows = [{"href": _report_href(row.get("file"), reports), "cells": [_cohort_cell(row, c) for c in columns],
             "file": str(row.get("file")), "file_name": shown.get(str(row.get("file")), "–"),
             "speaker": str(row.get("speaker")), "role": _row_role(row), "missing": _is_missing(row)}
            for _, row in summary.iterrows()]
    managers = summary[[_row_role(row) == "manager" for _, row in summary.iterrows()]] if len(summary) else summary
    return {
        "columns": [_column_view(c, summary) for c in columns], "rows": rows,
        "n_files": int(summary["file"].nunique()) if "file" in summary else 0,
        # The comparison chart compares managers: staff are not measured by the nine acts.
        "chart_svg": charts.cohort_svg(managers) if len(managers) and _can_chart(managers) else "",
        "chart_spread": len(managers) > charts.MAX_COHORT_BARS,
        "n_not_managers": sum(r["role"] != "manager" for r in rows),
        "n_failed": n_failed, "compare_href": compare_href,
        "n_missing": len({row["file"] for row in rows if row["missing"]}),
        # Only a styles-only model leaves the act counts empty; then the page explains "unavailable".
        "some_unavailable": "questions" not in managers or bool(managers["questions"].isna().any()),
    }


def _row_role(row: pd.Series) -> str:
    """A summary row's role; a summary from before roles existed counted everyone as a manager."""
    return role_of(row.get("role"))


def _is_missing(row: pd.Series) -> bool:
    """The row's transcript is gone from where it was scored (summary.csv's ``file_missing``)."""
    value = row.get("file_missing")
    return value is True or str(value) == "True"


def _can_chart(summary: pd.DataFrame) -> bool:
    return {"file", "speaker", "question_to_advice_ratio"} <= set(summary.columns)


# --- batch --------------------------------------------------------------------------------

def analysis_from_table(file: str, sentences: pd.DataFrame, *, format: str = "table",
                        speakers: list[str] | None = None, notes: list[str] | None = None) -> Analysis:
    """Rebuild an :class:`Analysis` from a stored per-sentence table (e.g. batch CSV output).

    Figures are recomputed with :func:`analyzer.figures.summarize`, so a report made from
    the stored table says exactly what ``analyze`` said when it scored the file.
    """
    from analyzer.analyze import Analysis

    optional = (*OPTIONAL_SENTENCE_COLUMNS, "role", "staff_act")
    missing = [c for c in SENTENCE_COLUMNS if c not in sentences.columns and c not in optional]
    if missing:
        raise InputError(f"sentence table lacks column(s) {', '.join(missing)}", file)
    table = sentences.reindex(columns=list(SENTENCE_COLUMNS)).reset_index(drop=True)
    table = table.astype({"speaker": str, "text": str})
    table["text"] = table["text"].where(sentences["text"].notna().to_numpy(), "")
    for column in ("role", "act", "style", "staff_act"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    for column in ("confidence", "start", "end"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    figures = summarize(table, speakers)
    conversation = conversation_figures(list(table.itertuples(index=False, name=None)))
    if speakers is not None:
        table = table[table["speaker"].isin(speakers)].reset_index(drop=True)
    return Analysis(file, format, table, figures, list(notes or []), conversation)


def summary_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Flat per-speaker rows for a cohort summary table, from one analysis."""
    rows = []
    for fig in analysis.speakers:
        row: dict[str, Any] = {"file": analysis.file}
        row |= {k: fig.get(k) for k in ("speaker", "role", "sentences", "words", "talk_share", "talk_share_time",
                                        "questions", "advice", "question_to_advice_ratio", "coaching_share",
                                        "open_question_share", "reflection_to_question_ratio",
                                        "questions_per_10_min")}
        row |= {f"style_{s}": fig["styles"][s] for s in STYLES}
        row |= {f"act_{a}": (fig["acts"] or {}).get(a) for a in ACTS}
        row |= {k: fig.get(k) for k in ("own_options", "commitments", "commitments_own", "commitments_manager",
                                        *(key for key, _, _ in OWNERSHIP_ROWS))}
        row |= {f"staff_act_{a}": (fig.get("staff_acts") or {}).get(a) for a in STAFF_ACTS}
        row["notes"] = "; ".join([*(fig.get("notes") or []), *analysis.notes])
        rows.append(row)
    return rows


def report_file_name(name: str, taken: set[str]) -> str:
    """A safe, unique ``<name>.html`` for a transcript (folders and odd characters flattened)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name.replace("\\", "/").strip("/")).strip("._") or "transcript"
    candidate, n = f"{stem}.html", 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}.html"
    taken.add(candidate.casefold())
    return candidate


def write_batch_reports(outdir: str | Path, summary: pd.DataFrame,
                        analyses: Iterable[tuple[str, Analysis]] | None, no_text: bool = False) -> Path:
    """Write ``OUTDIR/reports/<name>.html`` per transcript and ``OUTDIR/index.html``; return the index.

    ``analyses`` may be a generator (e.g. :func:`analysis_from_table` over stored CSVs), so
    reports are written one at a time and memory stays flat. Without analyses, only the
    dashboard is written, with no links.
    """
    out = Path(outdir)
    folder = out / "reports"
    links: dict[str, str] = {}
    taken: set[str] = set()
    for name, analysis in analyses or ():
        file_name = report_file_name(name, taken)
        _write(folder / file_name, render_transcript_report(analysis, no_text=no_text))
        href = f"reports/{file_name}"
        for key in (analysis.file, name, charts.file_name(analysis.file)):
            links.setdefault(key, href)
    index = out / "index.html"
    _write(index, render_cohort_dashboard(summary, links or None))
    return index


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write report ({write_failure(exc, path)})", path) from None
