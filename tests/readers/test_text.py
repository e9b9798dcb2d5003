"""Plain text: ``Name:`` lines start turns, other lines continue them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.readers.text import ends_like_sentence, read_text
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import ends, speakers_and_texts, starts


def test_meeting(fixture_text: Callable[[str], str]) -> None:
    utterances = read_text(fixture_text("meeting.txt"), "meeting.txt")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Thanks for coming in, Tom. I wanted to check in about last week."),
        (
            "Tom Becker",
            "Sure. It was a hard week, to be honest. We were two nurses down on Tuesday and "
            "Wednesday. By 10:30 the ward was full again.",
        ),
        ("Maria Lopez", "What made it hardest for you?"),
        ("Tom Becker", "Missing breaks, mostly."),
        (
            "Maria Lopez",
            "I hear you. What would you need from me next time that happens? "
            "Note: the rota for next month is already out.",
        ),
        ("Tom Becker", "A heads-up before the shift starts would help."),
    ]
    assert starts(utterances) == [None] * 6
    assert ends(utterances) == [None] * 6


def test_no_speaker_names_is_one_unknown_turn(fixture_text: Callable[[str], str]) -> None:
    utterances = read_text(fixture_text("no_speakers.txt"), "no_speakers.txt")
    assert [u.speaker for u in utterances] == [UNKNOWN_SPEAKER]
    assert utterances[0].text.startswith("Thanks for coming in.")
    assert utterances[0].text.endswith("Note: the rota for next month is already out.")


def test_text_before_the_first_name_is_unknown() -> None:
    text = "Recorded on the ward.\nMaria: Shall we start?\nTom: Yes.\n"
    assert speakers_and_texts(read_text(text, "t.txt")) == [
        (UNKNOWN_SPEAKER, "Recorded on the ward."),
        ("Maria", "Shall we start?"),
        ("Tom", "Yes."),
    ]


def test_consecutive_lines_of_one_speaker_merge() -> None:
    text = "Maria: First.\nMaria: Second.\n\nTom: Third.\n"
    assert speakers_and_texts(read_text(text, "t.txt")) == [
        ("Maria", "First. Second."),
        ("Tom", "Third."),
    ]


def test_blank_text_gives_no_turns() -> None:
    assert read_text("\n  \n", "t.txt") == []


def test_times_in_front_of_lines_are_turn_starts() -> None:
    for stamp in ("00:00:01", "[00:00:01]"):
        text = f"{stamp} Priya Shah: How did it go?\n{stamp.replace('01', '04')} Daniel Okafor: Fine, thanks.\n"
        utterances = read_text(text, "t.txt")
        assert speakers_and_texts(utterances) == [("Priya Shah", "How did it go?"), ("Daniel Okafor", "Fine, thanks.")]
        assert starts(utterances) == [1.0, 4.0]
        assert ends(utterances) == [4.0, None]


def test_rev_names_with_times() -> None:
    text = "Speaker 1 (00:00):\nHow did the handover go?\n\nSpeaker 2 (00:04):\nIt went fine.\n"
    utterances = read_text(text, "t.txt")
    assert speakers_and_texts(utterances) == [("Speaker 1", "How did the handover go?"), ("Speaker 2", "It went fine.")]
    assert starts(utterances) == [0.0, 4.0]


def test_google_meet_title_and_time_lines_are_not_speech() -> None:
    """Meet writes a time every few turns: with some turns untimed, no turn keeps a time."""
    text = ("Weekly 1:1 - Transcript\n\n00:00:00\n\nPriya Shah: How did it go?\nDaniel Okafor: Fine, thanks.\n\n"
            "00:01:02\n\nPriya Shah: What helped?\n")
    utterances = read_text(text, "t.txt")
    assert speakers_and_texts(utterances) == [
        ("Priya Shah", "How did it go?"), ("Daniel Okafor", "Fine, thanks."), ("Priya Shah", "What helped?"),
    ]
    assert starts(utterances) == ends(utterances) == [None] * 3


def test_a_time_that_could_be_speech_stays_speech() -> None:
    text = "Maria: When shall we meet?\n10:30 works for me.\n1:1 meetings help.\n"
    utterances = read_text(text, "t.txt")
    assert speakers_and_texts(utterances) == [("Maria", "When shall we meet? 10:30 works for me. 1:1 meetings help.")]
    assert starts(utterances) == [None]


def test_times_that_are_speech_or_notes_stay_text() -> None:
    """A time alone on a line is Meet's only as a paragraph of its own before a named turn,
    and a time in front of ``Label:`` counts only where most named lines have one."""
    text = ("Anna: Here's the plan.\n09:30 Handover: Ben leads.\n10:00 Audit: Priya joins us.\n"
            "Ben: What time works?\nAnna: Options are\n10:30\n11:15\nBen:\n12:00\nAnna: Fine.\n")
    assert speakers_and_texts(read_text(text, "t.txt")) == [
        ("Anna", "Here's the plan. 09:30 Handover: Ben leads. 10:00 Audit: Priya joins us."),
        ("Ben", "What time works?"), ("Anna", "Options are 10:30 11:15"), ("Ben", "12:00"), ("Anna", "Fine."),
    ]


def test_google_meets_attendee_list_is_not_speech() -> None:
    text = ("Weekly 1:1 - Transcript\n\nAttendees\n\nPriya Shah, Daniel Okafor\n\nTranscript\n\n00:00:00\n\n"
            "Priya Shah: Morning.\nDaniel Okafor: Hi.\n")
    assert speakers_and_texts(read_text(text, "t.txt")) == [("Priya Shah", "Morning."), ("Daniel Okafor", "Hi.")]


def test_a_title_above_timed_turns_keeps_their_times() -> None:
    text = "Coaching session - Priya and Daniel\n[00:00:05] Priya: Thanks.\n[00:00:09] Daniel: No problem.\n"
    utterances = read_text(text, "t.txt")
    assert [(u.speaker, u.start, u.end) for u in utterances] == [("Priya", 5.0, 9.0), ("Daniel", 9.0, None)]


@pytest.mark.parametrize("title", ["Return to Work Meeting - Sarah and Will", "Role-play Part I",
                                   "Scenario 3 - Is It Bullying", "Our Ward Values Role-play"])
def test_a_title_in_title_case_is_a_title_even_with_the_words_of_speech(title: str) -> None:
    assert [u.speaker for u in read_text(f"{title}\nSarah: Welcome back.\nWill: Thanks.\n", "t.txt")] == [
        "Sarah", "Will"]


def test_a_typed_title_above_the_first_named_turn_is_not_speech() -> None:
    """Read as speech, a role-play's title gave every typed file an Unknown speaker."""
    text = "Role-play 4 (ward manager and staff nurse)\n\nSister Walsh: Hi, Kemi.\nKemi: Hello.\n"
    assert speakers_and_texts(read_text(text, "t.txt")) == [("Sister Walsh", "Hi, Kemi."), ("Kemi", "Hello.")]


