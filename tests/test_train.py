"""Training from labelled files: acts, styles only, several files, atomic output."""

import errno
import json
import os

import pandas as pd
import pytest

import analyzer.train as train_module
from analyzer import model_file
from analyzer.config import CORPUS_PATH
from analyzer.errors import InputError
from analyzer.model_file import card_path, load_model
from analyzer.train import featurize_texts, train


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """A few hundred corpus rows: enough to learn, quick to train."""
    corpus = pd.read_csv(CORPUS_PATH, keep_default_na=False)
    sample = corpus.groupby("act").head(40)
    path = tmp_path_factory.mktemp("data") / "small.csv"
    sample.to_csv(path, index=False)
    return path, sample


def quiet(_: str) -> None:
    pass


def test_train_on_acts_writes_model_and_card(small_corpus, tmp_path):
    path, sample = small_corpus
    out = tmp_path / "m" / "model.skops"
    model = train([path], out, folds=3, progress=False, on_step=quiet)
    card = json.loads(card_path(out).read_text())
    assert card["target"] == "act" and len(card["labels"]) == 9
    assert card["training_rows"] == int((sample["split"] != "test").sum())
    assert 0.3 < card["cross_validation"]["act"]["macro_f1"] <= 1
    assert card["cross_validation"]["act"]["confusion_matrix"]["labels"]
    assert "held_out" in card and card["libraries"]["scikit-learn"]
    X = featurize_texts(["Tell me more about that.", "Send me the rota by Friday."])
    assert load_model(out).predict(X).equals(model.predict(X))


def test_train_on_styles_only(tmp_path, small_corpus):
    _, sample = small_corpus
    path = tmp_path / "styles.csv"
    sample[["text", "style"]].to_csv(path, index=False)
    model = train([path], tmp_path / "s.skops", folds=0, progress=False, on_step=quiet)
    assert model.target == "style" and set(model.labels) == {"coaching", "neutral", "directive"}
    labels = model.predict(featurize_texts(["What would help you most?"]))
    assert labels["act"].isna().all() and labels["style"][0] in model.labels


def test_files_combine_and_a_failed_training_keeps_the_old_model(tmp_path, small_corpus):
    path, _ = small_corpus
    extra = tmp_path / "extra.csv"
    extra.write_text('text,act\n"Right then team, huddle in five.",other\n')
    out = tmp_path / "model.skops"
    train([path, extra], out, folds=0, progress=False, on_step=quiet)
    card = json.loads(card_path(out).read_text())
    assert [d["file"] for d in card["training_data"]] == ["small.csv", "extra.csv"]
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("text,act\nHello,not_a_label\n")
    with pytest.raises(InputError):
        train([path, bad], out, folds=0, progress=False, on_step=quiet)
    assert out.read_bytes() == before


def test_an_output_that_cannot_be_written_fails_before_any_training(small_corpus, tmp_path, monkeypatch):
    """Training the bundled corpus takes minutes; a read-only target must not cost them."""
    def read_only(path, prefix, suffix):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    def no_training(*args, **kwargs):
        raise AssertionError("featurised before checking the output")

    monkeypatch.setattr(model_file, "create_beside", read_only)
    monkeypatch.setattr(train_module, "featurize_texts", no_training)

    with pytest.raises(InputError, match=r"model.skops: cannot write the model here \(Read-only file system\)"):
        train([small_corpus[0]], tmp_path / "model.skops", folds=3, progress=False, on_step=quiet)


def test_a_disk_full_at_saving_is_one_line_and_leaves_no_partial_model(small_corpus, tmp_path, monkeypatch):
    real, calls = model_file.create_beside, []

    def full_when_saving(path, prefix, suffix):
        calls.append(path)
        if len(calls) > 1:  # the first is the check before training
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, prefix, suffix)

    monkeypatch.setattr(model_file, "create_beside", full_when_saving)
    out = tmp_path / "model.skops"

    with pytest.raises(InputError, match=r"cannot write the model here \(No space left on device\)"):
        train([small_corpus[0]], out, folds=1, progress=False, on_step=quiet)
    assert list(tmp_path.iterdir()) == []


