"""Read a transcript file's bytes and decode them, or say exactly why we cannot.

Transcripts arrive in whatever encoding the exporting tool chose: Teams writes UTF-16
with a byte order mark, Windows tools add a UTF-8 BOM, and users point the tool at the
audio file by mistake. Guessing a legacy code page would turn a wrong file into garbage
text that gets analysed; a clear one-line error is more useful.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from analyzer.errors import InputError
from analyzer.safe_open import file_kind, read_capped

# How much of a BOM-less file to look at when deciding whether it is UTF-16.
_SNIFF_BYTES = 4096
# Share of NULs in one byte position (odd or even) that marks ASCII-range UTF-16 text,
# and the most the other position may have (U+0100, U+2000... put a NUL there).
_UTF16_NUL_SHARE = 0.3
_UTF16_OTHER_NUL_SHARE = 0.02
#: Most such files are Excel's plain "CSV" or Notepad's "ANSI", both Windows-1252.
_SAVE_AS_UTF8 = "save it as UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)'; Notepad: encoding UTF-8) and try again"
#: No transcript comes near this, not even a day-long meeting in WhisperX JSON with a
#: timestamp on every word. A bigger file is something else (a video, a data export),
#: and reading it whole would take a batch worker's memory with it.
MAX_FILE_BYTES = 100 * 2**20


def _too_large(kind: str) -> str:
    return f"too large for {kind} (the limit is {MAX_FILE_BYTES // 2**20} MB)"


def check_file(path: str | Path, kind: str = "a transcript") -> None:
    """Refuse a missing path, a directory, a FIFO or device, or a file too large, before any
    other complaint about the file.

    Only a quick first look by path: :func:`read_bytes` checks the file it opens again, and
    caps what it reads whatever size the file reports.
    """
    file = Path(path)
    if not file.exists():
        raise InputError("file not found", path)
    if file.is_dir():
        raise InputError(f"is a directory, not {kind} file" if kind == "a transcript" else "is a directory", path)
    info = file.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"is {file_kind(info.st_mode)}, not a regular file; only files can be read", path)
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(f"is {info.st_size / 2**20:,.0f} MB, {_too_large(kind)}", path)


def read_bytes(path: str | Path, kind: str = "a transcript") -> bytes:
    """Return the file's bytes, read once and capped at MAX_FILE_BYTES; a missing,
    unreadable, non-regular, oversized or empty file is an InputError. ``kind`` names
    what the file should be, for the size error (labelled sheets share the limit)."""
    check_file(path, kind)
    try:
        data = read_capped(path, MAX_FILE_BYTES, _too_large(kind))
    except OSError as error:
        raise InputError(
            f"cannot be read ({error.strerror or type(error).__name__})", path
        ) from None
    if not data:
        raise InputError("is empty", path)
    return data


def read_text_file(path: str | Path) -> str:
    """Return the decoded text of the file at ``path`` (see :func:`decode`)."""
    return decode(read_bytes(path), path)


def decode(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 (with BOM, or clearly without).

    Line endings are normalised to ``\\n`` so no reader has to care about ``\\r\\n``.
    """
    text = _decode(data, path).removeprefix("\ufeff")
    if not text.strip():
        raise InputError("is empty", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: str | Path) -> str:
    """Pick the encoding from the BOM or the NUL-byte pattern, then decode strictly.

    A UTF-8 BOM decodes to U+FEFF, which :func:`decode` drops; decoding it with the rest
    keeps error positions equal to byte offsets in the file.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(
                "is not a text file (it contains NUL bytes; is it audio, video or a PDF?)",
                path,
            )
        return _strict(data, encoding, path)
    return _strict(data, "utf-8", path)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le``/``-be`` if NULs sit in one byte position only, else None.

    Text in a Latin script encoded as UTF-16 has a NUL in every other byte; a binary
    file has NULs scattered over both positions.
    """
    head = data[:_SNIFF_BYTES]
    if len(head) < 2 or len(data) % 2:
        return None
    even_nuls = head[0::2].count(0) / (len(head) // 2)
    odd_nuls = head[1::2].count(0) / (len(head) // 2)
    if odd_nuls >= _UTF16_NUL_SHARE and even_nuls <= _UTF16_OTHER_NUL_SHARE:
        return "utf-16-le"
    if even_nuls >= _UTF16_NUL_SHARE and odd_nuls <= _UTF16_OTHER_NUL_SHARE:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, path: str | Path) -> str:
    """Decode strictly; the error names the first bad byte and its offset in the file."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        where = f"byte 0x{data[error.start]:02x} at position {error.start}, line {line}"
        raise InputError(f"is not valid UTF-8 or UTF-16 text ({where}); {_SAVE_AS_UTF8}", path) from None
    if "\x00" in text:
        raise InputError("is not a text file (it contains NUL characters)", path)
    return text
