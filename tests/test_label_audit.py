"""scripts/label_audit.py: which manager rows it puts in front of a person, and which it never reads.

The cross-validated model is replaced by a stub here; training it takes minutes.
"""
import pandas as pd
import pytest

from analyzer.splits import conversation_split
from tests.conftest import load_script


@pytest.fixture(scope="module")
def audit():
    return load_script("label_audit")


def _rows(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Manager rows from (text, act, variant)."""
    return pd.DataFrame([{"text": t, "act": a, "variant": v} for t, a, v in rows])


@pytest.mark.parametrize(("text", "act", "variant", "expected"), [
    ("Second thing, the phones.", "information", "clean", "agenda header"),
    ("Second thing, the phones.", "other", "clean", ""),
    ("Yeah.", "information", "clean", "back-channel"),
    ("Yeah.", "other", "clean", ""),
    ("What about asking Sarah to cover?", "open_question", "clean", "solution in a question"),
    ("The audit is due on the 30th?", "information", "clean", "question mark"),
    ("is that clear", "information", "asr", ""),
    ("I'd be glad to.", "advice", "clean", "glad to"),
    ("You need to update the care plan today.", "instruction", "clean", ""),
    ("You need to update the care plan today.", "information", "clean", "obligation"),
])
def test_rules_flag_the_guides_hard_cases_only_under_the_wrong_act(audit, text, act, variant, expected):
    assert audit.rule_flags(_rows((text, act, variant))).iloc[0] == expected


def test_a_row_can_trip_two_rules(audit):
    flags = audit.rule_flags(_rows(("You need to be there, don't you think?", "information", "clean")))
    assert set(flags.iloc[0].split(",")) == {"question mark", "solution in a question", "obligation"}


def test_test_split_conversations_and_staff_rows_are_never_candidates(audit, monkeypatch):
    held_out, trained = "a", "b"
    assert conversation_split(held_out) == "test" and conversation_split(trained) == "train"
    frame = pd.DataFrame({
        "conversation": [held_out, trained, trained],
        "split": [conversation_split(held_out), conversation_split(trained), conversation_split(trained)],
        "role": ["manager", "manager", "staff"],
        "variant": "clean", "source_row": [2, 2, 3],
        "text": ["Yeah.", "Yeah.", "Yeah."], "act": ["information", "information", ""],
    })

    def doubt_everything(manager):
        assert set(manager["split"]) == {"train"}, "the model must not see held-out conversations"
        return pd.DataFrame({"p_gold": 0.0, "predicted": "other", "p_predicted": 1.0}, index=manager.index)

    monkeypatch.setattr(audit, "model_flags", doubt_everything)
    found = audit.candidates(frame)
    assert list(found["conversation"]) == [trained]
    assert found["rules"].iloc[0] == "back-channel"


@pytest.mark.parametrize("script", ["label_audit", "staff_label_audit"])
def test_both_audit_scripts_give_help_and_one_line_for_a_missing_folder(script, capsys):
    """A helper once passed --help and got it read as a folder, with a traceback."""
    main = load_script(script).main
    with pytest.raises(SystemExit) as help_exit:
        main(["--help"])
    assert help_exit.value.code == 0
    assert "folder" in capsys.readouterr().out
    with pytest.raises(SystemExit) as error_exit:
        main(["/no/such/folder"])
    assert error_exit.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "/no/such/folder" in err and "\n" not in err and "Traceback" not in err
