"""Microsoft Teams transcripts downloaded as Word (.docx).

Teams has written two layouts over the years, and both are in circulation:

* newer: a ``Name   0:03`` (or ``Name   1:02:03``) paragraph, then the text paragraph(s);
  only start times, so a turn ends where the next starts.
* older: ``00:00:02.600 --> 00:00:05.300``, then the name, then the text, either as
  separate paragraphs or as one paragraph with line breaks.

Both start with a preamble (meeting title, date, duration) and contain ``Name started
transcription`` events; neither is speech, so both are dropped.

Other Word files are read by :func:`analyzer.readers.read_transcript` from what this
module opens: a table of turns (:mod:`analyzer.readers.word_tables`), else the paragraphs
as plain text (a role-play typed up as ``Name: text`` paragraphs). Named ``docx_teams`` so
it never shadows the ``docx`` library.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from analyzer.errors import InputError
from analyzer.readers.speakers import is_speaker_name, normalise_name, split_speaker
from analyzer.readers.timecodes import CLOCK_PATTERN, parse_clock
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns
from analyzer.zip_limits import check_zip

#: What a Word transcript's parts may unpack to in all. A day-long meeting's document.xml
#: is a few MB; Word's XML is also what python-docx holds in memory (several times over).
MAX_DOCX_UNPACKED = 100 * 2**20

_TIMING_RE = re.compile(rf"^({CLOCK_PATTERN})\s*-->\s*({CLOCK_PATTERN})$")
# ``Name   0:03``: Teams puts several spaces between name and time.
_HEADER_RE = re.compile(r"^(?P<name>\S.*?)(?P<gap>\s+)(?P<time>\d{1,2}:\d{2}(?::\d{2})?)$")
# Teams' preamble ends with the meeting's length: ``12m 3s``, ``1h 2m 3s``, ``45s``.
_DURATION_RE = re.compile(r"^(?:\d+h\s*)?(?:\d+m\s*)?\d+s$")
_PREAMBLE_LINES = 4
# A display name may end in an abbreviation: ``Samuel Jackson Jr.``, ``Tom B.``.
_ABBREVIATION_END_RE = re.compile(r"\s[A-Z][a-z]{0,2}\.$")
_EVENT_RE = re.compile(r"^.{1,80}\s(started|stopped) transcription$", re.IGNORECASE)

# What python-docx raises for a file that is not a Word document: not a zip, a zip
# without the Word parts, another Office type (ValueError), or broken XML inside.
# AttributeError: python-docx on a zip whose [Content_Types].xml is not what Word writes.
_NOT_DOCX_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, AttributeError, PackageNotFoundError, XMLSyntaxError)


@dataclass
class _Block:
    """The lines after one header: newer (name known) or older (name is the first line)."""

    speaker: str | None
    start: float | None
    end: float | None = None
    lines: list[str] = field(default_factory=list)


def read_docx(data: bytes, path: str | Path) -> list[Utterance]:
    """Read a .docx as a Teams transcript (either layout), whatever else it may be."""
    lines = [line for paragraph in docx_paragraphs(open_docx(data, path)) for line in paragraph if line]
    return _turns(_blocks(lines))


def read_teams_layout(lines: list[str]) -> list[Utterance] | None:
    """The turns of a Teams transcript (none if it has no speech), or None for a typed one.

    Teams' own marks decide: a ``-->`` timing line, a ``Name   0:03`` header with Teams'
    wide gap, or its preamble's duration line or a ``started transcription`` event above a
    header. Speech under them may have ``Name:``-like lines (``Bed 1: Mrs Adeyemi ...``).
    Without those marks, two ``Name 0:03`` headers (one space) make a layout, but one must
    outnumber the typed ``Name: text`` lines: a typed role-play titled ``Weekly Sync 9:30``
    has one such line. A document with Teams' marks and no typed names is Teams' even
    without speech (it is then refused).
    """
    lines = [line for line in lines if line]
    blocks = _blocks(lines)
    marked = _preamble_end(lines) > 0 or any(_EVENT_RE.match(line) for line in lines)
    if len(blocks) >= 2 or (blocks and (marked or any(_is_teams_header(line) for line in lines))):
        return _turns(blocks)
    typed = sum(split_speaker(line)[0] is not None for line in lines)
    return _turns(blocks) if len(blocks) > typed or (typed == 0 and marked) else None


def _is_teams_header(line: str) -> bool:
    """A ``-->`` timing line or a ``Name   0:03`` header with Teams' wide gap."""
    return _TIMING_RE.match(line) is not None or (_wide_gap(_HEADER_RE.match(line)) and _header(line) is not None)


