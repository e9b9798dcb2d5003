"""Saving and loading a classifier with its model card, safely.

A model file is a skops archive, never a pickle: people will send each other retrained
models, and loading a pickle runs whatever code it carries. skops refuses any type we did
not trust, so a file that carries code fails closed with a one-line message. The card
(``<model>.card.json``, rendered as ``<model>.card.md`` for people) records what the model
predicts, what it was trained on, how well it did and with which library versions.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from analyzer.atomic import create_beside
from analyzer.card_checks import card_problems
from analyzer.config import cache_dir
from analyzer.errors import InputError, write_failure
from analyzer.features import CONTEXT_COLUMN, FEATURE_COLUMNS, SHAPE_COLUMN
from analyzer.hashing import bytes_sha256, file_sha256
from analyzer.labels import ACTS, STAFF_ACTS, STYLES, style_of
from analyzer.model_cache import CACHE_SUFFIX, BadCache, NotCacheable, read_private, write_private
from analyzer.model_cache import dumps as cache_dumps
from analyzer.model_cache import loads as cache_loads
from analyzer.safe_open import read_capped
from analyzer.zip_limits import check_zip

CARD_SUFFIX = ".card.json"
#: The most a model file may hold: on disk, and unpacked. The project's own models are about
#: 2 MB on disk and 18 MB unpacked; a retrained model on a hundred times the data stays far
#: below. A file past this is not a model `analyzer train` made (a 1 GB array loaded
#: with only "no model card").
MAX_MODEL_BYTES = 256 * 2**20
MAX_MODEL_UNPACKED = 512 * 2**20
#: A card is a page of JSON (about 20 kB); anything near this is not one.
MAX_CARD_BYTES = 16 * 2**20
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
        features = self.pipeline.named_steps.get("features")
        return CONTEXT_COLUMN in getattr(features, "named_transformers_", {})

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
        if _blockwise(self.pipeline) is not None:
            return self.predict_matrix(self.transform(features))
        names = getattr(self.pipeline, "feature_names_in_", None)
        return self._labelled(self.pipeline.predict_proba(features[list(names)] if names is not None else features))

    def transform(self, features: pd.DataFrame) -> Any:
        """The classifier's input matrix for a feature table (every block, weighted).

        Block by block (:func:`column_blocks`) when the pipeline is the one ``analyzer
        train`` builds, else through scikit-learn's own transform.
        """
        blocks = column_blocks(self.pipeline, features)
        if blocks is None:
            return self.pipeline[:-1].transform(features[list(self.pipeline.feature_names_in_)])
        from scipy.sparse import hstack

        return hstack(blocks).tocsr()  # as the ColumnTransformer stacks them

    def predict_matrix(self, matrix: Any) -> pd.DataFrame:
        """:meth:`predict` from a matrix :meth:`transform` made."""
        columns = ("staff_act",) if self.target == "staff_act" else ("act", "style")
        if matrix.shape[0] == 0:
            return pd.DataFrame({**{c: pd.Series(dtype=object) for c in columns},
                                 "confidence": pd.Series(dtype=float), "unsure": pd.Series(dtype=bool)})
        return self._labelled(self.pipeline[-1].predict_proba(matrix))

    def with_contexts(self, matrix: Any, contexts: Sequence[str]) -> Any:
        """The matrix with its context block made anew from ``contexts`` (the other blocks kept).

        The second pass of a context model changes only the context tokens; transforming the
        words, tags and cues again for it cost a third of labelling a transcript.
        """
        from scipy.sparse import csr_matrix, hstack

        features = self.pipeline.named_steps["features"]
        where = features.output_indices_[CONTEXT_COLUMN]
        block = _transform_few_distinct(features.named_transformers_[CONTEXT_COLUMN], list(contexts))
        block = block * (features.transformer_weights or {}).get(CONTEXT_COLUMN, 1.0)
        matrix = csr_matrix(matrix)
        return hstack([matrix[:, : where.start], block, matrix[:, where.stop :]], format="csr")

    def _labelled(self, proba: np.ndarray) -> pd.DataFrame:
        n = len(proba)
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


#: Columns whose strings repeat a great deal (a few dozen context strings, a few thousand
#: sentence shapes in a long meeting): each distinct string is transformed once.
FEW_DISTINCT_COLUMNS = (SHAPE_COLUMN, CONTEXT_COLUMN)


def column_blocks(pipeline: Pipeline, features: pd.DataFrame) -> list[Any] | None:
    """The weighted blocks the classifier reads, transformed one column block at a time.

    Exactly what the pipeline's ColumnTransformer hands the classifier (its own transformers,
    weights and block order; ``tests/test_predict.py`` compares the two matrices), without
    its per-call checks, and with the strings of :data:`FEW_DISTINCT_COLUMNS` transformed
    once each: the context block took a fifth of labelling a long transcript, for some
    thirty distinct strings. None for a pipeline of another shape (:func:`_blockwise`).
    """
    columns = _blockwise(pipeline)
    if columns is None:
        return None
    weights = columns.transformer_weights or {}
    blocks = []
    for name, transformer, selected in columns.transformers_:
        if isinstance(transformer, str):  # "drop"
            continue
        if isinstance(selected, str):
            values = features[selected].tolist()
            block = (_transform_few_distinct(transformer, values) if selected in FEW_DISTINCT_COLUMNS
                     else vectorized(transformer, values))
        else:
            block = transformer.transform(features[selected])
        weight = weights.get(name)
        blocks.append(block if weight is None else block * weight)
    return blocks


def _blockwise(pipeline: Pipeline) -> Any:
    """The pipeline's ColumnTransformer when :func:`column_blocks` can stand in for it, else None.

    That is the shape ``analyzer train`` builds: one ColumnTransformer with sparse output
    and the classifier; vectorizers each reading one text column, MaxAbsScalers reading a
    list of columns, nothing passed through. Any other pipeline goes through scikit-learn.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer  # TfidfVectorizer is one too
    from sklearn.preprocessing import MaxAbsScaler

    steps = pipeline.steps
    columns = steps[0][1] if len(steps) == 2 else None
    if not isinstance(columns, ColumnTransformer) or getattr(columns, "sparse_output_", False) is not True:
        return None
    for _, transformer, selected in columns.transformers_:
        if isinstance(transformer, str):
            if transformer != "drop":
                return None
        elif not ((isinstance(transformer, CountVectorizer) and isinstance(selected, str))
                  or (isinstance(transformer, MaxAbsScaler) and isinstance(selected, list))):
            return None
    return columns


