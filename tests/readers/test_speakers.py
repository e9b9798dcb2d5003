"""The ``Name:`` rule: real names are recognised, notes, times and sentences are not."""

from __future__ import annotations

import unicodedata

import pytest

from analyzer.readers.speakers import (
    CueSpeakers,
    is_display_name,
    is_speaker_name,
    lines_to_utterances,
    match_speaker,
    normalise_name,
    split_speaker,
)
from analyzer.transcript import UNKNOWN_SPEAKER


@pytest.mark.parametrize(
    "name",
    [
        "Maria",
        "Maria Lopez",
        "Speaker 1",
        "SPEAKER_00",
        "Dr. Tom Becker",
        "Siobhan O'Neill",
        "Anne-Marie Smith",
        "Maria van Dijk",
        "jdoe",
        "Zoë Müller",
        unicodedata.normalize("NFD", "Zoë Müller"),  # accents as combining marks (text copied on a Mac)
        "प्रिया शर्मा",  # Devanagari: vowel signs are combining marks, and there is no upper case
        "محمد علي",
    ],
)
def test_real_names_are_names(name: str) -> None:
    assert is_speaker_name(name)


@pytest.mark.parametrize(
    "candidate",
    [
        "",
        "Note",
        "NOTE",
        "Action items",
        "10",
        "1st speaker",
        "Quick question",  # second word lower case: a sentence, not a name
        "I think",
        "Well",  # "Well: I'm not sure" starts a sentence
        "So",
        "So what I mean",
        "One two three four five",  # five words
        "Maria Lopez, RN",  # comma is sentence punctuation
        "Really?",
        "Alexandria Catherine Montgomery-Fitzwilliam",  # over 40 characters
        "(inaudible)",
        "Honestly",
        "Bottom Line",
    ],
)
def test_notes_times_and_sentences_are_not_names(candidate: str) -> None:
    assert not is_speaker_name(candidate)


@pytest.mark.parametrize("label", ["Quick Question", "Long story short", "To be honest", "Side note"])
def test_phrases_that_open_a_line_like_a_label_are_no_names_by_either_rule(label: str) -> None:
    assert not is_speaker_name(label)
    assert not is_display_name(label)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Maria Lopez: How was the shift?", ("Maria Lopez", "How was the shift?")),
        ("  Tom  Becker :  Fine, thanks. ", ("Tom Becker", "Fine, thanks.")),
        ("Tom Becker:", ("Tom Becker", "")),
        ("Note: bring the rota.", (None, "Note: bring the rota.")),
        ("10:30 the ward was full.", (None, "10:30 the ward was full.")),
        ("By 10:30 the ward was full.", (None, "By 10:30 the ward was full.")),
        ("See https://intranet/rota for details", (None, "See https://intranet/rota for details")),
        ("The plan: ask first, then advise.", (None, "The plan: ask first, then advise.")),
    ],
)
def test_split_speaker(line: str, expected: tuple[str | None, str]) -> None:
    assert split_speaker(line) == expected


def test_lines_without_a_name_continue_the_turn_and_share_the_times() -> None:
    lines = ["Why did it run late?", "Tom Becker: The bloods.", "They were not back.", ""]
    utterances = lines_to_utterances(lines, start=1.0, end=4.5)
    assert [(u.speaker, u.text, u.start, u.end) for u in utterances] == [
        (UNKNOWN_SPEAKER, "Why did it run late?", 1.0, 4.5),
        ("Tom Becker", "The bloods. They were not back.", 1.0, 4.5),
    ]


def test_lines_start_with_the_given_speaker() -> None:
    utterances = lines_to_utterances(["and then we stopped."], speaker="Tom Becker")
    assert [(u.speaker, u.text) for u in utterances] == [("Tom Becker", "and then we stopped.")]


def test_one_name_in_two_unicode_forms_is_one_speaker() -> None:
    nfd = unicodedata.normalize("NFD", "Zoë Müller")
    assert split_speaker(f"{nfd}: How are you?") == ("Zoë Müller", "How are you?")


@pytest.mark.parametrize(("wanted", "found"), [
    ("Ann Lee", "Ann Lee"),  # spelled exactly so: that one, not its upper-case twin
    ("ANN LEE", "ANN LEE"),
    ("ann  lee", "Ann Lee"),  # else the first equal to it but for case and spacing
    (unicodedata.normalize("NFD", "Zoë"), "Zoë"),
    ("Bob", None),
])
def test_a_speaker_option_finds_the_exact_name_first(wanted: str, found: str | None) -> None:
    assert match_speaker(wanted, ["Ann Lee", "ANN LEE", "Zoë"]) == found


