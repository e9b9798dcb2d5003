"""Fixtures shared by the whole suite: the spaCy pipeline, the default model, sample paths.

The model cache goes to a per-session temporary folder so tests never depend on (or
write to) the user's own cache.
"""

from __future__ import annotations

import os

# One BLAS thread per test process and per process a test starts (workers, notebook
# kernels, the CLI): set before numpy loads OpenBLAS. On a busy two-core machine a second
# BLAS thread made each scikit-learn fit spin-wait for a core: training the small test
# corpus took 104 s with it and 18 s without (issue 25). The test that checks the analysis
# runs on one BLAS thread sets two itself, so it still checks.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analyzer.config import SAMPLES_DIR  # noqa: E402

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


def load_script(name: str):
    """A script of ``scripts/`` as a module: they are run as files, not installed as a package."""
    import importlib.util

    from analyzer.config import PROJECT_DIR

    spec = importlib.util.spec_from_file_location(name, PROJECT_DIR / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session", autouse=True)
def _one_blas_thread() -> None:
    """The same limit when numpy was loaded before this file (a plugin, an earlier import)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


@pytest.fixture(scope="session", autouse=True)
def _isolated_model_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["ANALYZER_CACHE_DIR"] = str(tmp_path_factory.mktemp("model-cache"))


@pytest.fixture(scope="session")
def nlp():
    from analyzer.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def model():
    from analyzer.analyze import cached_model

    return cached_model()


@pytest.fixture(scope="session")
def manifest() -> pd.DataFrame:
    """The bundled sample transcripts: file, conversation, format, manager."""
    return pd.read_csv(SAMPLES_DIR / "MANIFEST.csv")


def gold_of(conversation: str) -> pd.DataFrame:
    """Gold sentences of a sample conversation (act empty for non-managers)."""
    return pd.read_csv(SAMPLES_DIR / "gold" / f"{conversation}.csv", keep_default_na=False)


STAFF_LABELS = Path(__file__).resolve().parent / "fixtures" / "staff" / "staff_labels.csv"


@pytest.fixture(scope="session")
def staff_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny staff-side model trained by the project's own train function on a hand-written
    sheet of 56 sentences: enough to exercise the staff path, not to measure anything."""
    from analyzer.train import train

    path = tmp_path_factory.mktemp("staff-model") / "model.skops"
    train([STAFF_LABELS], path, label_column="staff_act", folds=0, progress=False, on_step=lambda _: None)
    return path


@pytest.fixture(scope="session")
def staff_model(staff_model_file: Path):
    from analyzer.staff import cached_staff_model

    return cached_staff_model(str(staff_model_file))
