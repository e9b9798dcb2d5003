"""Missed coaching moments in full (analyzer/moments.py), against moments counted by hand.

How the gold moments of data/samples/gold/coaching_one_to_one.csv were counted: list the turns
(consecutive rows of one speaker; row = data row number counted from 0, i.e. the CSV line
minus 2) and, for every turn of Daniel Okafor (staff) holding an own_option, insight or
concern, read the labels of the next turn, Priya Shah's:

- turn 5 (concerns 15 16) -> turn 6: other, reflection, reflection: none told
- turn 17 (options 47 48) -> turn 18: affirmation, open question: no
- turn 19 (option 52) -> turn 20: reflection, affirmation, open question: no
- turn 21 (options 57 58) -> turn 22: information x3, open question: no
- turn 23 (options 63 64) -> turn 24: affirmation x2, closed question: no
- turn 29 (78 information, 79 insight, 80 insight; starts 381.00 s) -> turn 30 (81 information,
  82 information, 83 affirmation, 84 instruction, 85 open question; starts 389.97 s): MOMENT 1
- turn 31 (86 own_option, 87 information, 88 insight; starts 419.71 s) -> turn 32 (89 reflection,
  90 open question, 91 leading question; starts 429.76 s): MOMENT 2
- turn 35 (insights 96 97) -> turn 36: affirmation, information, other: no
"""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.figures import SENTENCE_COLUMNS, conversation_figures
from analyzer.labels import style_of
from analyzer.moments import (
    NO_MANAGER,
    NO_STAFF,
    NONE_FOUND,
    NOT_LABELLED,
    missed_moments,
    no_moments_reason,
    with_alternatives,
)
from tests.conftest import gold_of


def gold_table(name: str) -> pd.DataFrame:
    """A sample's gold labels as a sentence table: the manager is whoever has acts."""
    gold = gold_of(name)
    return pd.DataFrame({
        "speaker": gold["speaker"], "role": ["manager" if a else "staff" for a in gold["act"]],
        "turn": gold["turn"], "text": gold["sentence"], "act": gold["act"].replace("", None),
        "style": [style_of(a) if a else None for a in gold["act"]], "staff_act": gold["staff_act"].replace("", None),
        "confidence": 1.0, "start": gold["start"], "end": gold["end"], "unsure": False,
    }).reindex(columns=list(SENTENCE_COLUMNS))


def figures_of(table: pd.DataFrame) -> dict:
    return conversation_figures(list(table.itertuples(index=False, name=None)))


#: The hand count above: (exploring rows, telling row, staff turn's rows, manager turn's rows, their starts).
GOLD_MOMENTS = [
    ([79, 80], 84, [78, 79, 80], [81, 82, 83, 84, 85], 381.00, 389.97),
    ([86, 88], 91, [86, 87, 88], [89, 90, 91], 419.71, 429.76),
]


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return gold_table("coaching_one_to_one")


def test_the_gold_moments_come_with_both_turns(gold: pd.DataFrame) -> None:
    moments = missed_moments(gold, figures_of(gold))
    assert len(moments) == len(GOLD_MOMENTS)
    for moment, (exploring, told, staff_rows, manager_rows, staff_start, manager_start) in zip(
            moments, GOLD_MOMENTS, strict=True):
        assert (moment["staff_row"], moment["manager_row"], moment["staff_rows"]) == (exploring[0], told, exploring)
        staff, manager = moment["staff_turn"], moment["manager_turn"]
        assert (staff["speaker"], staff["role"], staff["start"]) == ("Daniel Okafor", "staff", staff_start)
        assert (manager["speaker"], manager["role"], manager["start"]) == ("Priya Shah", "manager", manager_start)
        assert [s["row"] for s in staff["sentences"]] == staff_rows
        assert [s["row"] for s in manager["sentences"]] == manager_rows
        assert moment["time"] == manager_start  # the telling sentence's start (turn times in the gold)
        assert moment["alternative"] is None  # not asked for


