"""CSV transcripts: a header row with ``speaker``, ``text`` and optionally ``start``, ``end``.

This is the format for transcripts that went through a spreadsheet, so it tolerates what
spreadsheets do: header case (``Speaker``), extra columns (notes, codes), ``;`` or tab
delimiters (Excel in many locales), and times as seconds or ``hh:mm:ss(.ms)``. Named
``csv_table`` so it never shadows the standard ``csv`` module.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from analyzer.errors import InputError
from analyzer.readers.speakers import normalise_name
from analyzer.readers.timecodes import parse_time
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

#: What spreadsheets separate cells with: Excel writes ";" where the comma is the decimal
#: mark, and its "Unicode Text" export uses tabs.
DELIMITERS = (",", ";", "\t")
_DECIMAL_COMMA_RE = re.compile(r"\d+,\d+")


def read_csv(text: str, path: str | Path) -> list[Utterance]:
    """Read a CSV transcript; a row without a speaker is Unknown, without text skipped.

    Blank lines (or rows of empty cells) above the header are skipped: a file that opened
    with one was refused as having "no 'text' column" while its header had one.
    """
    delimiter = header_delimiter(_first_filled_line(text), "text") or ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    row_start = 1  # the line the row being read starts on: where an unclosed quote opened
    try:
        columns = _columns(next((row for row in rows if _filled(row)), []), path)
        utterances = []
        row_start = rows.line_num + 1
        last = (row_start, row_start)  # the lines the last filled row starts and ends on
        for row in rows:
            if _filled(row):
                utterances.append(_utterance(row, columns, rows.line_num, path, decimal_comma=delimiter == ";"))
                last = (row_start, rows.line_num)
            row_start = rows.line_num + 1
    except csv.Error as error:
        raise InputError(_csv_problem(error, row_start), path) from None
    if last[1] > last[0] and _quote_open_at_end(text, last[0]):
        raise InputError(f"is not valid CSV: a quote in the row starting on line {last[0]} is never closed, so "
                         "every line after it was read as that row's text", path)
    return merge_turns(utterances)


def _quote_open_at_end(text: str, line: int) -> bool:
    """Does a quoted cell opened from ``line`` on run to the end of the file?

    The csv module reads such a cell to the end without a word, and every later row
    becomes its text: one speaker's turn swallows the rest of the conversation. A closed
    quoted cell has an even number of double quotes (``""`` inside it is a pair), so an
    odd number from the last row's start on means one was never closed.
    """
    rest = io.StringIO(text).readlines()[line - 1 :]
    return sum(part.count('"') for part in rest) % 2 == 1


def _filled(row: list[str]) -> bool:
    """Does the row have a cell with something in it? Spreadsheets save empty rows as ``,,``."""
    return any(cell.strip() for cell in row)


def _first_filled_line(text: str) -> str:
    """The first line with more than delimiters and spaces on it: the header, if there is one."""
    return next((line for line in io.StringIO(text) if line.strip("".join(DELIMITERS) + " \r\n")), "")


def _csv_problem(error: csv.Error, line: int) -> str:
    """Say what the csv module's error means for someone holding the spreadsheet.

    Its one error on text is a cell over its size limit, and in a transcript that is almost
    always a quote opened and never closed, which swallows the rest of the file; the line
    it opened on is the one to look at, not the line where the limit ran out.
    """
    if "field larger than field limit" in str(error):
        return (f"is not valid CSV: the row starting on line {line} has a cell over "
                f"{csv.field_size_limit():,} characters (is a quote left open there?)")
    return f"is not valid CSV (near line {line})"


def header_delimiter(header: str, *names: str) -> str | None:
    """The delimiter under which the ``header`` line has every one of ``names`` as a cell
    (case and spaces aside), or None.

    The header names the columns we need, so it tells the delimiter more reliably than
    sniffing sentences full of commas would. Transcripts, labelled sheets and the detection
    of a table in a ``.txt`` all read their header with this.
    """
    wanted = {name.casefold() for name in names}
    for delimiter in DELIMITERS:
        try:
            cells = {cell.strip().casefold() for cell in next(csv.reader([header], delimiter=delimiter), [])}
        except csv.Error:  # a first line over the csv module's cell limit is no header
            return None
        if wanted <= cells:
            return delimiter
    return None


def _columns(header: list[str], path: str | Path) -> dict[str, int]:
    """Map the known column names to their index; a missing ``text`` column is an error."""
    names = [name.strip().lower() for name in header]
    if "text" not in names:
        # The first row is not quoted back: without a header it is transcript text.
        raise InputError(
            "has no 'text' column; the first row must be a header like speaker,text,start,end",
            path,
        )
    wanted = ("speaker", "text", "start", "end")
    return {name: names.index(name) for name in wanted if name in names}


def _utterance(row: list[str], columns: dict[str, int], line: int, path: str | Path, *,
               decimal_comma: bool = False) -> Utterance:
    """Build one Utterance from a row; ``line`` is the file line, for error messages.

    ``decimal_comma``: the file is ``;``-separated, as Excel writes it where the comma is
    the decimal mark, so ``8,5`` seconds is 8.5 (in a ``,`` file it could be a thousands
    separator, and is refused).
    """
    speaker = normalise_name(_cell(row, columns, "speaker")) or UNKNOWN_SPEAKER
    times = []
    for key in ("start", "end"):
        value = _cell(row, columns, key)
        if decimal_comma and _DECIMAL_COMMA_RE.fullmatch(value.strip()):
            value = value.replace(",", ".")
        try:
            times.append(parse_time(value))
        except ValueError:
            raise InputError(f"line {line} has an invalid {key} time", path) from None
    return Utterance(speaker, _cell(row, columns, "text"), times[0], times[1])


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    """Return the cell of column ``key``, or "" if the column or the cell is missing."""
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else ""
