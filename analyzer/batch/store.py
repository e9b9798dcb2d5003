"""The output folder of a batch: where each result lives, how it is written, and the tables.

Layout of ``OUTDIR``::

    results/<name>-<id8>.json    one small file per transcript: its key, status, summary rows
    sentences/<name>-<id8>.csv   one per-sentence table per transcript that was scored
    summary.csv                  one row per transcript and speaker (rebuilt from results/)
    errors.csv                   one row per transcript that failed (rebuilt from results/)
    .analyzer-score.lock         held by the run working in the folder (one at a time)

``<name>`` is the transcript's file name made safe for any file system and ``<id8>`` the
start of the SHA-256 of its absolute path, so two ``meeting.vtt`` in different folders never
collide and a rerun finds the same result again even when the file's content has changed
(it is then rescored in place rather than leaving a stale twin in the summary).

Why one CSV per transcript rather than one big table or a Parquet dataset: each file is
written once, atomically, by whichever worker scored it, so a crash can only lose files in
flight and a rerun rewrites only what changed. CSV opens in Excel for trainers and needs no
extra library; for pandas users :func:`read_sentences` (or
``pd.concat(map(pd.read_csv, glob("OUTDIR/sentences/*.csv")))``) gives the whole cohort as
one frame, and the ``file`` and ``content_hash`` columns join it to ``summary.csv``.

The result JSON is the commit record: it is written last, and ``summary.csv`` and
``errors.csv`` are rebuilt from these files alone, so they can never disagree with them.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
from filelock import FileLock, Timeout

from analyzer.atomic import TEMP_PREFIX, TEMP_SUFFIX, atomic_text_writer
from analyzer.errors import InputError, write_failure
from analyzer.figures import FIGURE_KEYS
from analyzer.labels import ACTS, STAFF_ACTS, STYLES
from analyzer.reports.data import CSV_ENCODING
from analyzer.safe_csv import escape_row, unescape_frame

RESULTS_DIR = "results"
SENTENCES_DIR = "sentences"
SUMMARY_FILE = "summary.csv"
ERRORS_FILE = "errors.csv"

#: Bump when the result files change shape: older results are then rescored, not misread.
RESULT_SCHEMA = 2  # 2: roles, staff_act and the conversation figures

#: Columns of ``summary.csv``: every figure of ``analyze --format json``, flattened.
FIGURE_COLUMNS: tuple[str, ...] = tuple(
    col
    for key in FIGURE_KEYS[1:]
    for col in (
        [f"act_{a}" for a in ACTS] if key == "acts"
        else [f"style_{s}" for s in STYLES] if key == "styles"
        else [f"staff_act_{a}" for a in STAFF_ACTS] if key == "staff_acts"
        else [key]
    )
)
#: ``model_hash``: the SHA-256 of the model that scored the file, so a folder scored by a mix
#: of models shows it (and ``analyzer compare`` can refuse to compare across models).
#: ``file_missing`` is True on the rows of a file that is no longer where it was scored: a
#: folder keeps every file scored into it, so a transcript deleted from the inputs stayed
#: in the summary and the dashboard with nothing to say so (``score --prune`` drops them).
SUMMARY_COLUMNS: tuple[str, ...] = ("file", "content_hash", "model_hash", "speaker", *FIGURE_COLUMNS,
                                    "file_missing")
REPORTS_DIR = "reports"
INDEX_FILE = "index.html"
COMPARE_PAGE = "compare.html"  # analyzer compare's page, linked from the dashboard when present
LOCK_FILE = ".analyzer-score.lock"  # hidden, like the temp files: never mistaken for output
PROBE_FILE = ".analyzer-cluster-check"  # written for a moment: do the cluster's workers see this folder?
ERROR_COLUMNS: tuple[str, ...] = ("file", "error")

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_TEMP_PREFIX = TEMP_PREFIX
_TEMP_SUFFIX = TEMP_SUFFIX


def result_stem(path: Path) -> str:
    """``<safe file name>-<first 8 hex of sha256(absolute path)>``: stable per input path."""
    name = _UNSAFE.sub("_", path.name).strip("_")[:60] or "transcript"
    return f"{name}-{hashlib.sha256(os.fsencode(path)).hexdigest()[:8]}"  # the name's bytes, UTF-8 or not


def result_path(outdir: Path, stem: str) -> Path:
    return outdir / RESULTS_DIR / f"{stem}.json"


def sentences_path(outdir: Path, stem: str) -> Path:
    return outdir / SENTENCES_DIR / f"{stem}.csv"


def is_batch_output(folder: Path) -> bool:
    """Is ``folder`` the output of an ``analyzer score`` run (this version's or an older one)?

    Such a folder must never be searched for transcripts: its sentence tables have
    ``speaker`` and ``text`` columns, so a later run over the parent folder would score an
    earlier run's output as if it were conversations.
    """
    if (folder / LOCK_FILE).is_file():
        return True
    # Older versions left no lock file: recognise all four of their outputs together.
    return all((folder / name).is_file() for name in (SUMMARY_FILE, ERRORS_FILE)) and all(
        (folder / name).is_dir() for name in (RESULTS_DIR, SENTENCES_DIR))


@contextmanager
def one_run_at_a_time(outdir: Path) -> Iterator[None]:
    """Hold the output folder for this run; refuse it while another run holds it.

    Two runs into one folder would score the same files twice, and each would delete the
    other's temp files mid-write (see :func:`clean_temp_files`). The lock is the operating
    system's (filelock: ``flock`` or ``msvcrt``), so it goes when the process does, however
    it ends: a killed run never leaves the folder locked.
    """
    lock = FileLock(outdir / LOCK_FILE, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError("another `analyzer score` is writing to this folder; let it finish, "
                         "or score into another folder", outdir) from None
    except OSError as exc:  # a read-only folder or file system: nothing can be saved here
        raise InputError(f"cannot write in the output folder ({exc.strerror or type(exc).__name__}); "
                         "score into a folder you can write in", outdir) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def shared_probe(outdir: Path) -> Iterator[tuple[Path, str]]:
    """A file only this run could have written, for the cluster's workers to look for.

    A worker that finds the output folder's path on its own disk, but not this folder,
    would write its results where this machine never reads them: the batch would report
    files scored and summary.csv would lack them. A random token tells the two apart.
    """
    path, token = outdir / PROBE_FILE, secrets.token_hex(16)
    write_atomic(path, token)
    try:
        yield path, token
    finally:
        path.unlink(missing_ok=True)


def new_stop_file(outdir: Path) -> Path:
    """A name no other run uses for the file that tells this run's cluster tasks to stop.

    Hidden and ending in ``.tmp``, so one a killed run leaves behind goes with its temp files.
    """
    return outdir / f"{_TEMP_PREFIX}analyzer-stop.{secrets.token_hex(8)}{_TEMP_SUFFIX}"


def prepare_outdir(outdir: Path) -> None:
    """Create the output folder and its sub-folders."""
    for sub in (RESULTS_DIR, SENTENCES_DIR):
        (outdir / sub).mkdir(parents=True, exist_ok=True)


def clean_temp_files(outdir: Path) -> None:
    """Remove the temp files a killed run left behind.

    Temp files are hidden (``.name.xxxx.tmp``) and never read, but a report's holds the
    transcript's sentences, which ``--no-text`` promises to leave out; deleting them is safe only
    while this run holds the folder (:func:`one_run_at_a_time`): another run's temp files
    may be mid-write.
    """
    for folder in (outdir, outdir / RESULTS_DIR, outdir / SENTENCES_DIR, outdir / REPORTS_DIR):
        for tmp in folder.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            tmp.unlink(missing_ok=True)


@contextmanager
def atomic_writer(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Write beside the target, then rename over it: readers see the old file or the new one.

    A process killed mid-write leaves only a hidden temp file, removed by the next run. A
    write that fails (a full disk, a folder made read-only) stops the batch with one line:
    every later file would fail the same way, and the files already written are kept.
    """
    try:
        with atomic_text_writer(path, encoding) as fh:
            yield fh
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: Path, exc: OSError) -> InputError:
    return InputError(f"cannot be written ({write_failure(exc, path)}); the files finished before it are saved: "
                      "make room, close it, or make the folder writable, and run the same command again to score "
                      "the rest", path)


