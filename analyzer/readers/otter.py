"""Otter.ai text exports: a ``Speaker Name  0:03`` header line, the text, a blank line.

Otter writes only the start of each block, so a block ends where the next one starts;
the last block has no end. The ``Transcribed by https://otter.ai`` footer that the free
plan appends is not speech and is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from analyzer.readers.speakers import is_display_name, is_speaker_name, normalise_name
from analyzer.readers.timecodes import parse_clock
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

# Name, one or more spaces (Otter uses two), then m:ss or h:mm:ss, nothing else.
HEADER_RE = re.compile(r"^(?P<name>\S.*?)\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)$")
_FOOTER_RE = re.compile(r"^transcribed by\s+(https?://)?otter\.ai\b", re.IGNORECASE)


def parse_header(line: str) -> tuple[str, float] | None:
    """Return ``(name, start)`` if ``line`` is an Otter block header, else None.

    Otter names speakers from the meeting's display names (``Okafor, Daniel``, ``Ann Smith
    | HR``), so the looser rule of video-call names applies too: a name followed by nothing
    but a time, at the start of a block, is a layout no sentence has.
    """
    match = HEADER_RE.match(line.strip())
    if match is None or not (is_speaker_name(match["name"]) or is_display_name(match["name"])):
        return None
    try:
        return normalise_name(match["name"]), parse_clock(match["time"])
    except ValueError:
        return None


def read_otter(text: str, path: str | Path) -> list[Utterance]:
    """Read an Otter export; text before the first header is kept, as Unknown.

    A header only counts at the start of a block (first line, or after a blank line), so
    a text line that happens to end in a time is not taken for a new speaker.
    """
    del path  # every line is either a header or text, so nothing can be malformed
    blocks: list[tuple[str, float | None, list[str]]] = [(UNKNOWN_SPEAKER, None, [])]
    block_start = True
    for raw in text.splitlines():
        line = raw.strip()
        header = parse_header(line) if block_start else None
        if header is not None:
            blocks.append((header[0], header[1], []))
        elif line and not _FOOTER_RE.match(line):
            blocks[-1][2].append(line)
        block_start = not line
    return merge_turns(_with_ends(blocks))


def _with_ends(blocks: list[tuple[str, float | None, list[str]]]) -> list[Utterance]:
    """Give each block the next block's start as its end (Otter writes no end times)."""
    utterances = []
    for index, (speaker, start, lines) in enumerate(blocks):
        end = blocks[index + 1][1] if index + 1 < len(blocks) else None
        utterances.append(Utterance(speaker, " ".join(lines), start, end))
    return utterances
