"""Turn the command line's files, folders and glob patterns into the list of transcripts.

Patterns are expanded here because a quoted pattern (``"recordings/**/*.vtt"``), the
Windows shell and a cluster job script all hand it to us unexpanded. Folders are searched
recursively for supported file types; hidden files, Word lock files (``~$x.docx``), the
output folder itself and the output folders of earlier runs are skipped, so
``analyzer score . -o out`` never scores its own CSVs, nor those of ``-o out-last-week``.
Files named one by one are held to the same rule: a shell expands ``rec/**/*.csv`` before
we see it, and that list holds the last run's sentence tables too.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from analyzer.batch.store import is_batch_output
from analyzer.errors import InputError
from analyzer.readers import SUPPORTED_SUFFIXES

_GLOB_CHARS = re.compile(r"[*?[]")


def find_transcripts(inputs: Iterable[str | Path], exclude: Path | None = None) -> list[Path]:
    """Every transcript the inputs name, once each, in the order given (folders sorted).

    A file named explicitly is kept whatever its type (a wrong type is then reported for
    that file in errors.csv), unless it lies in this run's output folder or an earlier
    run's; files found in folders or by patterns must have a supported suffix. An input
    that matches nothing is an error before any work starts: it is almost always a typo,
    and scoring the rest would hide it.
    """
    exclude = exclude.resolve() if exclude is not None else None
    seen: dict[Path, Path] = {}
    for item in inputs:
        found = list(_expand(str(item), exclude))
        if not found and not Path(item).expanduser().exists():
            raise InputError(_nothing_found(str(item)), item)
        for path in found:
            seen.setdefault(path.resolve(), path)
    if not seen:
        raise InputError(f"no transcripts found (looked for {' '.join(SUPPORTED_SUFFIXES)} files)")
    return list(seen.values())


def _nothing_found(item: str) -> str:
    """Why an input gave no transcripts, told so the user knows what to change.

    A pattern can match files and still give none: ``*.mp3``, or a pattern whose matches
    all lie in earlier output folders. "No file matches" would then send them looking for
    a typo that is not there.
    """
    if not _is_pattern(item):
        return "no such file or folder"
    matches = len(glob.glob(os.path.expanduser(item), recursive=True))
    if not matches:
        return "no file matches this pattern"
    return (f"matches {matches:,} file{'s' if matches > 1 else ''} or folder{'s' if matches > 1 else ''} "
            f"but no transcript: transcripts are {' '.join(SUPPORTED_SUFFIXES)} files, and the output "
            "folders of earlier runs are skipped")


def _is_pattern(text: str) -> bool:
    return bool(_GLOB_CHARS.search(text))


def _expand(item: str, exclude: Path | None) -> Iterator[Path]:
    path = Path(item).expanduser()
    if path.exists() and not path.is_dir() and not path.is_file():
        yield path  # a FIFO or device named on purpose: refused with its reason in errors.csv
    elif path.is_file():
        if not _inside(path, exclude) and not _in_batch_output(path.resolve(), Path(path.resolve().anchor)):
            yield path
    elif path.is_dir():
        if _inside(path, exclude):
            raise InputError("is the output folder, or inside it; give the results a folder of their own "
                             "(e.g. -o results)", item)
        if is_batch_output(path):
            raise InputError("is the output folder of an earlier `analyzer score`, not transcripts "
                             "(its summary.csv already has the figures)", item)
        yield from _walk(path, exclude)
    elif _is_pattern(item):
        root = _pattern_root(item)
        for match in sorted(glob.glob(os.path.expanduser(item), recursive=True)):
            found = Path(match)
            if _in_batch_output(found, root) or (found.is_dir() and is_batch_output(found)):
                continue
            if found.is_dir():
                yield from _walk(found, exclude)
            elif _wanted(found) and not _inside(found, exclude):
                yield found


def _walk(folder: Path, exclude: Path | None) -> Iterator[Path]:
    """Supported files under ``folder``, sorted, skipping hidden folders and the output."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _inside(here / d, exclude)
                         and not is_batch_output(here / d))
        for name in sorted(files):
            path = here / name
            if _wanted(path):
                yield path


def _pattern_root(pattern: str) -> Path:
    """The folder a glob pattern searches under: its path up to the first wildcard."""
    parts = Path(os.path.expanduser(pattern)).parts
    fixed = list(itertools.takewhile(lambda part: not _is_pattern(part), parts))
    return Path(*fixed) if fixed else Path()


def _in_batch_output(path: Path, root: Path) -> bool:
    """Is ``path`` inside an earlier run's output folder below ``root``?

    Only folders the pattern itself descends into count, so transcripts kept inside a
    folder that happens to look like an output folder are still found by a pattern that
    starts there (``"study/*.vtt"``).
    """
    return any(is_batch_output(parent) for parent in path.parents
               if parent != root and parent.is_relative_to(root))


def _wanted(path: Path) -> bool:
    return (path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith((".", "~$"))
            and path.is_file())


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and path.resolve().is_relative_to(folder)
