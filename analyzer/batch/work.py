"""Scoring transcripts of a batch: the functions every worker runs, wherever it runs.

:func:`score_chunk` (and the streaming :func:`score_files` under it) is deliberately
self-contained: it takes small picklable :class:`FileJob` s, loads the model and the spaCy
pipeline once per process (both loaders are cached), writes each file's results itself and
returns only a few numbers per file. So the parent never holds a Doc or a sentence table,
and the same function runs in-process, in a loky worker or on a Dask worker on another
machine.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import socket
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.batch.store import (
    REPORTS_DIR,
    RESULT_SCHEMA,
    figure_rows,
    remove_file,
    result_path,
    sentences_path,
    write_atomic,
    write_json,
)
from analyzer.errors import InputError
from analyzer.hashing import bytes_sha256, file_sha256
from analyzer.readers.speakers import match_speaker, speaker_key
from analyzer.reports.data import CSV_ENCODING
from analyzer.roles import RoleSpec, apply_roles
from analyzer.safe_csv import frame_to_csv
from analyzer.transcript import printable_path

if TYPE_CHECKING:  # imported for real inside the worker function: the parent never needs spaCy
    from spacy.language import Language

    from analyzer.analyze import Analysis
    from analyzer.model_file import Model
    from analyzer.transcript import Transcript

#: One transcript at a time per process: spaCy pipelines are not thread-safe, and a Dask
#: worker started with several threads would otherwise share one pipeline between them.
_ANALYSIS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Settings:
    """What every file of a batch is scored with, resolved once in the parent.

    Paths are absolute and environment variables already applied, so a worker on another
    machine (or with another working directory) does exactly what the parent asked.
    """

    outdir: str
    model: str
    spacy_model: str
    model_sha256: str
    spacy_pipeline: str
    input_format: str | None = None
    speakers: tuple[str, ...] = ()
    html: bool = True
    no_text: bool = False
    roles: RoleSpec = field(default_factory=RoleSpec)
    staff_model_sha256: str = ""  # "" without a staff-side model: staff sentences stay unlabelled
    single_speaker: bool = False

    def key(self, content_sha256: str) -> dict[str, Any]:
        """Everything a result depends on: a rerun reuses a result only if all of it matches.

        Besides the content and the model, the spaCy pipeline (name, version, spaCy
        version) changes sentences and tags, and ``--input-format``/``--speaker`` change
        what is reported, so each is part of the key.
        """
        return {
            "content_sha256": content_sha256,
            "model_sha256": self.model_sha256,
            "spacy_pipeline": self.spacy_pipeline,
            "input_format": self.input_format,
            "speakers": sorted({speaker_key(s) for s in self.speakers}),
            "html": "no text" if self.html and self.no_text else self.html,
            "roles": self.roles.key(), "staff_model_sha256": self.staff_model_sha256,
            "schema": RESULT_SCHEMA,
            # Only when set, so results scored before the option existed are not all rescored.
            **({"single_speaker": True} if self.single_speaker else {}),
        }


@dataclass(frozen=True)
class FileJob:
    """One transcript to score: its absolute path, the name users see, and its result stem."""

    path: str
    file: str
    stem: str
    settings: Settings


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: a few numbers, never the sentences."""

    file: str
    ok: bool
    sentences: int = 0
    words: int = 0
    error: str = ""


def model_identity(model_file: Path) -> str:
    """SHA-256 of the model file: the value its card records as ``model_sha256``.

    Hashing the bytes (20 MB: ~20 ms) rather than trusting the card means a model copied
    over without its card still counts as a different model.
    """
    if not model_file.is_file():
        raise InputError("model file not found (train one with `analyzer train`)", model_file)
    return file_sha256(model_file)


def pipeline_identity(name: str) -> str:
    """``name==version (spaCy x.y.z)`` without loading the pipeline when it is a package.

    Loading spaCy costs seconds; a resumed batch where every file is done should not pay it.
    A pipeline given as a folder is identified by its meta.json.
    """
    spacy_version = metadata.version("spacy")
    try:
        return f"{name}=={metadata.version(name)} (spaCy {spacy_version})"
    except metadata.PackageNotFoundError:
        pass
    meta_file = Path(name) / "meta.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        return f"{meta.get('lang')}_{meta.get('name')}=={meta.get('version')} (spaCy {spacy_version})"
    from analyzer.nlp import build_nlp, pipeline_info

    info = pipeline_info(build_nlp(name))  # raises the usual "not installed" InputError
    return f"{info['name']}=={info['version']} (spaCy {spacy_version})"