def remove_file(path: Path) -> None:
    """Delete an output file if it is there; a folder that refuses it stops the batch, as a write does."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_writer(path, encoding) as fh:
        fh.write(text)


def write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, default=_jsonable) + "\n")


def read_result(path: Path) -> dict[str, Any] | None:
    """A result file's content, or None when it is missing or unreadable (then: rescore)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == RESULT_SCHEMA else None


def iter_results(outdir: Path) -> Iterator[dict[str, Any]]:
    """Every readable result in the folder, in file-name order (so outputs are deterministic)."""
    for path in sorted((outdir / RESULTS_DIR).glob("*.json")):
        result = read_result(path)
        if result is not None:
            yield result


def figure_rows(speakers: list[dict[str, Any]], file_notes: list[str]) -> list[dict[str, Any]]:
    """Flatten ``analyze``'s per-speaker figures into summary rows (acts/styles as columns).

    The transcript's own notes (e.g. "no speaker names found") are added to every speaker's
    notes, since they qualify every figure of the file.
    """
    rows = []
    for figs in speakers:
        acts, styles, staff = figs.get("acts") or {}, figs.get("styles") or {}, figs.get("staff_acts") or {}
        row: dict[str, Any] = {"speaker": figs["speaker"]}
        for col in FIGURE_COLUMNS:
            if col.startswith("staff_act_"):
                row[col] = staff.get(col.removeprefix("staff_act_"))
            elif col.startswith("act_"):
                row[col] = acts.get(col.removeprefix("act_"))
            elif col.startswith("style_"):
                row[col] = styles.get(col.removeprefix("style_"))
            elif col == "notes":
                row[col] = "; ".join([*(figs.get("notes") or []), *file_notes])
            else:
                row[col] = figs.get(col)
        rows.append(row)
    return rows


