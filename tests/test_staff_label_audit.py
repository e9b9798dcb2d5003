"""scripts/staff_label_audit.py: which staff rows it puts in front of a person, and which it never reads.

The cross-validated model is replaced by a stub here; training it takes a minute or two.
"""
import pandas as pd
import pytest

from analyzer.splits import conversation_split
from tests.conftest import load_script


@pytest.fixture(scope="module")
def audit():
    return load_script("staff_label_audit")


def _rows(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Staff rows from (text, staff_act, the manager's last sentence)."""
    return pd.DataFrame([{"text": t, "staff_act": a, "m_text": m} for t, a, m in rows])


@pytest.mark.parametrize(("text", "label", "manager", "expected"), [
    ("I tried ringing her twice.", "own_option", "What have you done so far?", "past or others' practice as an option"),
    ("I tried ringing her twice.", "information", "What have you done so far?", ""),
    ("Okay, I'll book it.", "agreement", "Could you book it?", "i'll not a commitment"),
    ("Okay, I'll book it.", "commitment", "Could you book it?", ""),
    ("Yes.", "information", "Are you on tonight?", "bare yes not agreement"),
    ("Um.", "information", "What would help?", "filler not other"),
    ("Um.", "other", "What would help?", ""),
    ("Oh, I didn't know that.", "insight", "There's a fund for that.", "learning a fact as insight"),
    ("The phones, honestly.", "information", "What gets in the way?", "answer to what stands in the way"),
    ("The phones, honestly.", "concern", "What gets in the way?", ""),
    ("The phones, honestly.", "information", "How did the week go?", ""),
    ("A proper break.", "information", "What would help you recover?", "answer to what would help"),
])
def test_rules_flag_the_guides_hard_cases_only_under_the_wrong_label(audit, text, label, manager, expected):
    assert audit.rule_flags(_rows((text, label, manager))).iloc[0] == expected


def test_the_manager_context_is_the_last_manager_sentence_before_the_row(audit):
    frame = pd.DataFrame({
        "conversation": ["a", "a", "a", "a", "b"],
        "role": ["manager", "staff", "staff", "manager", "staff"],
        "text": ["What would help?", "Um.", "A break.", "Okay.", "Hi."],
        "act": ["open_question", "", "", "other", ""],
    })
    context = audit.with_manager_context(frame)
    assert list(context["m_text"]) == ["", "What would help?", "What would help?", "What would help?", ""]
    assert list(context["m_act"]) == ["", "open_question", "open_question", "open_question", ""]


def test_test_split_conversations_and_manager_rows_are_never_candidates(audit, monkeypatch):
    held_out, trained = "a", "b"
    assert conversation_split(held_out) == "test" and conversation_split(trained) == "train"
    frame = pd.DataFrame({
        "conversation": [held_out, held_out, trained, trained],
        "split": [conversation_split(c) for c in (held_out, held_out, trained, trained)],
        "role": ["manager", "staff", "manager", "staff"], "source_row": [2, 3, 2, 3],
        "text": ["Are you on?", "Yes.", "Are you on?", "Yes."],
        "act": ["closed_question", "", "closed_question", ""],
        "staff_act": ["", "information", "", "information"],
    })

    def doubt_everything(staff):
        assert set(staff["split"]) == {"train"} and set(staff["role"]) == {"staff"}, "only train staff rows"
        return pd.DataFrame({"p_gold": 0.0, "predicted": "agreement", "p_predicted": 1.0}, index=staff.index)

    monkeypatch.setattr(audit, "model_flags", doubt_everything)
    found = audit.candidates(frame)
    assert list(found["conversation"]) == [trained]
    assert found["rules"].iloc[0] == "bare yes not agreement"