def _transform_few_distinct(vectorizer: Any, values: list[str]) -> Any:
    """``vectorizer.transform(values)``, transforming each distinct string once.

    A vectorizer's rows depend on their own string only, so the rows of the distinct strings,
    repeated in order, are the very rows of the whole column.
    """
    first: dict[str, int] = {}
    rows = [first.setdefault(value, len(first)) for value in values]
    return vectorized(vectorizer, list(first))[rows]


def vectorized(vectorizer: Any, values: list[str]) -> Any:
    """``vectorizer.transform(values)``, with the n-grams counted faster when it is a plain word vectorizer.

    scikit-learn counts a text's n-grams in a Python loop per n-gram, which was about a
    seventh of an analysis after spaCy (the words column, in both models). For the
    vectorizers ``analyzer train`` builds (split on whitespace, nothing lower-cased,
    stripped or stopped: :func:`_plain_word_ngrams`) the same counts are looked up all at
    once (:func:`_ngram_counts`); the weighting after the counts is scikit-learn's own.
    ``tests/test_predict.py`` compares the matrices; any other vectorizer goes through
    scikit-learn.
    """
    counts = _ngram_counts(vectorizer, values) if _plain_word_ngrams(vectorizer) else None
    if counts is None:
        return vectorizer.transform(values)
    if vectorizer.binary:
        counts.data.fill(1)
    return vectorizer._tfidf.transform(counts, copy=False) if hasattr(vectorizer, "_tfidf") else counts


