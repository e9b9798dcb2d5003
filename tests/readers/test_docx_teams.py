"""Teams .docx: the newer ``Name   0:03`` and the older ``-->`` layouts; corrupt files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from analyzer.errors import InputError
from analyzer.readers import read_transcript
from analyzer.readers.docx_teams import read_docx
from analyzer.transcript import UNKNOWN_SPEAKER
from tests.fixtures.transcripts.make_binary_fixtures import docx_bytes

from .helpers import ends, speakers_and_texts, starts


def make_docx(*paragraphs: str) -> bytes:
    """A .docx with one paragraph per argument; ``\\n`` inside one becomes a line break."""
    return docx_bytes([text.split("\n") for text in paragraphs])


def test_newer_layout(fixture_path: Callable[[str], Path]) -> None:
    utterances = read_docx(fixture_path("teams_new.docx").read_bytes(), "teams_new.docx")
    # the title, date, duration and "started/stopped transcription" lines are dropped
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Morning Tom. Before we start, how are you doing?"),
        (
            "Tom Becker",
            "Tired, but okay. The week has been full on. Two sick calls on Tuesday alone.",
        ),
        ("Maria Lopez", "What helped you get through Tuesday? I know it was a lot."),
        ("Tom Becker", "Honestly, the students were brilliant."),
    ]
    assert starts(utterances) == [3.0, 9.0, 21.0, 3723.0]
    assert ends(utterances) == [9.0, 21.0, 3723.0, None]


def test_older_layout(fixture_path: Callable[[str], Path]) -> None:
    utterances = read_docx(fixture_path("teams_old.docx").read_bytes(), "teams_old.docx")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Thanks for joining, Tom."),
        (
            "Tom Becker",
            "No problem. I wanted to talk about the incident form. "
            "I'm still not sure I filled it in right.",
        ),
        ("Maria Lopez", "Let's go through it together. Which section felt unclear?"),
    ]
    assert starts(utterances) == pytest.approx([2.6, 5.9, 13.0])
    assert ends(utterances) == pytest.approx([5.3, 12.4, 16.8])


def test_enterprise_display_names() -> None:
    data = make_docx(
        "Lopez, Maria (Ward 7)   0:03",
        "Morning.",
        "00:00:05.000 --> 00:00:06.000\nBecker, Tom\nHi.",
    )
    assert speakers_and_texts(read_docx(data, "t.docx")) == [
        ("Lopez, Maria (Ward 7)", "Morning."),
        ("Becker, Tom", "Hi."),
    ]


def test_older_cue_with_only_text_is_unknown_and_empty_cue_is_skipped() -> None:
    data = make_docx(
        "00:00:01.000 --> 00:00:02.000\nMaria Lopez\nReady?",
        "00:00:02.000 --> 00:00:03.000",
        "00:00:03.000 --> 00:00:04.000\nMm-hmm.",
    )
    utterances = read_docx(data, "t.docx")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Ready?"),
        (UNKNOWN_SPEAKER, "Mm-hmm."),
    ]
    assert starts(utterances) == [1.0, 3.0]


def test_prose_ending_in_a_time_is_not_a_header() -> None:
    data = make_docx("Maria Lopez   0:03", "Shall we meet at 4:30", "Tom Becker   0:09", "Yes.")
    assert speakers_and_texts(read_docx(data, "t.docx")) == [
        ("Maria Lopez", "Shall we meet at 4:30"),
        ("Tom Becker", "Yes."),
    ]


def test_a_title_ending_in_a_time_is_preamble() -> None:
    data = make_docx("Daily Sync 9:30", "March 4, 2024, 9:32AM", "12m 3s", "Priya Shah   0:03", "How did it go?",
                     "Daniel Okafor   0:09", "Fine.")
    utterances = read_docx(data, "t.docx")
    assert speakers_and_texts(utterances) == [("Priya Shah", "How did it go?"), ("Daniel Okafor", "Fine.")]
    assert starts(utterances) == [3.0, 9.0]


def test_a_name_ending_in_an_abbreviation() -> None:
    data = make_docx("Priya Shah   0:03", "How did the handover go?", "Samuel Jackson Jr.   0:09", "Fine, thanks.",
                     "00:00:12.000 --> 00:00:14.000\nTom B.\nMe too.")
    assert speakers_and_texts(read_docx(data, "t.docx")) == [
        ("Priya Shah", "How did the handover go?"),
        ("Samuel Jackson Jr.", "Fine, thanks."),
        ("Tom B.", "Me too."),
    ]


def test_prose_ending_in_a_short_name_and_a_spoken_duration_stay_speech() -> None:
    data = make_docx("Daniel Okafor   0:01", "Sorry, I only have", "45s", "Priya Shah   0:05", "Fine.",
                     "00:00:09.000 --> 00:00:12.000\nI handed the bleep to Jo.\nShe took it from there.")
    assert speakers_and_texts(read_docx(data, "t.docx")) == [
        ("Daniel Okafor", "Sorry, I only have 45s"), ("Priya Shah", "Fine."),
        (UNKNOWN_SPEAKER, "I handed the bleep to Jo. She took it from there."),
    ]


def test_document_without_turns_gives_none() -> None:
    assert read_docx(make_docx("Meeting notes", "Nothing recorded."), "t.docx") == []


def test_corrupt_docx(fixture_path: Callable[[str], Path]) -> None:
    with pytest.raises(InputError, match=r"is not a valid \.docx file") as caught:
        read_docx(fixture_path("corrupt.docx").read_bytes(), "corrupt.docx")
    assert caught.value.path == "corrupt.docx"


def zip_without_word_parts() -> bytes:
    """A valid zip that is not a Word document (like a renamed archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Maria Lopez: hi")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"Maria Lopez: hi", b"PK\x03\x04 truncated", b"", zip_without_word_parts()],
    ids=["text", "zip-header", "empty", "other-zip"],
)
def test_not_a_word_document(data: bytes) -> None:
    with pytest.raises(InputError, match=r"is not a valid \.docx file"):
        read_docx(data, "t.docx")


