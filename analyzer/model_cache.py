"""The verified-model cache: a format that holds data only, so loading it can never run code.

Checking a skops file costs about a second (skops imports every scikit-learn estimator to
know what is safe), too much for each ``analyze``. So the first load of a model writes the
rebuilt pipeline here, keyed by the model file's sha256, and later loads read it back.

This cache used to be a joblib pickle, guarded by an ownership check on the path. With
``ANALYZER_CACHE_DIR`` on a folder others could write, another user swapped folders
between that check and ``joblib.load`` (which opened the path again), and their pickle ran
as the victim. Now the cache is a zip of a JSON tree and ``.npy`` arrays:

* arrays are read with ``allow_pickle=False`` (an object array is refused, not unpickled);
* the tree holds only JSON values, tuples, slices, numpy scalars and dtypes, and
  objects of the scikit-learn classes in :data:`ALLOWED_CLASSES`, rebuilt by setting their
  attributes (``__setstate__``), never by calling anything the file names;
* the file is opened once, without following a symlink, and the *open file* is checked
  (regular, owned by this user, writable by no one else) before a byte is read.

Whatever the cache holds, the worst it can do is give a wrong (but code-free) pipeline,
and only to the user who can write it; anything unexpected makes it a miss, and the
skops file is checked again.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.atomic import create_beside
from analyzer.safe_open import read_fd_capped

#: Format of the cache file; a change makes old entries misses (their name differs).
CACHE_SUFFIX = ".model-cache.zip"
#: The estimators a model trained by ``analyzer train`` (or the splitter) is made of.
ALLOWED_CLASSES = frozenset({
    "sklearn.pipeline.Pipeline",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.CountVectorizer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.preprocessing._data.MaxAbsScaler",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.feature_extraction._hash.FeatureHasher",
})
#: Types a pipeline may hold as values (``dtype=np.float64`` in a vectorizer's parameters).
_ALLOWED_TYPES = {f"{t.__module__}.{t.__qualname__}": t for t in (
    float, int, str, bool, np.float64, np.float32, np.int64, np.int32, np.bool_)}
_TREE = "tree.json"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class NotCacheable(Exception):
    """The object holds something the cache format cannot express: it is not cached."""


class BadCache(Exception):
    """The cache file is not what this module writes: treated as a miss."""


# --- writing -------------------------------------------------------------------------------

def dumps(obj: Any) -> bytes:
    """The cache file's bytes for ``obj`` (NotCacheable if any part is outside the format)."""
    arrays: list[np.ndarray] = []
    tree = _encode(obj, arrays)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(_TREE, json.dumps(tree))
        for number, array in enumerate(arrays):
            member = io.BytesIO()
            np.save(member, array, allow_pickle=False)
            archive.writestr(f"{number}.npy", member.getvalue())
    return buffer.getvalue()


def _encode(obj: Any, arrays: list[np.ndarray]) -> Any:
    if obj is None or isinstance(obj, bool | str):
        return obj
    if type(obj) is int:
        return obj
    if type(obj) is float:
        return {"float": repr(obj)}  # JSON has no nan or inf
    if isinstance(obj, np.generic):
        return {"scalar": obj.dtype.str, "value": repr(obj.item())}
    if isinstance(obj, np.ndarray):
        return _encode_array(obj, arrays)
    if type(obj) in (list, tuple):
        return {type(obj).__name__: [_encode(item, arrays) for item in obj]}
    if type(obj) is dict:
        return {"dict": [[_encode(k, arrays), _encode(v, arrays)] for k, v in obj.items()]}
    if type(obj) is slice:
        return {"slice": [_encode(part, arrays) for part in (obj.start, obj.stop, obj.step)]}
    if isinstance(obj, type):
        name = f"{obj.__module__}.{obj.__qualname__}"
        if name not in _ALLOWED_TYPES:
            raise NotCacheable(name)
        return {"type": name}
    name = f"{type(obj).__module__}.{type(obj).__qualname__}"
    if name not in ALLOWED_CLASSES:
        raise NotCacheable(name)
    state = obj.__getstate__() if hasattr(obj, "__getstate__") else vars(obj)
    if type(state) is not dict:
        raise NotCacheable(name)
    return {"object": name, "state": _encode(state, arrays)}


