from analyzer.explain import Reason, explain_rows, runner_up
from analyzer.features import feature_table
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


def test_reason_reads_as_words():
    assert Reason("cues__why_dont_you", 1.5).describe() == "cue why_dont_you (+1.50)"
    assert Reason("words__tell me", 0.25).describe() == 'words "tell me" (+0.25)'


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
