"""Plain text transcripts: one ``Name: text`` turn per line.

This is what people type or paste by hand, and what several tools export as ``.txt``, so
it is the most forgiving format:

* a line without a name continues the previous turn (wrapped lines, paragraphs), and a
  file with no names at all is still read, as one Unknown speaker;
* a time in front of a line (``00:01:02 Name: text``, ``[00:01:02] Name: text``), on a
  line of its own (Google Meet), or after the name (Rev: ``Speaker 1 (00:04):``) is the
  start of the next turn, never part of the speech;
* Google Meet's title line (``Weekly 1:1 - Transcript``) is not speech.

A turn's end is the next turn's start: these exports write start times only. Times are
kept only when every turn has one (see :func:`_with_ends`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.readers.speakers import is_speaker_name, normalise_name, split_speaker
from analyzer.readers.timecodes import CLOCK_PATTERN, parse_clock
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

# ``00:01:02``, ``[00:01:02]`` or ``(1:02)`` before the rest of the line (or alone on it).
_LEADING_TIME_RE = re.compile(r"^[\[(]?(?P<time>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?(?:\s+(?P<rest>.*))?$")
# Rev: ``Speaker 1 (00:04):`` with the text on the same line or the next.
_NAME_TIME_RE = re.compile(rf"^(?P<name>[^:()\[\]]{{1,60}}?)\s*\((?P<time>{CLOCK_PATTERN})\)\s*:(?:\s+(?P<text>.*))?$")
_MEET_TITLE_RE = re.compile(r"^.{1,200}\s-\sTranscript$", re.IGNORECASE)


@dataclass
class _Turn:
    speaker: str
    start: float | None = None
    parts: list[str] = field(default_factory=list)


def read_text(text: str, path: str | Path) -> list[Utterance]:
    """Read a plain text transcript; ``path`` is unused: plain text cannot be malformed."""
    del path
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and _MEET_TITLE_RE.match(lines[0]):
        lines = lines[1:]
    turns = [_Turn(UNKNOWN_SPEAKER)]
    pending: float | None = None  # a time on a line of its own, for the turn that follows
    for line in lines:
        time, name, body = _read_line(line)
        if name is not None:
            turns.append(_Turn(name, time if time is not None else pending))
        elif time is not None and not body:
            pending = time
            continue
        pending = None
        if body:
            turns[-1].parts.append(body)
    return merge_turns(_with_ends(turns))


def _read_line(line: str) -> tuple[float | None, str | None, str]:
    """``(time, name, text)`` of one line; a time counts only where it cannot be speech:
    alone on the line, or in front of or inside a speaker's name."""
    match = _LEADING_TIME_RE.match(line)
    if match is not None:
        rest = (match["rest"] or "").strip()
        name, body, named_time = _speaker_and_time(rest) if rest else (None, "", None)
        if not rest or name is not None:
            time = _clock(match["time"])
            if time is not None:
                return (named_time if named_time is not None else time), name, body
    name, body, time = _speaker_and_time(line)
    return time, name, body


def _clock(value: str) -> float | None:
    try:
        return parse_clock(value)
    except ValueError:
        return None


def _speaker_and_time(line: str) -> tuple[str | None, str, float | None]:
    """``(name, text, time)`` of a ``Name: text`` or Rev ``Name (0:04): text`` line."""
    rev = _NAME_TIME_RE.match(line)
    if rev is not None and is_speaker_name(rev["name"]) and (time := _clock(rev["time"])) is not None:
        return normalise_name(rev["name"]), (rev["text"] or "").strip(), time
    name, body = split_speaker(line)
    return name, body, None


def _with_ends(turns: list[_Turn]) -> list[Utterance]:
    """Each turn ends where the next starts, if every turn has a time; else none has one.

    Google Meet writes a time every few turns. Turns without times would get no talk time
    while the timed ones took theirs too, so talk time by the clock would be wrong.
    """
    spoken = [turn for turn in turns if turn.parts]
    timed = all(turn.start is not None for turn in spoken)
    starts = [turn.start if timed else None for turn in spoken]
    return [Utterance(turn.speaker, " ".join(turn.parts), start, end)
            for turn, start, end in zip(spoken, starts, [*starts[1:], None][: len(starts)], strict=True)]
