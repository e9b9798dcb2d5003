"""The staff model's context: what the manager just did, the place in turn, cue phrases."""

import pandas as pd

from analyzer.context import NO_CONTEXT, Place
from analyzer.sentences import sentences, turn_docs
from analyzer.staff import staff_span_contexts
from analyzer.staff_context import (
    CARD_KEY,
    STAFF_CONTEXT_VERSION,
    card_version,
    cue_tokens,
    grammar_tokens,
    interaction_tokens,
    main_verb_word,
    plain_words,
    question_kind,
    reads_grammar,
    reads_staff_context,
    span_grammar,
    staff_context_strings,
    staff_row_contexts,
    text_grammar,
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
    got = staff_span_contexts(staff, [spans], acts, version=1)
    rows = pd.DataFrame({"text": texts, "context": "", "unit": "c", "turn": [0, 0, 1, 1, 2, 3],
                         "speaker": ["Ann", "Ann", "Bo", "Bo", "Ann", "Bo"], "punctuated": True})
    assert got == staff_row_contexts(rows, acts, 1)[[2, 3, 5]].tolist()
    assert {"mturn_adv", "mturn_q", "cue_commit", "mw_tomorrow"} <= tokens(got[2])


def test_a_missing_act_from_pandas_is_nobodys_act():
    places = [Place(0, "Ann", "What would help?"), Place(1, "Bo", "More time.")]
    assert staff_context_strings(places, ["open_question", float("nan")]) == \
        staff_context_strings(places, ["open_question", None])
    assert "mturn_none" in staff_context_strings(places, [float("nan"), None])[1]


# --- version 2: the manager's question kind, what follows, the main verb's grammar (issue 22) ---

def test_the_main_verbs_tense_and_modality_tell_what_was_done_from_what_could_be_done(nlp):
    tried, could, will, going, bare, fragment = map(tokens, text_grammar(
        ["I tried ringing her.", "I could ring her.", "ill ring her tomorrow", "I'm going to ring her.", "Ring her.",
         "Honestly, earlies, if possible."], nlp))
    assert {"g_past", "g_i_past"} <= tried and not tried & {"g_could", "g_i_could"}
    assert {"g_could", "g_i_could"} <= could and not could & {"g_past", "g_i_past"}
    assert {"g_will", "g_i_will"} <= will  # a recogniser's "ill" is "I'll", not a noun
    assert {"g_going", "g_i_going"} <= going and "g_present" not in going
    assert {"g_imper", "g_none_imper"} <= bare
    assert "g_noverb" in fragment


def test_grammar_reads_the_tags_given_not_the_words_alone():
    # Hand-made tags: the same words read past or present by their tag.
    assert "g_i_past" in grammar_tokens(["i", "put", "it", "back"], ["PRP", "VBD", "PRP", "RB"], False)
    assert "g_i_present" in grammar_tokens(["i", "put", "it", "back"], ["PRP", "VBP", "PRP", "RB"], False)
    assert "g_i_perfect" in grammar_tokens(["i", "ve", "tried"], ["PRP", "VBP", "VBN"], False)
    negated = grammar_tokens(["i", "do", "nt", "think", "it", "will", "work"],
                             ["PRP", "VBP", "RB", "VB", "PRP", "MD", "VB"], False)
    assert {"g_neg", "g_i_present"} <= set(negated) and "g_stance" not in negated  # a doubt, not thinking aloud
    assert "g_stance" in grammar_tokens(["i", "think", "its", "the", "rota"], ["PRP", "VBP", "PRP", "DT", "NN"], False)
    assert "g_q" in grammar_tokens(["do", "you", "want", "me", "to"], ["VBP", "PRP", "VB", "PRP", "TO"], False)
    assert "g_q_wh" in grammar_tokens(["what", "if", "i", "did"], ["WP", "IN", "PRP", "VBD"], True)
    assert not any(t.startswith("g_q") for t in grammar_tokens(["i", "did"], ["PRP", "VBD"], False))
    lengths = [grammar_tokens(["w"] * n, ["NN"] * n, False)[0] for n in (1, 4, 10, 20, 40)]
    assert lengths == ["g_len1", "g_len2", "g_len3", "g_len4", "g_len5"]
    assert "g_reason" in grammar_tokens(["maybe", "its", "because", "i", "never", "asked"],
                                        ["RB", "PRP$", "IN", "PRP", "RB", "VBD"], False)


def test_the_kind_of_the_managers_question():
    asked = {"What would help?": "help", "What could you do differently?": "help",
             "What gets in the way?": "block", "What's stopping you?": "block",
             "How do you feel about that?": "feel", "How are you?": "feel",
             "What happened on Tuesday?": "happen", "Tell me more.": "happen",
             "Did you send it?": "closed", "Is that okay?": "closed", "What do you think?": "wh"}
    assert {text: question_kind(text) for text in asked} == asked


def test_an_answer_reads_the_question_it_answers_and_what_follows_it():
    places = [Place(0, "Ann", "Right."), Place(0, "Ann", "What would help?"), Place(1, "Bo", "I could ring her."),
              Place(1, "Bo", "But she's never in."), Place(2, "Ann", "That's a good idea."),
              Place(3, "Bo", "Mm.")]
    acts = ["other", "open_question", None, None, "affirmation", None]
    _, _, option, but, _, last = map(tokens, staff_context_strings(places, acts, version=2))
    assert {"mq_help", "mq_open_question_help", "ans_q", "ans_help", "ans_first"} <= option
    assert {"ans_help"} <= but and "ans_first" not in but
    assert {"ncue_but", "nturn_act_affirmation", "nturn_first_affirmation", "nturn_near"} <= option
    assert {"nsent_none", "nturn_near"} <= but
    assert {"mq_none", "nturn_none"} <= last  # the manager's last turn asked nothing; nothing follows
    # Version 1 (a model trained before) gets exactly its own tokens.
    old = tokens(staff_context_strings(places, acts, version=1)[2])
    assert not any(t.startswith(("mq_", "ans_", "ncue_", "nsent_", "nturn_", "g_")) for t in old)
    assert old < option


def test_version_2_rows_get_the_grammar_of_staff_rows_only(nlp):
    rows = pd.DataFrame({"text": ["What would help?", "I tried ringing her.", "Standalone."],
                         "context": ["", "", NO_CONTEXT], "unit": ["a", "a", "sheet"],
                         "turn": [0, 1, 0], "speaker": ["Ann", "Bo", ""], "punctuated": True})
    acts = ["open_question", None, None]
    new, old = staff_row_contexts(rows, acts, 2, nlp=nlp), staff_row_contexts(rows, acts, 1)
    assert {"g_i_past", "ans_help"} <= tokens(new[1]) and not any(t.startswith("g_") for t in tokens(new[0]))
    assert not any(t.startswith("g_") for t in tokens(old[1]))
    assert new[2] == NO_CONTEXT


def test_a_card_says_which_version_its_model_reads():
    assert card_version({"target": "staff_act", CARD_KEY: 1}) == 1
    assert card_version({"target": "staff_act", CARD_KEY: 2}) == 2
    assert reads_staff_context({"target": "staff_act", CARD_KEY: 1})  # a model trained before version 2
    assert not reads_staff_context({"target": "staff_act", CARD_KEY: 99})  # from a newer analyzer
    assert reads_grammar(2) and not reads_grammar(1)


def test_run_time_spans_get_the_version_2_context_training_rows_get(nlp):
    utterances = [Utterance("Ann", "What would help? What gets in the way?", 0, 4),
                  Utterance("Bo", "I tried ringing her. I could ask Derek.", 4, 9),
                  Utterance("Ann", "That's a good idea.", 9, 12), Utterance("Bo", "Okay, I'll do that.", 12, 14)]
    spans = list(sentences(turn_docs(utterances, nlp)))
    acts = ["open_question", "open_question", None, None, "affirmation", None]
    staff = [spans[k] for k in (2, 3, 5)]
    got = [f"{c} {g}" for c, g in zip(staff_span_contexts(staff, [spans], acts, version=2), span_grammar(staff),
                                      strict=True)]
    rows = pd.DataFrame({"text": [s.text for s in spans], "context": "", "unit": "c", "turn": [0, 0, 1, 1, 2, 3],
                         "speaker": ["Ann", "Ann", "Bo", "Bo", "Ann", "Bo"], "punctuated": True})
    assert got == staff_row_contexts(rows, acts, 2, nlp=nlp)[[2, 3, 5]].tolist()
    assert {"mq_block", "ans_block", "g_i_past", "ncue_option"} <= tokens(got[0])
    assert {"g_i_could", "nturn_first_affirmation"} <= tokens(got[1])


def test_coder_tokens_read_a_condition_a_modal_by_its_question_and_an_echo_of_the_managers_idea():
    places = [Place(0, "Ann", "What could you do about the rota?"),
              Place(1, "Bo", "If I moved the handover to six, it might work."),
              Place(1, "Bo", "Next time I could ring her first."),
              Place(2, "Ann", "You should ring Sarah."), Place(3, "Bo", "Yeah, I'll ring Sarah."),
              Place(4, "Ann", "What happened on Tuesday?"), Place(5, "Bo", "I could not get in."),
              Place(5, "Bo", "The ward was locked.")]
    acts = ["open_question", None, None, "advice", None, "open_question", None, None]
    strings = staff_context_strings(places, acts, extras={"question", "coder"})
    condition, later, echo, modal_fact, fact = (tokens(strings[k]) for k in (1, 2, 4, 6, 7))
    assert {"h_if", "mqn_help"} <= condition and "tlast" not in condition
    assert {"h_future", "mqm_help", "tlast"} <= later and "h_if" not in later
    assert {"echo_adv", "echo_adv2", "echo_last", "tlast", "tonly"} <= echo and "h_if" not in echo
    assert "mqm_happen" in modal_fact and "mqm_help" not in modal_fact  # a modal read by the question it answers
    assert {"mqn_happen", "tlast"} <= fact and not any(t.startswith("echo_") for t in fact)  # no advice to echo
    # One group alone, and none unless asked: version 2's tokens are unchanged.
    assert "h_if" in tokens(staff_context_strings(places, acts, extras={"hyp"})[1])
    assert not any(t.startswith(("mqm_", "echo_", "tlast")) for t in tokens(staff_context_strings(places, acts,
                                                                                                     extras={"hyp"})[1]))
    assert not any(t.startswith(("h_", "mqm_", "mqn_", "echo_", "tlast")) for t in
                   tokens(staff_context_strings(places, acts, version=2)[2]))


# --- interaction tokens: crosses a linear model cannot form itself (issue 22, trial "w23 x") ---

def test_a_bare_name_after_who_could_help_crosses_the_questions_kind_with_the_fragment():
    # Hand-made tags, so the test reads the crossing and not the tagger.
    name, past = (["lowri", "probably"], ["NNP", "RB"]), (["yeah", "i", "tried", "ringing", "her"],
                                                          ["UH", "PRP", "VBD", "VBG", "PRP"])
    help_ = ["mturn_last_open_question", "ans_q", "ans_help", "ans_first"]
    fragment = set(interaction_tokens([*help_, "g_len1", "g_noverb", "g_none_noverb"], *name))
    assert {"xq_help_noverb", "xq_help_v0", "xq_help_o_lowri", "xq_help_o2_lowri_probably", "xw_frag_wh",
            "xw_frag_help", "xw_first_lowri", "xw_last_probably", "xt_open_question_noverb"} <= fragment
    report = set(interaction_tokens([*help_, "g_len2", "g_past", "g_i_past", "cue_option"], *past))
    assert {"xq_help_past", "xq_help_i_past", "xq_help_v1", "xq_help_verb_tried", "xq_help_o_yeah",
            "xt_open_question_i_past", "xt_open_question_option", "xw_first_tried"} <= report
    assert not any(t.startswith("xw_frag") for t in report)  # it has a verb
    # Not right after the manager's question (no ans_ kind): the same fragment is crossed with "none".
    far = set(interaction_tokens(["mturn_last_open_question", "g_noverb", "g_none_noverb"], *name, {"xq", "xword"}))
    assert {"xq_none_noverb", "xq_none_o_lowri"} <= far and not any(t.startswith(("xw_frag", "xt_")) for t in far)


def test_the_main_verb_is_the_action_past_its_modal_and_fillers():
    assert main_verb_word(["yeah", "i", "could", "ring", "her"], ["UH", "PRP", "MD", "VB", "PRP"]) == "ring"
    assert main_verb_word(["i", "ve", "tried", "that"], ["PRP", "VBP", "VBN", "DT"]) == "tried"
    assert main_verb_word(["ill", "ask", "sam"], ["NN", "VB", "NNP"]) == "ask"  # a recogniser's "I'll"
    assert main_verb_word(["lowri", "probably"], ["NNP", "RB"]) is None
