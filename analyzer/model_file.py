"""Saving and loading a classifier with its model card, safely.

A model file is a skops archive, never a pickle: people will send each other retrained
models, and loading a pickle runs whatever code it carries. skops refuses any type we did
not trust, so a file that carries code fails closed with a one-line message. The card
(``<model>.card.json``, rendered as ``<model>.card.md`` for people) records what the model
predicts, what it was trained on, how well it did and with which library versions.
"""

from __future__ import annotations

import json
import os
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from analyzer.atomic import create_beside
from analyzer.config import cache_dir
from analyzer.errors import InputError, write_failure
from analyzer.features import CONTEXT_COLUMN, FEATURE_COLUMNS
from analyzer.hashing import file_sha256
from analyzer.labels import ACTS, STAFF_ACTS, STYLES, style_of

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


@dataclass
class Model:
    """A fitted pipeline and its card. ``card["target"]`` is "act", "style" or "staff_act".

    A ``staff_act`` model labels the people being managed; its predictions have a
    ``staff_act`` column and no act or style (staff labels have no style).
    """

    pipeline: Pipeline
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return self.card.get("target", "act")

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    @property
    def uses_context(self) -> bool:
        """Was it trained on sentences in their conversation (see :mod:`analyzer.context`)?"""
        return CONTEXT_COLUMN in set(map(str, getattr(self.pipeline, "feature_names_in_", ())))

    @property
    def unsure_below(self) -> float:
        """The confidence under which a label is marked unsure (the card's, chosen on the
        calibration split; 0 for a model whose card sets none: nothing is unsure)."""
        value = self.card.get("unsure_below", 0.0)
        return float(value) if isinstance(value, (int, float)) and 0 <= value < 1 else 0.0

    def predict(self, features: pd.DataFrame) -> pd.DataFrame:
        """Act (or None for style-only models), style, confidence and unsure per sentence row."""
        n = len(features)
        columns = ("staff_act",) if self.target == "staff_act" else ("act", "style")
        if n == 0:
            return pd.DataFrame({**{c: pd.Series(dtype=object) for c in columns},
                                 "confidence": pd.Series(dtype=float), "unsure": pd.Series(dtype=bool)})
        names = getattr(self.pipeline, "feature_names_in_", None)
        proba = self.pipeline.predict_proba(features[list(names)] if names is not None else features)
        best = proba.argmax(axis=1)
        labels = np.asarray(self.labels, dtype=object)[best]
        confidence = proba.max(axis=1).round(4)
        if self.target == "staff_act":
            return pd.DataFrame({"staff_act": list(labels), "confidence": confidence,
                                 "unsure": confidence < self.unsure_below})
        if self.target == "act":
            acts, styles = list(labels), [style_of(a) for a in labels]
        else:
            acts, styles = [None] * n, list(labels)
        return pd.DataFrame({"act": acts, "style": styles, "confidence": confidence,
                             "unsure": confidence < self.unsure_below})


def _drop_introspection(pipeline: Pipeline) -> None:
    """Remove vectorizers' ``stop_words_`` (every pruned n-gram): kept only for
    introspection, it is most of a saved model's size (scikit-learn documents it as safe
    to delete)."""
    for step in pipeline.named_steps.values():
        for _, transformer, _ in getattr(step, "transformers_", []):
            if hasattr(transformer, "stop_words_"):
                transformer.stop_words_ = None


def save_model(model: Model, path: str | Path) -> Path:
    """Write model and card atomically: an interrupted save leaves the old pair intact."""
    path = Path(path)
    _drop_introspection(model.pipeline)
    try:
        _save(model, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    return path


def check_writable(path: str | Path) -> None:
    """Fail in a second rather than after the training: can a model be written at ``path``?"""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder; -o names the model file, e.g. models/ours/model.skops", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _temp_beside(path):
            pass
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: Path, exc: OSError) -> InputError:
    return InputError(f"cannot write the model here ({write_failure(exc, path)})", path)


