from analyzer.segment import BoundarySplitter


def sentences(nlp, text: str) -> list[str]:
    return [s.text for s in nlp(text).sents]


def test_unpunctuated_turn_is_split_into_sentences(nlp):
    text = "hi chloe thanks for coming in how are you finding things at the moment did you get my email about the rota"
    found = sentences(nlp, text)
    assert len(found) >= 2
    assert " ".join(found) == text


def test_punctuated_text_is_left_to_spacy(nlp):
    text = "Thanks for coming in. How are you finding things? Did you get my email about the rota?"
    assert sentences(nlp, text) == ["Thanks for coming in.", "How are you finding things?",
                                    "Did you get my email about the rota?"]


def test_splitter_without_model_changes_nothing(nlp):
    doc = nlp.make_doc("okay so how are you finding things at the moment did you get my email")
    with nlp.select_pipes(disable=["analyzer_asr_splitter"]):
        doc = nlp(doc)
    before = [s.text for s in doc.sents]
    after = [s.text for s in BoundarySplitter(None)(doc).sents]
    assert before == after
