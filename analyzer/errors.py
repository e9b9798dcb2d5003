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


def write_failure(exc: OSError, path: str | Path) -> str:
    """Why a write failed, in words, with the likely cause when the file exists but is refused.

    On Windows a file open in Excel cannot be replaced, and a trainer may well have the
    last run's CSV open when running the command again.
    """
    reason = exc.strerror or type(exc).__name__
    if isinstance(exc, FileExistsError | NotADirectoryError):
        # Making the folders fails with "File exists" when one of them is a file.
        blocking = next((p for p in Path(path).parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    if isinstance(exc, PermissionError) and Path(path).is_file():
        reason += "; is it open in another program, such as Excel?"
    return reason
