"""The readable terminal table of ``analyzer analyze``: figures first, then act counts."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from analyzer.labels import ACTS, STAFF_ACTS


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def format_ratio(fig: dict[str, Any]) -> str:
    """Question-to-advice ratio as a person reads it; zero advice is said in words."""
    if fig["questions"] is None:
        return "–"
    if fig["advice"] == 0:
        return "no advice"
    return f"{fig['question_to_advice_ratio']:.2f}"


def figures_frame(speakers: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per speaker with the headline figures, formatted for reading."""
    rows = []
    for f in speakers:
        rows.append({
            "speaker": f["speaker"], "role": f.get("role") or "–", "sentences": f["sentences"], "words": f["words"],
            "talk": _pct(f["talk_share"]),
            # styles follow from the manager's acts: a person being managed has none
            **{s: f["styles"][s] if f.get("role") in ("manager", None) else "–"
               for s in ("coaching", "directive", "neutral")},
            "questions": "–" if f["questions"] is None else f["questions"],
            "advice": "–" if f["advice"] is None else f["advice"],
            "Q:advice": format_ratio(f), "coaching%": _pct(f["coaching_share"]),
            "open Q%": _pct(f["open_question_share"]), "reflect:Q": _num(f["reflection_to_question_ratio"]),
        })
    return pd.DataFrame(rows)


def acts_frame(speakers: list[dict[str, Any]]) -> pd.DataFrame:
    """Act counts per speaker (rows: acts, columns: speakers)."""
    data = {f["speaker"]: [(f["acts"] or {}).get(a, "–") for a in ACTS] for f in speakers}
    return pd.DataFrame(data, index=list(ACTS))


def staff_frame(speakers: list[dict[str, Any]]) -> pd.DataFrame:
    """Staff label counts per person being managed (rows: labels, columns: speakers)."""
    data = {f["speaker"]: [f["staff_acts"].get(a, 0) for a in STAFF_ACTS] for f in speakers}
    return pd.DataFrame(data, index=list(STAFF_ACTS))


def _share(value: Any, empty: str = "not enough to say") -> str:
    return empty if value is None else f"{value:.0%}"


def conversation_lines(fig: dict[str, Any]) -> list[str]:
    """The conversation's ownership figures in words, each with its "not enough to say" state."""
    if not fig:
        return []
    lines = [
        f"solution ownership: {_share(fig.get('solution_ownership'))}"
        + (f" ({fig['staff_options']} staff options, {fig['manager_advice']} manager advice)"
           if fig.get("solution_ownership") is not None else ""),
        f"coaching loops: {_share(fig.get('coaching_loop_share'))}"
        + (f" ({fig['coaching_loops']} of {fig['manager_open_questions']} open questions led to an option or insight)"
           if fig.get("coaching_loop_share") is not None else ""),
    ]
    if fig.get("staff_commitments") is not None:
        lines.append(f"staff commitments: {fig['staff_commitments']} ({fig['staff_commitments_own']} their own idea, "
                     f"{fig['staff_commitments_manager']} the manager's)")
        per10 = fig.get("missed_coaching_moments_per_10_min")
        lines.append(f"missed coaching moments: {fig['missed_coaching_moments']}"
                     + (f" ({per10:.2f} per 10 min)" if per10 is not None else ""))
    lines.append(f"staff talk share: {_share(fig.get('staff_talk_share'), 'no staff')}")
    return lines


#: What the abbreviated headings of the figures table mean, printed under it.
LEGEND = (
    "Q:advice = (open + closed questions) ÷ (advice + instructions + leading questions).",
    "coaching% = coaching ÷ (coaching + directive) sentences.",
    "open Q% = open questions ÷ (open + closed questions).",
    "reflect:Q = reflections ÷ (open + closed questions).",
)


def alternatives_lines(sentences: pd.DataFrame) -> list[str]:
    """Each directive sentence with the coaching question that could have taken its place
    (present only when the analysis was asked for alternatives)."""
    if "alternative" not in sentences.columns:
        return []
    chosen = sentences[sentences["alternative"].fillna("") != ""]
    lines = ["", f"Coaching alternatives ({len(chosen)} directive sentence{'s' if len(chosen) != 1 else ''}):"]
    for row in chosen.itertuples(index=False):
        when = f" {_clock(row.start)}" if pd.notna(row.start) else ""
        lines += [f"  {row.speaker}{when} ({row.act}): {row.text}", f"    instead: {row.alternative}"]
    return lines


