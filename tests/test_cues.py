import pytest

from analyzer.cues import CUE_NAMES, TokenReader, sentence_features
from analyzer.features import FEATURE_COLUMNS, asr_style, feature_table
from analyzer.sentences import whole_docs


def features(nlp, text: str) -> dict:
    return next(iter(whole_docs([text], nlp)))._.features


@pytest.mark.parametrize(("text", "cue"), [
    ("Tell me more about what happened on Tuesday.", "tell_me_start"),
    ("Why don't you call the ward manager?", "why_dont_you"),
    ("Have you thought about asking Sarah?", "have_you_tried"),
    ("Could you send me the rota tonight?", "modal_you_start"),
    ("I wonder what would help you most here.", "i_wonder"),
    ("So the new rota has doubled your evening work.", "fillers"),
    ("It sounds like you feel you weren't heard.", "reflection_frame"),
    ("You need to update the care plan today.", "you_obligation"),
    ("Let's get this done by Friday.", "lets"),
    ("What options have you considered?", "wh_start"),
    ("Wouldn't it be better to do it in the morning?", "negative_aux_start"),
    ("That's the audit due on the thirtieth, isn't it?", "tag_question_end"),
])
def test_guide_examples_raise_their_cue(nlp, text, cue):
    assert features(nlp, text)[cue] > 0


def test_plain_statement_raises_no_question_cues(nlp):
    f = features(nlp, "The audit is due on the 30th.")
    assert f["wh_start"] == f["aux_start"] == f["has_qmark"] == f["why_dont_you"] == 0
    assert f["number"] == 1


def test_recogniser_text_gives_the_same_cues_but_the_question_mark(nlp):
    clean = features(nlp, "Why don't you call the ward manager?")
    asr = features(nlp, asr_style("Why don't you call the ward manager?"))
    assert clean["text"] == asr["text"] == "why do nt you call the ward manager"
    differing = {k for k in CUE_NAMES if clean[k] != asr[k]}
    assert differing == {"has_qmark"}


def test_leading_fillers_are_skipped_for_the_opening(nlp):
    f = features(nlp, "um so you know what do you think you could do")
    assert f["wh_start"] == 1 and f["fillers"] >= 2


def test_feature_table_has_one_row_per_span_and_every_column(nlp):
    spans = list(whole_docs(["Okay.", "Send me the figures by Friday."], nlp))
    table = feature_table(spans)
    assert list(table.columns) == list(FEATURE_COLUMNS)
    assert table["text"].tolist() == ["okay", "send me the figures by friday"]
    assert table.loc[1, "imperative_start"] == 1
    assert sentence_features(spans[1]) == spans[1]._.features
    assert table.loc[1, list(CUE_NAMES)].tolist() == [sentence_features(spans[1])[c] for c in CUE_NAMES]


def test_asr_style_strips_case_punctuation_and_apostrophes():
    assert asr_style("Don't worry, Sarah - it's fine!") == "dont worry sarah its fine"


def _token_by_token(span) -> tuple[list[str], list[str], bool]:
    """What the Token attributes say: the definition TokenReader must match."""
    kept = [t for t in span if not (t.is_punct or t.is_space)]
    words = [t.lower_.replace("'", "").replace("\u2019", "").replace("-", "") for t in kept]
    return ([w for w in words if w], [t.tag_ for t, w in zip(kept, words, strict=True) if w],
            any(t.text == "?" for t in span if t.is_punct or t.is_space))


def test_token_reader_matches_the_token_attributes_across_sentences_and_docs(nlp):
    texts = ["Don't worry.  Is it the long-term plan? I\u2019d say yes!", "OK so   what now?", "- - ?"]
    spans = [sent for doc in nlp.pipe(texts) for sent in doc.sents]
    reader = TokenReader()
    assert [reader.read(s) for s in spans] == [_token_by_token(s) for s in spans]
    assert reader.read(spans[1])[2] and not reader.read(spans[0])[2]  # the "?" is seen, per sentence
