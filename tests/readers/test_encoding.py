"""Decoding: the encodings exporters use are read; anything else is a one-line error."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from analyzer.errors import InputError
from analyzer.readers import read_transcript
from analyzer.readers.encoding import decode, read_bytes, read_text_file

MEETING_START = "Maria Lopez: Thanks for coming in, Tom."
LINE = "Maria Lopez: Morning Tom.\nTom Becker: Morning, Zoë.\n"


def test_utf8_bom_is_removed(fixture_path: Callable[[str], Path]) -> None:
    assert fixture_path("meeting_utf8_bom.txt").read_bytes().startswith(codecs.BOM_UTF8)
    text = read_text_file(fixture_path("meeting_utf8_bom.txt"))
    assert text.startswith(MEETING_START)
    assert text == read_text_file(fixture_path("meeting.txt"))


def test_utf16_le_with_bom_as_teams_writes_it(fixture_path: Callable[[str], Path]) -> None:
    data = fixture_path("teams_utf16le.vtt").read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = read_text_file(fixture_path("teams_utf16le.vtt"))
    assert text.startswith("WEBVTT\n\n3b8f2a1e-")
    assert "\r" not in text  # CRLF normalised
    assert text == read_text_file(fixture_path("teams.vtt"))


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_BE + LINE.encode("utf-16-be"),
        LINE.encode("utf-16-le"),  # no BOM, but NULs in every odd byte
        LINE.encode("utf-16-be"),  # no BOM, NULs in every even byte
        LINE.encode("utf-8"),
    ],
    ids=["utf16-be-bom", "utf16-le-no-bom", "utf16-be-no-bom", "utf8"],
)
def test_other_unicode_encodings(data: bytes) -> None:
    assert decode(data, "t.txt") == LINE


def test_line_endings_are_normalised() -> None:
    assert decode(b"A: one\r\nB: two\rC: three\n", "t.txt") == "A: one\nB: two\nC: three\n"


def test_binary_file_is_not_text(fixture_path: Callable[[str], Path]) -> None:
    path = fixture_path("binary.txt")
    with pytest.raises(InputError, match=r"is not a text file") as caught:
        read_text_file(path)
    assert caught.value.path == str(path)


def test_undecodable_bytes_name_the_byte_and_position() -> None:
    data = "Maria: Ready?\nTom: Café at ten?".encode("cp1252")  # é is 0xe9 at byte 22, on line 2
    with pytest.raises(InputError, match=r"not valid UTF-8 or UTF-16 text \(byte 0xe9 at position 22, line 2\); "
                       r"save it as UTF-8 \(Excel: 'CSV UTF-8"):
        decode(data, "notes.txt")


def test_position_counts_the_bom() -> None:
    data = codecs.BOM_UTF8 + b"Tom: ok \xff"
    with pytest.raises(InputError, match=r"byte 0xff at position 11"):
        decode(data, "notes.txt")


@pytest.mark.parametrize("name", ["empty.txt"])
def test_empty_file(fixture_path: Callable[[str], Path], name: str) -> None:
    with pytest.raises(InputError, match=r"is empty$"):
        read_bytes(fixture_path(name))


@pytest.mark.parametrize(
    "data", [b" \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + "\n ".encode("utf-16-le")]
)
def test_whitespace_only_is_empty(data: bytes) -> None:
    with pytest.raises(InputError, match=r"is empty$"):
        decode(data, "blank.txt")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"file not found") as caught:
        read_text_file(tmp_path / "nope.txt")
    assert caught.value.path == str(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is a directory"):
        read_bytes(tmp_path)


@pytest.mark.parametrize("name", ["export.json", "meeting.docx"])
def test_a_file_too_large_for_a_transcript_is_refused_before_it_is_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:  # sparse: takes no disk space, and reading it would take 2 GB
        fh.truncate(2 * 2**30)

    with pytest.raises(InputError, match=r"is 2,048 MB, too large for a transcript \(the limit is 100 MB\)$"):
        read_transcript(path)


def test_the_read_is_capped_whatever_size_the_file_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``/dev/zero`` and files growing after the check report a size the read must not trust."""
    from analyzer.readers import encoding

    path = tmp_path / "growing.txt"
    path.write_text("Ann: hello there.\n" * 10, encoding="utf-8")
    monkeypatch.setattr(encoding, "check_file", lambda path, kind="a transcript": None)  # said it was small
    monkeypatch.setattr(encoding, "MAX_FILE_BYTES", 100)

    with pytest.raises(InputError, match=r"growing.txt: is over 100 bytes, too large for a transcript"):
        read_bytes(path)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_fifos_and_devices_are_refused_with_one_line(tmp_path: Path, kind: str) -> None:
    import os

    path = tmp_path / "meeting.txt"
    os.mkfifo(path) if kind == "fifo" else path.symlink_to("/dev/zero")
    what = "a FIFO (named pipe)" if kind == "fifo" else "a character device"

    with pytest.raises(InputError, match=rf"meeting.txt: is {re.escape(what)}, not a regular file"):
        read_transcript(path)
