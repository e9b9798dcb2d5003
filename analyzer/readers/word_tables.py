"""Transcripts typed in Word as a table: one row per turn, the speaker in one cell and what
they said in another.

Trainers often type role-play scripts this way. A table is read as turns when

* its first row is a heading with a name column (``Speaker``, ``Who``, ``Role`` ...) or a
  text column (``What was said``, ``Dialogue``, ``Says`` ...); the other of the two is the
  column left, beside an optional time column, that holds the most text; or
* without a heading, when at least two thirds of the rows hold a name and a text (a row
  number or a time beside them allowed) or a single cell, and some name speaks twice or
  most of the texts end like sentences.

A row with a blank name cell, or with a single cell (a stage direction), goes on with the
last turn; a row holding only a name that speaks elsewhere in the table is skipped. Other
tables, such as a title block (``Trainer | Jane Smith``), a signature or a table of
actions, are layout, not speech. The layout says which cell holds the name, so a name is
taken as written (``Staff nurse``, ``Ward Manager (Sarah)``) unless it is a sentence.

Cells are read from the document's XML rather than through python-docx's table grid, which
raises on merged cells that Word itself accepts; a table nested in a cell is read as a table
of its own, and the fallback copy Word keeps of a text box is skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from analyzer.readers.docx_teams import is_teams_name
from analyzer.readers.speakers import normalise_name
from analyzer.readers.text import ends_like_sentence
from analyzer.readers.timecodes import parse_time
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

# fmt: off
_NAME_HEADINGS = frozenset({
    "character", "from", "name", "participant", "person", "role", "speaker", "speaker name", "who",
})
_TEXT_HEADINGS = frozenset({
    "comment", "comments", "content", "conversation", "dialog", "dialogue", "line", "lines", "message",
    "response", "said", "says", "script", "speech", "spoken", "statement", "text", "transcript",
    "transcription", "utterance", "verbatim", "what", "what they said", "what was said", "words",
})
_TIME_HEADINGS = frozenset({"start", "start time", "time", "timestamp", "timecode"})
# fmt: on
_ROW_NUMBER_RE = re.compile(r"\d{1,5}\.?")
#: A cell that is only a time: ``00:01:10``, ``[00:04]``, ``1:02 - 1:09``.
_TIME_CELL_RE = re.compile(r"[\[(]?(?P<clock>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?(?:\s*[-–]\s*\S+)?")
_TBL, _TR, _TC, _P, _T, _TAB, _BR, _CR = (qn(f"w:{tag}") for tag in ("tbl", "tr", "tc", "p", "t", "tab", "br", "cr"))
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

#: One row of a table of turns: (time cell, name cell, text cell), each possibly empty.
Row = tuple[str, str, str]


def table_turns(document: DocxDocument) -> list[Utterance]:
    """The turns of every table of turns in the document, in order; none if it has none."""
    rows = [row for table in _tables(document.element.body) for row in _speech_rows(table) or []]
    return merge_turns(_utterances(rows))


def _tables(body: Any) -> Iterator[list[list[str]]]:
    """Each table's rows of cell texts, in document order, nested tables included."""
    for table in body.iter(_TBL):
        if not any(ancestor.tag == _FALLBACK for ancestor in table.iterancestors()):
            yield [[_cell_text(cell) for cell in _own(row, _TC, _TR)] for row in _own(table, _TR, _TBL)]


def _own(parent: Any, tag: str, parent_tag: str) -> list[Any]:
    """The ``tag`` elements whose nearest ``parent_tag`` is ``parent``: its rows, cells or
    paragraphs, also when a content control (``w:sdt``) wraps them, but not a nested table's."""
    return [child for child in parent.iter(tag) if next(child.iterancestors(parent_tag), None) is parent]


def _cell_text(cell: Any) -> str:
    """The cell's own paragraphs (not those of a table nested in it); breaks and tabs are spaces."""
    return " ".join(" ".join(_paragraph_text(paragraph) for paragraph in _own(cell, _P, _TC)).split())


def _paragraph_text(paragraph: Any) -> str:
    return "".join(node.text or "" if node.tag == _T else " " for node in paragraph.iter(_T, _TAB, _BR, _CR))


