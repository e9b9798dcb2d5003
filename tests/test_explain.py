import pytest

from analyzer.cues import CUE_NAMES
from analyzer.explain import CONTEXT_WORDS, CUE_WORDS, TAG_WORDS, Reason, explain_rows, runner_up
from analyzer.features import feature_table
from analyzer.labels import ACTS
from analyzer.sentences import whole_docs


def test_reasons_favour_the_predicted_label(nlp, model):
    features = feature_table(whole_docs(["Why don't you ask Sam to cover Saturday?"], nlp))
    [reasons] = explain_rows(model, features, top=5)
    assert model.predict(features)["act"][0] == "leading_question"
    assert reasons and all(r.weight > 0 for r in reasons)
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)
    assert "cues__why_dont_you" in {r.feature for r in reasons}
    second, p = runner_up(model, features)[0]
    assert second != "leading_question" and 0 <= p < 0.5


def test_raw_reasons_name_the_features():
    assert Reason("cues__why_dont_you", 1.5).describe(raw=True) == "cue why_dont_you (+1.50)"
    assert Reason("words__tell me", 0.25).describe(raw=True) == 'words "tell me" (+0.25)'
    assert Reason("shape__1_MD", 0.5).describe(raw=True) == "opening 1_MD (+0.50)"


@pytest.mark.parametrize(("feature", "words"), [
    ("cues__why_dont_you", "it contains 'why don't you' or 'why not'"),
    ("words__tell me", "it contains 'tell me'"),
    ("words__why do nt", "it contains 'why don't'"),
    ("words__nt you", "it contains '…n't you'"),
    ("words__you re", "it contains 'you're'"),
    ("shape__0_MD", "it starts with a modal verb (could, would, should)"),
    ("shape__1_MD", "its second word is a modal verb (could, would, should)"),
    ("shape__E_WRB", "it ends with a question word (how, why, when, where)"),
    ("cues__advice_frame", "it gives advice ('I'd', 'if I were you', 'I suggest', 'you could')"),
    ("context__prev_q", "it comes right after a question"),
    ("context__pos_first", "it is the first sentence of a turn"),
    ("context__prev_act_open_question", "it comes right after an open question"),
    ("context__pturn_short", "the other person's last turn was a short back-channel (mm, yeah, okay)"),
])
def test_reasons_read_as_words_a_trainer_uses(feature, words):
    """explain spoke in feature names ("opening 1_MD", 'words "nt you"') (issue 25)."""
    assert Reason(feature, 1.25).describe() == f"{words} (+1.25)"


def test_an_unknown_feature_falls_back_to_its_raw_name():
    assert Reason("shape__1_ZZ", 1.0).describe() == "opening 1_ZZ (+1.00)"
    assert Reason("cues__new_cue", 1.0).describe() == "cue new_cue (+1.00)"


def test_every_cue_and_every_tag_has_words(nlp):
    """A cue or tag added later must get its words here, or explain falls back to raw names."""
    assert set(CUE_WORDS) == set(CUE_NAMES)
    tags = set(nlp.get_pipe("tagger").labels) - {"_SP"}
    assert tags <= set(TAG_WORDS), tags - set(TAG_WORDS)


def test_every_context_token_has_words():
    """The tokens of analyzer/context.py (the integrator's block): checked once it is there."""
    tokens = {f"{prefix}_act_{act}" for prefix in ("prev", "pturn") for act in (*ACTS, "unk")}
    tokens |= {"pos_first", "pos_mid", "pos_last", "pos_only", "prev_none", "prev_self", "prev_other", "prev_q",
               "pturn_q", "pturn_short", "pturn_none", "punct_q", "punct_noq", "punct_q_qform", "punct_noq_qform",
               "unpunct", "none"}
    assert tokens <= set(CONTEXT_WORDS), tokens - set(CONTEXT_WORDS)
    try:
        from analyzer.context import Place, context_strings
    except ImportError:
        return
    places = [Place(0, "A", "How was the week?"), Place(1, "B", "Mm."), Place(2, "A", "Right. So you felt it."),
              Place(2, "A", "Send it today."), Place(3, "B", "ok")]
    made = {t for acts in (None, ["open_question", "other", "other", "instruction", "other"])
            for line in context_strings(places, acts) for t in line.split()}
    assert made <= set(CONTEXT_WORDS), made - set(CONTEXT_WORDS)


def test_a_two_label_model_gives_each_label_its_own_reasons(nlp):
    """scikit-learn keeps one row of weights for two labels: it favours the second label."""
    from analyzer.classifier import build_pipeline
    from analyzer.model_file import Model

    asks = ["What happened next?", "How did that feel?", "What would help you?", "How could you try it?"]
    tells = ["Send it today.", "Book the room now.", "Call her this morning.", "Finish the rota first."]
    features = feature_table(whole_docs(asks + tells, nlp))
    pipeline = build_pipeline(clf__C=100.0, features__words__min_df=1)
    pipeline.fit(features, ["open_question"] * 4 + ["instruction"] * 4)
    model = Model(pipeline, {"target": "act"})
    assert list(pipeline.classes_) == ["instruction", "open_question"]
    reasons = explain_rows(model, features, top=3)
    words = pipeline[:-1].get_feature_names_out()
    weight = dict(zip(words, pipeline[-1].coef_[0], strict=True))  # positive: open_question
    for row, predicted in zip(reasons, pipeline.predict(features), strict=True):
        assert row, f"no reason for {predicted}"
        sign = 1 if predicted == "open_question" else -1
        assert all(sign * weight[r.feature] > 0 for r in row)


def test_the_explain_command_speaks_in_words_and_raw_on_request():
    from typer.testing import CliRunner

    from analyzer.cli import app

    said = CliRunner().invoke(app, ["explain", "Why don't you ask Sam?", "--top", "3"])
    assert said.exit_code == 0, said.output
    assert "because it contains 'why don't you' or 'why not'" in said.stdout
    assert "cue " not in said.stdout and 'words "' not in said.stdout
    raw = CliRunner().invoke(app, ["explain", "Why don't you ask Sam?", "--top", "3", "--raw"])
    assert "because of cue why_dont_you" in raw.stdout