def scoring_environment(spacy_model: str) -> dict[str, str]:
    """What decides a worker's results besides the model file and the options the jobs carry.

    A Dask worker with other analyzer code, another spaCy pipeline or another scikit-learn
    would write results under this machine's key that a local run would not reproduce, so
    the batch compares this across the cluster before it starts.
    """
    return {"analyzer code": analyzer_code_sha256(), "spaCy pipeline": pipeline_identity(spacy_model),
            "scikit-learn": metadata.version("scikit-learn")}


def unseen_shared_path(probe: str, token: str, transcript: str) -> str:
    """What a worker does not see of the paths a batch shares with it; "" when it sees all.

    Runs on each Dask worker before the batch (see :func:`analyzer.batch.run.check_cluster`).
    """
    try:
        seen = Path(probe).read_text(encoding="utf-8")
    except OSError:
        seen = None
    if seen != token:
        return f"the output folder {printable_path(Path(probe).parent)}"
    if not os.access(transcript, os.R_OK):
        return f"the input file {printable_path(transcript)}"
    return ""


@lru_cache(maxsize=1)
def analyzer_code_sha256() -> str:
    """SHA-256 over the analyzer package's code and report templates: equal exactly when they are.

    The version number does not change between commits, and a checkout installed in
    editable mode can differ from the release of the same number.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".j2") and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def score_chunk(jobs: list[FileJob], stop_file: str | None = None) -> list[Outcome]:
    """Score a few files in one stream: the unit of work sent to a worker process or cluster.

    ``stop_file``: once it exists, stop before the next file (see :func:`score_files`).
    """
    return list(score_files(jobs, stop_file))


#: Seconds between a local worker's checks that the batch which started it is still running.
PARENT_CHECK_SECONDS = 1.0


def score_chunk_for(parent: int, jobs: list[FileJob]) -> list[Outcome]:
    """:func:`score_chunk` in a local worker process that exits if ``parent`` (the batch) dies."""
    _exit_with_parent(parent)
    return score_chunk(jobs)


@lru_cache(maxsize=1)  # one watcher per worker process
def _exit_with_parent(parent: int) -> None:
    """End this process soon after ``parent`` stops being its parent process.

    A batch stopped by any signal it can catch stops its workers itself. One killed outright
    (``kill -9``, the out-of-memory killer) cannot, and its loky workers stayed alive, idle
    and holding their memory, for as long as anyone watched. The parent's pid comes with the
    job rather than being read here, so a parent that died before this runs is noticed too.
    Results are written atomically, so leaving mid-file loses only that file.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def score_files(jobs: Iterable[FileJob], stop_file: str | None = None) -> Iterator[Outcome]:
    """Score transcripts as one stream and write each file's results as soon as it is done.

    All the transcripts' turns go through one ``nlp.pipe`` and the classifier labels
    thousands of sentences per call (:func:`analyzer.analyze.analyze_transcripts`): per-call
    costs then no longer add up per file, which is most of what a batch of short
    transcripts lost against raw spaCy. Files are read lazily, a spaCy batch ahead, so
    memory stays flat; the files in flight are those read but not yet written.

    A file that cannot be read is recorded as it is met. An unexpected error inside the
    stream cannot be pinned on one file, so the files in flight are then scored one by one,
    which records the culprit, and a new stream carries on after them. A failure no file
    explains (the model or the spaCy pipeline does not load, an error before any file is
    read, a full disk when writing) is raised and stops the batch with one message, rather
    than failing file after file.

    ``stop_file`` is how a batch stops a Dask task, which it cannot interrupt: once that
    file exists, no further file is read or saved, and the files in flight are dropped.
    """
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:  # nothing to do: do not even import spaCy (a resumed batch is all skips)
        return
    from joblib import parallel_config
    from threadpoolctl import threadpool_limits

    from analyzer.analyze import loaded_objects_frozen

    settings = first.settings  # one batch, one set of options
    # The worker is the unit of parallel work. The model's ColumnTransformer calls joblib
    # itself; on a Dask worker that inner call would be sent back to the cluster and wait
    # for a free thread held by this very task (a deadlock with one-thread workers). And
    # spaCy's matrix multiply runs on one BLAS thread, so `--jobs N` uses N cores: with
    # BLAS threads of their own, two workers would fight over two cores and `--jobs 1`
    # would use both.
    with _ANALYSIS_LOCK, parallel_config(backend="sequential"), threadpool_limits(1, user_api="blas"):
        model, nlp = _model(settings.model, settings.model_sha256), _nlp(settings.spacy_model)
        with loaded_objects_frozen():  # the collector leaves the loaded libraries and model alone
            yield from _stream(itertools.chain([first], jobs), stop_file, model, nlp)