def _speech_rows(table: list[list[str]]) -> list[Row] | None:
    """The table's turns as rows, or None if it is not a table of turns (see the module docstring)."""
    table = [row for row in table if any(row)]
    if not table:
        return None
    columns = _heading_columns(table)
    if columns is not None:
        time, name, text = columns
        return [(_at(row, time), _at(row, name), _at(row, text)) for row in table[1:]]
    rows = [_unheaded_row(row) for row in table]
    turns = [row for row in rows if row is not None and row[1]]
    if len(turns) < 2 or rows.count(None) * 3 > len(rows):
        return None
    names = Counter(name for _, name, _ in turns)
    sentences = sum(ends_like_sentence(text) for _, _, text in turns) * 2 >= len(turns)
    if max(names.values()) < 2 and not sentences:
        return None
    # a row holding only a name that speaks elsewhere is that name with nothing said
    return [(time, text, "") if not name and text in names else (time, name, text)
            for time, name, text in (row for row in rows if row is not None)]


def _heading_columns(table: list[list[str]]) -> tuple[int | None, int, int] | None:
    """(time, name, text) column positions if the first row heads a name or a text column."""
    headings = [cell.rstrip(":").strip().casefold() for cell in table[0]]
    time = next((i for i, h in enumerate(headings) if h in _TIME_HEADINGS), None)
    name = next((i for i, h in enumerate(headings) if h in _NAME_HEADINGS), None)
    text = next((i for i, h in enumerate(headings) if h in _TEXT_HEADINGS and i != name), None)
    others = [i for i in range(len(headings)) if i not in (time, name, text)]
    if name is None and text is None:
        return None
    if text is None:
        text = max(others, key=lambda i: sum(len(_at(row, i)) for row in table[1:]), default=None)
    elif name is None:
        name = min(others, key=lambda i: sum(len(_at(row, i)) for row in table[1:]), default=None)
    return None if name is None or text is None else (time, name, text)


def _at(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _unheaded_row(row: list[str]) -> Row | None:
    """(time, name, text) of a row without a heading: a name and a text, a row number or a
    time beside them allowed; a single cell, or a blank name, goes on with the last speaker
    (``("", "", text)``); None for anything else."""
    cells = [cell for cell in row if cell]
    if len(cells) > 2 and _ROW_NUMBER_RE.fullmatch(cells[0]):
        cells = cells[1:]
    times = [cell for cell in cells if _TIME_CELL_RE.fullmatch(cell)]
    cells = [cell for cell in cells if not _TIME_CELL_RE.fullmatch(cell)]
    time = times[0] if len(times) == 1 else ""
    if len(times) > 1 or not cells:
        return None
    if len(cells) == 1:  # a stage direction, or a name cell left blank
        return time, "", cells[0]
    if len(cells) != 2 or not is_teams_name(cells[0].rstrip(":").strip() or "?"):
        return None
    return time, cells[0], cells[1]


def _utterances(rows: list[Row]) -> list[Utterance]:
    """A turn per row with a name and text; a row without a name goes on with the last turn.

    Times are kept only when every turn has one and none goes back, and a turn ends where
    the next starts.
    """
    turns: list[tuple[str, str, float | None]] = []
    for time, name, text in rows:
        if not text:
            continue
        if not name and turns:
            speaker, said, start = turns[-1]
            turns[-1] = (speaker, f"{said} {text}", start)
        else:
            turns.append((_speaker(name) if name else UNKNOWN_SPEAKER, text, _seconds(time)))
    times = [start for _, _, start in turns]
    timed = all(start is not None for start in times) and times == sorted(times)  # type: ignore[type-var]
    starts = [start if timed else None for _, _, start in turns]
    ends = [*starts[1:], None][: len(starts)]
    return [Utterance(speaker, text, start, end)
            for (speaker, text, _), start, end in zip(turns, starts, ends, strict=True)]


def _speaker(cell: str) -> str:
    name = cell.rstrip(":").strip()
    return normalise_name(name) if name and is_teams_name(name) else UNKNOWN_SPEAKER


def _seconds(cell: str) -> float | None:
    """Seconds from a time cell (``00:01:10``, ``[00:04]``, ``4.5``, the start of a range)."""
    match = _TIME_CELL_RE.fullmatch(cell.strip())
    try:
        return parse_time(match["clock"] if match else cell)
    except (TypeError, ValueError):
        return None