def rebuild_outputs(outdir: Path) -> list[Path]:
    """Rewrite summary.csv and errors.csv from the result files; return the sentence files.

    Streams one result at a time, so it costs the same memory for 20 files or 20,000.
    Sentence tables no result points to (left by a run killed between its two writes) are
    deleted so that ``sentences/`` holds exactly the scored transcripts.
    """
    sentence_files: list[Path] = []
    with (atomic_writer(outdir / SUMMARY_FILE, CSV_ENCODING) as summary,
          atomic_writer(outdir / ERRORS_FILE, CSV_ENCODING) as errors):
        summary_writer = csv.DictWriter(summary, SUMMARY_COLUMNS, lineterminator="\n")
        errors_writer = csv.DictWriter(errors, ERROR_COLUMNS, lineterminator="\n")
        summary_writer.writeheader()
        errors_writer.writeheader()
        for result in iter_results(outdir):
            if result.get("status") == "ok":
                sentence_files.append(outdir / result["sentences_file"])
                content_hash, model_hash = result["key"]["content_sha256"], result["key"].get("model_sha256")
                missing = input_missing(result)
                for row in result["rows"]:
                    summary_writer.writerow(escape_row({"file": result["file"], "content_hash": content_hash,
                                                        "model_hash": model_hash, **row, "file_missing": missing}))
            else:
                errors_writer.writerow(escape_row({"file": result["file"], "error": result.get("error", "")}))
    _remove_orphans(outdir, set(sentence_files))
    return sentence_files


def input_missing(result: dict[str, Any]) -> bool:
    """Is the transcript of a result gone from where it was scored (deleted, moved, renamed)?"""
    path = result.get("path")
    return bool(path) and not os.path.lexists(path)


def prune_missing(outdir: Path) -> int:
    """Forget every transcript whose file is gone (``score --prune``): its result, its
    sentence table and its report. Returns how many; the tables are rebuilt after."""
    pruned = 0
    for path in sorted((outdir / RESULTS_DIR).glob("*.json")):
        result = read_result(path)
        if result is None or not input_missing(result):
            continue
        for name in (result.get("sentences_file"), result.get("report_file")):
            if name:
                remove_file(outdir / name)
        remove_file(path)
        pruned += 1
    return pruned


