"""Machine-readable outputs: the JSON object and the per-sentence CSV."""

from __future__ import annotations

import json
from typing import Any


def render_json(analysis) -> str:
    """The ``--format json`` contract (see README): one object per transcript."""
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False, default=_jsonable) + "\n"


def render_csv(analysis) -> str:
    """The per-sentence table as CSV, one row per sentence."""
    return analysis.sentences.to_csv(index=False)


def _jsonable(value: Any) -> Any:
    """numpy scalars and the like, which pandas hands out, as plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
