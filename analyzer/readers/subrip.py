"""SubRip (.srt) subtitles, with or without ``Name:`` prefixes in the cue text.

Named ``subrip`` rather than ``srt`` so it never shadows the ``srt`` library it uses.
Where the library falls short:

* ``srt.SRTParseError`` quotes the unparsable text in its message; transcript text must
  never reach the terminal, so only the line number is reported.
* ``srt.parse`` is lazy: errors surface while iterating, so the whole file is parsed
  inside the ``try``.
* Cue text keeps formatting tags (``<i>``, ``<font color=...>``, ``{\\an8}``); they are
  stripped.
"""

from __future__ import annotations

import re
from pathlib import Path

import srt

from analyzer.errors import InputError
from analyzer.readers.speakers import CueSpeakers
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

_TAG_RE = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def read_srt(text: str, path: str | Path) -> list[Utterance]:
    """Read a SubRip file into merged speaker turns (who speaks: :class:`CueSpeakers`)."""
    cues = [(_lines(subtitle), subtitle.start.total_seconds(), subtitle.end.total_seconds())
            for subtitle in _parse(text, path)]
    cues.sort(key=lambda cue: cue[1])  # in the order they are spoken, as players show them
    speakers = CueSpeakers(lines[0] for lines, _, _ in cues if lines)
    utterances: list[Utterance] = []
    for lines, start, end in cues:
        previous = utterances[-1].speaker if utterances else UNKNOWN_SPEAKER
        utterances.extend(speakers.utterances(lines, previous, start, end))
    return merge_turns(utterances)


def _lines(subtitle: srt.Subtitle) -> list[str]:
    """The cue's non-blank lines without formatting tags."""
    return [line for line in (_TAG_RE.sub("", raw).strip() for raw in subtitle.content.splitlines()) if line]


def _parse(text: str, path: str | Path) -> list[srt.Subtitle]:
    """Parse with the ``srt`` library, turning its errors into one-line InputErrors."""
    try:
        return list(srt.parse(text))
    except srt.SRTParseError as error:
        line = _line_of(text, error.expected_start, error.actual_start)
        raise InputError(f"is not valid SubRip: cannot read the cue at line {line}", path) from None
    except srt.TimestampParseError:
        raise InputError("is not valid SubRip: a cue has an unreadable timestamp", path) from None


def _line_of(text: str, start: int, stop: int) -> int:
    """Return the 1-based line of the first non-blank character in ``text[start:stop]``."""
    chunk = text[start:stop]
    offset = start + len(chunk) - len(chunk.lstrip())
    return text.count("\n", 0, offset) + 1
