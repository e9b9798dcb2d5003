"""Context tokens: the same sentence reads differently after a question, mid-turn, unpunctuated."""

import pytest

from analyzer.context import (
    NO_CONTEXT,
    Place,
    Places,
    context_strings,
    is_punctuated,
    question_form,
    set_span_contexts,
)
from analyzer.sentences import sentences, turn_docs
from analyzer.transcript import Utterance


def tokens(text: str) -> set[str]:
    return set(text.split())


def test_position_in_turn_and_the_previous_speaker():
    places = [Place(0, "Ann", "Morning."), Place(0, "Ann", "How was the weekend?"), Place(1, "Bo", "Fine."),
              Place(2, "Ann", "Good.")]
    first, mid, reply, back = map(tokens, context_strings(places))
    assert {"pos_first", "prev_none", "pturn_none"} <= first
    assert {"pos_last", "prev_self"} <= mid and "prev_q" not in mid
    assert {"pos_only", "prev_other", "prev_q", "pturn_q"} <= reply
    assert {"pturn_short", "prev_other"} <= back  # "Fine." is a back-channel-length turn


def test_same_sentence_after_a_different_turn_gets_a_different_context():
    after_question = [Place(0, "Bo", "Should I ring her?"), Place(1, "Ann", "I'd ring her tomorrow.")]
    after_option = [Place(0, "Bo", "I could ring her tomorrow."), Place(1, "Ann", "I'd ring her tomorrow.")]
    one, two = context_strings(after_question)[1], context_strings(after_option)[1]
    assert one != two
    assert "prev_q" in tokens(one) and "prev_q" not in tokens(two)


def test_predicted_acts_of_earlier_sentences_are_read_and_unknown_in_the_first_pass():
    places = [Place(0, "Ann", "what happened"), Place(1, "Bo", "the van broke down")]
    first_pass = tokens(context_strings(places)[1])
    second_pass = tokens(context_strings(places, ["open_question", "information"])[1])
    assert "prev_act_unk" in first_pass and "prev_q" not in first_pass
    assert {"prev_act_open_question", "prev_q"} <= second_pass


def test_a_missing_question_mark_is_evidence_only_in_punctuated_transcripts():
    punctuated = [Place(0, "Ann", "Right, the rota is done."), Place(0, "Ann", "You're happy with it.")]
    spoken = [Place(0, "Ann", "right the rota is done"), Place(0, "Ann", "youre happy with it")]
    assert is_punctuated([p.text for p in punctuated]) and not is_punctuated([p.text for p in spoken])
    assert "punct_noq" in tokens(context_strings(punctuated)[1])
    assert "unpunct" in tokens(context_strings(spoken)[1]) and "punct_noq" not in tokens(context_strings(spoken)[1])



def test_the_same_places_give_each_call_its_own_acts_and_punctuation():
    """The act-independent part is kept between calls over the same places; nothing else is."""
    places = [Place(0, "Ann", "so what happened then"), Place(1, "Bo", "the van broke down"), Place(1, "Bo", "sorry")]
    asked = context_strings(places, ["open_question", "information", "other"])
    told = context_strings(places, ["instruction", "information", "other"])
    assert asked[1] == "pos_first prev_other prev_act_open_question prev_q pturn_act_open_question pturn_q unpunct"
    assert told[1] == "pos_first prev_other prev_act_instruction pturn_act_instruction unpunct"
    assert asked[2] == "pos_last prev_self prev_act_information pturn_act_open_question pturn_q unpunct"
    assert context_strings(places, ["open_question", "information", "other"]) == asked
    assert context_strings(places)[2] == "pos_last prev_self prev_act_unk pturn_act_unk unpunct"
    assert context_strings(places, punctuated=True)[2] == "pos_last prev_self prev_act_unk pturn_act_unk punct_noq"
    with pytest.raises(ValueError, match="2 acts for 3 sentences"):
        context_strings(places, ["open_question", "information"])



def test_places_keep_their_act_independent_part_for_the_next_pass():
    plain = [Place(0, "Ann", "What happened?"), Place(1, "Bo", "The van broke down."), Place(1, "Bo", "Sorry.")]
    places = Places(plain)
    assert places.frame(None) is places.frame(None) and places.frame(False) is not places.frame(None)
    for acts in (None, ["open_question", "information", "other"], ["instruction", None, None]):
        assert context_strings(places, acts) == context_strings(plain, acts)
    assert context_strings(places, punctuated=False) == context_strings(plain, punctuated=False)