def test_the_turns_carry_the_words_and_labels(gold: pd.DataFrame) -> None:
    first = missed_moments(gold, figures_of(gold))[0]
    staff, manager = first["staff_turn"], first["manager_turn"]
    assert staff["turn"] == 29 and manager["turn"] == 30  # the table's own turn numbers (from 0)
    assert staff["sentences"][1] == {"row": 79, "text": "I think I came in expecting to be told off.",
                                     "staff_act": "insight", "start": 381.0}
    told = manager["sentences"][3]
    assert (told["row"], told["act"], told["style"]) == (84, "instruction", "directive")
    assert told["text"].startswith("You'll need to complete the incident form before your next shift")
    assert "staff_act" not in told and "act" not in staff["sentences"][0]


def test_an_alternative_is_made_for_the_telling_sentence_only(gold: pd.DataFrame) -> None:
    from analyzer.alternatives import alternatives

    conversation = with_alternatives(figures_of(gold), gold)
    moments = missed_moments(gold, conversation)
    for moment in moments:
        row = moment["manager_row"]
        alone = alternatives([gold["text"][row]], [gold["act"][row]])[0]
        assert moment["alternative"] == alone.text and moment["alternative"].endswith("?")
    assert "alternative" not in figures_of(gold)["missed_moments"][0]  # the input is left as it was


def test_an_alternative_column_is_used_without_parsing(gold: pd.DataFrame) -> None:
    class NoParser:
        def pipe(self, *args, **kwargs):
            raise AssertionError("parsed a sentence the table already had a question for")

    table = gold.assign(alternative="")
    table.loc[[84, 91], "alternative"] = ["What would help you finish it?", "Who could cover your break?"]
    conversation = with_alternatives(figures_of(table), table, nlp=NoParser())
    assert [m["alternative"] for m in conversation["missed_moments"]] == [
        "What would help you finish it?", "Who could cover your break?"]
    plain = missed_moments(table, figures_of(table))  # read from the column when shown, too
    assert [m["alternative"] for m in plain] == ["What would help you finish it?", "Who could cover your break?"]


def test_a_turn_left_out_of_the_table_is_none(gold: pd.DataFrame) -> None:
    """``--speaker "Priya Shah"``: the moments are the conversation's, Daniel's rows are gone."""
    conversation = figures_of(gold)
    kept = gold[gold["speaker"] == "Priya Shah"].reset_index(drop=True)
    new = {old: k for k, old in enumerate(gold.index[gold["speaker"] == "Priya Shah"])}
    narrowed = conversation | {"missed_moments": [m | {"staff_row": None, "manager_row": new[m["manager_row"]]}
                                                  for m in conversation["missed_moments"]]}
    moments = missed_moments(kept, narrowed)
    assert [m["staff_turn"] for m in moments] == [None, None] and [m["staff_rows"] for m in moments] == [[], []]
    assert moments[0]["manager_turn"]["sentences"][3]["act"] == "instruction"


def rows(*turns: tuple[str, str, str | None]) -> list[tuple]:
    """(speaker, role, label) turns of one sentence each."""
    return [(speaker, role, k, "Words.", *((label, None, None) if role == "manager" else (None, None, label)),
             1.0, None, None, False) for k, (speaker, role, label) in enumerate(turns)]


@pytest.mark.parametrize(("turns", "reason"), [
    ([("M", "manager", "advice"), ("M", "manager", "instruction")], NO_STAFF),
    ([("S", "staff", "concern"), ("T", "staff", "own_option")], NO_MANAGER),
    ([("S", "staff", None), ("M", "manager", "advice")], NOT_LABELLED),
    ([("S", "staff", "concern"), ("M", "manager", "open_question"), ("S", "staff", "information"),
      ("M", "manager", "advice")], NONE_FOUND),
    ([("S", "staff", "concern"), ("M", "manager", "advice")], None),
])
def test_no_moments_says_why(turns: list, reason: str | None) -> None:
    assert no_moments_reason(conversation_figures(rows(*turns))) == reason
