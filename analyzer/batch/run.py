"""Run a batch: decide what is left to do, fan it out, show progress, rebuild the tables.

The parent only plans and counts. It streams jobs to the workers through a generator
(a few runs of files ahead of the free workers, never the whole list), and gets back
a few numbers per file; the workers write the results. So memory stays flat whether the
batch has 20 transcripts or 20,000, and an interrupt loses only the files in flight.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer.batch.inputs import find_transcripts
from analyzer.batch.store import (
    ERRORS_FILE,
    INDEX_FILE,
    SUMMARY_FILE,
    clean_temp_files,
    missing_marks_current,
    new_stop_file,
    one_run_at_a_time,
    outputs_current,
    prepare_outdir,
    prune_missing,
    read_result,
    rebuild_outputs,
    reports_with_text,
    result_path,
    result_stem,
    sentences_path,
    shared_probe,
    write_atomic,
    write_dashboard,
)
from analyzer.batch.work import (
    FileJob,
    Outcome,
    Settings,
    analyzer_code_sha256,
    model_identity,
    pipeline_identity,
    score_chunk,
    score_chunk_for,
    score_files,
    scoring_environment,
    unseen_shared_path,
)
from analyzer.config import model_path, spacy_model_name, staff_model_path
from analyzer.errors import InputError, write_failure
from analyzer.hashing import file_sha256
from analyzer.readers import checked_format
from analyzer.roles import RoleSpec
from analyzer.transcript import printable_path

#: Seconds to wait for a cluster that has no workers yet (e.g. an adaptive one scaling up).
DASK_WORKER_WAIT = 60
#: Seconds a stopped batch waits for the runs its cluster has started to stop after their file.
DASK_STOP_WAIT = 60
#: Seconds to wait for the scheduler to answer at all.
DASK_CONNECT_WAIT = 20
#: Runs of files per worker, and the longest run (see :func:`chunks`).
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 16
#: A worker process killed under the batch (most often by the out-of-memory killer).
WORKER_DIED = ("a worker process died while scoring (killed from outside, most often for lack of memory); "
               "the files finished before are saved: run the same command again to score the rest, "
               "with fewer --jobs if memory is short")
DASK_MISSING = 'the --scheduler option needs Dask: pip install "coaching-analyzer[cluster]"'


@dataclass(frozen=True)
class BatchResult:
    """What a batch produced and how it went (the tables themselves are on disk)."""

    outdir: Path
    summary: Path
    errors: Path
    sentence_files: list[Path]
    scored: int
    skipped: int
    failed: int
    sentences: int
    words: int
    seconds: float
    pruned: int = 0

    @property
    def total(self) -> int:
        return self.scored + self.skipped + self.failed


def score(
    inputs: Iterable[str | Path],
    outdir: str | Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    speakers: Iterable[str] = (),
    model: str | Path | None = None,
    spacy_model: str | None = None,
    input_format: str | None = None,
    html: bool = True,
    no_text: bool = False,
    single_speaker: bool = False,
    prune: bool = False,
    progress: bool = False,
    roles: RoleSpec | None = None,
) -> BatchResult:
    """Score every transcript the inputs name into ``outdir``; skip those already done.

    ``jobs`` is the number of worker processes on this machine (default: all cores; 1 runs
    in this process). ``scheduler`` is a Dask scheduler address: the files are then scored
    on that cluster, whose workers must see ``inputs`` and ``outdir`` at the same paths.
    A file that cannot be read or analysed is recorded in errors.csv and never stops the
    batch; summary.csv and errors.csv are rebuilt at the end, also after an interrupt.
    ``html`` also writes a report per transcript (``reports/``) and the cohort dashboard
    (``index.html``); ``no_text`` leaves every sentence out of them. ``roles`` names the
    managers and speakers (see :mod:`analyzer.roles`); without it each file's manager is guessed.
    ``single_speaker`` reads text and Word files without speaker names or times as one speaker.
    The folder keeps every transcript scored into it; a file since deleted is marked in
    summary.csv (``file_missing``) and on the dashboard, and ``prune`` forgets it.
    """
    outdir = Path(outdir).expanduser().resolve()
    files = find_transcripts(inputs, exclude=outdir)
    settings = _settings(outdir, model, spacy_model, input_format, speakers, html, no_text, single_speaker)
    settings = dataclasses.replace(settings, roles=roles or RoleSpec(), staff_model_sha256=staff_model_identity())
    _make_outdir(outdir)
    with one_run_at_a_time(outdir):
        return _score_into(outdir, files, settings, jobs, scheduler, progress, prune)


def _score_into(outdir: Path, files: list[Path], settings: Settings, jobs: int | None,
                scheduler: str | None, progress: bool, prune: bool = False) -> BatchResult:
    """The batch itself, run while this process holds the output folder."""
    clean_temp_files(outdir)
    pruned = prune_missing(outdir) if prune else 0
    pending, skipped = _plan(files, settings)
    outcomes = _run(pending, jobs, scheduler)  # connects to a cluster now: fail before the bar shows
    bar = _progress_bar(len(files), skipped, progress)
    counts = {"scored": 0, "failed": 0, "sentences": 0, "words": 0}
    started = time.perf_counter()
    try:
        for outcome in outcomes:
            _count(counts, outcome)
            bar.update(1)
            bar.set_postfix_str(_rate(counts["sentences"], time.perf_counter() - started), refresh=False)
    finally:
        outcomes.close()  # on an interrupt: cancel what is queued, stop the workers
        try:
            if (counts["scored"] or counts["failed"] or pruned or not outputs_current(outdir, settings.html)
                    or not missing_marks_current(outdir)):
                with _stops_deferred():
                    sentence_files = rebuild_outputs(outdir)
                    if settings.html or (outdir / INDEX_FILE).exists():  # never left to disagree
                        write_dashboard(outdir)
            else:  # nothing new: the tables on disk already say exactly this
                sentence_files = sorted((outdir / "sentences").glob("*.csv"))
        finally:  # after the tables: a terminal closed under the bar makes writing to it fail
            bar.close()
    if settings.html and settings.no_text:
        _warn_reports_with_text(outdir)
    return BatchResult(outdir, outdir / SUMMARY_FILE, outdir / ERRORS_FILE, sentence_files,
                       counts["scored"], skipped, counts["failed"], counts["sentences"], counts["words"],
                       time.perf_counter() - started, pruned)


#: The signals that stop a batch (see analyzer.cli.stop_signals_interrupt), where they exist.
_STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _stops_deferred() -> Iterator[None]:
    """Let a stop that arrives while the tables are rebuilt take effect just after.

    Stopped halfway, the rebuild's atomic writes leave the old summary.csv, which may then
    lack the files this run scored, until the next run. Rebuilding takes about a second
    per few thousand files, so a stop waits that long. Signals can only be handled in the
    main thread; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in _STOPS}
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        if received:
            signal.raise_signal(received[0])  # now handled as it would have been


