"""WebVTT captions from Zoom (``Name: text`` in the cue) and Teams (``<v Name>`` tags).

webvtt-py does the block parsing: the header, cue identifiers (Zoom's numbers, Teams'
UUIDs), NOTE and STYLE blocks, and Teams' unpadded ``0:0:13.540`` timestamps, which
version 0.6.0 accepts. Where it falls short, this module works around it:

* A cue whose timing line it cannot read (``00:00:01,000`` with a comma, ``1:75.000``)
  is silently dropped. Silently losing speech would bias every figure, so the timing
  lines are checked first and a bad one is an InputError naming the line.
* ``Caption.voice`` only looks at a ``<v>`` tag at the very start of the cue, and
  ``Caption.text`` strips all tags, so a cue with two voices (``<v A>Hi</v> <v B>Hello``)
  would be given wholly to A. Such cues are split by voice span here.
* ``Caption.text`` leaves character references (``&amp;``) escaped; they are unescaped.
* ``Caption.start_in_seconds`` drops the milliseconds; milliseconds are used instead.
* A file without the ``WEBVTT`` header is refused outright; a header is added when the
  text has cue timings, so a hand-trimmed file still reads.
* A blank line ends a cue, and text after it without a timing line of its own is skipped
  without a word; that text is joined to the cue before it (see :func:`_with_orphans_joined`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Caption, Timestamp

from analyzer.errors import InputError
from analyzer.readers.speakers import CueSpeakers, normalise_name
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

# The timings webvtt-py 0.6.0 reads: [h:]m:ss.fff with or without zero padding.
_TIMESTAMP = r"(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}"
_TIMING_RE = re.compile(rf"\s*({_TIMESTAMP})\s*-->\s*({_TIMESTAMP})(?:\s|$)")
_ARROWLESS_RE = re.compile(rf"\s*{_TIMESTAMP}\s+{_TIMESTAMP}\s*$")
_VOICE_RE = re.compile(r"<v(?:\.[\w-]+)*\s+([^>]+)>")
_TAG_RE = re.compile(r"<[^>]*>")
#: WebVTT's line terminators, which are what webvtt-py splits lines on.
_LINE_END_RE = re.compile(r"\r\n|\r|\n")
#: A cue identifier as Zoom (``12``) and Teams (``3b8f2a1e-.../12-0``) write them: one token with a digit.
_IDENTIFIER_RE = re.compile(r"[\w-]*\d[\w/-]*")


def read_vtt(text: str, path: str | Path) -> list[Utterance]:
    """Read a WebVTT file into merged speaker turns."""
    _check_timings(text, path)  # before any rewriting, so line numbers match the file
    text = _with_orphans_joined(_with_header(text.lstrip("\ufeff \t\r\n"), path))
    try:
        captions = webvtt.WebVTT.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        raise InputError(f"is not valid WebVTT ({type(error).__name__})", path) from None
    # In the order they are spoken, as players show them: a cue moved while editing came
    # out of order, and a turn then ended before it started or the times ran backwards.
    captions = sorted(captions, key=lambda caption: caption.start_time.in_milliseconds())
    cues = [(caption, None if _voiced(caption) else _lines(caption)) for caption in captions]
    speakers = CueSpeakers(lines[0] for _, lines in cues if lines)
    utterances: list[Utterance] = []
    for caption, lines in cues:
        previous = utterances[-1].speaker if utterances else UNKNOWN_SPEAKER
        utterances.extend(_caption_utterances(caption, lines, speakers, previous))
    return merge_turns(utterances)


def _with_header(text: str, path: str | Path) -> str:
    """Add the ``WEBVTT`` header webvtt-py insists on, if the text has cue timings."""
    if text.startswith("WEBVTT"):
        return text
    if any(_TIMING_RE.match(line) for line in text.splitlines()):
        return "WEBVTT\n\n" + text
    raise InputError("is not WebVTT: no WEBVTT header and no cue timings", path)


def _with_orphans_joined(text: str) -> str:
    """The text with each block that follows a cue but has no timing line joined to that cue.

    A transcriber's blank line between two paragraphs of one turn ended the cue, and
    webvtt-py skipped the paragraph after it, so speech was lost without a word; SubRip
    keeps such lines in the cue, and so does this. Blocks are cut as webvtt-py cuts them,
    at empty lines only. Comments (``NOTE``) stay comments, and a lone cue identifier
    separated from its timing line by a blank line (``3``) is not made speech.
    """
    blocks = _blocks(_LINE_END_RE.split(text))
    joined: list[list[str]] = []
    for index, block in enumerate(blocks):
        if joined and _is_cue(joined[-1]) and _is_orphan(block, blocks[index + 1 : index + 2]):
            joined[-1].extend(block)
        else:
            joined.append(block)
    return "\n\n".join("\n".join(block) for block in joined) + "\n"


def _blocks(lines: list[str]) -> list[list[str]]:
    """The lines in blocks separated by empty lines (a line of spaces is not empty to WebVTT)."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _is_cue(block: list[str]) -> bool:
    return any("-->" in line for line in block)


