import pandas as pd
import pytest

from analyzer.figures import SENTENCE_COLUMNS, summarize
from analyzer.labels import ACTS


def table(rows: list[tuple]) -> pd.DataFrame:
    """rows: (speaker, turn, text, act, start, end); style follows the act. No roles: a table from
    before roles existed, where every speaker is counted as a manager."""
    from analyzer.labels import style_of

    data = [(s, None, t, x, a, style_of(a) if a else None, None, 0.9, st, en, False) for s, t, x, a, st, en in rows]
    return pd.DataFrame(data, columns=list(SENTENCE_COLUMNS))


MEETING = table([
    ("Ann", 0, "How did the night go?", "open_question", 0.0, 10.0),
    ("Ann", 0, "Did you sign the log?", "closed_question", 0.0, 10.0),
    ("Bo", 1, "It was hard, and yes I did sign it.", "information", 10.0, 20.0),
    ("Ann", 2, "So it was a hard night.", "reflection", 20.0, 30.0),
    ("Ann", 2, "Why don't you ask Sam?", "leading_question", 20.0, 30.0),
    ("Ann", 2, "Send me the rota by Friday.", "instruction", 20.0, 30.0),
    ("Bo", 3, "Okay.", "other", 30.0, 60.0),
])


def by_speaker(figs):
    return {f["speaker"]: f for f in figs}


def test_counts_and_ratios_follow_the_guide():
    ann = by_speaker(summarize(MEETING))["Ann"]
    assert ann["sentences"] == 5
    assert ann["questions"] == 2  # the leading question is not a question
    assert ann["advice"] == 2  # leading question + instruction
    assert ann["question_to_advice_ratio"] == 1.0
    assert ann["styles"] == {"coaching": 2, "neutral": 1, "directive": 2}
    assert ann["coaching_share"] == 0.5
    assert ann["open_question_share"] == 0.5
    assert ann["reflection_to_question_ratio"] == 0.5
    assert set(ann["acts"]) == set(ACTS) and sum(ann["acts"].values()) == 5


def test_talk_share_by_words_and_by_time():
    figs = by_speaker(summarize(MEETING))
    words = {s: int(MEETING[MEETING.speaker == s]["text"].str.split().str.len().sum()) for s in ("Ann", "Bo")}
    assert figs["Ann"]["talk_share"] == pytest.approx(words["Ann"] / sum(words.values()), abs=1e-4)
    assert figs["Ann"]["talk_share_time"] == pytest.approx(20 / 60, abs=1e-4)
    assert figs["Bo"]["talk_share_time"] == pytest.approx(40 / 60, abs=1e-4)
    assert figs["Ann"]["questions_per_10_min"] == pytest.approx(2 / 60 * 600)


def test_zero_advice_is_reported_not_divided():
    bo = by_speaker(summarize(MEETING))["Bo"]
    assert bo["advice"] == 0 and bo["questions"] == 0
    assert bo["question_to_advice_ratio"] is None
    assert bo["coaching_share"] is None and bo["open_question_share"] is None
    assert any("no advice" in n for n in bo["notes"])


def test_no_times_means_no_time_figures():
    untimed = MEETING.assign(start=None, end=None)
    ann = by_speaker(summarize(untimed))["Ann"]
    assert ann["talk_share_time"] is None and ann["questions_per_10_min"] is None
    assert ann["questions"] == 2


def test_style_only_predictions_leave_act_figures_unavailable():
    styles_only = MEETING.assign(act=None)
    ann = by_speaker(summarize(styles_only))["Ann"]
    assert ann["acts"] is None and ann["questions"] is None and ann["question_to_advice_ratio"] is None
    assert ann["coaching_share"] == 0.5
    assert any("styles only" in n for n in ann["notes"])


def test_speaker_filter_keeps_shares_relative_to_everyone():
    only = summarize(MEETING, ["Bo"])
    assert [f["speaker"] for f in only] == ["Bo"]
    assert only[0]["talk_share"] == by_speaker(summarize(MEETING))["Bo"]["talk_share"]


def test_a_named_speaker_without_sentences_gets_zeros_and_a_note():
    """Left out, ``--speaker Cy`` gave an empty report, and a batch no row for the file."""
    from analyzer.figures import SILENT_NOTE

    figs = summarize(MEETING, ["Cy", "Bo"])
    assert [f["speaker"] for f in figs] == ["Bo", "Cy"]
    cy = figs[1]
    assert (cy["sentences"], cy["words"], cy["questions"], cy["advice"], cy["talk_share"]) == (0, 0, 0, 0, 0.0)
    assert cy["question_to_advice_ratio"] is None and cy["coaching_share"] is None
    assert cy["notes"] == [SILENT_NOTE]
    assert summarize(MEETING.iloc[:0], ["Cy"])[0]["acts"]["open_question"] == 0
