"""SubRip: with and without ``Name:`` prefixes; parse errors are one-line InputErrors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.errors import InputError
from analyzer.readers.subrip import read_srt
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import ends, speakers_and_texts, starts


def test_named_cues_merge_and_tags_are_stripped(fixture_text: Callable[[str], str]) -> None:
    utterances = read_srt(fixture_text("meeting.srt"), "meeting.srt")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Tom, can I grab you for a quick debrief about bed 12?"),
        (
            "Tom Becker",
            "Yes, of course. The family were really upset this morning. "
            "They felt nobody had explained the discharge plan.",
        ),
        ("Maria Lopez", "How did you handle it in the moment?"),
    ]
    assert starts(utterances) == pytest.approx([0.94, 4.8, 12.05])
    assert ends(utterances) == pytest.approx([4.21, 11.6, 15.3])


def test_crlf_text_reads_the_same(fixture_text: Callable[[str], str]) -> None:
    text = fixture_text("meeting.srt")
    assert read_srt(text.replace("\n", "\r\n"), "m.srt") == read_srt(text, "m.srt")


def test_cues_without_names_are_unknown(fixture_text: Callable[[str], str]) -> None:
    utterances = read_srt(fixture_text("no_speakers.srt"), "no_speakers.srt")
    assert speakers_and_texts(utterances) == [
        (
            UNKNOWN_SPEAKER,
            "Thanks for staying on after the huddle. "
            "I wanted to ask how the new starter is settling in.",
        )
    ]
    assert (utterances[0].start, utterances[0].end) == pytest.approx((1.0, 6.2))


def test_cue_without_text_is_skipped() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nMaria: Ready?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\n{\\an8}Tom: Yes.\n"
    )
    utterances = read_srt(text, "t.srt")
    assert speakers_and_texts(utterances) == [("Maria", "Ready?"), ("Tom", "Yes.")]
    assert starts(utterances) == [1.0, 3.0]


def test_garbage_block_names_the_line_not_the_text() -> None:
    text = "Private notes about bed 12\n\n1\n00:00:01,000 --> 00:00:02,000\nMaria: Ready?\n"
    with pytest.raises(
        InputError, match=r"not valid SubRip: cannot read the cue at line 1"
    ) as caught:
        read_srt(text, "t.srt")
    assert "Private" not in str(caught.value)
    assert caught.value.path == "t.srt"


def test_broken_cue_after_good_ones_names_its_line() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nMaria: Ready?\n\n"
        "2\n00:00:03,000 -> 00:00:04,000\nTom: Yes.\n"
    )
    with pytest.raises(InputError, match=r"cannot read the cue at line 5$"):
        read_srt(text, "t.srt")


def test_no_cues_is_an_error() -> None:
    with pytest.raises(InputError, match=r"not valid SubRip"):
        read_srt("Maria: Ready?\nTom: Yes.\n", "t.srt")


def test_a_cue_without_a_name_goes_on_with_the_last_speaker() -> None:
    """Descript and Rev write the name only when the speaker changes."""
    text = (
        "1\n00:00:01,000 --> 00:00:04,000\nSpeaker 1: How did the handover go? I heard it was\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nquite busy on the ward.\n\n"
        "3\n00:00:06,500 --> 00:00:09,000\nSpeaker 2: It went fine.\n"
    )
    assert [(u.speaker, u.text, u.end) for u in read_srt(text, "t.srt")] == [
        ("Speaker 1", "How did the handover go? I heard it was quite busy on the ward.", 6.0),
        ("Speaker 2", "It went fine.", 9.0),
    ]


def test_cues_out_of_order_in_the_file_are_read_in_the_order_they_are_spoken() -> None:
    """A turn ended before it started ("4 s to 3 s"), or the times ran backwards."""
    text = ("1\n00:00:04,000 --> 00:00:06,000\nBob: About the rota.\n\n"
            "2\n00:00:01,000 --> 00:00:03,000\nBob: Hi there.\n\n"
            "3\n00:00:06,500 --> 00:00:08,000\nAnn: Go on.\n")
    assert [(u.speaker, u.text, u.start, u.end) for u in read_srt(text, "t.srt")] == [
        ("Bob", "Hi there. About the rota.", 1.0, 6.0), ("Ann", "Go on.", 6.5, 8.0)]


def test_film_style_dialogue_is_not_given_to_the_one_named_speaker() -> None:
    text = ("1\n00:00:01,000 --> 00:00:03,000\nMARY: Where have you been?\n\n"
            "2\n00:00:03,500 --> 00:00:05,000\n- Out.\n- Out where?\n\n"
            "3\n00:00:05,500 --> 00:00:08,000\nJust out, Mum.\n\n"
            "4\n00:00:08,500 --> 00:00:10,000\n- Don't walk away.\n- I'm going to bed.\n")
    assert [u.speaker for u in read_srt(text, "t.srt")] == ["MARY", UNKNOWN_SPEAKER]


def test_a_speaker_named_on_a_cues_second_line_takes_over() -> None:
    text = ("1\n00:00:01,000 --> 00:00:04,000\nAnna: How did the night go?\n\n"
            "2\n00:00:04,500 --> 00:00:08,000\nBen: Rough, we were two down.\nTom: Three, actually.\n")
    assert speakers_and_texts(read_srt(text, "t.srt"))[1:] == [("Ben", "Rough, we were two down."),
                                                             ("Tom", "Three, actually.")]
