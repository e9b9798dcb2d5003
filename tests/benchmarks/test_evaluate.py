"""The one evaluation script: conversations, AMI figures, prediction and its cache, the pages it writes.

Fixtures are small files written for these tests (tests/fixtures/conversations/); the AMI-like
table below is made up in AMI's columns. Expected figures are worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import benchmarks.evaluate as ev
from analyzer.splits import conversation_split

CONVERSATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "conversations"


def test_conversation_split_is_the_sha256_of_the_id_mod_10() -> None:
    # printf fx-004 | sha256sum -> e9271fef...3c70a97, whose integer mod 10 is 9 (test);
    # fx-000 -> 463d71ce...b8af577b, mod 10 is 3 (train).
    assert conversation_split("fx-004") == "test"
    assert conversation_split("fx-000") == "train"


def test_conversations_are_read_with_their_split_and_bad_files_named() -> None:
    rows, problems = ev.read_conversations(CONVERSATIONS)
    assert rows.groupby("conversation")["split"].first().to_dict() == {"fx-000": "train", "fx-004": "test",
                                                                       "fx-011": "test"}
    assert problems == ["fx-bad.csv: no column variant, act, staff_act"]


def _gold(frame: pd.DataFrame, utterances: bool = False) -> pd.DataFrame:
    return pd.DataFrame({"act": frame["act"].replace("", "other")}, index=frame.index)


def test_only_the_test_conversations_manager_sentences_are_scored() -> None:
    seen = []

    def information(frame: pd.DataFrame, utterances: bool = False) -> pd.DataFrame:
        seen.append(frame)
        return pd.DataFrame({"act": "information"}, index=frame.index)

    def concern(frame: pd.DataFrame, utterances: bool = False) -> pd.DataFrame:
        return pd.DataFrame({"staff_act": "concern"}, index=frame.index)

    result = ev.evaluate_conversations(CONVERSATIONS, {"info": information, "gold": _gold}, concern)
    assert (result["conversations"], result["manager_sentences"], result["other_sentences"]) == (2, 6, 4)
    # The system sees every speaker's sentences of the test conversations, in order, for context.
    assert seen[0]["text"].iloc[[0, 2, -1]].tolist() == ["Morning Sam.", "Fine, but the proofer was slow again.",
                                                          "i can cover tuesdays"]
    assert {"conversation", "turn", "speaker", "role"} <= set(seen[0].columns)
    info = result["manager"]["info"]
    # Manager acts: fx-004 other, open_question, reflection, instruction (clean); fx-011
    # information, open_question (asr). Only one is information.
    assert info["all"]["act"]["accuracy"] == pytest.approx(1 / 6, abs=1e-4)
    assert (info["clean"]["act"]["n"], info["clean"]["act"]["accuracy"]) == (4, 0.0)
    assert info["asr"]["act"]["accuracy"] == 0.5
    assert result["manager"]["gold"]["all"]["style"]["macro_f1"] == 1.0
    # Staff rows of the test conversations: concern, commitment, concern (the observer's row is not staff).
    assert result["staff"]["staff_act"]["n"] == 3
    assert result["staff"]["staff_act"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_conversations_skip_without_files(tmp_path: Path) -> None:
    assert "skipped" in ev.evaluate_conversations(tmp_path, {"gold": _gold}, None)


AMI_LIKE = pd.DataFrame(
    [("M1", "PM", 1, "What should we start with?", "open_question", "coaching", "Elicit-Offer-Or-Suggestion"),
     ("M1", "PM", 2, "We could use a dial.", "advice", "directive", "Suggest"),
     ("M1", "ME", 3, "The dial costs more.", "information", "neutral", "Inform"),
     ("M1", "PM", 4, "Is that the budget?", "closed_question", "neutral", "Elicit-Inform"),
     ("M2", "PM", 1, "Let's keep it simple.", "advice", "directive", "Suggest"),
     ("M2", "PM", 2, "Any thoughts on colour?", "open_question", "coaching", "Elicit-Offer-Or-Suggestion"),
     ("M2", "ME", 3, "Maybe yellow would work.", "advice", "directive", "Suggest")],
    columns=["meeting", "speaker_role", "position", "text", "act", "style", "ami_label"])
PREDICTED = ["open_question", "information", "information", "closed_question", "advice", "advice", "advice"]


def _fixed(frame: pd.DataFrame, utterances: bool = False) -> pd.DataFrame:
    assert utterances  # AMI rows are acts, which may hold several sentences
    acts = pd.Series(PREDICTED, index=frame.index)
    return pd.DataFrame({"act": acts, "holds_question": acts.str.endswith("question"),
                         "holds_advice": acts == "advice", "unsure": [True] + [False] * 6})


@pytest.fixture(scope="module")
def ami_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("ami") / "ami_dev.csv"
    AMI_LIKE.sample(frac=1, random_state=0).to_csv(path, index=False)  # the script sorts by meeting, position
    return ev.evaluate_ami(path, {ev.MODEL: _fixed})


def test_ami_question_and_advice_f1_by_hand(ami_result: dict) -> None:
    every = ami_result["subsets"]["all roles"][ev.MODEL]
    # Questions predicted on rows 1 and 4; Elicit on 1, 4 and 6: P 2/2, R 2/3, F1 0.8.
    assert (every["question"]["precision"], every["question"]["recall"], every["question"]["f1"]) == (1.0, 0.6667, 0.8)
    # Advice predicted on 5, 6, 7; Suggest on 2, 5, 7: P = R = 2/3.
    assert every["advice"]["f1"] == 0.6667
    pm = ami_result["subsets"]["PM"][ev.MODEL]
    assert pm["style"]["n"] == 5
    assert (pm["advice"]["predicted"], pm["advice"]["gold"]) == (2, 2)  # rows 5, 6 against 2, 5
    assert ami_result["subsets"]["ME"][ev.MODEL]["advice"]["f1"] == 1.0


def test_ami_question_share_per_meeting(ami_result: dict) -> None:
    share = ami_result["question_share"][ev.MODEL]
    per = {g["group"]: (g["predicted"], g["gold"]) for g in share["per_group"]}
    # PM of M1: predicted 2 questions, 0 advice; annotated 2 Elicit, 1 Suggest. M2: 0 / 2 against 1 / 1.
    assert per == {"M1": (1.0, pytest.approx(2 / 3)), "M2": (0.0, 0.5)}
    assert share["spearman"] is None  # two meetings cannot be ranked


def test_ami_unsure_share(ami_result: dict) -> None:
    assert ami_result["unsure"] == {"all roles": round(1 / 7, 4), "PM": 0.2}


def test_the_pages_carry_the_tables_and_the_credit(ami_result: dict) -> None:
    results = {"run": {"date": "today", "model": "m.skops", "model_sha256": "ab" * 32},
               "held-out conversations": {"skipped": "no usable conversation file in data/conversations"},
               "ami_dev.csv": ami_result, "unpunctuated splitting": {"skipped": "not yet"}}
    page = ev.render_markdown(ev._json_ready(results))
    # PM styles, gold C D N D C against predicted C N N D D: F1 coaching 2/3, neutral 2/3,
    # directive 1/2 (macro 0.611); acts: open 2/3, closed 1, information 0, advice 1/2 (macro
    # 0.542); question F1 0.8 (2 of 3 Elicit found, none wrong); advice F1 0.5 (5, 6 against 2, 5).
    assert "| PM | model | 5 | 0.611 | 0.542 | 0.800 | 0.500 | 2 / 2 |" in page
    assert "CC BY 4.0" in page and "Carletta" in page
    assert "- held-out conversations: skipped (no usable conversation file in data/conversations)" in page
    text = ev.render_text(ev._json_ready(results))
    assert "marked unsure: 14.3% of all utterances, 20.0% of the PM's" in text


def test_segmentation_is_skipped_until_the_splitter_benchmark_offers_it(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    monkeypatch.setattr(ev, "segmentation_results", None)
    assert "skipped" in ev.evaluate_segmentation(None, tmp_path, tmp_path / "absent.csv")
    calls = []
    monkeypatch.setattr(ev, "segmentation_results", lambda nlp, **kw: calls.append(kw) or {"held_out": {}})
    assert ev.evaluate_segmentation(None, tmp_path, tmp_path / "absent.csv") == {"held_out": {}}
    assert calls == [{"conversations": None, "ami_dev": None}]


def test_rows_take_their_last_sentence_and_hold_what_any_sentence_holds() -> None:
    labels = pd.DataFrame({"act": ["closed_question", "advice", "information"],
                           "style": ["neutral", "directive", "neutral"], "confidence": [0.9, 0.6, 0.8]})
    rows = ev.rows_from_sentences(labels, [0, 0, 2], 3, pd.Index([10, 11, 12]))
    assert rows["act"].tolist() == ["advice", "other", "information"]  # row 11 had no sentence
    assert rows["confidence"].tolist() == [0.6, 0.0, 0.8]
    assert rows["holds_question"].tolist() == [True, False, False]
    assert rows["holds_advice"].tolist() == [True, False, False]
    assert rows.index.tolist() == [10, 11, 12]


def test_predict_rows_labels_each_sentence_with_the_model(model, nlp) -> None:
    frame = pd.DataFrame({"text": ["How did the early bake go?", "Okay. What worries you about the rota?", "..."]},
                         index=[5, 6, 7])
    one = ev.predict_rows(frame, model, nlp)
    assert one.index.tolist() == [5, 6, 7]
    assert {"act", "style", "confidence"} <= set(one.columns)
    assert one.loc[5, "act"] == "open_question"
    split = ev.predict_rows(frame, model, nlp, utterances=True)
    alone = ev.predict_rows(pd.DataFrame({"text": ["What worries you about the rota?"]}), model, nlp)
    assert split.loc[6, "act"] == alone["act"].iloc[0] == "open_question"
    assert bool(split.loc[6, "holds_question"])
    assert (split.loc[7, "act"], split.loc[7, "confidence"]) == ("other", 0.0)  # no word, no sentence


def test_the_feature_cache_gives_back_what_spacy_gave(nlp) -> None:
    texts = ["Could you send me the rota tonight?", "so um what do you think", "I'd speak to Sarah first."]
    fresh, owners = ev.sentence_features(texts, nlp, utterances=True)
    again, owners_again = ev.sentence_features(texts, nlp, utterances=True)  # from the cache now
    pd.testing.assert_frame_equal(fresh, again)
    assert owners.tolist() == owners_again.tolist() == [0, 1, 2]
    assert any((ev.cache_dir() / "evaluate-features").glob("*.csv.gz"))