def _stream(jobs: Iterator[FileJob], stop_file: str | None, model: Model, nlp: Language) -> Iterator[Outcome]:
    """The body of :func:`score_files`, once the model and the spaCy pipeline are loaded."""
    from analyzer.analyze import analyze_transcripts

    pending = _until(stop_file, jobs)
    while True:
        in_flight: dict[str, _Read] = {}
        failed: list[Outcome] = []
        stream = analyze_transcripts(_read_all(pending, in_flight, failed), model, nlp)
        while True:
            try:
                analysis = next(stream, None)
            except Exception:  # not a bad file (those are in `failed`): find which file
                if not in_flight:  # no file to blame: a fault of the code, stop the batch
                    raise
                yield from _drain(failed)
                for read in list(in_flight.values()):
                    yield _score_alone(read.job, model, nlp)
                break  # and start a new stream for the files not read yet
            yield from _drain(failed)
            if analysis is None:
                return
            if stop_file and os.path.exists(stop_file):
                return
            read = in_flight.pop(analysis.file)
            yield _record_success(read.job, read.content_sha256, analysis, read.words)


def _until(stop_file: str | None, jobs: Iterator[FileJob]) -> Iterator[FileJob]:
    """The jobs, up to the moment ``stop_file`` exists."""
    for job in jobs:
        if stop_file and os.path.exists(stop_file):
            return
        yield job


def _score_alone(job: FileJob, model: Model, nlp: Language) -> Outcome:
    """Score one file in a stream of its own, recording (not raising) what goes wrong."""
    from analyzer.analyze import analyze_transcript

    try:
        read = _read(job)
    except _Failed as failure:
        return failure.outcome
    try:
        analysis = analyze_transcript(read.transcript, model, nlp, read.speakers)
    except Exception as exc:  # one bad file must never stop the batch
        return _record_failure(job, read.content_sha256, _describe(exc))
    return _record_success(job, read.content_sha256, analysis, read.words)


@dataclass
class _Read:
    """A transcript read and checked, waiting in the stream for its analysis."""

    job: FileJob
    content_sha256: str = ""
    transcript: Transcript | None = None
    speakers: list[str] | None = None
    words: int = 0


