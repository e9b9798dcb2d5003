"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some versions, tab or carriage return) as a formula: a transcript line
``=HYPERLINK("http://evil", "notes")`` in a sentence table would become a live link, and
DDE formulas can run programs. Every CSV the analyzer writes passes its text cells through
:func:`escape_cell`, OWASP's advice: such a cell gets a leading apostrophe, which
spreadsheets take as "this is text" and do not show.

The analyzer's own readers (``read_sentences``, ``train``, ``evaluate``, ``classify``) undo
it with :func:`unescape_cell`, so a round trip gives the original text back. To keep that
exact, a cell that already starts with apostrophes followed by a trigger character
(``'=x``) gets one more on writing and loses one on reading. The one ambiguity is a sheet
the analyzer did not write: a hand-typed cell that really starts with ``'=`` is read as
``=`` (its apostrophe is taken for the escape). See docs/security.md.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

#: Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def escape_cell(value: Any) -> Any:
    """The value as written to a CSV: an apostrophe before text a spreadsheet would run."""
    if isinstance(value, str) and _NEEDS_ESCAPE.match(value):
        return "'" + value
    return value


def unescape_cell(value: Any) -> Any:
    """The text :func:`escape_cell` was given: one leading apostrophe removed, only before a trigger."""
    if isinstance(value, str) and _ESCAPED.match(value):
        return value[1:]
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and headings) are safe to open in a spreadsheet; numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(escape_cell)
    return out.rename(columns=escape_cell)


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as it was before :func:`escape_frame` (text columns and headings)."""
    out = frame.rename(columns=unescape_cell)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(unescape_cell)
    return out


def frame_to_csv(frame: pd.DataFrame) -> str:
    """``frame.to_csv(index=False)`` with every text cell escaped: how the analyzer writes tables."""
    return escape_frame(frame).to_csv(index=False)


def escape_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``csv.DictWriter`` row with its text cells escaped."""
    return {key: escape_cell(value) for key, value in row.items()}
