"""WebVTT from Zoom (``Name:`` in cues) and Teams (voice tags, unpadded timestamps)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.errors import InputError
from analyzer.readers.subrip import read_srt
from analyzer.readers.vtt import read_vtt
from analyzer.transcript import UNKNOWN_SPEAKER

from .helpers import ends, speakers_and_texts, starts


def test_zoom_names_and_merged_cues(fixture_text: Callable[[str], str]) -> None:
    utterances = read_vtt(fixture_text("zoom.vtt"), "zoom.vtt")
    assert speakers_and_texts(utterances) == [
        (
            "Maria Lopez",
            "Hi Tom, thanks for making time after the night shift. "
            "How did it go with the new admission in bay three?",
        ),
        ("Tom Becker", "Honestly, it was rough. He was confused and kept pulling at his cannula."),
        ("Maria Lopez", "That sounds exhausting. What did you try?"),
        (
            "Tom Becker",
            "I moved him closer to the nurses' station and asked his daughter to sit with him. "
            "That calmed him down a lot.",
        ),
        ("Maria Lopez", "Good thinking. What would you do differently next time?"),
    ]
    assert starts(utterances) == pytest.approx([1.25, 8.42, 13.1, 15.9, 24.0])
    assert ends(utterances) == pytest.approx([7.8, 12.96, 15.3, 23.4, 27.5])


def test_teams_voice_tags_and_unpadded_timestamps(fixture_text: Callable[[str], str]) -> None:
    utterances = read_vtt(fixture_text("teams.vtt"), "teams.vtt")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "Morning Tom, do you have ten minutes to talk about yesterday's handover?"),
        (
            "Tom Becker",
            # two cues without </v>, merged with the one before; the empty cue is skipped
            "Sure, I was hoping we could. The handover ran late because the bloods weren't "
            "back and I didn't want to guess the potassium.",
        ),
        ("Maria Lopez", "What would have helped you get the results sooner?"),
        ("Tom Becker", "Maybe a call to the lab at six & a reminder on the board."),
    ]
    # 0:0:7.10 is 7.1 s and 0:1:2.50 is 62.5 s: fractions are padded on the right
    assert starts(utterances) == pytest.approx([2.18, 7.1, 16.9, 62.5])
    assert ends(utterances) == pytest.approx([6.42, 15.1, 21.3, 66.75])


def test_cue_identifiers_never_become_text(fixture_text: Callable[[str], str]) -> None:
    for name in ("zoom.vtt", "teams.vtt"):
        text = " ".join(u.text for u in read_vtt(fixture_text(name), name))
        assert "3b8f2a1e" not in text
        assert "-->" not in text
        assert not any(word.isdigit() for word in text.split())


def test_cue_with_two_voices_is_split() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
        "<v Maria Lopez>Ready?</v> <v Tom Becker>Nearly.</v>\n"
    )
    utterances = read_vtt(text, "t.vtt")
    assert speakers_and_texts(utterances) == [("Maria Lopez", "Ready?"), ("Tom Becker", "Nearly.")]
    assert starts(utterances) == [1.0, 1.0]


def test_voice_tag_after_the_first_line() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n- hello\n<v Tom Becker>Morning.\n"
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [
        (UNKNOWN_SPEAKER, "- hello"),
        ("Tom Becker", "Morning."),
    ]


def test_voice_class_and_formatting_tags() -> None:
    text = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v.loud Tom Becker><i>Stop</i> &lt;now&gt;\n"
    )
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [("Tom Becker", "Stop <now>")]


def test_cues_without_speaker_are_unknown_and_notes_are_skipped() -> None:
    text = (
        "WEBVTT Kind: captions\n\nNOTE exported by hand\n\n"
        "00:00:01.000 --> 00:00:02.000\nGood morning.\n\n"
        "00:00:02.000 --> 00:00:04.000\nMaria Lopez: Morning, everyone.\n"
    )
    utterances = read_vtt(text, "t.vtt")
    assert speakers_and_texts(utterances) == [
        (UNKNOWN_SPEAKER, "Good morning."),
        ("Maria Lopez", "Morning, everyone."),
    ]
    assert ends(utterances) == [2.0, 4.0]


def test_missing_header_with_cues_still_reads() -> None:
    text = "1\n00:00:01.500 --> 00:00:02.000\nTom Becker: Yes.\n"
    utterances = read_vtt(text, "t.vtt")
    assert speakers_and_texts(utterances) == [("Tom Becker", "Yes.")]
    assert starts(utterances) == [1.5]


def test_missing_header_without_cues_is_an_error() -> None:
    with pytest.raises(InputError, match=r"no WEBVTT header and no cue timings"):
        read_vtt("Tom Becker: Yes.\n", "t.vtt")


@pytest.mark.parametrize(
    "timing", ["00:00:01,000 --> 00:00:02,000", "00:00:01.000 --> 00:75:02.000", "00:00:01.000 00:00:02.000"]
)
def test_unreadable_timing_names_the_line_instead_of_dropping_the_cue(timing: str) -> None:
    text = f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA: ok\n\n{timing}\nB: secret words\n"
    with pytest.raises(InputError, match=r"line 6 has an invalid WebVTT cue timing") as caught:
        read_vtt(text, "t.vtt")
    assert "secret" not in str(caught.value)
    assert caught.value.path == "t.vtt"


def test_invalid_timing_line_number_in_a_file_without_header() -> None:
    text = "\n1\n00:00:01.000 --> 00:00:02.000\nA: ok\n\n2\n00:00:03,000 --> 00:00:04,000\nB: no\n"
    with pytest.raises(InputError, match=r"line 7 has an invalid WebVTT cue timing$"):
        read_vtt(text, "t.vtt")


def test_only_empty_cues_give_no_turns() -> None:
    assert read_vtt("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n\n", "t.vtt") == []


def test_zoom_display_names_are_read_when_every_cue_names_its_speaker() -> None:
    text = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nPriya Shah (she/her): How did it go?\n\n"
        "2\n00:00:04.500 --> 00:00:08.000\nOkafor, Daniel: Fine, thanks.\n\n"
        "3\n00:00:08.500 --> 00:00:10.000\nJohn's iPhone: Sorry, I was on mute.\n\n"
        "4\n00:00:10.500 --> 00:00:12.000\nAnne-Marie de la Cruz Fernández: Thanks.\n\n"
        "5\n00:00:12.500 --> 00:00:14.000\nDaniel Okafor | NHS Trust: Bye.\n"
    )
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [
        ("Priya Shah (she/her)", "How did it go?"),
        ("Okafor, Daniel", "Fine, thanks."),
        ("John's iPhone", "Sorry, I was on mute."),
        ("Anne-Marie de la Cruz Fernández", "Thanks."),
        ("Daniel Okafor | NHS Trust", "Bye."),
    ]


def test_a_label_on_a_cues_second_line_stays_speech() -> None:
    text = (
        "WEBVTT\n\n1\n00:00:04.500 --> 00:00:08.000\n"
        "Daniel Okafor: It went fine, thanks.\nHonestly: it was chaos at first.\n"
    )
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [
        ("Daniel Okafor", "It went fine, thanks. Honestly: it was chaos at first.")
    ]


def test_a_known_speaker_on_a_cues_second_line_takes_over() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nMaria Lopez: Ready?\nTom Becker: Nearly.\n\n"
        "00:00:03.000 --> 00:00:05.000\nTom Becker: Go on.\n"
    )
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [("Maria Lopez", "Ready?"), ("Tom Becker", "Nearly. Go on.")]


def test_a_cue_without_a_name_goes_on_with_the_last_speaker() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nMaria Lopez: How did the handover go? I heard\n\n"
        "00:00:03.000 --> 00:00:05.000\nit was busy.\n\n00:00:05.000 --> 00:00:07.000\n<v Tom Becker>Fine.\n\n"
        "00:00:07.000 --> 00:00:08.000\nReally fine.\n"
    )
    utterances = read_vtt(text, "t.vtt")
    assert speakers_and_texts(utterances) == [
        ("Maria Lopez", "How did the handover go? I heard it was busy."),
        ("Tom Becker", "Fine. Really fine."),
    ]
    assert ends(utterances) == [5.0, 8.0]


def test_cues_out_of_order_in_the_file_are_read_in_the_order_they_are_spoken() -> None:
    text = ("WEBVTT\n\n00:00:04.000 --> 00:00:06.000\nBob: About the rota.\n\n"
            "00:00:01.000 --> 00:00:03.000\nBob: Hi there.\n\n00:00:06.500 --> 00:00:08.000\nAnn: Go on.\n")
    assert [(u.speaker, u.text, u.start, u.end) for u in read_vtt(text, "t.vtt")] == [
        ("Bob", "Hi there. About the rota.", 1.0, 6.0), ("Ann", "Go on.", 6.5, 8.0)]


def _zoom(*cues: str) -> str:
    return "WEBVTT\n\n" + "\n".join(f"{n}\n00:00:{2 * n:02d}.000 --> 00:00:{2 * n + 1:02d}.000\n{cue}\n"
                                    for n, cue in enumerate(cues, 1))


def test_a_label_after_the_name_is_speech() -> None:
    text = _zoom("Daniel Okafor: Quick Question: should I log it?", "Tom: Bottom Line: we ship Friday.")
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [("Daniel Okafor", "Quick Question: should I log it?"),
                                                           ("Tom", "Bottom Line: we ship Friday.")]


def test_a_dial_in_is_a_speaker_of_its_own() -> None:
    text = _zoom("Priya Shah: Hi all.", "Daniel Okafor: Hello.", "+44 7700 900123: Sorry, I'm in the car.",
                 "Priya Shah: No problem.")
    assert [u.speaker for u in read_vtt(text, "t.vtt")] == ["Priya Shah", "Daniel Okafor", "+44 7700 900123",
                                                            "Priya Shah"]


def test_a_cue_opening_with_a_refused_label_is_not_given_to_the_last_speaker() -> None:
    """Below the display-name threshold, ``Okafor, Daniel:`` is no name; the cue must
    stay Unknown (the label kept in its text), not go to whoever spoke before."""
    text = _zoom("Okafor, Daniel: Thanks.", "Daniel Okafor: Happy to be here.", "john smith: Sorry.",
                 "Daniel Okafor: Shall we start?")
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [
        (UNKNOWN_SPEAKER, "Okafor, Daniel: Thanks."),
        ("Daniel Okafor", "Happy to be here."),
        (UNKNOWN_SPEAKER, "john smith: Sorry."),
        ("Daniel Okafor", "Shall we start?"),
    ]


def test_display_names_typed_in_lower_case_are_names_once_they_recur() -> None:
    """Zoom shows the name as its owner typed it; read as speech, ``john smith: Sorry.``
    was an Unknown turn and the whole file lost its speakers when every name was lower case."""
    text = _zoom("priya shah: How did the audit go?", "daniel okafor (he/him): Better than I feared.",
                 "priya shah: What made the difference?", "daniel okafor (he/him): The new checklist.")
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [
        ("priya shah", "How did the audit go?"), ("daniel okafor (he/him)", "Better than I feared."),
        ("priya shah", "What made the difference?"), ("daniel okafor (he/him)", "The new checklist."),
    ]


@pytest.mark.parametrize("opening", ["so what i mean", "long story short"])
def test_a_recurring_lower_case_opening_that_is_no_name_stays_speech(opening: str) -> None:
    text = _zoom("Priya Shah: Right.", f"{opening}: we wait.", "Priya Shah: Go on.", f"{opening}: we wait.")
    assert [u.speaker for u in read_vtt(text, "t.vtt")] == ["Priya Shah", UNKNOWN_SPEAKER, "Priya Shah",
                                                            UNKNOWN_SPEAKER]


def test_zoom_display_names_with_an_emoji_or_a_rooms_number_are_speakers() -> None:
    """Both became Unknown with the name left in the speech; Zoom's saved captions took them."""
    text = _zoom("Dan 🚴 Brown: Hi there, how are you?", "3rd Floor Boardroom: We are all here.",
                 "Priya Shah: Great, let us start.", "Dan 🚴 Brown: Fine.")
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [
        ("Dan 🚴 Brown", "Hi there, how are you?"), ("3rd Floor Boardroom", "We are all here."),
        ("Priya Shah", "Great, let us start."), ("Dan 🚴 Brown", "Fine."),
    ]


