"""Control characters (terminal escape codes) removed from transcript text as it is read."""

from __future__ import annotations

from pathlib import Path

from analyzer.readers import read_transcript
from analyzer.readers.controls import strip_controls, without_controls
from analyzer.transcript import Utterance


def test_escape_codes_are_removed_and_tab_and_newline_kept():
    assert strip_controls("a\x1b[2Jb\tc\nd\x07e\x9b31mf\x7f") == ("a[2Jb\tc\nde31mf", 4)


def test_a_transcript_with_escape_codes_is_read_without_them_and_says_so(tmp_path: Path):
    path = tmp_path / "meeting.txt"
    path.write_text("Ann: What \x1b]0;owned\x07would help?\nBob: Time, \x1b[2Jmostly.\n", encoding="utf-8")

    transcript = read_transcript(path)

    assert [(u.speaker, u.text) for u in transcript.utterances] == [("Ann", "What ]0;ownedwould help?"),
                                                                     ("Bob", "Time, [2Jmostly.")]
    assert transcript.notes == ["removed 3 control characters (such as terminal escape codes) from the text"]


def test_speaker_names_lose_them_too_and_turns_of_one_speaker_merge():
    turns = [Utterance("B\x1b[31mob", "Time."), Utterance("Bob", "Mostly.")]
    assert without_controls(turns) == ([Utterance("B[31mob", "Time."), Utterance("Bob", "Mostly.")],
                                       ["removed 1 control character (such as terminal escape codes) from the text"])
    assert without_controls([Utterance("Bob\x07", "Time."), Utterance("Bob", "Mostly.")])[0] == [
        Utterance("Bob", "Time. Mostly.")]


def test_a_clean_transcript_has_no_note(tmp_path: Path):
    path = tmp_path / "meeting.txt"
    path.write_text("Ann: What would help?\nBob: Time.\n", encoding="utf-8")
    assert read_transcript(path).notes == []