def _turns(blocks: list[_Block]) -> list[Utterance]:
    return merge_turns([_utterance(block, _next_start(blocks, i)) for i, block in enumerate(blocks)])


def open_docx(data: bytes, path: str | Path) -> DocxDocument:
    """The Word document, or an InputError if the bytes are not one.

    The archive is checked first (:mod:`analyzer.zip_limits`): a zip bomb or a damaged
    member is one line, not a MemoryError or a ``zlib.error``.
    """
    check_zip(data, MAX_DOCX_UNPACKED, path, "a Word file")
    try:
        return docx.Document(io.BytesIO(data))
    except (*_NOT_DOCX_ERRORS, zlib.error):
        raise InputError(
            "is not a valid .docx file (cannot open it as a Word document)", path
        ) from None


def docx_paragraphs(document: DocxDocument) -> list[list[str]]:
    """The stripped lines of each paragraph of the body (a line break splits a paragraph).

    Tables, headers, footers and text boxes are not read here.
    """
    return [[line.strip() for line in paragraph.text.splitlines()] or [""] for paragraph in document.paragraphs]


def _blocks(lines: list[str]) -> list[_Block]:
    """Group lines under their header; lines before the first header are the preamble."""
    blocks: list[_Block] = []
    for line in lines[_preamble_end(lines):]:
        timing = _TIMING_RE.match(line)
        header = None if timing else _header(line)
        if timing:
            start, end = (_seconds(value) for value in timing.groups())
            blocks.append(_Block(None, start, end))
        elif header:
            blocks.append(_Block(header[0], header[1]))
        elif blocks and not _EVENT_RE.match(line):
            blocks[-1].lines.append(line)
    return blocks


def _preamble_end(lines: list[str]) -> int:
    """Where the speech starts: after Teams' ``12m 3s`` duration line when the file opens
    with the preamble (title, date, duration). A title that ends in a time (``Daily Sync
    9:30``) would otherwise read as a ``Name 0:03`` header."""
    for index, line in enumerate(lines[:_PREAMBLE_LINES]):
        if _TIMING_RE.match(line) or (_header(line) and _wide_gap(_HEADER_RE.match(line))):
            return 0  # Teams' own header came first, so a "45s" after it is something someone said
        if _DURATION_RE.match(line):
            return index + 1
    return 0


def _header(line: str) -> tuple[str, float] | None:
    """Return ``(name, start)`` for a newer-layout ``Name   0:03`` line, else None.

    With Teams' wide gap the name is trusted like an older-layout name line; with a
    single space the line could be prose ending in a time, so the strict rule applies.
    """
    match = _HEADER_RE.match(line)
    if match is None:
        return None
    name, wide_gap = match["name"], _wide_gap(match)
    if not (is_teams_name(name) if wide_gap else is_speaker_name(name)):
        return None
    try:
        return normalise_name(name), parse_clock(match["time"])
    except ValueError:
        return None


def _wide_gap(header: re.Match[str] | None) -> bool:
    """Teams puts several spaces or a tab between name and time; a typed line has one."""
    return header is not None and (len(header["gap"]) > 1 or "\t" in header["gap"])


def is_teams_name(line: str) -> bool:
    """Say whether a line in a name position can be a Teams display name.

    Organisations show names like ``Lopez, Maria (Ward 7)``, which the strict ``Name:``
    rule refuses; here the layout already says it is a name, so only prose is excluded
    (a final period only after an abbreviation such as ``Jr.``, in a line with no lower-case
    word, so ``I handed the bleep to Jo.`` stays speech).
    """
    if len(line) > 60 or not line[0].isalpha() or line.endswith(("?", "!", ":")):
        return False
    if not line.endswith("."):
        return True
    return _ABBREVIATION_END_RE.search(line) is not None and not any(w[0].islower() for w in line.split())


def _seconds(clock: str) -> float | None:
    """Read a timing-line clock; an impossible one (``0:75.0``) becomes "no time"."""
    try:
        return parse_clock(clock)
    except ValueError:
        return None


def _next_start(blocks: list[_Block], index: int) -> float | None:
    """The start of the block after ``index``: the end of a newer-layout turn."""
    return blocks[index + 1].start if index + 1 < len(blocks) else None


def _utterance(block: _Block, next_start: float | None) -> Utterance:
    """Make the block's turn; an older-layout block takes its name from its first line."""
    if block.speaker is not None:
        return Utterance(block.speaker, " ".join(block.lines), block.start, next_start)
    lines = block.lines
    if len(lines) >= 2 and is_teams_name(lines[0]):
        return Utterance(normalise_name(lines[0]), " ".join(lines[1:]), block.start, block.end)
    return Utterance(UNKNOWN_SPEAKER, " ".join(lines), block.start, block.end)
