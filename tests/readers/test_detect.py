"""read_transcript end to end: format detection, Transcript fields, and file-level errors."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from analyzer.errors import InputError
from analyzer.readers import (
    FORMATS,
    NOT_A_TRANSCRIPT,
    PARTLY_ENDED_NOTE,
    PARTLY_TIMED_NOTE,
    SUPPORTED_SUFFIXES,
    detect_format,
    read_transcript,
)
from analyzer.transcript import MAX_TURN_CHARS, UNKNOWN_SPEAKER

from .helpers import speakers_and_texts, starts

NO_SPEAKERS = "no speaker names found; all text attributed to Unknown"

VTT = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nMaria Lopez: Ready?\n"
SRT = "1\n00:00:01,000 --> 00:00:02,000\nMaria Lopez: Ready?\n"
OTTER = "Maria Lopez  0:03\nReady?\n\nTom Becker  0:05\nYes.\n"


def test_public_names() -> None:
    assert FORMATS == ("text", "vtt", "srt", "otter", "json", "csv", "docx")
    assert SUPPORTED_SUFFIXES == (".txt", ".vtt", ".srt", ".json", ".csv", ".docx")


@pytest.mark.parametrize(
    ("name", "fmt", "speakers"),
    [
        ("meeting.txt", "text", ["Maria Lopez", "Tom Becker"]),
        ("meeting_utf8_bom.txt", "text", ["Maria Lopez", "Tom Becker"]),
        ("zoom_saved_captions.txt", "text", ["Priya Shah", "Daniel Okafor"]),
        ("otter.txt", "otter", ["Maria Lopez", "Tom Becker"]),
        ("zoom.vtt", "vtt", ["Maria Lopez", "Tom Becker"]),
        ("teams.vtt", "vtt", ["Maria Lopez", "Tom Becker"]),
        ("teams_utf16le.vtt", "vtt", ["Maria Lopez", "Tom Becker"]),
        ("meeting.srt", "srt", ["Maria Lopez", "Tom Becker"]),
        ("whisperx.json", "json", ["SPEAKER_00", "SPEAKER_01", UNKNOWN_SPEAKER]),
        ("turns.json", "json", ["Maria Lopez", "Tom Becker"]),
        ("transcript.csv", "csv", ["Maria Lopez", "Tom Becker"]),
        ("teams_new.docx", "docx", ["Maria Lopez", "Tom Becker"]),
        ("teams_old.docx", "docx", ["Maria Lopez", "Tom Becker"]),
        ("typed.docx", "docx", ["Sister Walsh", "Kemi"]),
    ],
)
def test_every_fixture_reads_with_its_format(
    fixture_path: Callable[[str], Path], name: str, fmt: str, speakers: list[str]
) -> None:
    transcript = read_transcript(fixture_path(name))
    assert transcript.format == fmt
    assert transcript.source == str(fixture_path(name))
    assert sorted({u.speaker for u in transcript.utterances}) == sorted(speakers)
    assert transcript.notes == ([PARTLY_TIMED_NOTE] if name == "turns.json" else [])  # two of its turns have times
    assert transcript.utterances[0].text


def test_utf16_teams_file_equals_the_utf8_one(fixture_path: Callable[[str], Path]) -> None:
    utf16 = read_transcript(fixture_path("teams_utf16le.vtt"))
    utf8 = read_transcript(fixture_path("teams.vtt"))
    assert utf16.utterances == utf8.utterances
    assert starts(utf16.utterances) == pytest.approx([2.18, 7.1, 16.9, 62.5])


@pytest.mark.parametrize("name", ["no_speakers.srt", "no_speakers.vtt", "whisper.json"])
def test_a_transcript_by_construction_without_names_is_one_unknown_speaker_with_a_note(
    fixture_path: Callable[[str], Path], name: str
) -> None:
    """Subtitles and speech-recogniser JSON are transcripts whatever they say (issue 25)."""
    transcript = read_transcript(fixture_path(name))
    assert {u.speaker for u in transcript.utterances} == {UNKNOWN_SPEAKER}
    assert transcript.notes == [NO_SPEAKERS]


@pytest.mark.parametrize("name", ["memo.txt", "letter.txt", "no_speakers.txt",
                                  "memo.docx", "letter.docx", "no_speakers.docx"])
def test_a_text_or_word_file_without_names_or_times_is_refused(fixture_path: Callable[[str], Path],
                                                                name: str) -> None:
    """A budget memo was analysed as one Unknown speaker with exit code 0 (issue 25)."""
    with pytest.raises(InputError, match=rf"{name}: {re.escape(NOT_A_TRANSCRIPT)}$"):
        read_transcript(fixture_path(name))


@pytest.mark.parametrize("name", ["memo.txt", "letter.txt", "no_speakers.txt",
                                  "memo.docx", "letter.docx", "no_speakers.docx"])
def test_single_speaker_reads_it_as_one_speaker_on_purpose(fixture_path: Callable[[str], Path], name: str) -> None:
    transcript = read_transcript(fixture_path(name), single_speaker=True)
    assert {u.speaker for u in transcript.utterances} == {UNKNOWN_SPEAKER}
    assert transcript.notes == [NO_SPEAKERS]
    assert len(transcript.utterances) == 1


def test_single_speaker_leaves_the_names_of_a_transcript(fixture_path: Callable[[str], Path]) -> None:
    assert len({u.speaker for u in read_transcript(fixture_path("meeting.txt"), single_speaker=True).utterances}) > 1


@pytest.mark.parametrize("text", [
    "[00:00:01] thanks for staying on\n[00:00:04] how is the new starter settling in\n",
    "Maria Lopez: Ready?\n",
])
def test_a_time_or_a_name_is_enough_to_read_a_text_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert read_transcript(path).utterances


def test_memo_headings_are_no_speakers(fixture_path: Callable[[str], Path]) -> None:
    """``To: All ward staff`` / ``From: Ward manager`` made a memo a conversation of To and From."""
    text = read_transcript(fixture_path("memo.txt"), single_speaker=True).utterances[0].text
    assert text.startswith("MEMO To: All ward staff From: Ward manager")


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.txt", VTT, "vtt"),
        ("a.txt", SRT, "srt"),
        ("a.txt", "00:00:01,000 --> 00:00:02,000\nMaria Lopez: Ready?\n", "srt"),
        ("a.txt", "00:00:01.000 --> 00:00:02.000\nMaria Lopez: Ready?\n", "vtt"),
        ("a.txt", OTTER, "otter"),
        ("a.txt", "Maria Lopez: Ready?\nTom Becker: Yes, at 10:30.\n", "text"),
        ("a.txt", "Note: meeting at 10:30\n", "text"),
        ("transcript", OTTER, "otter"),  # no extension: sniffed like .txt
        ("a.txt", f"Weekly check-in with Daniel\n\n{OTTER}", "otter"),  # a title line above Otter's blocks
        ("a.txt", "Standup 9:30\n\nMaria Lopez: Ready?\nTom Becker: Yes.\n", "text"),  # a title ending in a time
        ("a.txt", "Speaker\tText\tStart\nMaria Lopez\tReady?\t1\n", "csv"),  # Excel's "Unicode Text"
        ("a.txt", '"speaker";"text"\nMaria Lopez;Ready?\n', "csv"),
        ("a.TXT", VTT, "vtt"),
        ("a.srt", VTT, "vtt"),  # content beats a wrong subtitle extension
        ("a.vtt", SRT, "srt"),  # .vtt without header but with SubRip timings
        ("a.vtt", "1\n00:00:01.000 --> 00:00:02.000\nMaria Lopez: Ready?\n", "vtt"),
        ("a.json", "[]", "json"),
        ("a.txt", '\ufeff {"segments": []}', "json"),  # a Whisper file saved as .txt
        ("a.txt", "[00:00:01] Maria Lopez: Ready?\n", "text"),
        ("a.txt", "[Maria Lopez] Ready?\n", "text"),
        ("a.csv", "speaker,text\n", "csv"),
        ("a.docx", "", "docx"),
    ],
)
def test_detect_format(name: str, text: str, fmt: str) -> None:
    assert detect_format(Path(name), text) == fmt


@pytest.mark.parametrize(
    ("name", "text", "speakers"),
    [
        ("teams.txt", VTT, ["Maria Lopez"]),
        ("subs.txt", SRT, ["Maria Lopez"]),
        ("otter_export.txt", OTTER, ["Maria Lopez", "Tom Becker"]),
        ("turns.txt", '[{"speaker": "Maria Lopez", "text": "Ready?", "start": 1, "end": 2}]', ["Maria Lopez"]),
        (
            "noheader.vtt",
            "1\n00:00:01.000 --> 00:00:02.000\nMaria Lopez: Ready?\n",
            ["Maria Lopez"],
        ),
    ],
)
def test_content_decides_what_a_mislabelled_file_is_read_as(
    write_file: Callable[[str, str | bytes], Path], name: str, text: str, speakers: list[str]
) -> None:
    transcript = read_transcript(write_file(name, text))
    assert [u.speaker for u in transcript.utterances] == speakers
    assert transcript.utterances[0].start is not None
    assert transcript.utterances[0].text == "Ready?"


def test_input_format_overrides_the_extension(
    fixture_path: Callable[[str], Path], tmp_path: Path
) -> None:
    path = tmp_path / "export.dat"
    shutil.copy(fixture_path("otter.txt"), path)
    transcript = read_transcript(path, input_format="OTTER")
    assert transcript.format == "otter"
    assert speakers_and_texts(transcript.utterances)[1] == (
        "Tom Becker",
        "Honestly a bit deflated. I thought our documentation was better than that.",
    )


def test_input_format_text_reads_otter_lines_as_plain_text(
    fixture_path: Callable[[str], Path],
) -> None:
    transcript = read_transcript(fixture_path("otter.txt"), input_format="text")
    assert transcript.format == "text"
    assert transcript.notes == [NO_SPEAKERS]


def test_input_format_docx_on_a_text_file_is_a_docx_error(
    fixture_path: Callable[[str], Path],
) -> None:
    with pytest.raises(InputError, match=r"is not a valid \.docx file"):
        read_transcript(fixture_path("meeting.txt"), input_format="docx")


def test_unknown_input_format(fixture_path: Callable[[str], Path]) -> None:
    with pytest.raises(InputError, match=r"unknown input format 'pdf'; choose one of text, vtt"):
        read_transcript(fixture_path("meeting.txt"), input_format="pdf")


def test_wrong_extension_lists_formats_and_the_option(fixture_path: Callable[[str], Path]) -> None:
    path = fixture_path("recording.mp3")
    with pytest.raises(InputError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert caught.value.path == str(path)
    assert "unsupported file type '.mp3'" in message
    assert ".txt .vtt .srt .json .csv .docx" in message
    assert "--input-format" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.txt", "is empty"),
        ("binary.txt", "is not a text file"),
        ("invalid.json", "is not valid JSON"),
        ("missing_text.json", "segment 3 has no text"),
        ("no_text_column.csv", "has no 'text' column"),
        ("corrupt.docx", "is not a valid .docx file"),
    ],
)
def test_malformed_files_give_one_line_errors_with_the_path(
    fixture_path: Callable[[str], Path], name: str, problem: str
) -> None:
    path = fixture_path(name)
    with pytest.raises(InputError, match=problem) as caught:
        read_transcript(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_missing_file_is_reported_before_its_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"file not found"):
        read_transcript(tmp_path / "recording.mp3")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cues.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n\n"),
        ("segments.json", '{"segments": [{"text": "  "}]}'),
        ("header_only.csv", "speaker,text,start,end\n"),
        ("otter.txt", "Maria Lopez  0:03\n\nTom Becker  0:05\n"),
        ("punctuation.txt", "Anna: ...\nBob: ?\n"),  # turns, but not a word in them
        ("colons.txt", ":\n:\n"),
    ],
)
def test_no_speech_text(
    write_file: Callable[[str, str | bytes], Path], name: str, content: str
) -> None:
    with pytest.raises(InputError, match=r"has no speech text$"):
        read_transcript(write_file(name, content))


def test_a_word_file_in_no_teams_layout_reads_as_its_text_would(fixture_path: Callable[[str], Path]) -> None:
    """A role-play typed up in Word: the same turns as the same lines in a .txt file."""
    typed = read_transcript(fixture_path("typed.docx"))
    assert typed.utterances == read_transcript(fixture_path("typed.txt")).utterances
    assert speakers_and_texts(typed.utterances)[2] == (
        "Sister Walsh", "That sounds exhausting. What would have made Tuesday easier for you?")


def _word_with_table(path: Path, rows: list[tuple[str, ...]]) -> Path:
    document = docx.Document()
    document.add_paragraph("Role-play 2")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(path)
    return path


def test_a_role_play_typed_as_a_word_table_is_read_row_by_row(tmp_path: Path) -> None:
    """Before, the title alone was analysed and the table was never read."""
    names = _word_with_table(tmp_path / "names.docx", [
        ("Speaker", "What was said"), ("Priya", "How are things?"), ("Dan:", "Busy, honestly.")])
    assert speakers_and_texts(read_transcript(names).utterances) == [
        ("Priya", "How are things?"), ("Dan", "Busy, honestly.")]
    timed = read_transcript(_word_with_table(tmp_path / "timed.docx", [
        ("Time", "Name", "Text"), ("00:01:10", "Priya", "What would help?"), ("00:01:15", "Dan", "Cover.")]))
    assert speakers_and_texts(timed.utterances) == [("Priya", "What would help?"), ("Dan", "Cover.")]
    assert starts(timed.utterances) == [70.0, 75.0]


def test_a_teams_word_file_without_speech_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty_teams.docx"
    document = docx.Document()
    for line in ("Weekly 1:1", "March 12, 2024, 9:15AM", "2m 3s", "Maria Lopez started transcription",
                 "Maria Lopez stopped transcription"):
        document.add_paragraph(line)
    document.save(path)
    with pytest.raises(InputError, match=r"has no speech text$"):
        read_transcript(path)


def test_a_google_meet_transcript_saved_as_word_is_read_as_meet(tmp_path: Path) -> None:
    """Word separates paragraphs by spacing, not blank lines: Meet's time paragraphs were
    read as speech, and its attendee list as an Unknown speaker's."""
    path = tmp_path / "meet.docx"
    document = docx.Document()
    for line in ("Weekly 1:1 - Transcript", "Attendees", "Priya Shah, Daniel Okafor", "Transcript", "00:00:00",
                 "Priya Shah: Morning, Dan.", "Daniel Okafor: Morning.", "00:01:02", "Priya Shah: How was the audit?"):
        document.add_paragraph(line)
    document.save(path)
    assert speakers_and_texts(read_transcript(path).utterances) == [
        ("Priya Shah", "Morning, Dan."), ("Daniel Okafor", "Morning."), ("Priya Shah", "How was the audit?")]