def _save(model: Model, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    import skops.io as sio  # imported here: it takes ~0.8 s, and most runs only read a cached model

    with _temp_beside(path) as tmp_model:
        sio.dump(model.pipeline, tmp_model, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        card = dict(model.card, model_sha256=file_sha256(tmp_model), model_file=path.name)
        with _temp_beside(card_path(path)) as tmp_card:
            tmp_card.write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
            os.replace(tmp_model, path)
            os.replace(tmp_card, card_path(path))
    card_path(path).with_suffix(".md").write_text(render_card(card), encoding="utf-8")
    model.card = card


@contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    fd, tmp = create_beside(path, f".{path.name}.", ".tmp")
    os.close(fd)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def load_model(path: str | Path) -> Model:
    """Load a skops model file and its card; refuse files that carry untrusted types.

    Checking and rebuilding a skops file is slow (skops imports every
    scikit-learn estimator to know what is safe), which would dominate analysing one
    meeting. So the first load of a file also writes the rebuilt pipeline to a cache
    keyed by the file's sha256; later loads of the same bytes read that cache. The cache
    only ever holds objects this code built from a skops file that passed the check, and
    lives in the user's own cache folder.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("model file not found (train one with `analyzer train`)", path)
    pipeline, digest = load_pipeline(path)
    if not hasattr(pipeline, "classes_"):
        raise InputError("does not hold a fitted classifier", path)
    if not set(map(str, getattr(pipeline, "feature_names_in_", ["?"]))) <= set(FEATURE_COLUMNS):
        raise InputError("is not a model trained by `analyzer train` (it does not read the analyzer's sentence "
                         "features)", path)
    card = _read_card(path)
    if "target" not in card:
        card["target"] = _target_of_classes(pipeline, path)
    _check_card(card, pipeline, path, digest)
    return Model(pipeline, card)


def _target_of_classes(pipeline: Pipeline, path: Path) -> str:
    """What a model without a card (or a card without a target) predicts, from its classes.

    Assuming acts made a styles-only model fail mid-analysis on its first prediction.
    """
    classes = {str(c) for c in pipeline.classes_}
    if classes <= set(ACTS):
        return "act"
    if classes <= set(STYLES):
        return "style"
    if classes <= set(STAFF_ACTS):
        return "staff_act"
    raise InputError(f"predicts labels that are neither the nine acts, the three styles nor the staff labels "
                     f"({', '.join(sorted(classes - set(ACTS) - set(STYLES) - set(STAFF_ACTS))[:5])})", path)


def load_pipeline(path: str | Path) -> tuple[Pipeline, str]:
    """A scikit-learn Pipeline from a skops file (via the verified cache), and its sha256."""
    path = Path(path)
    digest = file_sha256(path)
    pipeline = _read_cache(digest)
    if pipeline is None:
        pipeline = _load_skops(path)
        _write_cache(digest, pipeline)
    return pipeline, digest


def _cache_file(digest: str) -> Path:
    return cache_dir() / "models" / f"{digest}.joblib"


def _read_cache(digest: str) -> Pipeline | None:
    """The cached pipeline, if the cache file and its folder are this user's alone to change.

    The cache is a joblib pickle, which runs code when loaded: trusted because only this
    code writes it, from a verified skops file. A file or folder someone else can write
    (``ANALYZER_CACHE_DIR`` set to a team's shared folder) could hold anyone's pickle, so
    it is passed over and the skops file is checked again.
    """
    target = _cache_file(digest)
    try:
        if not (_private(target.parent) and _private(target)):
            return None
        return joblib.load(target)
    except Exception:
        return None


def _private(path: Path) -> bool:
    """Is ``path`` owned by this user and writable by no one else? (Always, off POSIX.)"""
    if os.name != "posix":
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _write_cache(digest: str, pipeline: Pipeline) -> None:
    target = _cache_file(digest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(target.parent):
            return  # a folder others can write: its files would never be trusted (see _read_cache)
        with _temp_beside(target) as tmp:
            joblib.dump(pipeline, tmp)
            tmp.chmod(0o600)
            os.replace(tmp, target)
    except OSError:
        pass  # read-only home or full disk: loading still works, only slower


def _load_skops(path: Path) -> Pipeline:
    """The safe load: refuse any type outside skops's trusted scikit-learn/numpy set."""
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception:
        raise InputError("is not a skops model file: it is damaged, or another format (pickles are refused: "
                         "they can run code)", path) from None
    if untrusted:
        raise InputError(f"refused: the model file contains untrusted types ({', '.join(untrusted[:3])}"
                         f"{', ...' if len(untrusted) > 3 else ''}); it could run code when loaded", path)
    pipeline = sio.load(path, trusted=[])
    if not isinstance(pipeline, Pipeline):
        raise InputError("does not hold a scikit-learn Pipeline", path)
    return pipeline


def _read_card(path: Path) -> dict[str, Any]:
    cp = card_path(path)
    if not cp.is_file():
        warnings.warn(f"{path}: no model card beside it ({cp.name}); what it predicts is read from its classes",
                      stacklevel=3)
        return {}
    try:
        card = json.loads(cp.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"model card is not valid JSON ({exc.__class__.__name__})", cp) from None
    if not isinstance(card, dict) or not isinstance(card.get("libraries", {}), dict):
        raise InputError("is not a model card (a JSON object, as `analyzer train` writes)", cp)
    return card


def _check_card(card: dict[str, Any], pipeline: Pipeline, path: Path, digest: str) -> None:
    """Fail on a card that contradicts the model; warn on library version drift."""
    classes = {str(c) for c in pipeline.classes_}
    allowed = set({"act": ACTS, "staff_act": STAFF_ACTS}.get(card.get("target", "act"), STYLES))
    if not classes <= allowed:
        raise InputError(f"model predicts labels its card does not allow: {sorted(classes - allowed)}", path)
    if card.get("model_sha256") and card["model_sha256"] != digest:
        warnings.warn(f"{path}: the model file does not match its card (sha256 differs)", stacklevel=3)
    saved = card.get("libraries", {})
    drift = [f"{k} {v} (card) vs {library_versions()[k]}" for k, v in saved.items()
             if k in LIBRARIES and library_versions()[k] != v]
    if drift:
        warnings.warn(f"{path}: trained with other library versions: {'; '.join(drift)}", stacklevel=3)


def _metric_sections(card: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, {"act": ..., "style": ...}) for cross-validation and each held-out part."""
    out = []
    if "cross_validation" in card:
        out.append((f"cross-validation ({card['cross_validation'].get('folds')} folds by "
                    f"{card['cross_validation'].get('grouped_by')})", card["cross_validation"]))
    for part, result in card.get("held_out", {}).items():
        out.append((f"held-out split: {part}", result))
    return out


def render_card(card: dict[str, Any]) -> str:
    """The card as Markdown for people: what it predicts, on what data, how well."""
    lines = [f"# Model card: {card.get('model_file', 'model')}", ""]
    for key in ("target", "labels", "missing_labels", "created", "training_rows", "training_data", "spacy_pipeline"):
        if key in card:
            lines.append(f"- **{key}**: {json.dumps(card[key])}")
    if card.get("target") == "staff_act":  # staff labels have no style
        lines += ["", "## metrics (macro-F1)", "", "| evaluation | rows | staff_act | own_option F1 |",
                  "|---|---|---|---|"]
        for name, result in _metric_sections(card):
            staff = result.get("staff_act", {})
            option = staff.get("per_class", {}).get("own_option", {}).get("f1", "n/a")
            lines.append(f"| {name} | {staff.get('n', '')} | {staff.get('macro_f1', 'n/a')} | {option} |")
    else:
        lines += ["", "## metrics (macro-F1)", "", "| evaluation | rows | act | style |", "|---|---|---|---|"]
    for name, result in _metric_sections(card) if card.get("target") != "staff_act" else ():
        act, style = result.get("act", {}), result.get("style", {})
        lines.append(f"| {name} | {style.get('n', '')} | {act.get('macro_f1', 'n/a')} | {style.get('macro_f1', '')} |")
    lines += ["", "## libraries", ""] + [f"- {k}: {v}" for k, v in card.get("libraries", {}).items()]
    return "\n".join(lines) + "\n"
