"""Machine-readable outputs: the JSON object and the per-sentence CSV."""

from __future__ import annotations

import json
from typing import Any

from analyzer.safe_csv import frame_to_csv

#: Encoding of every CSV file the analyzer writes (not of CSV on stdout). Excel, which most
#: users open them in, reads a UTF-8 file as UTF-8 only when it starts with a byte order
#: mark; without one, "Zoë" and "Siobhán" come out as "ZoÃ«" and "SiobhÃ¡n". pandas,
#: LibreOffice, Google Sheets, readr and DuckDB skip the mark; Python's csv module needs
#: ``encoding="utf-8-sig"``.
CSV_ENCODING = "utf-8-sig"


def render_json(analysis) -> str:
    """The ``--format json`` contract (see docs/figures.md): one object per transcript."""
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False, default=_jsonable) + "\n"


def render_csv(analysis) -> str:
    """The per-sentence table as CSV, one row per sentence (formula-like text escaped: safe_csv)."""
    return frame_to_csv(analysis.sentences)


def _jsonable(value: Any) -> Any:
    """numpy scalars and the like, which pandas hands out, as plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
