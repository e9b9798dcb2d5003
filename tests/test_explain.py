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
