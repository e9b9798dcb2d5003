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
from analyzer.readers.speakers import lines_to_utterances
from analyzer.transcript import Utterance, merge_turns

_TAG_RE = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def read_srt(text: str, path: str | Path) -> list[Utterance]:
    """Read a SubRip file into merged speaker turns; cues without a name are Unknown."""
    utterances: list[Utterance] = []
    for subtitle in _parse(text, path):
        lines = [_TAG_RE.sub("", line).strip() for line in subtitle.content.splitlines()]
        start, end = subtitle.start.total_seconds(), subtitle.end.total_seconds()
        utterances.extend(lines_to_utterances(lines, start=start, end=end))
    return merge_turns(utterances)


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
