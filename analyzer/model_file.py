"""Saving and loading a classifier with its model card, safely.

A model file is a skops archive, never a pickle: people will send each other retrained
models, and loading a pickle runs whatever code it carries. skops refuses any type we did
not trust, so a file that carries code fails closed with a one-line message. The card
(``<model>.card.json``, rendered as ``<model>.card.md`` for people) records what the model
predicts, what it was trained on, how well it did and with which library versions.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import skops.io as sio
from sklearn.pipeline import Pipeline

from analyzer.errors import InputError
from analyzer.labels import ACTS, STYLES, style_of

CARD_SUFFIX = ".card.json"
LIBRARIES = ("scikit-learn", "skops", "spacy", "numpy", "scipy", "pandas")


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries a saved model depends on."""
    return {lib: _version(lib) for lib in LIBRARIES}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def card_path(model_path: str | Path) -> Path:
    """Where a model's card lives: beside it, same stem."""
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".skops") + CARD_SUFFIX)


def file_sha256(path: str | Path) -> str:
    """Hex digest of a file's bytes: identifies training data and model files in cards."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Model:
    """A fitted pipeline and its card. ``card["target"]`` is "act" or "style"."""

    pipeline: Pipeline
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return self.card.get("target", "act")

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def predict(self, features: pd.DataFrame) -> pd.DataFrame:
        """Act (or None for style-only models), style and confidence per sentence row."""
        n = len(features)
        if n == 0:
            return pd.DataFrame({"act": pd.Series(dtype=object), "style": pd.Series(dtype=object),
                                 "confidence": pd.Series(dtype=float)})
        proba = self.pipeline.predict_proba(features)
        best = proba.argmax(axis=1)
        labels = np.asarray(self.labels, dtype=object)[best]
        if self.target == "act":
            acts, styles = list(labels), [style_of(a) for a in labels]
        else:
            acts, styles = [None] * n, list(labels)
        return pd.DataFrame({"act": acts, "style": styles, "confidence": proba.max(axis=1).round(4)})


def save_model(model: Model, path: str | Path) -> Path:
    """Write model and card atomically: an interrupted save leaves the old pair intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _temp_beside(path) as tmp_model:
        sio.dump(model.pipeline, tmp_model)
        card = dict(model.card, model_sha256=file_sha256(tmp_model), model_file=path.name)
        with _temp_beside(card_path(path)) as tmp_card:
            tmp_card.write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
            os.replace(tmp_model, path)
            os.replace(tmp_card, card_path(path))
    card_path(path).with_suffix(".md").write_text(render_card(card), encoding="utf-8")
    model.card = card
    return path


@contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def load_model(path: str | Path) -> Model:
    """Load a skops model file and its card; refuse files that carry untrusted types."""
    path = Path(path)
    if not path.is_file():
        raise InputError("model file not found (train one with `analyzer train`)", path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception:  # noqa: BLE001  (any parse failure means "not a skops file")
        raise InputError("is not a skops model file (pickles are refused: they can run code)", path) from None
    if untrusted:
        raise InputError(f"refused: the model file contains untrusted types ({', '.join(untrusted[:3])}"
                         f"{', ...' if len(untrusted) > 3 else ''}); it could run code when loaded", path)
    pipeline = sio.load(path, trusted=[])
    if not isinstance(pipeline, Pipeline) or not hasattr(pipeline, "classes_"):
        raise InputError("does not hold a fitted scikit-learn Pipeline", path)
    card = _read_card(path)
    _check_card(card, pipeline, path)
    return Model(pipeline, card)


def _read_card(path: Path) -> dict[str, Any]:
    cp = card_path(path)
    if not cp.is_file():
        warnings.warn(f"{path}: no model card beside it ({cp.name}); assuming it predicts acts", stacklevel=3)
        return {}
    try:
        return json.loads(cp.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"model card is not valid JSON ({exc.__class__.__name__})", cp) from None


def _check_card(card: dict[str, Any], pipeline: Pipeline, path: Path) -> None:
    """Fail on a card that contradicts the model; warn on library version drift."""
    if not card:
        return
    classes = {str(c) for c in pipeline.classes_}
    allowed = set(ACTS) if card.get("target", "act") == "act" else set(STYLES)
    if not classes <= allowed:
        raise InputError(f"model predicts labels its card does not allow: {sorted(classes - allowed)}", path)
    if card.get("model_sha256") and card["model_sha256"] != file_sha256(path):
        warnings.warn(f"{path}: the model file does not match its card (sha256 differs)", stacklevel=3)
    saved = card.get("libraries", {})
    drift = [f"{k} {v} (card) vs {library_versions()[k]}" for k, v in saved.items()
             if k in LIBRARIES and library_versions()[k] != v]
    if drift:
        warnings.warn(f"{path}: trained with other library versions: {'; '.join(drift)}", stacklevel=3)


def render_card(card: dict[str, Any]) -> str:
    """The card as Markdown for people: what it predicts, on what data, how well."""
    lines = [f"# Model card: {card.get('model_file', 'model')}", ""]
    for key in ("target", "labels", "created", "training_rows", "training_data", "spacy_pipeline"):
        if key in card:
            lines.append(f"- **{key}**: {json.dumps(card[key])}")
    for section in ("cross_validation", "held_out"):
        metrics = card.get(section)
        if not metrics:
            continue
        lines += ["", f"## {section.replace('_', ' ')}", ""]
        for k, v in metrics.items():
            if k != "confusion_matrix" and not isinstance(v, dict):
                lines.append(f"- {k}: {v}")
    lines += ["", "## libraries", ""] + [f"- {k}: {v}" for k, v in card.get("libraries", {}).items()]
    return "\n".join(lines) + "\n"
