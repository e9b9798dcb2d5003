"""Zip archives (Word files, skops model files) checked before anything inflates them.

A 12.5 MB .docx whose document.xml unpacks to 4 GB took a batch worker's memory before
any error. A zip member's header declares its uncompressed size, but a crafted archive can
lie, so both are checked: the declared sizes against the limit first, then every member is
inflated once in small chunks, counting what actually comes out, before the real reader
(python-docx, skops) inflates it whole. A damaged archive (a bad CRC, a broken deflate
stream: ``zlib.error``) is refused with the same one line.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from analyzer.errors import InputError
from analyzer.safe_open import describe_size

_CHUNK = 1 << 16
#: Members a zip may hold: a Word file has a few dozen, a skops model a few hundred.
MAX_MEMBERS = 10_000


def check_zip(data: bytes, limit: int, path: str | Path, what: str) -> None:
    """Refuse an archive whose members unpack to more than ``limit`` bytes in all, or that is damaged.

    ``what`` names the file in the error ("a Word file", "a model file"). Not a zip at all
    is left to the reader, whose own error says what the file should be.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # not a zip: the reader says what the file should have been
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputError(f"is not {what} (it is a zip of {len(members):,} files)", path)
        declared = sum(member.file_size for member in members)
        if declared > limit:
            raise InputError(_too_large(declared, limit, what), path)
        total = 0
        for member in members:
            total += _inflated_size(archive, member, limit - total, path, what)


def _inflated_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int, path: str | Path, what: str) -> int:
    """Bytes the member really unpacks to, stopping as soon as they pass ``room``."""
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > room or size > member.file_size:
                    raise InputError(f"is damaged or crafted: a part of it unpacks to more than its "
                                     f"header says, so it is not read as {what}", path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError):
        raise InputError(f"is damaged: a part of it cannot be unpacked, so it is not read as {what}", path) from None
    except RuntimeError:  # an encrypted member
        raise InputError(f"is password-protected; save it without a password to read it as {what}", path) from None
    return size


def _too_large(size: int, limit: int, what: str) -> str:
    return f"unpacks to {describe_size(size)}, more than {what} may (the limit is {describe_size(limit)})"
