"""The coaching alternatives: every frame of the bank is reached by a sentence written for it.

Expected questions were written out by hand from the frame table, not copied from output.
The parsing pipeline loads once for the module (about a second).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.alternatives import FRAMES, add_alternatives, alternative_for, gerund, parser_nlp

#: (act, sentence, frame, alternative): one row or more per frame.
CASES = [
    ("leading_question", "Why don't you ring her tomorrow?", "contact-lq-person",
     "What options do you have for reaching her?"),
    ("advice", "You should ring Sam tomorrow.", "contact-person", "How would you like to approach Sam about this?"),
    ("advice", "You could talk about the rota at the team meeting.", "contact-topic",
     "Who could you talk to about the rota?"),
    ("advice", "You should talk to someone.", "contact-none", "Who could you talk to about this?"),
    ("advice", "I'd ask for some help with the spreadsheet.", "help-topic", "Who could help you with the spreadsheet?"),
    ("leading_question", "Have you tried asking Sam?", "help-none", "Who could help you with this?"),
    ("advice", "You should split the task into two.", "simplify-topic",
     "How could you make the task more manageable?"),
    ("instruction", "Cut it down.", "simplify-none", "What would make this more manageable for you?"),
    ("advice", "You should move the meeting to Friday.", "change-advice-topic",
     "How would you like to handle the meeting?"),
    ("advice", "I'd drop some of the legacy events.", "change-advice-topic",
     "How would you like to handle the legacy events?"),
    ("leading_question", "Why don't you move the scanning to the afternoon?", "change-lq-topic",
     "What ideas do you have for the scanning?"),
    ("instruction", "Change the layout of the form.", "change-topic",
     "What would you change about the layout of the form, if anything?"),
    ("instruction", "Stop it.", "change-none", "What would you like to be different here?"),
    ("leading_question", "Have you thought about doing the fire safety course?", "learn-lq-topic",
     "What would you like to learn about the fire safety course?"),
    ("advice", "You should do the refresher on the picking module.", "learn-topic",
     "What would help you feel more confident with the refresher?"),
    ("instruction", "Practise it.", "learn-none", "What would help you feel more confident here?"),
    ("advice", "I'd book a slot on the rota for it.", "plan-topic", "How could you fit a slot into your week?"),
    ("instruction", "Plan it.", "plan-none", "What timing would work best for you?"),
    ("advice", "You should escalate the complaint.", "escalate-topic", "Who else needs to know about the complaint?"),
    ("instruction", "Escalate it.", "escalate-none", "Who else needs to know about this?"),
    ("advice", "Write a summary of the meeting.", "write-doing",
     "How would you like to go about writing a summary of the meeting?"),
    ("instruction", "Send it to me.", "write-doing", "How would you like to go about sending it?"),
    ("instruction", "Check the dates every single time.", "check-instruction-doing",
     "What gets in the way of checking the dates?"),
    ("advice", "I'd double-check the dates with pre-op.", "check-topic", "How could you be sure about the dates?"),
    ("advice", "Check it.", "check-none", "How could you be sure it is right?"),
    ("instruction", "Take your full break.", "care-doing",
     "What gets in the way of taking your full break at the moment?"),
    ("advice", "Get some rest.", "care-none", "What would help you look after yourself this week?"),
    ("leading_question", "Wouldn't it be better to print the station list?", "general-lq-topic",
     "What do you think would work best for the station list?"),
    ("instruction", "I need the budget figures by Friday.", "general-instruction-topic",
     "What would help you with the budget figures?"),
    ("advice", "I'd ignore the emails.", "general-topic", "What options do you see for the emails?"),
    ("advice", "Maybe ignore it.", "general-doing", "How do you feel about ignoring it?"),
    ("advice", "Maybe not.", "general-none", "What options do you see here?"),
]


@pytest.fixture(scope="module")
def nlp():
    return parser_nlp()


@pytest.mark.parametrize(("act", "sentence", "frame", "expected"), CASES, ids=[c[2] for c in CASES])
def test_each_frame(nlp, act, sentence, frame, expected):
    found = alternative_for(nlp(sentence), act)
    assert (found.frame, found.text) == (frame, expected)


def test_every_frame_has_a_case():
    assert {f.id for f in FRAMES} == {c[2] for c in CASES}
    assert len({f.id for f in FRAMES}) == len(FRAMES)


def test_general_frames_end_with_one_without_slots():
    assert not [f for f in FRAMES if f.kind == "general"][-1].slots


def test_same_sentence_same_alternative(nlp):
    first = alternative_for(nlp("You should split the task into two."), "advice")
    assert alternative_for(nlp("You should split the task into two."), "advice") == first


def test_table_gets_alternatives_only_for_directive_sentences(nlp):
    table = pd.DataFrame({"text": ["What went well?", "Have you tried asking Sam?", "Thanks."],
                          "act": ["open_question", "leading_question", "other"]})
    assert add_alternatives(table, nlp)["alternative"].tolist() == ["", "Who could help you with this?", ""]


def test_only_managers_get_alternatives_when_roles_are_known(nlp):
    table = pd.DataFrame({"text": ["Have you tried asking Sam?", "You should ask Sam."],
                          "act": ["leading_question", "advice"], "role": ["manager", "staff"]})
    assert add_alternatives(table, nlp)["alternative"].tolist() == ["Who could help you with this?", ""]


def test_table_without_directive_sentences_loads_no_parser():
    table = pd.DataFrame({"text": ["What went well?"], "act": ["open_question"]})
    assert add_alternatives(table, nlp=object())["alternative"].tolist() == [""]  # never called


@pytest.mark.parametrize(("lemma", "expected"), [
    ("ring", "ringing"), ("split", "splitting"), ("move", "moving"), ("see", "seeing"), ("lie", "lying"),
    ("visit", "visiting"), ("check", "checking"), ("stop", "stopping"), ("fix", "fixing"), ("refer", "referring"),
])
def test_gerund(lemma, expected):
    assert gerund(lemma) == expected
