"""Microsoft Teams transcripts downloaded as Word (.docx).

Teams has written two layouts over the years, and both are in circulation:

* newer: a ``Name   0:03`` (or ``Name   1:02:03``) paragraph, then the text paragraph(s);
  only start times, so a turn ends where the next starts.
* older: ``00:00:02.600 --> 00:00:05.300``, then the name, then the text, either as
  separate paragraphs or as one paragraph with line breaks.

Both start with a preamble (meeting title, date, duration) and contain ``Name started
transcription`` events; neither is speech, so both are dropped.

A Word file in neither layout (a role-play typed up as ``Name: text`` paragraphs, or as a
table of names and what they said) is read as plain text by
:func:`analyzer.readers.read_transcript`, from :func:`docx_paragraphs`. Named
``docx_teams`` so it never shadows the ``docx`` library.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Row
from lxml.etree import XMLSyntaxError

from analyzer.errors import InputError
from analyzer.readers.speakers import is_speaker_name, normalise_name
from analyzer.readers.timecodes import CLOCK_PATTERN, parse_clock
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

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


#: A table's first row is its header when its name column is headed so.
_NAME_HEADINGS = frozenset({"name", "person", "role", "speaker", "who"})


def read_docx(data: bytes, path: str | Path) -> list[Utterance]:
    """Read a Teams .docx (either layout) into merged speaker turns."""
    return read_teams_lines([line for paragraph in docx_paragraphs(data, path) for line in paragraph])


def read_teams_lines(lines: list[str]) -> list[Utterance]:
    """The turns of a Teams layout in a document's lines; none if it has neither layout."""
    blocks = _blocks([line for line in lines if line])
    return merge_turns(
        [_utterance(block, _next_start(blocks, i)) for i, block in enumerate(blocks)]
    )


def is_teams_document(lines: list[str]) -> bool:
    """Does the document carry Teams' marks (its preamble's duration line, or a ``started
    transcription`` event), even with no speech under them? Such a file is not read as text."""
    lines = [line for line in lines if line]
    return _preamble_end(lines) > 0 or any(_EVENT_RE.match(line) for line in lines)


def docx_paragraphs(data: bytes, path: str | Path) -> list[list[str]]:
    """The stripped lines of each paragraph and table row of the body, in document order.

    A line break splits a paragraph into lines. A table row becomes one ``Name: text``
    line (a cell before the name, such as a time, goes in front), and a header row such as
    ``Speaker | What was said`` is left out. Headers, footers and text boxes are not read.
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except _NOT_DOCX_ERRORS:
        raise InputError(
            "is not a valid .docx file (cannot open it as a Word document)", path
        ) from None
    paragraphs: list[list[str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            paragraphs.extend([line] for line in _table_lines(block))
        else:
            paragraphs.append([line.strip() for line in block.text.splitlines()] or [""])
    return paragraphs


def _table_lines(table: Table) -> list[str]:
    lines = []
    for index, row in enumerate(table.rows):
        cells = _row_texts(row)
        if len(cells) >= 2 and not (index == 0 and cells[-2].rstrip(":").strip().lower() in _NAME_HEADINGS):
            lines.append(" ".join([*cells[:-2], f"{cells[-2].rstrip(':').strip()}:", cells[-1]]))
        elif len(cells) == 1:
            lines.append(cells[0])
    return lines


def _row_texts(row: _Row) -> list[str]:
    """The row's non-empty cell texts, each once: a merged cell repeats in ``row.cells``."""
    texts, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                texts.append(text)
    return texts


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
    if not (_is_teams_name(name) if wide_gap else is_speaker_name(name)):
        return None
    try:
        return normalise_name(name), parse_clock(match["time"])
    except ValueError:
        return None


def _wide_gap(header: re.Match[str] | None) -> bool:
    """Teams puts several spaces or a tab between name and time; a typed line has one."""
    return header is not None and (len(header["gap"]) > 1 or "\t" in header["gap"])


def _is_teams_name(line: str) -> bool:
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
    if len(lines) >= 2 and _is_teams_name(lines[0]):
        return Utterance(normalise_name(lines[0]), " ".join(lines[1:]), block.start, block.end)
    return Utterance(UNKNOWN_SPEAKER, " ".join(lines), block.start, block.end)