@pytest.mark.parametrize(("text", "expected"), [
    ("So what do we do next?", True),  # a filler, then a wh-word
    ("Is it an apple which has", True),  # an auxiliary before its subject
    ("Don't you think so?", True),
    ("do nt you think so ?", True),  # spaCy's tokens, as the evaluation rebuilds them
    ("Okay, can we start.", True),
    ("We can start.", False),  # subject first: a statement
    ("Is fine.", False),  # an auxiliary with no subject after it
    ("yeah", False),
    ("", False),
])
def test_question_form_is_a_questions_opening(text, expected):
    assert question_form(text) is expected


def test_a_questions_opening_without_its_question_mark_is_marked_only_in_punctuated_transcripts():
    typed = [Place(0, "Ann", "Right, the rota is done."), Place(0, "Ann", "So what we need is a plan."),
             Place(0, "Ann", "What do we need?"), Place(0, "Ann", "We need a plan.")]
    spoken = [Place(0, "Ann", "right the rota is done"), Place(0, "Ann", "so what we need is a plan")]
    _, noq, asked, plain = map(tokens, context_strings(typed))
    assert "punct_noq_qform" in noq and "punct_q_qform" not in noq
    assert "punct_q_qform" in asked and "punct_noq_qform" not in asked
    assert not {"punct_noq_qform", "punct_q_qform"} & plain
    assert not {"punct_noq_qform", "punct_q_qform"} & tokens(context_strings(spoken)[1])


def test_spans_of_one_speakers_consecutive_utterances_share_a_turn(nlp):
    utterances = [Utterance("Ann", "How did it go?", 0, 2), Utterance("Bo", "Badly.", 2, 3),
                  Utterance("Bo", "The van broke down.", 3, 5)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    set_span_contexts([spans])
    contexts = [tokens(s._.context) for s in spans]
    assert "prev_self" in contexts[2] and "pos_last" in contexts[2]
    assert contexts[1] >= {"prev_other", "prev_q", "pos_first"}


def test_sentences_seen_alone_have_no_context_in_the_feature_table(nlp):
    from analyzer.features import featurize_texts

    assert featurize_texts(["What would help?"], nlp)["context"].tolist() == [NO_CONTEXT]


def test_the_second_pass_on_swapped_context_columns_equals_transforming_the_table_again(nlp, model):
    """predict.label_spans changes only the context block between passes: same labels as a full transform."""
    from analyzer.features import feature_table

    utterances = [Utterance("Ann", "How did the night go? Did you sign the log?", 0, 4),
                  Utterance("Bo", "It was hard. I could ask Derek for a weekly slot.", 4, 9),
                  Utterance("Ann", "Why don't you ring her tomorrow. Okay?", 9, 12)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    set_span_contexts([spans], ["open_question"] * len(spans))
    table = feature_table(spans)
    set_span_contexts([spans])  # the first pass's contexts, then swapped for the second's
    swapped = model.with_contexts(model.transform(feature_table(spans)), table["context"].tolist())
    assert model.predict_matrix(swapped).equals(model.predict(table))
    assert (swapped != model.transform(table)).nnz == 0


def test_only_a_model_with_a_context_block_reads_context(nlp):
    """A table always has the context column; a model trained without the block must not run two passes."""
    from analyzer.classifier import build_pipeline
    from analyzer.features import featurize_texts
    from analyzer.model_file import Model

    texts = ["What would help?", "Send it tonight.", "How did it go?", "Book the course."] * 3
    X, y = featurize_texts(texts, nlp), ["open_question", "instruction"] * 6
    assert not Model(build_pipeline(use_context=False).fit(X, y), {"target": "act"}).uses_context
    assert Model(build_pipeline(use_context=True).fit(X, y), {"target": "act"}).uses_context


def test_the_spans_keep_the_contexts_the_model_read_last(nlp, model):
    """The first pass's contexts are not stored (the second's replace them); the second pass's are."""
    from analyzer.predict import first_pass_table, label_spans

    utterances = [Utterance("Ann", "How did the night go?", 0, 2), Utterance("Bo", "It was hard.", 2, 4),
                  Utterance("Ann", "Ring her tomorrow.", 4, 6)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    table = first_pass_table(spans, [spans])
    assert [s._.context for s in spans] == [None, None, None]
    first_acts = model.predict(table)["act"].tolist()
    label_spans(spans, model, [spans], table)
    second = [s._.context for s in spans]
    assert second == context_strings([Place(0, "Ann", "How did the night go?"), Place(1, "Bo", "It was hard."),
                                      Place(2, "Ann", "Ring her tomorrow.")], first_acts)
    assert "prev_act_unk" not in second[1] and f"prev_act_{first_acts[0]}" in second[1]
