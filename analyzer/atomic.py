"""Temp files for writing a file whole or not at all, with the permissions of any file the user makes.

Everything the analyzer writes for people to open (batch tables, reports, models) goes to a
hidden temp file beside its target and is renamed over it, so a reader or a killed run never
meets half a file. ``tempfile.mkstemp`` would create that temp file readable by its owner
only (0600), and the rename keeps the mode: on a shared server, colleagues could not open a
cohort's summary.csv. Creating it with mode 0666 lets the kernel apply the user's umask, as
for any other file they create (0644 under the usual umask, 0600 under a private one).
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_ATTEMPTS = 100


def create_beside(path: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """Create a new, empty file in ``path``'s folder; return its descriptor and path.

    ``O_EXCL`` makes the name ours alone, as ``mkstemp`` does: another run's temp file is
    never opened.
    """
    for _ in range(_ATTEMPTS):
        temp = path.parent / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(temp, _FLAGS, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path.parent))


#: Hidden temp files: ``.<name>.<random>.tmp`` beside the target (the batch cleans up its own).
TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"


@contextmanager
def atomic_text_writer(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Write beside the target, then rename over it: readers see the old file or the new one.

    A failed write (a full disk, a folder made read-only) or a process killed mid-write
    leaves the previous file as it was, and only a hidden temp file, removed here (or, if
    killed, by the next batch run). Raises the OSError; callers word it for their command.
    """
    fd, temp = create_beside(path, f"{TEMP_PREFIX}{path.name}.", TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """:func:`atomic_text_writer` for text already in hand."""
    with atomic_text_writer(path, encoding) as fh:
        fh.write(text)
