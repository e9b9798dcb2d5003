"""Turns to Docs: every Doc keeps its turn's context, and a stream of transcripts is
handed back per transcript, in order, even around transcripts with no turns."""

from __future__ import annotations

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