@pytest.mark.parametrize("first", [
    "Okay, let's get started.",
    "So the thing is we were short again on Tuesday and nobody picked up the phone",  # too long
    "yes fine thanks",  # no capital: a speech recogniser's line, or a typed reply
    '"Have you got a minute?"',  # closing punctuation inside quotes
    "नमस्ते, आप कैसे हैं।",  # closing punctuation of another script
    "Sorry I'm late",  # the words of speech
    "Can everyone hear me",
    "Staff nurse: sorry I'm late",  # a label the name rule refuses
    "Good morning everyone",
])
def test_a_first_line_that_may_be_speech_stays_unknown_speech(first: str) -> None:
    assert speakers_and_texts(read_text(f"{first}\nPriya: Thanks all.\n", "t.txt"))[0] == (UNKNOWN_SPEAKER, first)


def test_a_first_line_not_right_above_a_name_or_with_its_own_time_stays_speech() -> None:
    not_above_a_name = "Notes from the session\nwe talked about rotas\nPriya: Thanks.\n"
    assert speakers_and_texts(read_text(not_above_a_name, "t.txt"))[0] == (
        UNKNOWN_SPEAKER, "Notes from the session we talked about rotas")
    timed = "00:00:05 Okay let us begin\n00:00:09 Ann: Thanks for coming.\n00:00:12 Bo: Hi.\n"
    assert speakers_and_texts(read_text(timed, "t.txt"))[0] == (UNKNOWN_SPEAKER, "00:00:05 Okay let us begin")


def test_zoom_saved_captions_are_timed_from_the_first_turn(fixture_text: Callable[[str], str]) -> None:
    """``[Name] 10:01:23`` above the text, the time of day: read as text, every line was
    Unknown speech with the names and times inside."""
    utterances = read_text(fixture_text("zoom_saved_captions.txt"), "zoom_saved_captions.txt")
    assert speakers_and_texts(utterances) == [
        ("Priya Shah", "Morning Dan, thanks for joining. How did the audit go?"),
        ("Daniel Okafor", "Better than I feared, honestly."),
        ("Priya Shah", "What made the difference?"),
        ("Daniel Okafor", "The new checklist. It saved us a lot of time."),
    ]
    assert starts(utterances) == [0.0, 7.0, 11.0, 14.0]
    assert ends(utterances) == [7.0, 11.0, 14.0, None]


def test_zoom_saved_captions_past_midnight_and_in_lower_case() -> None:
    text = "[Sister Walsh] 23:59:50\nHandover, please.\n\n[kemi adeyemi] 00:00:10\nBed four first.\n"
    utterances = read_text(text, "t.txt")
    assert speakers_and_texts(utterances) == [("Sister Walsh", "Handover, please."),
                                              ("kemi adeyemi", "Bed four first.")]
    assert starts(utterances) == [0.0, 20.0]


def test_zoom_saved_captions_take_any_display_name_but_not_a_sound_tag() -> None:
    """The layout says the brackets hold a name; before, names the name rules refuse were
    glued into the previous speaker's turn."""
    text = ("[Priya Shah] 10:01:23\nHow did it go?\n\n[Dan 🚴] 10:01:30\nFine.\n\n"
            "[3rd Floor Boardroom] 10:01:37\nThe checklist helped.\n\n[inaudible] 10:01:40\nmm\n")
    assert [u.speaker for u in read_text(text, "t.txt")] == ["Priya Shah", "Dan 🚴", "3rd Floor Boardroom",
                                                             UNKNOWN_SPEAKER]


