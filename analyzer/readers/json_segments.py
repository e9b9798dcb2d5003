"""JSON segment lists: Whisper / WhisperX output, or a plain list of turn objects.

Accepted shapes:

* ``{"segments": [{"start", "end", "text", "speaker"?}, ...]}`` as Whisper and WhisperX
  write it. Plain Whisper has no speakers (all Unknown); WhisperX labels them
  ``SPEAKER_00``, kept as-is so the user can rename them later.
* ``[{"speaker", "text", "start"?, "end"?}, ...]``, the simplest thing to produce by hand.

Named ``json_segments`` so it never shadows the standard ``json`` module. Errors name
the segment (1-based) and the problem, never its text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from analyzer.errors import InputError
from analyzer.readers.speakers import normalise_name
from analyzer.readers.timecodes import parse_time
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

_SURROGATE = re.compile("[\ud800-\udfff]")


def read_json(text: str, path: str | Path) -> list[Utterance]:
    """Read a Whisper-style or list-of-turns JSON file into merged speaker turns."""
    segments = _segments(_load(text, path), path)
    return merge_turns([_utterance(seg, n, path) for n, seg in enumerate(segments, 1)])


def _load(text: str, path: str | Path) -> Any:
    """Parse JSON, reporting where it breaks (line/column) but not what is there."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError(f"is not valid JSON ({error.msg} at {where})", path) from None
    except RecursionError:
        raise InputError("is JSON nested too deeply to be a transcript", path) from None


def _segments(data: Any, path: str | Path) -> list[Any]:
    """Find the segment list in either accepted shape."""
    if isinstance(data, dict):
        if "segments" not in data:
            raise InputError('is JSON without a "segments" list', path)
        data = data["segments"]
    if not isinstance(data, list):
        raise InputError('is JSON but not a list of segments or {"segments": [...]}', path)
    return data


def _utterance(segment: Any, number: int, path: str | Path) -> Utterance:
    """Turn one segment object into an Utterance, validating each field."""
    if not isinstance(segment, dict):
        raise InputError(f"segment {number} is not an object", path)
    if "text" not in segment or segment["text"] is None:
        raise InputError(f"segment {number} has no text", path)
    if not isinstance(segment["text"], str):
        raise InputError(f"segment {number} has text that is not a string", path)
    return Utterance(
        speaker=_speaker(segment.get("speaker"), number, path),
        text=_whole_characters(segment["text"]),
        start=_time(segment, "start", number, path),
        end=_time(segment, "end", number, path),
    )


def _speaker(value: Any, number: int, path: str | Path) -> str:
    """Return the speaker label; missing or blank means Unknown, numbers become text."""
    if value is None:
        return UNKNOWN_SPEAKER
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"segment {number} has a speaker that is not a string", path)
    return normalise_name(_whole_characters(str(value))) or UNKNOWN_SPEAKER


def _whole_characters(text: str) -> str:
    """JSON's ``\\ud83d`` escapes can leave half an emoji (a lone surrogate), which no
    UTF-8 output can hold; it becomes U+FFFD, as an undecodable byte does elsewhere."""
    return _SURROGATE.sub("\ufffd", text)


def _time(segment: dict[str, Any], key: str, number: int, path: str | Path) -> float | None:
    """Return the segment's ``start``/``end`` in seconds, None when absent."""
    try:
        return parse_time(segment.get(key))
    except (TypeError, ValueError):
        raise InputError(f"segment {number} has an invalid {key} time", path) from None