def _plain_word_ngrams(vectorizer: Any) -> bool:
    """Does this fitted vectorizer split on whitespace alone and count every word n-gram in its vocabulary?

    Exactly scikit-learn's Count- or TfidfVectorizer (not a subclass, which could change
    any step) with ``token_pattern=r"\\S+"`` (the same tokens as ``str.split``), no
    preprocessing, lower-casing, accent stripping or stop words.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    kind = type(vectorizer)
    return ((kind is CountVectorizer or (kind is TfidfVectorizer and hasattr(vectorizer, "_tfidf")))
            and vectorizer.analyzer == "word" and vectorizer.input == "content" and vectorizer.token_pattern == r"\S+"
            and vectorizer.tokenizer is None and vectorizer.preprocessor is None and not vectorizer.lowercase
            and vectorizer.strip_accents is None and vectorizer.stop_words is None
            and isinstance(getattr(vectorizer, "vocabulary_", None), dict))


def _ngram_counts(vectorizer: Any, values: list[str]) -> Any:
    """The count matrix scikit-learn's ``_count_vocab`` builds (same dtypes, sorted indices), or None.

    Every text's n-grams go into one list, are looked up in one pass (``map`` over
    ``dict.get``), and are counted per row with numpy. None (scikit-learn then does it, and
    raises its own error) for a value that is not a string.
    """
    from scipy.sparse import csr_matrix

    vocabulary = vectorizer.vocabulary_
    low, high = vectorizer.ngram_range
    grams: list[str] = []
    lengths: list[int] = []
    try:
        for text in values:
            tokens = text.split()
            before = len(grams)
            if low == 1:
                grams += tokens
            for n in range(max(low, 2), high + 1):
                grams += map(" ".join, zip(*(tokens[k:] for k in range(n)), strict=False))  # ends unequal
            lengths.append(len(grams) - before)
    except AttributeError:
        return None
    ids = np.fromiter(map(vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
    width = len(vocabulary)
    rows = np.repeat(np.arange(len(values), dtype=np.int64), lengths)
    found = ids >= 0
    cells, counts = np.unique(rows[found] * width + ids[found], return_counts=True)  # sorted: by row, then column
    if len(cells) > np.iinfo(np.int32).max:
        return None
    indptr = np.searchsorted(cells, np.arange(len(values) + 1, dtype=np.int64) * width).astype(np.int32)
    return csr_matrix((counts.astype(vectorizer.dtype), (cells % width).astype(np.int32), indptr),
                      shape=(len(values), width))


def _drop_introspection(pipeline: Pipeline) -> None:
    """Remove vectorizers' ``stop_words_`` (every pruned n-gram): kept only for
    introspection, it is most of a saved model's size (scikit-learn documents it as safe
    to delete). Also make the vocabulary's indices plain ints: a vectorizer with
    ``max_features`` leaves numpy integers there, which skops writes as one array file
    each (50,000 of them, past the cap on a model file's members)."""
    for step in pipeline.named_steps.values():
        for _, transformer, _ in getattr(step, "transformers_", []):
            if hasattr(transformer, "stop_words_"):
                transformer.stop_words_ = None
            if isinstance(getattr(transformer, "vocabulary_", None), dict):
                transformer.vocabulary_ = {term: int(index) for term, index in transformer.vocabulary_.items()}


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
    if not path.exists():
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
    """A scikit-learn Pipeline from a skops file (via the verified cache), and its sha256.

    The file is read once, capped at :data:`MAX_MODEL_BYTES`: the sha256 (the cache key,
    and what the card is checked against) is of the very bytes that are loaded.
    """
    path = Path(path)
    try:
        data = read_capped(path, MAX_MODEL_BYTES, f"too large for a model file (the limit is {_MB(MAX_MODEL_BYTES)})")
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or type(exc).__name__})", path) from None
    digest = bytes_sha256(data)
    pipeline = _read_cache(digest)
    if pipeline is None:
        pipeline = _load_skops(data, path)
        _write_cache(digest, pipeline)
    return pipeline, digest


def _MB(size: int) -> str:
    return f"{size // 2**20:,} MB"


def _cache_file(digest: str) -> Path:
    return cache_dir() / "models" / f"{digest}{CACHE_SUFFIX}"