def test_control_characters_never_reach_a_name() -> None:
    assert normalise_name("Ann\x1b[31m Lee\x07") == "Ann [31m Lee"


@pytest.mark.parametrize(
    "name",
    ["Okafor, Daniel", "Daniel Okafor | NHS Trust", "John's iPhone",
     "Anne-Marie de la Cruz Fernández", "Conference Room 4B", "Lopez, Maria [Ward 7]", "+44 7700 900123"],
)
def test_display_names_of_video_calls(name: str) -> None:
    assert is_display_name(name)
    assert not is_speaker_name(name)


@pytest.mark.parametrize(
    "name", ["Priya Shah (she/her)", "Manager (Priya)", "Lopez [Ward 7]", "jdoe (he/him)", "Dr. Tom Becker (Chair)"],
)
def test_a_name_with_a_bracketed_part_is_a_name_by_both_rules(name: str) -> None:
    assert is_speaker_name(name)
    assert is_display_name(name)


@pytest.mark.parametrize(
    "candidate",
    ["(she/her)", "Note (important)", "The plan (draft)", "Quick question (sorry)", "I think (maybe)",
     "Priya (see below!)", "Priya (she/her) (Chair)", "Priya (the one who runs the late shift rota)",
     "Priya (a b c d e)", "Maria Lopez, RN (Ward 7)"],
)
def test_a_bracket_does_not_make_a_label_or_sentence_a_name(candidate: str) -> None:
    assert not is_speaker_name(candidate)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Priya Shah (she/her): How are you doing today?", ("Priya Shah (she/her)", "How are you doing today?")),
        ("Manager (Priya): What would help?", ("Manager (Priya)", "What would help?")),
        ("The plan (draft): ask first, then advise.", (None, "The plan (draft): ask first, then advise.")),
        ("Speaker 1 (10:30): hello", (None, "Speaker 1 (10:30): hello")),  # a colon inside is no bracketed part
    ],
)
def test_split_speaker_keeps_the_bracketed_part_in_the_name(line: str, expected: tuple[str | None, str]) -> None:
    assert split_speaker(line) == expected


@pytest.mark.parametrize(
    "candidate", ["Quick question", "I think", "Note", "Honestly", "Really?", "(she/her)", "So what I mean",
                  "one two three four five six seven"],
)
def test_sentences_are_not_display_names(candidate: str) -> None:
    assert not is_display_name(candidate)


def test_cue_speakers_use_display_names_only_when_nearly_every_cue_has_one() -> None:
    zoom = CueSpeakers(["Priya Shah (she/her): Hi.", "+44 7700 900123: Hello.", "Priya Shah (she/her): Go on."])
    assert zoom.display and zoom.continues
    subtitles = CueSpeakers(["Okafor, Daniel: Hello.", "and then we went", "back to the ward", "Tom: Yes."])
    assert not subtitles.display and subtitles.continues
    film = CueSpeakers(["MARY: Where were you?", "- Out.", "Just out, Mum.", "- Don't walk away.", "Fine."])
    assert not film.display and not film.continues


def test_cue_speakers_take_lower_case_names_only_where_they_recur() -> None:
    once = CueSpeakers(["Priya Shah: Hi.", "john smith: Hello.", "Priya Shah: Go on."])
    assert once.lower_case_names == frozenset()
    twice = CueSpeakers(["Priya Shah: Hi.", "john smith: Hello.", "Priya Shah: Go on.", "john smith: Thanks."])
    assert twice.lower_case_names == {"john smith"} and twice.display
    assert CueSpeakers(["i think: no.", "i think: yes."]).lower_case_names == frozenset()


@pytest.mark.parametrize(
    "name", ["Dan 🚴 Brown", "Dan 🚴", "Priya 👩🏽‍⚕️ Shah (she/her)", "3rd Floor Boardroom", "10 Downing Street",
             "4B Studio"],
)
def test_display_names_with_emoji_or_a_rooms_number_are_display_names(name: str) -> None:
    assert is_display_name(name)


@pytest.mark.parametrize(
    "candidate", ["🚴", "Honestly 👍", "2 things", "2 Things", "3 PM", "10 Minutes", "1st thing", "12",
                  "3rd floor boardroom"],
)
def test_emoji_and_counts_do_not_make_a_sentence_a_display_name(candidate: str) -> None:
    assert not is_display_name(candidate)


def test_a_recurring_lower_case_count_is_no_name() -> None:
    """Capitalised, ``2 things`` would not pass; it must not pass by recurring either."""
    speakers = CueSpeakers(["Priya: Hi.", "2 things: first.", "Priya: Go on.", "2 things: again."])
    assert speakers.lower_case_names == set()
