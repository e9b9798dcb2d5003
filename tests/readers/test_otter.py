"""Otter.ai exports: ``Name  0:03`` headers, start times, ends from the next block."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.readers.otter import parse_header, read_otter
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import ends, speakers_and_texts, starts


def test_otter_export(fixture_text: Callable[[str], str]) -> None:
    utterances = read_otter(fixture_text("otter.txt"), "otter.txt")
    assert speakers_and_texts(utterances) == [
        (
            "Maria Lopez",
            "Hi Tom, thanks for joining. How are you feeling after the audit feedback?",
        ),
        (
            "Tom Becker",
            "Honestly a bit deflated. I thought our documentation was better than that.",
        ),
        ("Maria Lopez", "That's fair. Which part of the feedback surprised you most?"),
        (
            "Tom Becker",
            "The fluid balance charts. We fill them in, but not always at the time. "
            "Nights are the worst for it.",
        ),
        # the "Transcribed by https://otter.ai" footer is not speech
        ("Maria Lopez", "What do you think gets in the way on nights? Take your time."),
    ]
    assert starts(utterances) == [3.0, 11.0, 19.0, 25.0, 72.0]
    assert ends(utterances) == [11.0, 19.0, 25.0, 72.0, None]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Maria Lopez  0:03", ("Maria Lopez", 3.0)),
        ("Speaker 2 12:40", ("Speaker 2", 760.0)),
        ("Tom Becker  1:02:03", ("Tom Becker", 3723.0)),
        ("See you at 4:30", None),
        ("Maria Lopez: 0:03", None),
        ("Maria Lopez  0:75", None),
        ("Maria Lopez", None),
        ("0:03", None),
        # display names Otter takes from the meeting, which the strict rule refuses
        ("Okafor, Daniel  0:05", ("Okafor, Daniel", 5.0)),
        ("Ann Smith | HR  1:10", ("Ann Smith | HR", 70.0)),
        ("Mary Ann de la Cruz  0:07", ("Mary Ann de la Cruz", 7.0)),
        ("We met at 10:30", None),
        ("Call me back at 10:30", None),
    ],
)
def test_parse_header(line: str, expected: tuple[str, float] | None) -> None:
    assert parse_header(line) == expected


def test_header_only_counts_at_the_start_of_a_block() -> None:
    text = "Maria Lopez  0:03\nLet's meet again\nTom Becker 4:30\n\nTom Becker  0:09\nSure.\n"
    utterances = read_otter(text, "o.txt")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Let's meet again Tom Becker 4:30"),
        ("Tom Becker", "Sure."),
    ]
    assert ends(utterances) == [9.0, None]


def test_text_before_the_first_header_is_unknown_and_empty_blocks_vanish() -> None:
    text = "Weekly check-in\n\nMaria Lopez  0:03\n\nTom Becker  0:05\nHello.\n"
    utterances = read_otter(text, "o.txt")
    assert speakers_and_texts(utterances) == [
        (UNKNOWN_SPEAKER, "Weekly check-in"),
        ("Tom Becker", "Hello."),
    ]
    assert starts(utterances) == [None, 5.0]