def test_a_cue_opening_with_a_count_stays_speech_among_display_names() -> None:
    text = _zoom("Priya Shah: Right.", "Daniel Okafor: Okay.", "Priya Shah: Go on.", "Daniel Okafor: So.",
                 "2 things: the rota and the audit.")
    assert speakers_and_texts(read_vtt(text, "t.vtt"))[-1] == (UNKNOWN_SPEAKER, "2 things: the rota and the audit.")


def test_text_after_a_blank_line_inside_a_cue_is_kept_in_that_cue() -> None:
    """webvtt-py ends the cue at the blank line and skipped the rest without a word."""
    text = ("WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:03.000\r\nPriya: How are you doing today?\r\n\r\n"
            "I mean really.\r\n\r\n\r\nDan: And you?\r\n\r\n"
            "2\r\n00:00:04.000 --> 00:00:06.000\r\nDan: Fine thanks.\r\n")
    utterances = read_vtt(text, "t.vtt")
    assert speakers_and_texts(utterances) == [("Priya", "How are you doing today? I mean really."),
                                              ("Dan", "And you? Fine thanks.")]
    assert starts(utterances) == [1.0, 1.0] and ends(utterances) == [3.0, 6.0]


def test_a_blank_line_inside_a_cue_reads_as_in_subrip() -> None:
    cue = "Priya: How are you doing today?\n\nI mean really.\n\n"
    vtt = f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n{cue}2\n00:00:04.000 --> 00:00:06.000\nDan: Fine.\n"
    srt = f"1\n00:00:01,000 --> 00:00:03,000\n{cue}2\n00:00:04,000 --> 00:00:06,000\nDan: Fine.\n"
    assert read_vtt(vtt, "t.vtt") == read_srt(srt, "t.srt")


def test_comments_and_stray_identifiers_after_a_cue_are_not_speech() -> None:
    text = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nPriya: Hello.\n\nNOTE checked by QA\n\n"
            "2\n\n00:00:04.000 --> 00:00:06.000\nDan: Fine.\n\n3b8f2a1e-4f1c/12-0\n")
    assert speakers_and_texts(read_vtt(text, "t.vtt")) == [("Priya", "Hello."), ("Dan", "Fine.")]
