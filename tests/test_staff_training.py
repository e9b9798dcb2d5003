"""The manager's acts the staff model trains on: predicted by models that never saw the conversation."""

import csv
from pathlib import Path

import pytest

from analyzer.conversations import COLUMNS, read_conversations
from analyzer.labels import ACTS
from analyzer.splits import conversation_split
from analyzer.staff_training import manager_acts_for_staff
from analyzer.train import _Features, _fit_manager
from analyzer.training_rows import conversation_rows, with_asr_units

TURNS = [  # (role, text, act or staff_act)
    ("manager", "What options have you got?", "open_question"),
    ("staff", "I could ring the agency.", "own_option"),
    ("manager", "Send me the rota by Friday.", "instruction"),
    ("staff", "Okay.", "agreement"),
    ("manager", "The audit is due on the 30th.", "information"),
    ("staff", "I'll do it tonight.", "commitment"),
]


def ids(split: str, n: int) -> list[str]:
    found = [f"st-{k:03d}" for k in range(200) if conversation_split(f"st-{k:03d}") == split]
    return found[:n]


def write(folder: Path, conversation: str) -> None:
    with (folder / f"{conversation}.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for turn, (role, text, label) in enumerate(TURNS):
            speaker = "Ann" if role == "manager" else "Bo"
            out.writerow([conversation, "one_to_one", "ward", "clean", turn, speaker, role, turn * 5, text,
                          label if role == "manager" else "", label if role != "manager" else "", ""])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("conversations")
    for conversation in ids("train", 4) + ids("test", 1):
        write(path, conversation)
    return path


def acts_of(folder: Path, nlp, files: list[Path] | None = None):
    conversations = read_conversations(files or [folder])
    rows = with_asr_units(conversation_rows(conversations, "staff_act"))
    features = _Features(rows["text"].tolist(), nlp, False)
    return rows, manager_acts_for_staff(conversations, rows, features, _fit_manager)


def test_manager_sentences_get_predicted_acts_and_staff_sentences_none(folder, nlp):
    rows, acts = acts_of(folder, nlp)
    manager = rows["label"] == ""  # a staff-act row has no label on the manager's sentences
    assert len(acts) == len(rows)
    assert all(a is None for a, m in zip(acts, manager, strict=True) if not m)
    assert all(a in ACTS for a, m in zip(acts, manager, strict=True) if m)
    test_rows = (rows["split"] == "test").to_numpy()
    assert all(a in ACTS for a, m, t in zip(acts, manager, test_rows, strict=True) if m and t)


def test_too_few_conversations_to_fold_give_no_acts(folder, nlp):
    files = sorted(folder.glob("*.csv"))
    two_trained = [f for f in files if conversation_split(f.stem) == "train"][:2]
    _, acts = acts_of(folder, nlp, two_trained)
    assert all(a is None for a in acts)


@pytest.fixture(scope="module")
def with_calibration(tmp_path_factory) -> Path:
    """Four train, one calibration and one test conversation; only the calibration one says "bank"."""
    path = tmp_path_factory.mktemp("conversations-cal")
    for conversation in ids("train", 4) + ids("test", 1):
        write(path, conversation)
    [calibration] = ids("calibration", 1)
    write(path, calibration)
    text = (path / f"{calibration}.csv").read_text(encoding="utf-8")
    (path / f"{calibration}.csv").write_text(text.replace("ring the agency", "ask the bank staff"), encoding="utf-8")
    return path


@pytest.mark.parametrize("fit_on", ["train", "train+calibration"])
def test_the_staff_model_is_refitted_on_the_calibration_conversations_when_asked(with_calibration, tmp_path, fit_on):
    from analyzer.train import train

    model = train([with_calibration], tmp_path / "model.skops", label_column="staff_act", folds=0, progress=False,
                  on_step=lambda _: None, fit_on=fit_on)
    words = model.pipeline.named_steps["features"].named_transformers_["words"].vocabulary_
    refitted = fit_on == "train+calibration"
    assert model.card["fit_on"] == fit_on
    assert ("bank" in " ".join(words)) == refitted  # a word only the calibration conversation has
    assert ("ece_test_after_refit" in model.card["calibration"]) == refitted
    assert model.card["calibration"]["temperature"] > 0


def test_a_wrong_fit_on_is_one_line(with_calibration, tmp_path):
    from analyzer.errors import InputError
    from analyzer.train import train

    with pytest.raises(InputError, match="--fit-on everything"):
        train([with_calibration], tmp_path / "model.skops", label_column="staff_act", fit_on="everything")
