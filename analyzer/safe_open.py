"""Open a file the user named as what it claims to be: a regular file, read once, size-capped.

``Path.read_bytes`` trusts the path: a FIFO blocks it for ever, and ``/dev/zero`` (or a
symlink to it) reports a size of 0 and then never ends, so a size check on ``st_size``
passes and the read takes the machine's memory. Here the path is opened once without
blocking, the *open file* is checked (``fstat``), and reading stops one byte past the
limit whatever the file said its size was. Everything read comes from that one open, so
what is hashed is what is parsed (a file replaced mid-run cannot mix two versions).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from analyzer.errors import InputError

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def describe_size(size: int) -> str:
    """A size for an error line: MB when it is one, else bytes (a limit lowered in a test)."""
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words for the one-line error."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: str | Path) -> int:
    """A descriptor on ``path`` if it is a regular file (symlinks followed), else :class:`InputError`.

    ``O_NONBLOCK`` makes opening a FIFO return at once instead of waiting for a writer; it
    is cleared again before reading. Raises OSError for a missing or unreadable path.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"is {file_kind(mode)}, not a regular file; only files can be read", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd_capped(fd: int, limit: int) -> bytes | None:
    """Up to ``limit`` bytes from ``fd``; None if there are more (whatever ``st_size`` said)."""
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def read_capped(path: str | Path, limit: int, too_large: str) -> bytes:
    """The bytes of the regular file at ``path``, read once; over ``limit`` is an InputError.

    ``too_large`` is the end of the error, e.g. "too large for a transcript (the limit is 100 MB)".
    """
    fd = open_regular(path)
    try:
        data = read_fd_capped(fd, limit)
    finally:
        os.close(fd)
    if data is None:
        raise InputError(f"is over {describe_size(limit)}, {too_large}", path)
    return data
