"""Turns to Docs: every Doc keeps its turn's context, and a stream of transcripts is
handed back per transcript, in order, even around transcripts with no turns."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analyzer.sentences import grouped_turn_docs, sentences, turn_docs
from analyzer.transcript import Utterance

ANN = [Utterance("Ann", "How did the night go? Tell me more.", 0.0, 4.0), Utterance("Bo", "It was long.", 4.5, 6.0)]
CY = [Utterance("Cy", "Send me the rota by Friday.")]


def test_docs_carry_speaker_turn_times_and_text(nlp) -> None:
    docs = list(turn_docs(ANN, nlp))

    assert [(d._.speaker, d._.turn, d._.start, d._.end) for d in docs] == [("Ann", 0, 0.0, 4.0), ("Bo", 1, 4.5, 6.0)]
    assert [d._.text for d in docs] == [d.text for d in docs]
    assert [s.text for s in sentences(docs)] == ["How did the night go?", "Tell me more.", "It was long."]


def test_groups_come_back_whole_and_in_order_including_empty_ones(nlp) -> None:
    groups = [("empty-first", []), ("ann", ANN), ("empty-middle", []), ("cy", CY), ("empty-last", [])]

    got = [(key, [(d._.speaker, d._.turn, d._.text) for d in docs]) for key, docs in grouped_turn_docs(groups, nlp)]

    assert got == [
        ("empty-first", []),
        ("ann", [("Ann", 0, ANN[0].text), ("Bo", 1, ANN[1].text)]),
        ("empty-middle", []),
        ("cy", [("Cy", 0, CY[0].text)]),  # turns are numbered within each transcript
        ("empty-last", []),
    ]


def test_groups_spanning_several_spacy_batches_are_not_cut(nlp) -> None:
    long = [Utterance("Ann", f"Turn number {i}.") for i in range(7)]

    got = [(key, [d._.turn for d in docs]) for key, docs in grouped_turn_docs([("a", long), ("b", CY)], nlp,
                                                                               batch_size=3)]

    assert got == [("a", list(range(7))), ("b", [0])]


def test_punctuation_on_its_own_joins_a_neighbouring_sentence(nlp) -> None:
    words = ["[", "inaudible", "]", "I", "think", "so", ".", "Okay", ".", "..."]
    spaces = [False, False, True, True, True, False, True, False, True, False]
    starts = [True, True, False, False, False, False, False, True, False, True]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    assert [s.text for s in sentences([doc])] == ["[inaudible] I think so.", "Okay. ..."]
    assert list(sentences([Doc(nlp.vocab, words=["?", "!"], sent_starts=[True, True])])) == []


def test_a_bracket_stays_with_its_sentence(nlp) -> None:
    """spaCy's senter makes "[" a sentence of its own; its text must not lose it."""
    docs = turn_docs([Utterance("Ann", "[inaudible] I think so."), Utterance("Bo", "[crosstalk]")], nlp)
    assert [s.text for s in sentences(docs)] == ["[inaudible] I think so.", "[crosstalk]"]


def test_a_short_turn_is_one_piece():
    from analyzer.sentences import turn_pieces
    from analyzer.transcript import Utterance

    turn = Utterance("Ann", "What would help? Tell me more.", 1.0, 3.0)
    assert turn_pieces(turn) == [turn]


def test_a_very_long_turn_is_cut_after_sentence_ends_with_its_times_shared_out():
    """One turn of 1 MB peaked at 3.7 GB in spaCy: it goes through in pieces."""
    from analyzer.sentences import turn_pieces
    from analyzer.transcript import Utterance

    sentence = "We were two staff down from the start. "
    text = (sentence * 100).strip()  # 3,899 characters
    pieces = turn_pieces(Utterance("Ann", text, 0.0, 100.0), limit=1_000)

    assert [len(p.text) for p in pieces] == [974] * 4  # 25 sentences of 39 characters, less the last space
    assert all(p.text.endswith("start.") for p in pieces)
    assert " ".join(p.text for p in pieces) == text
    assert pieces[0].start == 0.0 and pieces[-1].end == 100.0
    assert pieces[1].start == pieces[0].end == round(975 * 100 / 3_899, 3)


def test_an_unpunctuated_long_turn_is_cut_at_spaces_and_a_wordless_one_anywhere():
    from analyzer.sentences import turn_pieces
    from analyzer.transcript import Utterance

    words = " ".join(["so"] * 1_000)
    assert [len(p.text) for p in turn_pieces(Utterance("A", words), limit=100)][:2] == [98, 98]
    assert [len(p.text) for p in turn_pieces(Utterance("A", "x" * 250), limit=100)] == [100, 100, 50]


def test_pieces_of_a_long_turn_keep_its_turn_number_and_its_transcript(nlp):
    from analyzer import sentences as sentences_module
    from analyzer.sentences import grouped_turn_docs
    from analyzer.transcript import Utterance

    long_turn = Utterance("Ann", "Tell me more about that. " * 40)
    groups = [("a", [Utterance("Bob", "Hello."), long_turn]), ("b", [Utterance("Cy", "Bye.")])]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sentences_module, "PIECE_CHARS", 200)
        mp.setattr(sentences_module, "BATCH_CHARS", 500)
        grouped = [(key, [(d._.speaker, d._.turn, len(d.text)) for d in docs])
                   for key, docs in grouped_turn_docs(groups, nlp)]

    assert grouped[0][0] == "a" and grouped[1] == ("b", [("Cy", 0, 4)])
    assert grouped[0][1][0] == ("Bob", 0, 6)
    assert {(speaker, turn) for speaker, turn, _ in grouped[0][1][1:]} == {("Ann", 1)}
    assert len(grouped[0][1]) - 1 == 5 and all(n <= 200 for _, _, n in grouped[0][1])