def test_a_word_file_without_names_is_one_unknown_speaker_like_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    document = docx.Document()
    document.add_paragraph("Meeting notes")
    document.save(path)
    transcript = read_transcript(path, single_speaker=True)
    assert speakers_and_texts(transcript.utterances) == [(UNKNOWN_SPEAKER, "Meeting notes")]
    assert transcript.notes == [NO_SPEAKERS]


def test_an_empty_word_file_has_no_speech_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("...")
    document.save(path)
    with pytest.raises(InputError, match=r"has no speech text$"):
        read_transcript(path)


def test_a_turn_longer_than_spacy_reads_is_refused_with_the_reason(tmp_path: Path) -> None:
    """A whole book on one line is not a meeting; spaCy would fail on it mid-analysis."""
    path = tmp_path / "book.txt"
    path.write_text("word " * (MAX_TURN_CHARS // 5 + 1), encoding="utf-8")

    with pytest.raises(InputError, match=r"has a turn of 1,000,004 characters, more than the 1,000,000"):
        read_transcript(path)



@pytest.mark.parametrize(("name", "content", "message"), [
    # times the figures cannot use: negative talk time, rates and charts broken
    ("reversed.vtt", "WEBVTT\n\n00:00:10.000 --> 00:00:05.000\n<v Ann>What would help?\n",
     r"turn 1 ends before it starts \(10 s to 5 s\)"),
    ("reversed.json", '[{"speaker": "Ann", "text": "Hello.", "start": 1, "end": 2},'
                      ' {"speaker": "Bob", "text": "Hi.", "start": 10, "end": 5}]',
     r"turn 2 ends before it starts"),
    ("milliseconds.json", '[{"speaker": "Ann", "text": "Hello.", "start": 0, "end": 3600000}]',
     r"turn 1 has a time over a week \(3.6e\+06 s\); are the times in milliseconds\?"),
    # JSON that broke Python itself (RecursionError, OverflowError, a float of inf)
    ("deep.json", "[" * 1000 + "]" * 1000, r"is JSON nested too deeply to be a transcript"),
    ("huge_int.json", '[{"speaker": "Ann", "text": "Hi.", "start": 0, "end": 1' + "0" * 400 + "}]",
     r"segment 1 has an invalid end time"),
    ("digits.json", '[{"speaker": "Ann", "text": "Hi.", "start": "0", "end": "' + "9" * 400 + '"}]',
     r"segment 1 has an invalid end time"),
])
def test_times_and_json_the_analysis_cannot_use_are_one_line(
    write_file: Callable[[str, str | bytes], Path], name: str, content: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        read_transcript(write_file(name, content))


def test_half_an_emoji_in_json_becomes_a_replacement_character(write_file: Callable[[str, str | bytes], Path]) -> None:
    path = write_file("surrogate.json", '[{"speaker": "Ann \\ud83d", "text": "How are you? \\ud83d"}]')
    turn = read_transcript(path).utterances[0]
    assert (turn.speaker, turn.text) == ("Ann \ufffd", "How are you? \ufffd")
    turn.text.encode("utf-8")  # what spaCy and every output need


def test_a_docx_with_foreign_content_types_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "<not xml")
    with pytest.raises(InputError, match=r"is not a valid .docx file"):
        read_transcript(path)


def test_a_typed_word_file_and_a_zoom_file_name_a_bracketed_speaker_alike(tmp_path: Path) -> None:
    """The same display name is one speaker, spelled the same, whether it was typed up in
    Word or came in Zoom's captions (which always took it)."""
    path = tmp_path / "typed.docx"
    document = docx.Document()
    for line in ("Priya Shah (she/her): How are you doing today?", "Daniel Okafor: Fine thanks, a bit tired.",
                 "Priya Shah (she/her): What would help?"):
        document.add_paragraph(line)
    document.save(path)
    vtt = tmp_path / "zoom.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nPriya Shah (she/her): How are you doing today?\n\n"
                   "00:00:03.000 --> 00:00:04.000\nDaniel Okafor: Fine thanks, a bit tired.\n\n"
                   "00:00:05.000 --> 00:00:06.000\nPriya Shah (she/her): What would help?\n", encoding="utf-8")
    typed = speakers_and_texts(read_transcript(path).utterances)
    assert typed == [("Priya Shah (she/her)", "How are you doing today?"),
                     ("Daniel Okafor", "Fine thanks, a bit tired."), ("Priya Shah (she/her)", "What would help?")]
    assert speakers_and_texts(read_transcript(vtt).utterances) == typed


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_times_on_only_some_turns_are_dropped_with_a_note(write_file: Callable[[str, str | bytes], Path],
                                                          suffix: str) -> None:
    """Talk time was half-counted: Priya's timed turn took all of it, Dan's untimed one none."""
    content = {
        ".csv": "speaker,text,start,end\nPriya,How are you doing today?,1.5,3\nDan,I need more time.,,\n"
                "Priya,What would help?,,\n",
        ".json": '[{"speaker": "Priya", "text": "How are you doing today?", "start": 1.5, "end": 3},'
                 ' {"speaker": "Dan", "text": "I need more time."}, {"speaker": "Priya", "text": "What would help?"}]',
    }[suffix]
    transcript = read_transcript(write_file(f"partly{suffix}", content))
    assert [(u.speaker, u.start, u.end) for u in transcript.utterances] == [
        ("Priya", None, None), ("Dan", None, None), ("Priya", None, None)]
    assert transcript.notes == [PARTLY_TIMED_NOTE]


def test_end_times_on_only_some_turns_are_dropped_and_the_starts_kept(
        write_file: Callable[[str, str | bytes], Path]) -> None:
    path = write_file("ends.csv", "speaker,text,start,end\nPriya,How are you?,1,3\nDan,Fine.,4,\n")
    transcript = read_transcript(path)
    assert [(u.start, u.end) for u in transcript.utterances] == [(1.0, None), (4.0, None)]
    assert transcript.notes == [PARTLY_ENDED_NOTE]


@pytest.mark.parametrize(("content", "times"), [
    ("speaker,text,start,end\nPriya,How are you?,1,3\nDan,Fine.,4,6\n", [(1.0, 3.0), (4.0, 6.0)]),
    ("speaker,text,start\nPriya,How are you?,1\nDan,Fine.,4\n", [(1.0, None), (4.0, None)]),  # starts only
    ("speaker,text\nPriya,How are you?\nDan,Fine.\n", [(None, None), (None, None)]),
])
def test_times_on_every_turn_or_on_none_are_kept_without_a_note(
        write_file: Callable[[str, str | bytes], Path], content: str, times: list[tuple[float | None, ...]]) -> None:
    transcript = read_transcript(write_file("whole.csv", content))
    assert [(u.start, u.end) for u in transcript.utterances] == times
    assert transcript.notes == []


def test_a_turn_split_by_a_pause_merges_again_once_its_times_are_dropped(
        write_file: Callable[[str, str | bytes], Path]) -> None:
    path = write_file("pause.csv", "speaker,text,start,end\nPriya,Right.,1,2\nPriya,So what now?,30,32\nDan,Hm.,,\n")
    assert speakers_and_texts(read_transcript(path).utterances) == [("Priya", "Right. So what now?"), ("Dan", "Hm.")]