def _warn_reports_with_text(outdir: Path) -> None:
    """A --no-text folder is meant to be safe to share: say if earlier reports are not."""
    files = reports_with_text(outdir)
    if files:
        warnings.warn(f"{len(files)} report(s) in {outdir / 'reports'} still hold the sentences, from an earlier "
                      f"run without --no-text (e.g. {files[0]}); delete them, or score into a new folder, before "
                      "sharing it", stacklevel=3)


def staff_model_identity() -> str:
    """The staff-side model's sha256 ("" without one): its labels are part of every result."""
    path = staff_model_path()
    return file_sha256(path) if path.is_file() else ""


def _settings(outdir: Path, model: str | Path | None, spacy_model: str | None,
              input_format: str | None, speakers: Iterable[str], html: bool, no_text: bool,
              single_speaker: bool = False) -> Settings:
    """Resolve options and environment once; identify the model and pipeline for the keys."""
    if input_format is not None:
        input_format = checked_format(input_format)
    model_file = model_path(model).resolve()
    pipeline = spacy_model_name(spacy_model)
    return Settings(str(outdir), str(model_file), pipeline, model_identity(model_file),
                    pipeline_identity(pipeline), input_format, tuple(speakers), html, no_text,
                    single_speaker=single_speaker)


def _make_outdir(outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise InputError("is a file; -o names the folder the results go in", outdir)
    try:
        prepare_outdir(outdir)
    except OSError as exc:
        what = "write in" if outdir.is_dir() else "create"
        raise InputError(f"cannot {what} the output folder ({write_failure(exc, outdir)})", outdir) from None


def _plan(files: list[Path], settings: Settings) -> tuple[list[FileJob], int]:
    """Split the files into jobs still to do and a count of those already done.

    Done means: a successful result with the same key and its sentence table present. A
    previous failure is always retried (the file, or the code, may have been fixed).
    """
    outdir = Path(settings.outdir)
    pending, skipped = [], 0
    for path in files:
        absolute = path.resolve()
        job = FileJob(str(absolute), printable_path(path), result_stem(absolute), settings)
        if _is_done(job, outdir):
            skipped += 1
        else:
            pending.append(job)
    return pending, skipped


def _is_done(job: FileJob, outdir: Path) -> bool:
    result = read_result(result_path(outdir, job.stem))
    if result is None or result.get("status") != "ok" or not sentences_path(outdir, job.stem).is_file():
        return False
    try:
        return result.get("key") == job.settings.key(file_sha256(job.path))
    except (OSError, InputError):
        return False  # unreadable now, or no longer a regular file: let the worker report it


def _run(pending: list[FileJob], jobs: int | None, scheduler: str | None) -> Iterator[Outcome]:
    """Outcomes as files finish, in any order: in-process, on local workers, or on Dask."""
    if scheduler:
        return _on_dask(pending, scheduler, jobs)
    n_jobs = min(_cpu_count() if jobs is None or jobs < 1 else jobs, max(len(pending), 1))
    if n_jobs == 1:
        return score_files(pending)  # one stream over the whole batch
    return _on_loky(pending, n_jobs)


def chunks(pending: list[FileJob], workers: int) -> Iterator[list[FileJob]]:
    """The jobs in runs of consecutive files, each scored as one stream by one worker.

    Runs are short enough that every worker gets about :data:`CHUNKS_PER_WORKER` of them
    (so the last one to finish does not leave the others idle for long) and at most
    :data:`MAX_CHUNK` files (an interrupt loses at most a run per worker).
    """
    size = max(1, min(MAX_CHUNK, -(-len(pending) // (max(workers, 1) * CHUNKS_PER_WORKER))))
    for i in range(0, len(pending), size):
        yield pending[i : i + size]


def _cpu_count() -> int:
    from joblib import cpu_count

    return max(cpu_count(only_physical_cores=False), 1)


def _on_loky(pending: list[FileJob], n_jobs: int) -> Iterator[Outcome]:
    """Local worker processes; each keeps its model and spaCy pipeline across files."""
    from joblib import Parallel, delayed
    from joblib.externals.loky.process_executor import TerminatedWorkerError

    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator_unordered",
                        batch_size=1, pre_dispatch="2*n_jobs")
    me = os.getpid()
    try:
        for outcomes in parallel(delayed(score_chunk_for)(me, chunk) for chunk in chunks(pending, n_jobs)):
            yield from outcomes
    except TerminatedWorkerError:
        raise InputError(WORKER_DIED) from None


def _on_dask(pending: list[FileJob], address: str, jobs: int | None) -> Iterator[Outcome]:
    """The same jobs on a Dask cluster, run by its workers.

    Dask is imported and the scheduler contacted before anything runs, so a missing
    package or a wrong address is one line, not a half-started batch.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError(DASK_MISSING) from None
    try:
        client = Client(address, timeout=f"{DASK_CONNECT_WAIT}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__})") from None
    try:
        if pending:
            check_cluster(client, pending[0])
    except BaseException:
        client.close()
        raise
    return _dask_outcomes(client, pending, jobs)


def check_cluster(client: Any, job: FileJob) -> None:
    """Refuse a cluster that cannot run the analyzer, would score differently from here, or
    cannot see the files.

    Dask's scheduler unpickles every task, so one without the analyzer installed fails
    each submission in its own log while the batch waits forever at 0 files. Workers
    with other code or versions would write results a local run does not reproduce, and
    workers that do not share the output folder would write them where this machine never
    looks. Workers that join after this check are not checked. ``job`` is the batch's first.
    """
    try:
        client.run_on_scheduler(analyzer_code_sha256)
    except Exception as exc:
        raise InputError(f"the Dask scheduler at {client.scheduler.address} cannot load the analyzer's tasks "
                         f"({_reason(exc)}); install coaching-analyzer on the scheduler's machine too") from None
    try:
        client.wait_for_workers(1, timeout=DASK_WORKER_WAIT)
    except TimeoutError:
        raise InputError(f"no Dask worker joined the scheduler at {client.scheduler.address} "
                         f"within {DASK_WORKER_WAIT} s") from None
    here = scoring_environment(job.settings.spacy_model)
    answers = client.run(scoring_environment, job.settings.spacy_model, on_error="return")
    for worker, theirs in sorted(answers.items()):
        if isinstance(theirs, BaseException):
            raise InputError(f"Dask worker {worker} cannot run the analyzer ({_reason(theirs)}); install "
                             "coaching-analyzer and the spaCy pipeline on every worker's machine")
        different = [name for name in here if theirs.get(name) != here[name]]
        if different:
            name = different[0]
            raise InputError(f"Dask worker {worker} would score differently from this machine: its {name} is "
                             f"{theirs.get(name)}, here {here[name]}; install the same versions on every machine")
    with shared_probe(Path(job.settings.outdir)) as (probe, token):
        unseen = client.run(unseen_shared_path, str(probe), token, job.path, on_error="return")
    for worker, what in sorted(unseen.items()):
        if isinstance(what, BaseException) or what:
            missing = f"its check failed ({_reason(what)})" if isinstance(what, BaseException) else (
                f"it does not see {what}")
            raise InputError(f"Dask worker {worker} cannot share this batch's files: {missing}; every worker must "
                             "see the inputs and the output folder at the same paths as this machine "
                             "(a shared file system)")


def _reason(exc: BaseException) -> str:
    """An exception from the cluster as a short reason (its message's first line)."""
    message = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _dask_outcomes(client: Any, pending: list[FileJob], jobs: int | None) -> Iterator[Outcome]:
    """Runs of files submitted to the cluster, a few more at a time than it has threads.

    Submitted with the client itself rather than through joblib's Dask backend: joblib runs
    everything in this process when the cluster has one thread in all, so the cluster the
    user named would sit idle, and it ignores ``--jobs``. Here ``jobs`` caps the runs
    scored at once.
    """
    from dask.distributed import as_completed
    from distributed.scheduler import KilledWorker

    if not pending:
        client.close()
        return
    stop_file = new_stop_file(Path(pending[0].settings.outdir))
    with client:
        threads = sum(client.nthreads().values())
        todo = chunks(pending, jobs if jobs and jobs > 0 else threads)
        queued = as_completed()
        submitted: set[Any] = set()

        def submit(count: int) -> None:
            for chunk in itertools.islice(todo, count):
                future = client.submit(score_chunk, chunk, str(stop_file), pure=False)
                submitted.add(future)
                queued.add(future)

        submit(jobs if jobs and jobs > 0 else 2 * threads)
        try:
            for future in queued:
                submitted.discard(future)
                try:
                    outcomes = future.result()  # a worker's error is raised here, as in a local run
                except KilledWorker:
                    raise InputError(WORKER_DIED) from None
                submit(1)
                yield from outcomes
        finally:
            if submitted:
                _stop_runs(client, submitted, stop_file)


def _stop_runs(client: Any, submitted: set[Any], stop_file: Path) -> None:
    """Stop the runs still on the cluster, and wait until they have.

    Dask cannot interrupt a running task: cancelled, it would go on writing results after
    summary.csv was rebuilt, which would then lack them. So the stop file tells each run to
    stop before its next file (a queued one stops at once), and the batch waits up to
    :data:`DASK_STOP_WAIT` seconds for them before it rebuilds the tables.
    """
    from dask.distributed import wait

    try:
        write_atomic(stop_file, "stop\n")
        wait(list(submitted), timeout=DASK_STOP_WAIT)
    except (InputError, TimeoutError):
        pass  # the stop file could not be written, or a run is stuck: cancel what is left
    finally:
        client.cancel(list(submitted))
        stop_file.unlink(missing_ok=True)


def _count(counts: dict[str, int], outcome: Outcome) -> None:
    if outcome.ok:
        counts["scored"] += 1
        counts["sentences"] += outcome.sentences
        counts["words"] += outcome.words
    else:
        counts["failed"] += 1


def _rate(sentences: int, seconds: float) -> str:
    return f"{sentences / seconds:.0f} sentences/s" if seconds > 0 else ""


def _progress_bar(total: int, done: int, enabled: bool) -> Any:
    """Files done / total with time left, on stderr; sparse updates when not a terminal."""
    from tqdm import tqdm

    interactive = sys.stderr.isatty()
    return tqdm(total=total, initial=done, unit="file", desc="scoring", file=sys.stderr,
                disable=not enabled, mininterval=0.2 if interactive else 30.0, dynamic_ncols=interactive,
                smoothing=0.1, ascii=not interactive or os.name == "nt")
