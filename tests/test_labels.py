from pathlib import Path

import pytest

from analyzer.labels import ACT_STYLE, ACTS, ADVICE_ACTS, QUESTION_ACTS, STYLES, acts_of, style_of

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "labelling-guide.md"


def test_nine_acts_three_styles():
    assert len(ACTS) == 9
    assert set(ACT_STYLE.values()) == set(STYLES)
    assert {s: len(acts_of(s)) for s in STYLES} == {"coaching": 3, "neutral": 3, "directive": 3}


def test_leading_question_counts_as_advice_not_question():
    assert "leading_question" in ADVICE_ACTS
    assert "leading_question" not in QUESTION_ACTS
    assert {"open_question", "closed_question"} == QUESTION_ACTS
    assert set(acts_of("directive")) == ADVICE_ACTS


def test_unknown_labels_are_named():
    with pytest.raises(KeyError, match="unknown act 'advise'"):
        style_of("advise")
    with pytest.raises(KeyError, match="unknown style"):
        acts_of("coachy")


def test_project_guide_lists_every_act_with_its_style():
    text = GUIDE.read_text(encoding="utf-8")
    for act, style in ACT_STYLE.items():
        assert f"| `{act}` | {style} |" in text, act
