"""Transcripts typed in Word as a table: one row per turn, the speaker in one cell and what
they said in another.

Trainers often type role-play scripts this way. A table is read as turns when it is
headed so (a name column such as ``Speaker`` and a text column such as ``What was said``,
optionally a ``Time`` column), or, without a heading, when every row holds a name and a
text (a time or a row number in front allowed) and at least one name speaks twice. Other
tables, such as a title block (``Trainer | Jane Smith``) or a signature table, are layout,
not speech, and are not read. The layout says which cell holds the name, so a name is
taken as written (``Staff nurse``, ``Ward Manager (Sarah)``), as long as it is no sentence.

The cells are read from the document's XML rather than through python-docx's table grid,
which raises on merged cells that Word itself accepts; a table nested in a cell is read
as a table of its own.
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
from analyzer.readers.timecodes import parse_clock
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

# fmt: off
_NAME_HEADINGS = frozenset({"character", "name", "participant", "person", "role", "speaker", "speaker name", "who"})
_TEXT_HEADINGS = frozenset({
    "dialogue", "line", "lines", "said", "script", "speech", "text", "transcript", "utterance",
    "what they said", "what was said", "words",
})
_TIME_HEADINGS = frozenset({"start", "start time", "time", "timestamp"})
# fmt: on
_ROW_NUMBER_RE = re.compile(r"\d{1,5}\.?")
_TBL, _TR, _TC, _P, _T = (qn(tag) for tag in ("w:tbl", "w:tr", "w:tc", "w:p", "w:t"))

#: One row of a speech table: (time cell, name cell, text cell), each possibly empty.
Row = tuple[str, str, str]


def table_turns(document: DocxDocument) -> list[Utterance]:
    """The turns of every speech table in the document, in order; none if it has none."""
    rows = [row for table in _tables(document.element.body) for row in _speech_rows(table) or []]
    return merge_turns(_utterances(rows))


def _tables(body: Any) -> Iterator[list[list[str]]]:
    """Each table's rows of cell texts, in document order, nested tables included."""
    for table in body.iter(_TBL):
        yield [[_cell_text(cell) for cell in row.findall(_TC)] for row in table.findall(_TR)]


def _cell_text(cell: Any) -> str:
    """The cell's own paragraphs (not those of a table nested in it), joined."""
    paragraphs = ("".join(node.text or "" for node in paragraph.iter(_T)) for paragraph in cell.findall(_P))
    return " ".join(" ".join(paragraphs).split())


def _speech_rows(table: list[list[str]]) -> list[Row] | None:
    """The table's turns as rows, or None if it is not a table of turns (see the module docstring)."""
    if not table:
        return None
    columns = _heading_columns(table[0])
    if columns is not None:
        return [tuple(row[i] if i is not None and i < len(row) else "" for i in columns)  # type: ignore[misc]
                for row in table[1:]]
    rows = [_unheaded_row(row) for row in table if any(row)]
    if not rows or any(row is None for row in rows):
        return None
    names = Counter(row[1] for row in rows if row is not None)
    return rows if max(names.values()) >= 2 else None  # type: ignore[return-value]


def _heading_columns(cells: list[str]) -> tuple[int | None, int, int] | None:
    """(time, name, text) column positions if the row is a heading naming a name and a text column."""
    headings = [cell.rstrip(":").strip().casefold() for cell in cells]
    name = next((i for i, h in enumerate(headings) if h in _NAME_HEADINGS), None)
    text = next((i for i, h in enumerate(headings) if h in _TEXT_HEADINGS), None)
    if name is None or text is None:
        return None
    return next((i for i, h in enumerate(headings) if h in _TIME_HEADINGS), None), name, text


def _unheaded_row(row: list[str]) -> Row | None:
    """(time, name, text) of a row with a name and a text cell after an optional row number
    and time; None for any other row."""
    cells = [cell for cell in row if cell]
    if len(cells) > 2 and _ROW_NUMBER_RE.fullmatch(cells[0]):
        cells = cells[1:]
    time = cells.pop(0) if len(cells) == 3 and _seconds(cells[0]) is not None else ""
    if len(cells) != 2 or not is_teams_name(cells[0].rstrip(":").strip() or "?"):
        return None
    return time, cells[0], cells[1]


def _utterances(rows: list[Row]) -> list[Utterance]:
    """A turn per row with text; a row without a name goes on with the last speaker.

    Times are kept only when every turn has one, and a turn ends where the next starts.
    """
    turns: list[tuple[str, str, float | None]] = []
    for time, name, text in rows:
        if not text:
            continue
        speaker = _speaker(name) if name else (turns[-1][0] if turns else UNKNOWN_SPEAKER)
        turns.append((speaker, text, _seconds(time)))
    timed = all(start is not None for _, _, start in turns)
    starts = [start if timed else None for _, _, start in turns]
    ends = [*starts[1:], None][: len(starts)]
    return [Utterance(speaker, text, start, end)
            for (speaker, text, _), start, end in zip(turns, starts, ends, strict=True)]


def _speaker(cell: str) -> str:
    name = cell.rstrip(":").strip()
    return normalise_name(name) if name and is_teams_name(name) else UNKNOWN_SPEAKER


def _seconds(cell: str) -> float | None:
    try:
        return parse_clock(cell)
    except ValueError:
        return None
