import json
import os
import pickle
import stat
import warnings

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from analyzer.classifier import build_pipeline
from analyzer.errors import InputError
from analyzer.features import feature_table
from analyzer.model_file import Model, card_path, load_model, save_model
from analyzer.sentences import whole_docs

TEXTS = ["Tell me more about that.", "What would help?", "Send it by Friday.", "You must sign it.",
         "Thanks for coming.", "Okay.", "How did it go?", "Do it now."]
ACTS = ["open_question", "open_question", "instruction", "instruction", "other", "other", "open_question",
        "instruction"]


@pytest.fixture(scope="module")
def small_model(nlp) -> tuple[Model, object]:
    X = feature_table(whole_docs(TEXTS, nlp))
    pipe = build_pipeline().set_params(features__words__min_df=1).fit(X, ACTS)
    return Model(pipe, {"target": "act", "libraries": {}}), X


def test_round_trip_gives_identical_predictions(small_model, tmp_path):
    model, X = small_model
    path = save_model(model, tmp_path / "m.skops")
    loaded = load_model(path)
    assert loaded.predict(X).equals(model.predict(X))
    assert json.loads(card_path(path).read_text())["model_sha256"]
    assert card_path(path).with_suffix(".md").is_file()



@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_saved_files_get_the_permissions_the_umask_gives(small_model, tmp_path, umask):
    """Shared by default (a team's model), private when the user's umask says so."""
    previous = os.umask(umask)
    try:
        path = save_model(small_model[0], tmp_path / "m.skops")
    finally:
        os.umask(previous)
    files = [path, card_path(path), card_path(path).with_suffix(".md")]
    assert [stat.S_IMODE(f.stat().st_mode) for f in files] == [0o666 & ~umask] * 3

def test_second_load_comes_from_the_verified_cache(small_model, tmp_path, monkeypatch):
    model, X = small_model
    path = save_model(model, tmp_path / "m.skops")
    load_model(path)
    monkeypatch.setattr("analyzer.model_file._load_skops", lambda d, p: pytest.fail("cache not used"))
    assert load_model(path).predict(X).equals(model.predict(X))


def test_a_pickle_is_refused(small_model, tmp_path):
    path = tmp_path / "evil.skops"
    path.write_bytes(pickle.dumps(small_model[0].pipeline))
    with pytest.raises(InputError, match="not a skops model file"):
        load_model(path)


def test_a_skops_file_carrying_code_is_refused(tmp_path):
    import skops.io as sio

    pipe = Pipeline([("f", FunctionTransformer(print)), ("clf", LogisticRegression())])
    path = tmp_path / "code.skops"
    sio.dump(pipe, path)
    with pytest.raises(InputError, match=r"untrusted types.*could run code"):
        load_model(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="model file not found"):
        load_model(tmp_path / "nope.skops")


def test_version_drift_and_mismatched_card_warn(small_model, tmp_path):
    path = save_model(small_model[0], tmp_path / "m.skops")
    card = json.loads(card_path(path).read_text())
    card["libraries"]["scikit-learn"] = "0.0.1"
    card["model_sha256"] = "0" * 64
    card_path(path).write_text(json.dumps(card))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_model(path)
    text = " ".join(str(w.message) for w in caught)
    assert "scikit-learn 0.0.1 (card)" in text and "does not match its card" in text


def test_card_allowing_other_labels_fails_closed(small_model, tmp_path):
    path = save_model(small_model[0], tmp_path / "m.skops")
    card = json.loads(card_path(path).read_text())
    card["target"] = "style"
    card_path(path).write_text(json.dumps(card))
    with pytest.raises(InputError, match="labels its card does not allow"):
        load_model(path)


def test_a_styles_only_model_without_its_card_predicts_styles(nlp, tmp_path):
    X = feature_table(whole_docs(TEXTS, nlp))
    styles = ["coaching" if a == "open_question" else "directive" if a == "instruction" else "neutral" for a in ACTS]
    pipe = build_pipeline().set_params(features__words__min_df=1).fit(X, styles)
    path = save_model(Model(pipe, {"target": "style", "libraries": {}}), tmp_path / "lone.skops")
    card_path(path).unlink()
    with pytest.warns(UserWarning, match="no model card beside it"):
        model = load_model(path)
    assert model.target == "style"
    assert model.predict(X)["style"].tolist() == model.pipeline.predict(X).tolist()


