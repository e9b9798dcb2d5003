"""JSON: Whisper, WhisperX and plain turn lists; malformed files name the problem."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from analyzer.errors import InputError
from analyzer.readers.json_segments import read_json
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import ends, speakers_and_texts, starts


def test_whisper_without_speakers_is_one_unknown_turn(fixture_text: Callable[[str], str]) -> None:
    utterances = read_json(fixture_text("whisper.json"), "whisper.json")
    assert speakers_and_texts(utterances) == [
        (
            UNKNOWN_SPEAKER,
            "Thanks for staying on after the huddle, Tom. How is the new starter settling in? "
            "She's doing well, but she's nervous about the drug round.",
        )
    ]
    assert (utterances[0].start, utterances[0].end) == (0.0, 10.24)


def test_whisperx_keeps_speaker_labels(fixture_text: Callable[[str], str]) -> None:
    utterances = read_json(fixture_text("whisperx.json"), "whisperx.json")
    assert speakers_and_texts(utterances) == [
        (
            "SPEAKER_00",
            "Thanks for staying on after the huddle, Tom. How is the new starter settling in?",
        ),
        ("SPEAKER_01", "She's doing well, but she's nervous about the drug round."),
        (UNKNOWN_SPEAKER, "Mm-hmm."),  # WhisperX leaves "speaker" out when unsure
        ("SPEAKER_00", "What support do you think she needs from us?"),
    ]
    assert starts(utterances) == [0.031, 6.8, 10.6, 11.9]
    assert ends(utterances) == [6.1, 10.24, 11.3, 15.05]


def test_plain_list_with_optional_times(fixture_text: Callable[[str], str]) -> None:
    utterances = read_json(fixture_text("turns.json"), "turns.json")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Tom, have you got a minute before you go?"),
        ("Tom Becker", "Yes, what's up?"),
        (
            "Maria Lopez",
            "I noticed you stayed late three times this week. How are you managing your workload?",
        ),
    ]
    assert starts(utterances) == [0.5, 3.2, None]
    assert ends(utterances) == [2.9, 4.0, None]


def test_times_as_clock_strings_and_numeric_speakers() -> None:
    text = json.dumps([{"speaker": 1, "text": "Hi.", "start": "00:00:01.5", "end": "2"}])
    utterances = read_json(text, "t.json")
    assert speakers_and_texts(utterances) == [("1", "Hi.")]
    assert (utterances[0].start, utterances[0].end) == (1.5, 2.0)


def test_empty_text_segment_is_skipped() -> None:
    text = json.dumps({"segments": [{"text": " "}, {"speaker": "A", "text": "Hi."}]})
    assert speakers_and_texts(read_json(text, "t.json")) == [("A", "Hi.")]


def test_invalid_json_names_line_and_column(fixture_text: Callable[[str], str]) -> None:
    with pytest.raises(
        InputError, match=r"is not valid JSON \(Expecting ',' delimiter at line 3"
    ) as caught:
        read_json(fixture_text("invalid.json"), "invalid.json")
    assert "huddle" not in str(caught.value)
    assert caught.value.path == "invalid.json"


def test_segment_without_text(fixture_text: Callable[[str], str]) -> None:
    with pytest.raises(InputError, match=r"segment 3 has no text$"):
        read_json(fixture_text("missing_text.json"), "missing_text.json")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"text": "Hello"}, 'without a "segments" list'),
        ({"segments": {"text": "Hi"}}, "not a list of segments"),
        ("just a string", "not a list of segments"),
        ([["Maria", "Hi"]], "segment 1 is not an object"),
        ([{"speaker": "A", "text": 5}], "segment 1 has text that is not a string"),
        ([{"text": "a"}, {"speaker": ["A"], "text": "b"}], "segment 2 has a speaker that is not"),
        ([{"text": "a", "start": "soon"}], "segment 1 has an invalid start time"),
        ([{"text": "a", "end": -3}], "segment 1 has an invalid end time"),
        ([{"text": "a", "start": True}], "segment 1 has an invalid start time"),
    ],
)
def test_wrong_shapes_name_the_problem(data: object, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_json(json.dumps(data), "t.json")


def test_empty_segment_list_gives_no_turns() -> None:
    assert read_json('{"segments": []}', "t.json") == []
