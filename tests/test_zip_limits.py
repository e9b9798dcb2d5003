"""Zip archives checked before they are inflated: sizes declared, sizes actual, damage."""

from __future__ import annotations

import io
import zipfile

import pytest

from analyzer.errors import InputError
from analyzer.zip_limits import check_zip


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_members_declaring_more_than_the_limit_are_refused_before_inflating():
    data = _zip({"word/document.xml": b" " * 5000, "word/styles.xml": b" " * 5000})  # 10 kB from ~100 bytes

    with pytest.raises(InputError, match=r"x.docx: unpacks to 10,000 bytes, more than a Word file may "
                                         r"\(the limit is 9,999 bytes\)"):
        check_zip(data, 9_999, "x.docx", "a Word file")
    check_zip(data, 10_000, "x.docx", "a Word file")


def test_a_member_that_inflates_past_its_header_is_refused():
    """A crafted header declaring a small size: inflating stops at it, and the damage is one line."""
    data = bytearray(_zip({"word/document.xml": b"a" * 10_000}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    # The central directory's uncompressed size (offset 24 of its entry) says 100 bytes.
    entry = bytes(data).rindex(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    assert info.file_size == 10_000

    with pytest.raises(InputError, match=r"x.docx: is damaged"):
        check_zip(bytes(data), 1_000_000, "x.docx", "a Word file")


def test_a_broken_deflate_stream_is_one_line():
    data = bytearray(_zip({"word/document.xml": b"Ann: hello there. " * 500}))
    data[40:48] = bytes(b ^ 0xFF for b in data[40:48])  # inside the member's compressed bytes

    with pytest.raises(InputError, match=r"x.docx: is damaged: a part of it cannot be unpacked"):
        check_zip(bytes(data), 1_000_000, "x.docx", "a Word file")


def test_bytes_that_are_no_zip_are_left_to_the_reader():
    check_zip(b"plain text, not a zip", 10, "x.docx", "a Word file")
