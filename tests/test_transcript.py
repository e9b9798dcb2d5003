"""The transcript data: merged turns, and file names as text."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns, printable_path


def test_consecutive_cues_of_one_speaker_merge_into_one_turn() -> None:
    turns = merge_turns([Utterance("Ann", "Hi", 0.0, 1.0), Utterance("Ann", " there ", 1.0, 2.0),
                         Utterance(" ", "Who?", 2.0, 3.0), Utterance("Ann", "", 3.0, 4.0)])

    assert turns == [Utterance("Ann", "Hi there", 0.0, 2.0), Utterance(UNKNOWN_SPEAKER, "Who?", 2.0, 3.0)]


def test_a_long_silence_ends_a_turn() -> None:
    """Merged across 92 s of silence, the turn's talk time would count the silence."""
    turns = merge_turns([Utterance("Ann", "Take a minute to read it.", 1.0, 3.0), Utterance("Ann", "Okay.", 95.0, 97.0),
                         Utterance("Ann", "What stood out?", 97.5, 100.0)])
    assert turns == [Utterance("Ann", "Take a minute to read it.", 1.0, 3.0),
                     Utterance("Ann", "Okay. What stood out?", 95.0, 100.0)]


def test_a_long_silence_in_mid_sentence_does_not_end_the_turn() -> None:
    """WhisperX pauses inside sentences; cutting there made two sentences and two labels of one."""
    turns = merge_turns([Utterance("Ann", "so today I want to go through a", 1.0, 5.0),
                         Utterance("Ann", "couple of your calls.", 11.5, 16.0)])
    assert turns == [Utterance("Ann", "so today I want to go through a couple of your calls.", 1.0, 16.0)]


def test_a_utf8_name_is_kept_as_it_is() -> None:
    assert printable_path(Path("in") / "café ünïcode.vtt") == os.path.join("in", "café ünïcode.vtt")


@pytest.mark.skipif(sys.platform == "win32", reason="file names are UTF-16 there")
def test_a_name_that_is_not_utf8_shows_its_bytes_and_can_be_written() -> None:
    name = os.fsdecode(b"caf\xe9 r\xf4le-play.vtt")  # Latin-1 bytes, as an old share names them

    shown = printable_path(name)

    assert shown == "caf\\xe9 r\\xf4le-play.vtt"
    assert shown.encode("utf-8")  # what writing a CSV or JSON file needs
