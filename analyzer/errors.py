"""The one exception type users see.

Library code raises :class:`InputError` for anything wrong with what the user gave us (a
file, a column, a label). The CLI turns it into a one-line message and a non-zero exit, so
no traceback, and no transcript text, ever reaches the terminal by accident.
"""

from __future__ import annotations

from pathlib import Path

from analyzer.transcript import printable_path


class InputError(Exception):
    """Bad user input: names the file (when there is one) and what is wrong with it."""

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = None if path is None else printable_path(path)
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