@pytest.mark.parametrize("card", ["[]", "null", '"hello"', '{"target": "act", "libraries": ["x"]}'])
def test_a_card_that_is_not_a_card_is_one_line(small_model, tmp_path, card):
    path = save_model(small_model[0], tmp_path / "m.skops")
    card_path(path).write_text(card, encoding="utf-8")
    with pytest.raises(InputError, match=r"m.card.json: is not a model card"):
        load_model(path)


def test_a_pipeline_not_trained_on_the_analyzers_features_is_refused(tmp_path):
    import numpy as np
    import skops.io as sio
    from sklearn.preprocessing import StandardScaler

    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]).fit(
        np.array([[0.0], [1.0], [2.0], [3.0]]), ["advice", "advice", "other", "other"])
    path = tmp_path / "numbers.skops"
    sio.dump(pipe, path)
    card_path(path).write_text('{"target": "act"}', encoding="utf-8")

    with pytest.raises(InputError, match=r"numbers.skops: is not a model trained by `analyzer train`"):
        load_model(path)


class _Planted:
    """A pickle that leaves a mark when loaded: what someone could put in a shared cache."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("folder_mode", [0o777, 0o700])
def test_a_pickle_planted_in_the_cache_never_runs(small_model, tmp_path, monkeypatch, folder_mode):
    """The cache is no pickle: one planted there is a miss, even in a folder that passes the owner check."""
    import joblib

    from analyzer import model_file

    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "shared-cache"))
    model, X = small_model
    path = save_model(model, tmp_path / "m.skops")
    cache = model_file._cache_file(model_file.file_sha256(path))
    cache.parent.mkdir(parents=True)
    cache.parent.chmod(folder_mode)  # a team's shared folder, or the user's own
    marker = tmp_path / "planted-code-ran"
    joblib.dump(_Planted(marker), cache)
    cache.chmod(0o600)

    loaded = load_model(path)

    assert not marker.exists()
    assert loaded.predict(X).equals(model.predict(X))


@pytest.mark.skipif(os.name != "posix", reason="file ownership and modes are POSIX")
def test_the_cache_is_written_private_and_read_back(small_model, tmp_path, monkeypatch):
    from analyzer import model_file

    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "cache"))
    path = save_model(small_model[0], tmp_path / "m.skops")
    load_model(path)
    cache = model_file._cache_file(model_file.file_sha256(path))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600

    cache.chmod(0o666)  # made writable by others after the fact: passed over, the skops file checked again
    real, calls = model_file._load_skops, []
    monkeypatch.setattr(model_file, "_load_skops", lambda d, p: calls.append(p) or real(d, p))
    load_model(path)
    assert calls == [path]


@pytest.mark.skipif(os.name != "posix", reason="file ownership and modes are POSIX")
def test_the_cache_folder_swapped_after_its_check_is_not_read(small_model, tmp_path, monkeypatch):
    """The race of issue 26: the folder is checked, then swapped for another user's, then the file is read.

    The checks are made on what was opened, and the file is opened from the folder checked
    (not by path again), so the swap changes nothing: the bytes read are the user's own.
    """
    from analyzer import model_cache, model_file

    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "cache"))
    model, X = small_model
    path = save_model(model, tmp_path / "m.skops")
    load_model(path)  # writes the user's cache entry
    digest = model_file.file_sha256(path)
    cache = model_file._cache_file(digest)
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / cache.name).write_bytes(model_cache.dumps(Pipeline([("clf", LogisticRegression())])))
    real_fstat, swapped = os.fstat, []

    def swap_after_check(fd):
        info = real_fstat(fd)
        if not swapped:  # the folder's check: now swap it, as the attacker did
            cache.parent.rename(tmp_path / "moved-away")
            planted.rename(cache.parent)
            swapped.append(True)
        return info

    monkeypatch.setattr(model_cache.os, "fstat", swap_after_check)
    pipeline = model_file._read_cache(digest)

    assert swapped and (cache.parent / cache.name).is_file()  # the swap happened
    assert pipeline is not None and pipeline.predict(X).tolist() == model.pipeline.predict(X).tolist()


def test_a_symlinked_cache_file_is_not_followed(small_model, tmp_path, monkeypatch):
    from analyzer import model_file

    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "cache"))
    path = save_model(small_model[0], tmp_path / "m.skops")
    load_model(path)
    cache = model_file._cache_file(model_file.file_sha256(path))
    elsewhere = tmp_path / "elsewhere.zip"
    cache.rename(elsewhere)
    cache.symlink_to(elsewhere)

    assert model_file._read_cache(model_file.file_sha256(path)) is None


def _skops_with_object_array(pipe: Pipeline, path) -> None:
    """A skops file whose first stored array is replaced by an object-dtype one (a pickle inside)."""
    import io
    import zipfile

    import numpy as np
    import skops.io as sio

    data = sio.dumps(pipe)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        arrays = [name for name in source.namelist() if name.endswith(".npy")]
        for name in source.namelist():
            content = source.read(name)
            if name == arrays[0]:
                buffer = io.BytesIO()
                np.save(buffer, np.array([1, "x", None], dtype=object), allow_pickle=True)
                content = buffer.getvalue()
            target.writestr(name, content)


def test_a_model_file_holding_an_object_array_is_one_line(small_model, tmp_path):
    path = tmp_path / "objects.skops"
    _skops_with_object_array(small_model[0].pipeline, path)

    with pytest.raises(InputError, match=r"objects.skops: holds data a model file cannot safely hold \(ValueError\)"):
        load_model(path)


def test_a_card_nested_100000_deep_is_one_line(small_model, tmp_path):
    path = save_model(small_model[0], tmp_path / "m.skops")
    card_path(path).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    with pytest.raises(InputError, match=r"m.card.json: is not a model card: its JSON is nested too deep"):
        load_model(path)


@pytest.mark.parametrize(("change", "said"), [
    ({"labels": ["instruction", "open_question", "other", "advice"]}, "it claims labels"),
    ({"training_rows": -10}, "training_rows is -10, not a count of rows"),
    ({"cross_validation": {"act": {"n": 8, "macro_f1": 3.5}}}, "a score outside 0 to 1"),
])
def test_a_card_that_lies_about_its_model_is_warned_about(small_model, tmp_path, change, said):
    path = save_model(small_model[0], tmp_path / "m.skops")
    card = json.loads(card_path(path).read_text(encoding="utf-8"))
    card_path(path).write_text(json.dumps(card | change), encoding="utf-8")

    with pytest.warns(UserWarning, match=rf"its model card does not match the model \(.*{said}"):
        load_model(path)


def test_a_truthful_card_gives_no_warning(small_model, tmp_path):
    path = save_model(small_model[0], tmp_path / "m.skops")
    card = json.loads(card_path(path).read_text(encoding="utf-8"))
    card |= {"labels": ["instruction", "open_question", "other"], "training_rows": 8,
             "cross_validation": {"act": {"n": 8, "macro_f1": 0.5, "per_class": {"other": {}}}}}
    card_path(path).write_text(json.dumps(card), encoding="utf-8")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(path)


def test_a_model_file_past_the_cap_is_refused(small_model, tmp_path, monkeypatch):
    """The cap on what a model unpacks to (a 1 GB array loaded with only "no model card")."""
    from analyzer import model_file

    path = save_model(small_model[0], tmp_path / "m.skops")
    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setattr(model_file, "MAX_MODEL_UNPACKED", 10_000)

    with pytest.raises(InputError, match=r"m.skops: unpacks to [\d,]+ bytes, more than a model file may "
                                         r"\(the limit is 10,000 bytes\)"):
        load_model(path)


def test_the_projects_own_models_are_far_below_the_caps():
    import zipfile

    from analyzer import model_file
    from analyzer.config import DEFAULT_MODEL_PATH, SPLITTER_PATH

    for path in (DEFAULT_MODEL_PATH, SPLITTER_PATH):
        unpacked = sum(m.file_size for m in zipfile.ZipFile(path).infolist())
        assert path.stat().st_size * 10 < model_file.MAX_MODEL_BYTES
        assert unpacked * 10 < model_file.MAX_MODEL_UNPACKED


def test_a_fifo_given_as_the_model_is_refused_at_once(tmp_path):
    fifo = tmp_path / "model.skops"
    os.mkfifo(fifo)

    with pytest.raises(InputError, match=r"model.skops: is a FIFO \(named pipe\), not a regular file"):
        load_model(fifo)