class _Failed(Exception):
    """The file could not be read; its failure is already recorded."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


def _read(job: FileJob) -> _Read:
    """Read, hash and check one file; record the failure and raise :class:`_Failed` if bad.

    The file is opened once: the hash is of the very bytes parsed. Hashed and read in two
    opens, a file replaced mid-run was recorded under the other version's hash, and later
    runs kept its stale figures as "done".
    """
    from analyzer.readers import read_transcript
    from analyzer.readers.encoding import read_bytes

    read = _Read(job)
    try:
        data = read_bytes(job.path)
        read.content_sha256 = bytes_sha256(data)
        read.transcript = apply_roles(read_transcript(job.path, job.settings.input_format, data=data,
                                                      single_speaker=job.settings.single_speaker),
                                      job.settings.roles, every_manager=False)
        read.speakers = _present_speakers(read.transcript, job.settings.speakers)
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror or type(exc).__name__})"
    except InputError as exc:
        reason = exc.problem
    except Exception as exc:  # one bad file must never stop the batch
        reason = _describe(exc)
    else:
        read.words = sum(len(u.text.split()) for u in read.transcript.utterances)
        return read
    raise _Failed(_record_failure(job, read.content_sha256, reason))


def _read_all(jobs: Iterator[FileJob], in_flight: dict[str, _Read],
              failed: list[Outcome]) -> Iterator[tuple[Transcript, list[str] | None]]:
    """The readable transcripts, for the stream; bad files go to ``failed`` instead."""
    for job in jobs:
        try:
            read = _read(job)
        except _Failed as failure:
            failed.append(failure.outcome)
            continue
        in_flight[read.transcript.source] = read  # what the stream's Analysis.file says
        yield read.transcript, read.speakers


def _drain(outcomes: list[Outcome]) -> Iterator[Outcome]:
    while outcomes:
        yield outcomes.pop(0)


@lru_cache(maxsize=2)
def _model(path: str, sha256: str) -> Model:
    """Load the model once per process, and only if it is the one the keys name.

    Cached by content, not by path (unlike ``cached_model``): a worker that outlives a
    retraining (loky reuses its workers; Dask workers run for days) must not label files
    with the old model under the new model's key.
    """
    from analyzer.model_file import load_model

    model = load_model(path)
    if file_sha256(path) != sha256:
        raise InputError("the model file changed while the batch was running; run the command again", path)
    return model


def _nlp(name: str) -> Language:
    from analyzer.nlp import build_nlp

    return build_nlp(name)


def _present_speakers(transcript: Transcript, wanted: tuple[str, ...]) -> list[str] | None:
    """The ``--speaker`` names this transcript has (a cohort's files have different managers).

    ``analyze`` refuses a name the transcript lacks; in a batch a name only has to be in some
    files, and a file with none of them is an error for that file.
    """
    if not wanted:
        return None
    present = list(dict.fromkeys(u.speaker for u in transcript.utterances))
    found = [name for w in wanted if (name := match_speaker(w, present)) is not None]
    if not found:
        raise InputError(f"none of the speakers {', '.join(map(repr, wanted))} is in it; "
                         f"speakers are: {', '.join(present)}")
    return list(dict.fromkeys(found))


def _describe(exc: Exception) -> str:
    """A one-line reason without the exception's message, which may quote the transcript."""
    where = traceback.extract_tb(exc.__traceback__)[-1]
    detail = f": {str(exc).splitlines()[0][:200]}" if os.environ.get("ANALYZER_DEBUG") and str(exc) else ""
    return f"internal error {type(exc).__name__} at {Path(where.filename).name}:{where.lineno}{detail}"


def _record_success(job: FileJob, content_sha256: str, analysis: Analysis, words: int) -> Outcome:
    """Write the sentence table, then the result that points to it (the commit record).

    The old result is removed first, so if the process dies between the two writes there
    is no result at all (the file is rescored next run), never an old result beside a new
    table.
    """
    outdir = Path(job.settings.outdir)
    result_file, table_file = result_path(outdir, job.stem), sentences_path(outdir, job.stem)
    remove_file(result_file)
    try:
        report = _write_report(job, analysis) if job.settings.html else None
    except InputError:
        raise  # the output folder cannot be written: stop the batch (store.atomic_writer)
    except Exception as exc:  # this transcript's charts, not the batch: fail the file
        return _record_failure(job, content_sha256, f"its report could not be drawn: {_describe(exc)}")
    table = analysis.sentences
    table.insert(0, "content_hash", content_sha256)
    table.insert(0, "file", job.file)
    write_atomic(table_file, frame_to_csv(table), CSV_ENCODING)
    rows = figure_rows(analysis.speakers, analysis.notes)
    write_json(result_file, {
        "schema": RESULT_SCHEMA, "status": "ok", "file": job.file, "path": printable_path(job.path),
        "key": job.settings.key(content_sha256), "format": analysis.format,
        "sentences_file": f"{table_file.parent.name}/{table_file.name}", "report_file": report,
        "sentences": len(table), "words": words, "scored_by": _worker_name(),
        "rows": rows,
    })
    return Outcome(job.file, True, len(table), words)


def _write_report(job: FileJob, analysis: Analysis) -> str:
    """The transcript's HTML report, written by the worker that scored it (in parallel,
    once per file: a resumed batch does not redraw the reports it already has)."""
    from analyzer.reports.html import render_transcript_report

    path = Path(job.settings.outdir) / REPORTS_DIR / f"{job.stem}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_transcript_report(analysis, no_text=job.settings.no_text))
    return f"{REPORTS_DIR}/{path.name}"


def _worker_name() -> str:
    """``host:pid`` of the process that scored a file: which cluster worker to look at."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _record_failure(job: FileJob, content_sha256: str, reason: str) -> Outcome:
    """Record why the file failed; its old sentence table (if any) no longer applies."""
    outdir = Path(job.settings.outdir)
    reason = " ".join(reason.split())
    write_json(result_path(outdir, job.stem), {
        "schema": RESULT_SCHEMA, "status": "error", "file": job.file, "path": printable_path(job.path),
        "key": job.settings.key(content_sha256), "error": reason, "scored_by": _worker_name(),
    })
    remove_file(sentences_path(outdir, job.stem))
    return Outcome(job.file, False, error=reason)