def test_a_users_file_without_group_or_split_trains_beside_the_corpus(small_corpus, tmp_path):
    """The help's own example: the corpus (with group and split) plus a plain text,act file."""
    path, sample = small_corpus
    ours = tmp_path / "ours.csv"
    ours.write_text("text,act\nYou need to fix this today.,instruction\nWhat do you think went wrong?,open_question\n",
                    encoding="utf-8")
    out = tmp_path / "model.skops"

    train([path, ours], out, folds=3, progress=False, on_step=quiet)

    card = json.loads(card_path(out).read_text())
    assert card["training_rows"] == int((sample["split"] != "test").sum()) + 2
    assert card["cross_validation"]["folds"] == 3


def test_one_conversation_trains_and_says_why_it_is_not_cross_validated(small_corpus, tmp_path):
    _, sample = small_corpus
    path = tmp_path / "one_meeting.csv"
    sample.assign(group="our meeting").to_csv(path, index=False)
    steps = []

    train([path], tmp_path / "model.skops", folds=3, progress=False, on_step=steps.append)

    card = json.loads(card_path(tmp_path / "model.skops").read_text())
    assert "cross_validation" not in card and card["held_out"]
    assert "cross-validation skipped: it needs sentences from at least 2 conversations (group column)" in steps


@pytest.mark.parametrize(("change", "options", "message"), [
    (lambda d: d.assign(split="test"), {}, r"every row has split=test: nothing is left to train on"),
    (lambda d: d.assign(act="advice"), {}, r"every training row is labelled 'advice'; a model needs examples"),
    (lambda d: d, {"label_column": "text"}, r"--text-column and --label-column both name 'text'"),
])
def test_data_a_model_cannot_learn_from_is_one_line_before_any_work(small_corpus, tmp_path, monkeypatch,
                                                                     change, options, message):
    def no_training(*args, **kwargs):
        raise AssertionError("featurised data that cannot train a model")

    path = tmp_path / "data.csv"
    change(small_corpus[1]).to_csv(path, index=False)
    monkeypatch.setattr(train_module, "featurize_texts", no_training)

    with pytest.raises(InputError, match=rf"data.csv: {message}"):
        train([path], tmp_path / "model.skops", folds=3, progress=False, on_step=quiet, **options)


def test_the_model_may_not_overwrite_the_data_or_be_a_folder(small_corpus, tmp_path):
    path = tmp_path / "data.csv"
    small_corpus[1].to_csv(path, index=False)
    before = path.read_bytes()

    with pytest.raises(InputError, match=r"data.csv: is one of the labelled files; -o names the model file"):
        train([path], path, folds=0, progress=False, on_step=quiet)
    with pytest.raises(InputError, match=r"is a folder; -o names the model file"):
        train([path], tmp_path, folds=0, progress=False, on_step=quiet)
    assert path.read_bytes() == before


def test_labels_without_rows_and_small_data_are_warned_and_recorded(tmp_path):
    path = tmp_path / "ten.csv"
    rows = [("Tell me more.", "open_question"), ("What would help?", "open_question"), ("Send it.", "instruction"),
            ("Do it now.", "instruction"), ("Thanks.", "other"), ("Okay.", "other"), ("Try Sam.", "advice"),
            ("I'd ask Sam.", "advice"), ("Well done.", "affirmation"), ("Great work.", "affirmation")]
    pd.DataFrame(rows, columns=["text", "act"]).to_csv(path, index=False)
    steps = []
    model = train([path], tmp_path / "m.skops", folds=0, progress=False, on_step=steps.append)
    missing = ["reflection", "closed_question", "information", "leading_question"]
    assert f"warning: no training rows labelled {', '.join(missing)}: this model can never predict them" in steps
    assert any(s.startswith("warning: only 10 training rows; under 20 rows: ") for s in steps)
    assert model.card["missing_labels"] == missing