def test_zoom_saved_captions_with_a_time_out_of_order_or_a_12_hour_clock_still_read() -> None:
    """A turn ending before it started refuses a file; one time out of order must not."""
    out_of_order = "[Ann] 10:01:23\nHi.\n\n[Bo] 10:01:30\nHello.\n\n[Ann] 10:01:29\nShall we?\n"
    assert starts(read_text(out_of_order, "t.txt")) == [0.0, 7.0, 7.0]
    past_one = "[Ann] 12:59:50\nHi.\n\n[Bo] 01:00:05\nHello.\n"
    assert starts(read_text(past_one, "t.txt")) == [0.0, 15.0]


def test_a_sound_tag_with_a_time_in_another_layout_stays_text_and_leaves_the_times_alone() -> None:
    text = ("Speaker 1 (00:04):\nThanks for coming in today.\n[crosstalk] 00:00:09\nSpeaker 2 (00:10):\n"
            "No problem.\n[inaudible] 00:00:15\nand the nights are hard.\nSpeaker 1 (00:20):\nTell me more.\n")
    utterances = read_text(text, "t.txt")
    assert [u.speaker for u in utterances] == ["Speaker 1", "Speaker 2", "Speaker 1"]
    assert starts(utterances) == [4.0, 10.0, 20.0]


def test_a_name_line_under_a_zoom_captions_header_changes_speaker() -> None:
    """Notes appended to the file, or a captioner's ``MANAGER:`` under their own name."""
    text = ("[Priya Shah] 10:01:23\nHow did it go?\n\n[Daniel Okafor] 10:01:30\nFine.\n\n"
            "[Priya Shah] 10:01:34\nGood.\n\n[Daniel Okafor] 10:01:37\nThanks.\n"
            "Priya Shah: I will send the rota tonight.\n")
    utterances = read_text(text, "t.txt")
    assert speakers_and_texts(utterances)[3:] == [("Daniel Okafor", "Thanks."),
                                                  ("Priya Shah", "I will send the rota tonight.")]
    assert starts(utterances) == [0.0, 7.0, 11.0, 14.0, 14.0]


def test_a_label_line_under_a_zoom_captions_header_stays_that_speakers_text() -> None:
    text = ("[Tom Becker] 07:15:00\nRight, handover.\n\n[Maria Lopez] 07:15:30\nGo on.\n\n"
            "[Tom Becker] 07:16:00\nBed 12: Mrs Adeyemi, stable.\n\n[Maria Lopez] 07:16:20\nThanks.\n")
    assert speakers_and_texts(read_text(text, "t.txt"))[2] == ("Tom Becker", "Bed 12: Mrs Adeyemi, stable.")


@pytest.mark.parametrize(("text", "ends"), [
    ("Shall we start?", True), ('She said "go now."', True), ("(We agreed.)", True),
    ("好的。", True), ("ठीक है।", True), ("Role-play 4 (ward manager)", False), ('"Hello"', False),
    ("Item 3:", False),
])
def test_a_sentence_end_is_found_in_any_script_and_inside_closing_quotes(text: str, ends: bool) -> None:
    """One rule for the title line and for Word tables whose texts must read like sentences."""
    assert ends_like_sentence(text) is ends


def test_a_speaker_label_with_a_bracketed_part_starts_a_turn() -> None:
    """``Priya Shah (she/her):`` went to the previous speaker (or made the file one Unknown
    speaker), with the name left inside the speech."""
    text = ("Priya Shah (she/her): How are you doing today?\nDaniel Okafor: Fine thanks, a bit tired.\n"
            "Priya Shah (she/her): What would help?\nManager (Priya): Shall we look at the rota?\n")
    assert speakers_and_texts(read_text(text, "t.txt")) == [
        ("Priya Shah (she/her)", "How are you doing today?"),
        ("Daniel Okafor", "Fine thanks, a bit tired."),
        ("Priya Shah (she/her)", "What would help?"),
        ("Manager (Priya)", "Shall we look at the rota?"),
    ]


def test_a_label_or_sentence_with_brackets_and_a_colon_stays_speech() -> None:
    text = "Priya: Right.\nThe plan (draft): ask first, then advise.\nNote (important): bring the rota.\n"
    assert speakers_and_texts(read_text(text, "t.txt")) == [
        ("Priya", "Right. The plan (draft): ask first, then advise. Note (important): bring the rota."),
    ]


def test_a_role_plays_brief_typed_above_it_is_not_a_speaker() -> None:
    text = ("Role-play 3: ward manager and nurse\n"
            "Scenario: Bob has missed three deadlines and Ann wants to find out why.\n"
            "Roles: Ann is the manager, Bob is a developer.\n\n"
            "Ann: What do you want to get out of today?\nBob: To sort out the rota.\n")
    assert {u.speaker for u in read_text(text, "t.txt")} <= {"Ann", "Bob", UNKNOWN_SPEAKER}
