"""The staff model's context: what the manager just did, the place in turn, cue phrases."""

import pandas as pd

from analyzer.context import NO_CONTEXT, Place
from analyzer.sentences import sentences, turn_docs
from analyzer.staff import staff_span_contexts
from analyzer.staff_context import (
    CARD_KEY,
    STAFF_CONTEXT_VERSION,
    cue_tokens,
    plain_words,
    reads_staff_context,
    staff_context_strings,
    staff_row_contexts,
)
from analyzer.transcript import Utterance


def tokens(text: str) -> set[str]:
    return set(text.split())


def test_the_same_reply_reads_the_managers_question_or_advice_before_it():
    after_question = [Place(0, "Ann", "What could you do about it?"), Place(1, "Bo", "I could ring her.")]
    after_advice = [Place(0, "Ann", "I'd ring her tonight."), Place(1, "Bo", "I could ring her.")]
    asked = tokens(staff_context_strings(after_question, ["open_question", None])[1])
    advised = tokens(staff_context_strings(after_advice, ["advice", None])[1])
    assert {"mturn_act_open_question", "mturn_q", "mturn_open", "mturn_near", "cue_option"} <= asked
    assert "mturn_adv" not in asked
    assert {"mturn_act_advice", "mturn_last_advice", "mturn_adv", "mturn_near", "mw_tonight"} <= advised
    assert "mturn_q" not in advised and "mw_tonight" not in asked


def test_the_managers_last_turn_is_found_past_other_speakers_and_unknown_before_any():
    places = [Place(0, "Bo", "Morning."), Place(1, "Ann", "Send me the rota."), Place(1, "Ann", "By Friday."),
              Place(2, "Bo", "Okay."), Place(3, "Cy", "Me too?"), Place(4, "Bo", "I'll do it tonight.")]
    acts = [None, "instruction", "instruction", None, None, None]
    first, _, _, okay, _, later = map(tokens, staff_context_strings(places, acts))
    assert {"mturn_none", "idx_0", "self_none"} <= first
    assert {"mturn_act_instruction", "mturn_last_instruction", "mturn_adv", "mturn_near", "cue_yes"} <= okay
    assert {"mw_by", "mw_friday"} <= okay and "mw_rota" not in okay  # the last sentence's words
    # Cy spoke in between: the manager's turn is further back, and Bo's own "Okay." came before.
    assert {"mturn_far", "cue_commit", "self_cue_yes"} <= later


def test_position_in_turn_and_the_speakers_previous_sentence():
    places = [Place(0, "Bo", "It's the handover, really."), Place(0, "Bo", "But I'm worried about nights."),
              Place(0, "Bo", "Maybe I split the rota.")]
    one, two, three = map(tokens, staff_context_strings(places, [None, None, None]))
    assert "idx_0" in one and "idx_1" in two and "idx_2" in three
    assert {"cue_but", "cue_concern"} <= two
    assert {"cue_option", "self_cue_but", "self_cue_concern"} <= three


def test_only_the_wanted_sentences_are_built_and_they_are_built_as_in_full():
    """Analysis asks for the staff sentences only; what they get must not depend on that."""
    places = [Place(0, "Bo", "It's the handover."), Place(0, "Bo", "But I'm worried."), Place(1, "Ann", "Ring her."),
              Place(2, "Bo", "Okay, I'll ring her."), Place(2, "Bo", "Maybe I split the rota."),
              Place(3, "Ann", "What else?"), Place(4, "Bo", "I could ask Sam.")]
    acts = [None, None, "advice", None, None, "open_question", None]
    full = staff_context_strings(places, acts)
    some = staff_context_strings(places, acts, wanted={1, 4, 6})
    assert [some[i] for i in (1, 4, 6)] == [full[i] for i in (1, 4, 6)]
    assert {"self_cue_yes", "self_cue_commit", "cue_option", "mw_ring"} <= tokens(some[4])  # from unbuilt sentences
    assert [some[i] for i in (0, 2, 3, 5)] == [NO_CONTEXT] * 4


def test_cues_read_a_transcript_and_spacys_normalised_words_alike():
    # benchmarks/evaluate.py hands spaCy's words ("i ll", "wo nt"); analyze hands the text.
    assert plain_words("I'll do that, won't I?") == plain_words("i ll do that wo nt i ?") == "ill do that wont i"
    assert cue_tokens("Okay, I'll ring her.") == cue_tokens("okay i ll ring her") == ["cue_commit", "cue_yes"]
    assert "cue_commit" not in cue_tokens("Well, we'll see.")  # "we'll" is no "I'll"; "well" is a filler
    assert cue_tokens("I didn't realise the problem is the handover.")[:1] == ["cue_insight"]


def test_rows_are_read_per_conversation_and_sentences_seen_alone_keep_none():
    rows = pd.DataFrame({"text": ["What would help?", "I could ask Derek.", "Thanks.", "Standalone."],
                         "context": ["", "", "", NO_CONTEXT], "unit": ["a", "a", "b", "sheet"],
                         "turn": [0, 1, 0, 0], "speaker": ["Ann", "Bo", "Bo", ""], "punctuated": True})
    out = staff_row_contexts(rows, ["open_question", None, None, None])
    assert "mturn_open" in out[1] and "mturn_none" in out[2]  # unit b has no manager turn
    assert out[3] == NO_CONTEXT


def test_only_a_staff_card_that_says_so_reads_the_staff_context():
    assert reads_staff_context({"target": "staff_act", CARD_KEY: STAFF_CONTEXT_VERSION})
    assert not reads_staff_context({"target": "staff_act"})  # an older staff model: place tokens only
    assert not reads_staff_context({"target": "act", CARD_KEY: STAFF_CONTEXT_VERSION})


def test_run_time_spans_get_the_context_training_rows_get(nlp):
    utterances = [Utterance("Ann", "How did the night go? What could you try?", 0, 4),
                  Utterance("Bo", "It was hard. I could ask Derek for a weekly slot.", 4, 9),
                  Utterance("Ann", "Why don't you ring her tomorrow.", 9, 12),
                  Utterance("Bo", "Okay, I'll do that.", 12, 14)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    texts = [s.text for s in spans]
    acts = ["open_question", "open_question", None, None, "leading_question", None]
    staff = [spans[k] for k in (2, 3, 5)]
    got = staff_span_contexts(staff, [spans], acts)
    rows = pd.DataFrame({"text": texts, "context": "", "unit": "c", "turn": [0, 0, 1, 1, 2, 3],
                         "speaker": ["Ann", "Ann", "Bo", "Bo", "Ann", "Bo"], "punctuated": True})
    assert got == staff_row_contexts(rows, acts)[[2, 3, 5]].tolist()
    assert {"mturn_adv", "mturn_q", "cue_commit", "mw_tomorrow"} <= tokens(got[2])


def test_a_missing_act_from_pandas_is_nobodys_act():
    places = [Place(0, "Ann", "What would help?"), Place(1, "Bo", "More time.")]
    assert staff_context_strings(places, ["open_question", float("nan")]) == \
        staff_context_strings(places, ["open_question", None])
    assert "mturn_none" in staff_context_strings(places, [float("nan"), None])[1]