def test_name_like_lines_in_teams_speech_do_not_make_it_typed(tmp_path: Path) -> None:
    """A handover's ``Bed 1:`` lines outnumbered the Teams headers, and the file was read
    as typed text: made-up speakers, the preamble as speech, and no times."""
    path = tmp_path / "handover.docx"
    path.write_bytes(make_docx("Ward 7: Huddle-20240312_071500-Meeting Recording", "March 12, 2024, 7:15AM", "3m 2s",
                               "Tom Becker   0:03", "Right, handover.", "Bed 1: Mrs Adeyemi, stable.",
                               "Bed 2: Mr Khan, for discharge.", "Bed 3: empty.", "Maria Lopez   1:10", "Thanks Tom."))
    utterances = read_transcript(path).utterances
    assert [u.speaker for u in utterances] == ["Tom Becker", "Maria Lopez"]
    assert starts(utterances) == [3.0, 70.0]


def test_two_single_space_headers_make_the_teams_layout_whatever_the_speech_says(tmp_path: Path) -> None:
    path = tmp_path / "handover.docx"
    path.write_bytes(make_docx("Maria Lopez 0:03", "Bed 1: stable overnight.", "Tom Becker 0:09",
                               "Bed 2: ready for discharge."))
    utterances = read_transcript(path).utterances
    assert speakers_and_texts(utterances) == [("Maria Lopez", "Bed 1: stable overnight."),
                                              ("Tom Becker", "Bed 2: ready for discharge.")]
    assert starts(utterances) == [3.0, 9.0]


def _corrupted_docx() -> bytes:
    """The sample Word file with bytes of document.xml's deflate stream flipped (zlib.error inside)."""
    import struct

    from analyzer.config import SAMPLES_DIR

    data = bytearray((SAMPLES_DIR / "coaching_one_to_one.docx").read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length + 10
    data[start : start + 8] = bytes(b ^ 0xFF for b in data[start : start + 8])
    return bytes(data)


def test_a_corrupt_docx_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(_corrupted_docx())
    with pytest.raises(InputError, match=r"broken.docx: is damaged: a part of it cannot be unpacked"):
        read_transcript(path)


def test_a_docx_unpacking_past_the_limit_is_refused_before_inflating(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A 12.5 MB .docx whose document.xml unpacked to 4 GB gave MemoryError: the sizes are checked first."""
    from analyzer.config import SAMPLES_DIR
    from analyzer.readers import docx_teams

    monkeypatch.setattr(docx_teams, "MAX_DOCX_UNPACKED", 20_000)  # the sample unpacks to more
    with pytest.raises(InputError, match=r"coaching_one_to_one.docx: unpacks to 835,132 bytes, more than "
                                         r"a Word file may \(the limit is 20,000 bytes\)"):
        read_transcript(SAMPLES_DIR / "coaching_one_to_one.docx")
