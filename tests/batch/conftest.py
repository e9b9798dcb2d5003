"""Fixtures of the batch tests: a pinned model, one reference run, and a fresh batch folder.

The reference run and the pinned model are shared by every module here (package scope):
scoring the fixture batch once is most of what these tests cost.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer.batch import score
from analyzer.config import DEFAULT_MODEL_PATH, MODEL_ENV
from analyzer.model_file import card_path

from .helpers import INPUTS, N_BAD, N_GOOD, make_batch


@pytest.fixture(scope="package", autouse=True)
def pinned_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private copy of the default model, so a retraining elsewhere cannot change results mid-test."""
    folder = tmp_path_factory.mktemp("model")
    for source in (DEFAULT_MODEL_PATH, card_path(DEFAULT_MODEL_PATH)):
        shutil.copy(source, folder / source.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(MODEL_ENV, str(folder / DEFAULT_MODEL_PATH.name))
        yield folder / DEFAULT_MODEL_PATH.name


@pytest.fixture(scope="package")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One clean single-process run of good + bad files: what every other run must match."""
    root = make_batch(tmp_path_factory.mktemp("reference"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = score(INPUTS, "out", jobs=1)
    assert (result.scored, result.skipped, result.failed) == (N_GOOD, 0, N_BAD)
    yield root


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the inputs in the current directory."""
    monkeypatch.chdir(tmp_path)
    return make_batch(tmp_path)