def _clock(seconds: float) -> str:
    """The HTML report's m:ss / h:mm:ss, so a moment is at the same time on the terminal and the page."""
    from analyzer.reports.charts import clock

    return clock(float(seconds))


#: Width the missed moments are wrapped to: fixed, so the output reads the same in every
#: terminal, in a file and in the docs (the figures table above is about as wide).
WRAP = 100


def moments_lines(sentences: pd.DataFrame, conversation: dict[str, Any]) -> list[str]:
    """Each missed coaching moment: the staff's exploring sentences, the manager's telling
    one, and a coaching question instead; or one line saying why there is none."""
    from analyzer.moments import missed_moments, no_moments_reason

    reason = no_moments_reason(conversation)
    if reason:
        return ["", f"No missed coaching moments: {reason}."]
    moments = missed_moments(sentences, conversation)
    per10 = conversation.get("missed_coaching_moments_per_10_min")
    lines = ["", *textwrap.wrap(
        f"Missed coaching moments ({len(moments)}{f', {per10:.2f} per 10 min' if per10 is not None else ''}): "
        "the person being managed was exploring, and the manager's next turn told them.", WRAP)]
    for number, moment in enumerate(moments, 1):
        lines.append("")
        lines += _moment_side(f"{number}. ", moment["staff_turn"], moment["staff_rows"], "was exploring")
        lines += _moment_side(" " * len(f"{number}. "), moment["manager_turn"], [moment["manager_row"]], "told them")
        if moment["alternative"]:
            lines += textwrap.wrap(f"A coaching question instead: {moment['alternative']}", WRAP,
                                   initial_indent=" " * len(f"{number}. "), subsequent_indent=" " * 5)
    return lines


def _moment_side(indent: str, turn: dict[str, Any] | None, rows: list[int | None], verb: str) -> list[str]:
    """One side of a moment: who and when, then its key sentences with their labels, wrapped."""
    if turn is None:
        return [f"{indent}(the other speaker's turn: left out by --speaker)"]
    said = [s for s in turn["sentences"] if s["row"] in rows]
    start = next((s["start"] for s in said if s["start"] is not None), turn["start"])
    when = _clock(start) if start is not None else f"turn {turn['turn'] + 1}"
    lines = [f"{indent}{when}  {turn['speaker']} {verb}:"]
    for sentence in said:
        label = sentence.get("act") or sentence.get("staff_act") or "unlabelled"
        lines += textwrap.wrap(f"{label}: {sentence['text']}", WRAP, initial_indent=" " * (len(indent) + 2),
                               subsequent_indent=" " * (len(indent) + 4))
    return lines


def render_table(analysis, *, moments: bool = False) -> str:
    """The whole terminal report as text; ``moments`` lists the missed coaching moments.

    Columns are padded by the width a terminal gives each character, so a name in Chinese
    or with an emoji (two columns each) does not push the rest of its row out of line.
    """
    n_turns = analysis.sentences["turn"].nunique() if len(analysis.sentences) else 0
    head = f"{analysis.file}  ({analysis.format}, {n_turns} turns, {len(analysis.sentences)} sentences)"
    with pd.option_context("display.unicode.east_asian_width", True):
        parts = [head, "", figures_frame(analysis.speakers).to_string(index=False)]
        managers = [f for f in analysis.speakers if f.get("role") in ("manager", None)]
        if managers and all(f["acts"] is not None for f in managers):
            parts += ["", "Manager sentences per act:", acts_frame(managers).to_string()]
        staff = [f for f in analysis.speakers if f.get("staff_acts")]
        if staff:
            parts += ["", "Staff sentences per label (staff_act):", staff_frame(staff).to_string()]
    conversation = getattr(analysis, "conversation", {})
    if conversation:
        parts += ["", "Who owns the solution:", *(f"  {line}" for line in conversation_lines(conversation))]
    parts += ["", *LEGEND]
    if moments:
        parts += moments_lines(analysis.sentences, conversation)
    parts += alternatives_lines(analysis.sentences)
    parts += [f"note: {n}" for n in analysis.notes]
    unlabelled = any(n.startswith("no staff-side model") for n in analysis.notes)  # says it once, with the path
    parts += [f"note: {n}" for n in conversation.get("notes", [])
              if not (unlabelled and n.startswith("the staff sentences are not labelled"))]
    parts += [f"note: {f['speaker']}: {n}" for f in analysis.speakers for n in f["notes"]]
    return "\n".join(parts) + "\n"