def test_the_card_describes_the_text_features_the_pipeline_has():
    from analyzer.classifier import build_pipeline
    from analyzer.train import describe_text_features

    assert describe_text_features(build_pipeline()) == "word 1-2-grams of normalised words (tf-idf)"
    assert describe_text_features(build_pipeline(features__words__ngram_range=(1, 3))).startswith("word 1-3-grams")


def test_cross_validation_logs_the_folds_used_and_says_when_it_is_skipped(tmp_path):
    rows = [(f"Sentence number {i} about {word}.", act, f"g{i % 3}") for i, (word, act) in enumerate(
        [("rotas", "other"), ("the audit", "information"), ("shifts", "instruction")] * 8)]
    path = tmp_path / "three_groups.csv"
    pd.DataFrame(rows, columns=["text", "act", "group"]).to_csv(path, index=False)
    steps = []
    train([path], tmp_path / "m.skops", folds=5, progress=False, on_step=steps.append)
    assert "cross-validating (3 folds by group; only 3 groups, not the 5 asked for)" in steps
    steps.clear()
    train([path], tmp_path / "m.skops", folds=100, progress=False, on_step=steps.append)
    assert "cross-validation skipped: 48 training rows (copies included) are too few for 100 folds" in steps
    with pytest.raises(InputError, match="--folds -3: the number of cross-validation folds cannot be negative"):
        train([path], tmp_path / "m.skops", folds=-3, progress=False, on_step=quiet)


def _rows(kinds: list[tuple[str, str, int]]) -> pd.DataFrame:
    """Training rows: (context, source, how many), each at weight 1."""
    parts = [pd.DataFrame({"context": context, "source": source, "weight": 1.0, "split": "train",
                           "trainable": True}, index=range(n)) for context, source, n in kinds]
    return pd.concat(parts, ignore_index=True)


def test_sheets_and_conversations_get_equal_total_weight_and_the_outside_corpus_keeps_its_own():
    from analyzer.train import equal_source_factors

    rows = _rows([("none", "corpus.csv", 10), ("pos_first", "conv.csv", 30), ("pos_first", "ami.csv", 100)])
    rows.loc[rows["source"] == "ami.csv", "weight"] = 0.05
    weighted = rows["weight"] * equal_source_factors(rows, ["ami.csv"])
    totals = weighted.groupby(rows["source"]).sum()
    assert totals["corpus.csv"] == pytest.approx(20) and totals["conv.csv"] == pytest.approx(20)  # 40 shared
    assert totals["ami.csv"] == pytest.approx(5)


def test_one_source_alone_keeps_its_weights():
    from analyzer.train import equal_source_factors

    rows = _rows([("pos_first", "conv.csv", 30)])
    assert (equal_source_factors(rows) == 1.0).all()


def test_outside_rows_weigh_a_fixed_share_of_the_own_rows_however_many_there_are():
    from analyzer.train import outside_share_weight

    small = _rows([("none", "corpus.csv", 10), ("pos_first", "conv.csv", 30), ("pos_first", "ami.csv", 100)])
    big = _rows([("none", "corpus.csv", 10), ("pos_first", "conv.csv", 190), ("pos_first", "ami.csv", 100)])
    # 40 own rows at weight 1: 10% of them is 4, spread over 100 outside rows; five times the own rows, five times it
    assert outside_share_weight(small, ["ami.csv"], share=0.1) == pytest.approx(0.04)
    assert outside_share_weight(big, ["ami.csv"], share=0.1) == pytest.approx(0.2)
    held_out = small.assign(split=["test"] * 40 + ["train"] * 100)  # own rows held out: none to weigh against
    assert outside_share_weight(held_out, ["ami.csv"]) == 1.0
    assert outside_share_weight(small, []) == 1.0