def missing_marks_current(outdir: Path) -> bool:
    """Does summary.csv mark exactly the files that are gone now?

    A file deleted since the last run changes no result, so without this check a run with
    nothing to score left the summary saying the file was still there.
    """
    try:
        with (outdir / SUMMARY_FILE).open(newline="", encoding=CSV_ENCODING) as fh:
            marked = {row["file"] for row in csv.DictReader(fh) if row.get("file_missing") == "True"}
    except OSError:
        return False
    gone = {r["file"] for r in iter_results(outdir) if r.get("status") == "ok" and input_missing(r)}
    return marked == gone


def _remove_orphans(outdir: Path, keep: set[Path]) -> None:
    for path in (outdir / SENTENCES_DIR).glob("*.csv"):
        if path not in keep:
            remove_file(path)


#: Columns of the tables written here that hold text. Read as text, or a speaker called
#: "007" comes back as the number 7 and a sentence "1." as 1.0.
TEXT_COLUMNS: tuple[str, ...] = ("file", "content_hash", "model_hash", "speaker", "text", "act", "style", "notes",
                                 "error")


def read_table(path: Path) -> pd.DataFrame:
    """One of the CSV tables of the folder, text columns as text and only empty cells missing."""
    table = pd.read_csv(path, keep_default_na=False, na_values=[""], encoding=CSV_ENCODING,
                        dtype=dict.fromkeys(TEXT_COLUMNS, str))
    return unescape_frame(table)  # the text as transcribed, not as escaped for spreadsheets


def read_sentences(outdir: str | Path) -> pd.DataFrame:
    """Every scored sentence of the batch as one DataFrame (``file`` says which transcript).

    Example::

        sentences = read_sentences("cohort-7")
        sentences.groupby(["file", "speaker"])["act"].value_counts()
    """
    outdir = Path(outdir)
    frames = [read_table(outdir / r["sentences_file"]) for r in iter_results(outdir) if r.get("status") == "ok"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _jsonable(value: Any) -> Any:
    """numpy scalars, which pandas hands out, as plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_dashboard(outdir: Path) -> Path:
    """``index.html``: the cohort dashboard over summary.csv, linking each file's report."""
    from analyzer.reports.html import render_cohort_dashboard

    summary = read_table(outdir / SUMMARY_FILE)
    links = {r["file"]: r["report_file"] for r in iter_results(outdir) if r.get("report_file")}
    path = outdir / INDEX_FILE
    write_atomic(path, render_cohort_dashboard(summary, links or None, n_failed=count_failures(outdir),
                                               compare_href=comparison_href(outdir)))
    return path


def comparison_href(outdir: Path) -> str | None:
    """The before-and-after page of ``analyzer compare`` this folder belongs to, if there is one:
    beside it (compared into the same folder) or one up (a side that compare scored itself)."""
    for href in (COMPARE_PAGE, f"../{COMPARE_PAGE}"):
        if (outdir / href).is_file():
            return href
    return None


def count_failures(outdir: Path) -> int:
    """Rows of errors.csv: the files of the batch that could not be scored (0 without the file)."""
    errors = outdir / ERRORS_FILE
    return len(read_table(errors)) if errors.is_file() else 0


def reports_with_text(outdir: Path) -> list[str]:
    """Files whose report in reports/ was written with the sentences in (an earlier run
    without ``--no-text``): a ``--no-text`` run does not redraw what it did not rescore."""
    return [r["file"] for r in iter_results(outdir)
            if r.get("report_file") and r.get("key", {}).get("html") is True]


def outputs_current(outdir: Path, html: bool) -> bool:
    """Are summary.csv, errors.csv (and index.html) newer than every result file?

    Then a run that scored nothing can leave them as they are: rebuilding the tables and
    redrawing the dashboard of a large cohort would dominate resuming a finished batch. A
    run killed before it rebuilt them leaves results (or stray sentence tables) newer than
    the tables, so the next run rebuilds and cleans up.
    """
    outputs = [outdir / SUMMARY_FILE, outdir / ERRORS_FILE] + ([outdir / INDEX_FILE] if html else [])
    if not all(p.is_file() for p in outputs):
        return False
    oldest_output = min(p.stat().st_mtime_ns for p in outputs)
    written = [*(outdir / RESULTS_DIR).iterdir(), *(outdir / SENTENCES_DIR).iterdir()]
    return all(p.stat().st_mtime_ns <= oldest_output for p in written)