def _read_cache(digest: str) -> Pipeline | None:
    """The cached pipeline, or None to check the skops file again.

    The cache holds data only (:mod:`analyzer.model_cache`): whoever can write it can at
    worst make it a miss, never run code. It is still read only from a file and folder
    that are this user's alone (checked on the open file), and only a Pipeline is taken.
    """
    data = read_private(_cache_file(digest), MAX_MODEL_UNPACKED)
    if data is None:
        return None
    try:
        pipeline = cache_loads(data)
    except BadCache:
        return None
    return pipeline if isinstance(pipeline, Pipeline) else None


def _write_cache(digest: str, pipeline: Pipeline) -> None:
    # A read-only home, a full disk, or a type the cache cannot hold: loading works, only slower.
    with contextlib.suppress(OSError, NotCacheable):
        write_private(_cache_file(digest), cache_dumps(pipeline))


def _load_skops(data: bytes, path: Path) -> Pipeline:
    """The safe load: refuse any type outside skops's trusted scikit-learn/numpy set.

    The archive is checked first: no member may unpack past :data:`MAX_MODEL_UNPACKED`
    (a 1 GB array loaded with only "no model card"), and a damaged one is one line.
    """
    import skops.io as sio

    check_zip(data, MAX_MODEL_UNPACKED, path, "a model file")
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception:
        raise InputError("is not a skops model file: it is damaged, or another format (pickles are refused: "
                         "they can run code)", path) from None
    if untrusted:
        raise InputError(f"refused: the model file contains untrusted types ({', '.join(untrusted[:3])}"
                         f"{', ...' if len(untrusted) > 3 else ''}); it could run code when loaded", path)
    try:
        pipeline = sio.loads(data, trusted=[])
    except Exception as exc:  # e.g. an object-dtype array, which skops refuses to unpickle (ValueError)
        raise InputError(f"holds data a model file cannot safely hold ({type(exc).__name__}); it was not loaded",
                         path) from None
    if not isinstance(pipeline, Pipeline):
        raise InputError("does not hold a scikit-learn Pipeline", path)
    return pipeline


def _read_card(path: Path) -> dict[str, Any]:
    cp = card_path(path)
    if not cp.exists():
        warnings.warn(f"{path}: no model card beside it ({cp.name}); what it predicts is read from its classes",
                      stacklevel=3)
        return {}
    try:
        card = json.loads(read_capped(cp, MAX_CARD_BYTES, f"too large for a model card (the limit is "
                                                           f"{_MB(MAX_CARD_BYTES)})").decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"model card is not valid JSON ({exc.__class__.__name__})", cp) from None
    except RecursionError:
        raise InputError("is not a model card: its JSON is nested too deep to read", cp) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or type(exc).__name__})", cp) from None
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
    problems = card_problems(card, classes, set(map(str, getattr(pipeline, "feature_names_in_", []))))
    if problems:
        warnings.warn(f"{path}: its model card does not match the model ({'; '.join(problems[:3])}); "
                      "do not trust the card's figures", stacklevel=3)
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
    lines += ["", "## metrics (macro-F1) as the card claims them", "",
              "Recorded at training; `analyzer evaluate` measures them again on your data.", ""]
    if card.get("target") == "staff_act":  # staff labels have no style
        lines += ["| evaluation | rows | staff_act | own_option F1 |", "|---|---|---|---|"]
        for name, result in _metric_sections(card):
            staff = result.get("staff_act", {})
            option = staff.get("per_class", {}).get("own_option", {}).get("f1", "n/a")
            lines.append(f"| {name} | {staff.get('n', '')} | {staff.get('macro_f1', 'n/a')} | {option} |")
    else:
        lines += ["| evaluation | rows | act | style |", "|---|---|---|---|"]
    for name, result in _metric_sections(card) if card.get("target") != "staff_act" else ():
        act, style = result.get("act", {}), result.get("style", {})
        lines.append(f"| {name} | {style.get('n', '')} | {act.get('macro_f1', 'n/a')} | {style.get('macro_f1', '')} |")
    lines += ["", "## libraries", ""] + [f"- {k}: {v}" for k, v in card.get("libraries", {}).items()]
    return "\n".join(lines) + "\n"