def _is_orphan(block: list[str], following: list[list[str]]) -> bool:
    """Text with no timing line, which is neither a comment, style or region block nor a
    cue identifier standing above the next cue's timing line (or at the end of a cut file)."""
    if _is_cue(block) or block[0].startswith(("NOTE", "STYLE", "REGION")):
        return False
    identifier = len(block) == 1 and _IDENTIFIER_RE.fullmatch(block[0]) is not None
    return not (identifier and (not following or "-->" in following[0][0]))


def _check_timings(text: str, path: str | Path) -> None:
    """Refuse a timing line webvtt-py would skip without a word (see module docstring),
    including one that lost its ``-->``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if ("-->" in line and not _valid_timing(line)) or _ARROWLESS_RE.match(line):
            raise InputError(f"line {number} has an invalid WebVTT cue timing", path)


def _valid_timing(line: str) -> bool:
    """Say whether ``line`` is a cue timing line with readable times."""
    match = _TIMING_RE.match(line)
    if match is None:
        return False
    try:
        for value in match.groups():
            Timestamp.from_string(value)
    except MalformedCaptionError:
        return False
    return True


def _voiced(caption: Caption) -> bool:
    """Say whether the cue names its speakers with ``<v>`` tags (Teams)."""
    return caption.voice is not None or _VOICE_RE.search(caption.raw_text) is not None


def _lines(caption: Caption) -> list[str]:
    """The cue's text lines, tags dropped and references unescaped, blank ones left out."""
    return [line for line in (_clean(line) for line in caption.text.splitlines()) if line]


def _caption_utterances(caption: Caption, lines: list[str] | None, speakers: CueSpeakers,
                        previous: str) -> list[Utterance]:
    """Return the turns of one cue: by voice tag (Teams), else from its text ``lines`` by
    ``Name:`` prefix (Zoom; see :class:`CueSpeakers` for a cue without one)."""
    start = caption.start_time.in_milliseconds() / 1000
    end = caption.end_time.in_milliseconds() / 1000
    if lines is not None:
        return speakers.utterances(lines, previous, start, end)
    raw = caption.raw_text
    if len(_VOICE_RE.findall(raw)) > 1 or not caption.voice:
        return _split_voices(raw, start, end)
    return [Utterance(normalise_name(caption.voice), _clean(caption.text), start, end)]


def _split_voices(raw: str, start: float, end: float) -> list[Utterance]:
    """Split cue text at each ``<v Name>`` tag; text before the first tag is Unknown."""
    pieces = _VOICE_RE.split(raw)
    utterances = [Utterance(UNKNOWN_SPEAKER, _clean(pieces[0]), start, end)]
    for name, text in zip(pieces[1::2], pieces[2::2], strict=True):
        utterances.append(Utterance(normalise_name(name), _clean(text), start, end))
    return [u for u in utterances if u.text]


def _clean(text: str) -> str:
    """Drop cue tags (``<i>``, ``</v>``) and unescape ``&amp;``-style references."""
    return " ".join(html.unescape(_TAG_RE.sub("", text)).split())