def _encode_array(array: np.ndarray, arrays: list[np.ndarray]) -> Any:
    if array.dtype == object:
        if not all(type(item) is str for item in array.flat):
            raise NotCacheable("object array")
        return {"strings": list(array.flat), "shape": list(array.shape)}
    if array.dtype.hasobject:
        raise NotCacheable("structured array with objects")
    arrays.append(array)
    return {"array": len(arrays) - 1}


# --- reading -------------------------------------------------------------------------------

def loads(data: bytes) -> Any:
    """The object :func:`dumps` wrote; BadCache for anything else. Runs no code from ``data``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            tree = json.loads(archive.read(_TREE))
            names = {info.filename for info in archive.infolist()}

            def array(number: int) -> np.ndarray:
                name = f"{number}.npy"
                if type(number) is not int or name not in names:
                    raise BadCache("no such array")
                return np.load(io.BytesIO(archive.read(name)), allow_pickle=False)

            return _decode(tree, array)
    except BadCache:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, RecursionError, AttributeError) as exc:
        raise BadCache(type(exc).__name__) from None


def _decode(node: Any, array: Any) -> Any:
    if node is None or isinstance(node, bool | str | int):
        return node
    if type(node) is not dict or len(node) not in (1, 2):
        raise BadCache("unknown node")
    kind = next(iter(node))
    if kind == "float":
        return float(node["float"])
    if kind == "scalar":
        return np.dtype(node["scalar"]).type(_number(node["value"]))
    if kind == "array":
        return array(node["array"])
    if kind == "strings":
        return np.array(node["strings"], dtype=object).reshape(node["shape"])
    if kind in ("list", "tuple"):
        items = [_decode(item, array) for item in node[kind]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {_decode(k, array): _decode(v, array) for k, v in node["dict"]}
    if kind == "slice":
        return slice(*(_decode(part, array) for part in node["slice"]))
    if kind == "type":
        if node["type"] not in _ALLOWED_TYPES:
            raise BadCache("type not allowed")
        return _ALLOWED_TYPES[node["type"]]
    if kind == "object":
        return _rebuild(node["object"], _decode(node["state"], array))
    raise BadCache("unknown node")


def _number(text: str) -> Any:
    """A scalar's value as ``repr`` wrote it: an int, a float (nan, inf too) or a bool."""
    if text in ("True", "False"):
        return text == "True"
    try:
        return int(text)
    except ValueError:
        return float(text)


def _rebuild(name: str, state: Any) -> Any:
    """An instance of an allowed class with ``state`` as its attributes; its ``__init__`` is not called."""
    if name not in ALLOWED_CLASSES or type(state) is not dict:
        raise BadCache("class not allowed")
    module, _, qualname = name.rpartition(".")
    cls = getattr(importlib.import_module(module), qualname)
    obj = cls.__new__(cls)
    if hasattr(obj, "__setstate__"):
        obj.__setstate__(state)
    else:
        obj.__dict__.update(state)
    return obj


# --- the file on disk ------------------------------------------------------------------------

def read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of the cache file, if it and its folder are this user's alone; else None.

    One open each, without following symlinks, and the checks are made on what was opened
    (``fstat``), so swapping the folder or the file after the check changes nothing: the
    bytes read are those of the file checked. Off POSIX there is no owner to check.
    """
    if os.name != "posix" or os.open not in os.supports_dir_fd:
        return _read_plain(path, limit)
    try:
        folder = os.open(path.parent, os.O_RDONLY | _DIRECTORY | _NO_FOLLOW)
    except OSError:
        return None
    try:
        if not _private(os.fstat(folder)):
            return None
        fd = os.open(path.name, os.O_RDONLY | _NO_FOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        os.set_blocking(fd, True)
        return read_fd_capped(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_plain(path: Path, limit: int) -> bytes | None:
    """Off POSIX (no owners, no ``dir_fd``): the file's bytes, if it is a regular file."""
    try:
        with open(path, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            data = fh.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true off POSIX)."""
    if os.name != "posix":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def write_private(path: Path, data: bytes) -> None:
    """Write the cache file atomically, readable by this user only, in a folder only they can write.

    A folder others can write is left alone: its files would never be read (see :func:`read_private`).
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and not _private(os.stat(path.parent, follow_symlinks=False)):
        return
    fd, temp = create_beside(path, f".{path.name}.", ".tmp")
    try:
        os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
