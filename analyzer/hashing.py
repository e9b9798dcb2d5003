"""File fingerprints: what cards and batch results use to tell one file's bytes from another.

Kept apart from the model code so the batch's parent process can hash inputs without
importing scikit-learn. A result must describe the bytes that were scored, so the batch
hashes the bytes it read (:func:`bytes_sha256`) rather than opening the file a second time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from analyzer.safe_open import open_regular


def bytes_sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes already read."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a regular file's bytes, read in 1 MiB chunks (a FIFO or device is refused)."""
    digest = hashlib.sha256()
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
