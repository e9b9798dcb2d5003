"""Batch scoring: mixed formats, bad files, resume after an interrupt, 1 vs 2 jobs vs Dask, CLI.

Every batch here runs from a folder holding ``in/`` (copies of tests/fixtures/batch) with
relative inputs, so the ``file`` column is the same in every run and whole output files
can be compared byte for byte.
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from analyzer import analyze as analyze_module
from analyzer.analyze import analyze_file
from analyzer.batch import SUMMARY_COLUMNS, find_transcripts, read_sentences, score
from analyzer.batch import run as batch_run
from analyzer.batch import work as batch_work
from analyzer.batch.store import atomic_writer, figure_rows
from analyzer.cli import app
from analyzer.config import DEFAULT_MODEL_PATH, MODEL_ENV
from analyzer.errors import InputError
from analyzer.hashing import file_sha256
from analyzer.model_file import card_path, load_model

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "batch"
GOOD = sorted(p.name for p in (FIXTURES / "good").iterdir())
BAD = sorted(p.name for p in (FIXTURES / "bad").iterdir())
#: The inputs as a user would type them: a folder, another folder, and a file that a
#: folder search would skip (wrong type) but that was named explicitly.
INPUTS = ["in/good", "in/bad", "in/bad/recording.mp3"]
N_GOOD, N_BAD = len(GOOD), len(BAD)


def make_batch(root: Path) -> Path:
    """Copy the fixture transcripts to ``root/in`` (tests may change them) and return root."""
    shutil.copytree(FIXTURES / "good", root / "in" / "good")
    shutil.copytree(FIXTURES / "bad", root / "in" / "bad")
    return root


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def output_files(outdir: Path) -> dict[str, bytes]:
    """summary.csv, errors.csv and every sentence table, for comparing runs.

    Sentence tables are keyed by name without the ``-<id8>`` that hashes the input's
    absolute path, so runs over copies of the inputs in different folders compare too.
    """
    files = {name: (outdir / name).read_bytes() for name in ("summary.csv", "errors.csv")}
    for path in sorted((outdir / "sentences").glob("*.csv")):
        files[f"sentences/{path.stem.rsplit('-', 1)[0]}"] = path.read_bytes()
    return files


def count_analyses(monkeypatch: pytest.MonkeyPatch, fail_after: int | None = None) -> list[str]:
    """Record every file whose result the worker writes (scored or failed); optionally
    simulate Ctrl-C instead of writing the result after ``fail_after`` of them."""
    calls: list[str] = []

    def spy(real: Any) -> Any:
        def recorded(job: batch_work.FileJob, *args: Any) -> Any:
            if fail_after is not None and len(calls) >= fail_after:
                raise KeyboardInterrupt
            calls.append(Path(job.path).name)
            return real(job, *args)
        return recorded

    monkeypatch.setattr(batch_work, "_record_success", spy(batch_work._record_success))
    monkeypatch.setattr(batch_work, "_record_failure", spy(batch_work._record_failure))
    return calls


def scored_by(outdir: Path) -> set[int]:
    """The process ids that wrote the results."""
    return {int(json.loads(p.read_text(encoding="utf-8"))["scored_by"].rsplit(":", 1)[1])
            for p in (outdir / "results").glob("*.json")}


def result_mtimes(outdir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (outdir / "results").glob("*.json")}


@pytest.fixture(scope="module", autouse=True)
def pinned_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private copy of the default model, so a retraining elsewhere cannot change results mid-test."""
    folder = tmp_path_factory.mktemp("model")
    for source in (DEFAULT_MODEL_PATH, card_path(DEFAULT_MODEL_PATH)):
        shutil.copy(source, folder / source.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(MODEL_ENV, str(folder / DEFAULT_MODEL_PATH.name))
        yield folder / DEFAULT_MODEL_PATH.name


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One clean single-process run of good + bad files: what every other run must match."""
    root = make_batch(tmp_path_factory.mktemp("reference"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = score(INPUTS, "out", jobs=1)
    assert (result.scored, result.skipped, result.failed) == (N_GOOD, 0, N_BAD)
    yield root


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the inputs in the current directory."""
    monkeypatch.chdir(tmp_path)
    return make_batch(tmp_path)


# ------------------------------------------------------------------------------ inputs


def test_inputs_expand_folders_and_patterns_once_and_skip_the_output(tmp_path: Path) -> None:
    (tmp_path / "a" / "sub" / ".hidden").mkdir(parents=True)
    for name in ("a/x.vtt", "a/sub/y.srt", "a/notes.md", "a/.x.txt", "a/~$z.docx", "a/sub/.hidden/h.txt"):
        (tmp_path / name).write_text("A: hi\n", encoding="utf-8")
    (tmp_path / "a" / "out").mkdir()
    (tmp_path / "a" / "out" / "summary.csv").write_text("file\n", encoding="utf-8")

    found = find_transcripts([tmp_path / "a", f"{tmp_path}/a/**/*.vtt", tmp_path / "a" / "x.vtt"],
                             exclude=tmp_path / "a" / "out")

    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/x.vtt", "a/sub/y.srt"]


@pytest.mark.parametrize(("item", "problem"), [("nowhere.vtt", "no such file or folder"),
                                               ("nowhere/*.vtt", "no file matches this pattern")])
def test_an_input_that_matches_nothing_is_an_error_before_any_work(tmp_path: Path, item: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        find_transcripts([str(tmp_path / item)])


# ------------------------------------------------------------------------------ one batch


def test_mixed_formats_are_scored_in_one_batch(reference: Path) -> None:
    out = reference / "out"
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "results").glob("*.json")]
    formats = {r["format"] for r in results if r["status"] == "ok"}
    summary = pd.read_csv(out / "summary.csv")

    assert formats == {"text", "srt", "otter", "vtt", "csv", "json", "docx"}
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert sorted(Path(f).name for f in summary["file"].unique()) == GOOD
    assert len(list((out / "sentences").glob("*.csv"))) == N_GOOD
    assert summary.loc[summary["file"].str.endswith("no_speakers.txt"), "notes"].str.contains(
        "no speaker names found").all()


def test_summary_and_sentences_match_analyze(reference: Path) -> None:
    """Batch figures are exactly what `analyze --format json` reports, flattened."""
    out, name = reference / "out", "coaching_one_to_one.vtt"
    analysis = analyze_file(reference / "in" / "good" / name, model=load_model(os.environ[MODEL_ENV]))
    expected = [{k: "" if v is None else str(v) for k, v in row.items()}
                for row in figure_rows(analysis.speakers, analysis.notes)]
    got = [{k: v for k, v in row.items() if k not in ("file", "content_hash")}
           for row in read_csv_rows(out / "summary.csv") if row["file"] == f"in/good/{name}"]
    sentences = read_sentences(out)
    mine = sentences[sentences["file"] == f"in/good/{name}"]

    assert got == expected
    assert set(expected[0]) == set(SUMMARY_COLUMNS) - {"file", "content_hash"}
    assert mine["text"].tolist() == analysis.sentences["text"].tolist()
    assert mine["act"].tolist() == analysis.sentences["act"].tolist()
    assert mine["content_hash"].nunique() == 1


def test_bad_files_go_to_errors_csv_and_the_rest_is_scored(reference: Path) -> None:
    errors = {Path(r["file"]).name: r["error"] for r in read_csv_rows(reference / "out" / "errors.csv")}

    assert sorted(errors) == BAD
    assert errors["empty.txt"] == "is empty"
    assert errors["invalid.json"].startswith("is not valid JSON")
    assert "unsupported file type '.mp3'" in errors["recording.mp3"]
    assert all("\n" not in reason and reason for reason in errors.values())


@pytest.mark.parametrize("label_batch", [1, 100_000], ids=["one-file-per-call", "all-files-in-one-call"])
def test_an_exception_inside_the_analysis_fails_only_that_file(
        batch: Path, reference: Path, monkeypatch: pytest.MonkeyPatch, label_batch: int) -> None:
    """The stream breaks without saying which file broke it: the files in flight are then
    scored one by one, so exactly the guilty file is reported and the others are scored."""
    real = analyze_module._label_and_summarize

    def broken_on_otter(waiting: list, *args: Any) -> Any:
        if any(transcript.source.endswith("otter.txt") for transcript, _, _ in waiting):
            raise ZeroDivisionError("Maria said something secret")
        return real(waiting, *args)

    monkeypatch.setattr(analyze_module, "_label_and_summarize", broken_on_otter)
    monkeypatch.setattr(analyze_module, "LABEL_BATCH", label_batch)
    result = score(["in/good"], "out", jobs=1)
    errors = read_csv_rows(batch / "out" / "errors.csv")
    got, expected = output_files(batch / "out"), output_files(reference / "out")

    assert (result.scored, result.failed) == (N_GOOD - 1, 1)
    assert [Path(e["file"]).name for e in errors] == ["otter.txt"]
    assert {k: v for k, v in got.items() if k.startswith("sentences")} == {
        k: v for k, v in expected.items() if k.startswith("sentences") and "otter" not in k}
    assert errors[0]["error"].startswith("internal error ZeroDivisionError at test_batch.py:")
    assert "secret" not in errors[0]["error"]


def test_a_fault_no_file_explains_stops_the_batch_instead_of_failing_every_file(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the pipeline broke before reading anything")

    monkeypatch.setattr(analyze_module, "grouped_turn_docs", broken)

    with pytest.raises(RuntimeError, match="before reading anything"):
        score(["in/good"], "out", jobs=1)
    assert read_csv_rows(batch / "out" / "errors.csv") == []


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


def test_a_killed_run_leaves_no_partial_files_visible(batch: Path) -> None:
    score(["in/good"], "out", jobs=1)
    out = batch / "out"
    target = out / "summary.csv"
    original = target.read_bytes()
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as fh:
        fh.write("file,content_hash\npartial")
        raise KeyboardInterrupt
    assert target.read_bytes() == original
    # What a SIGKILLed worker leaves: a hidden temp file, and a table whose result was not written.
    (out / "results" / ".x.json.123.tmp").write_text("{", encoding="utf-8")
    (out / "sentences" / "orphan-0000.csv").write_text("file\n", encoding="utf-8")

    result = score(["in/good"], "out", jobs=1)

    assert result.skipped == N_GOOD
    assert not list(out.rglob("*.tmp"))
    assert not (out / "sentences" / "orphan-0000.csv").exists()


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


def test_a_model_replaced_during_a_batch_stops_it_instead_of_mislabelling(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers cache the model; one loaded before a retraining must not score under the new key."""
    monkeypatch.setattr(batch_run, "model_identity", lambda path: "the model the parent saw")

    with pytest.raises(InputError, match="model file changed"):
        score(["in/good/meeting.txt"], "out", jobs=1)
    assert not list((batch / "out" / "results").glob("*.json"))


def test_speaker_names_need_only_be_in_some_files(batch: Path) -> None:
    result = score(["in/good/meeting.txt", "in/good/coaching_one_to_one.vtt"], "out", jobs=1,
                   speakers=["Priya Shah", "Maria Lopez"])
    rows = read_csv_rows(batch / "out" / "summary.csv")

    assert result.failed == 0
    assert {(Path(r["file"]).name, r["speaker"]) for r in rows} == {
        ("meeting.txt", "Maria Lopez"), ("coaching_one_to_one.vtt", "Priya Shah")}


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
                                       host="127.0.0.1", dashboard_address=None)
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


# ------------------------------------------------------------------------------ CLI


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["score", *args])


def test_cli_scores_resumes_and_says_where_the_outputs_are(batch: Path) -> None:
    first = invoke(*INPUTS, "-o", "out", "--jobs", "1")
    second = invoke(*INPUTS, "-o", "out", "--jobs", "1")

    assert first.exit_code == 0, first.output
    assert f"scored {N_GOOD}, skipped 0 already done, failed {N_BAD} (see " in first.stderr
    assert "summary.csv" in first.stderr.splitlines()[-1]
    assert f"scored 0, skipped {N_GOOD} already done" in second.stderr
    assert (batch / "out" / "summary.csv").is_file() and (batch / "out" / "errors.csv").is_file()


def test_cli_fails_only_when_every_file_failed(batch: Path) -> None:
    result = invoke("in/bad", "-o", "out", "--jobs", "1")

    assert result.exit_code == 1
    assert len(read_csv_rows(batch / "out" / "errors.csv")) == N_BAD - 1  # .mp3 not searched for


def test_cli_interrupt_keeps_finished_files(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count_analyses(monkeypatch, fail_after=2)

    result = invoke("in/good", "-o", "out", "--jobs", "1")

    assert result.exit_code == 130
    assert "run the same command again" in result.stderr
    assert len(read_csv_rows(batch / "out" / "summary.csv")) == 4  # two files, two speakers each


@pytest.mark.parametrize(("args", "message"), [
    (["missing/", "-o", "out"], "missing/: no such file or folder"),
    (["in/good", "-o", "out", "--scheduler", "tcp://127.0.0.1:9"], 'pip install "coaching-analyzer[cluster]"'),
])
def test_cli_argument_problems_are_one_line(batch: Path, monkeypatch: pytest.MonkeyPatch,
                                            args: list[str], message: str) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if Dask were not installed

    result = invoke(*args)

    assert result.exit_code == 2
    assert result.stderr.startswith("analyzer: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert not list(Path("out").glob("results/*.json"))


def test_cli_help_explains_errors_and_the_shared_file_system() -> None:
    result = CliRunner().invoke(app, ["score", "--help"], env={"COLUMNS": "400", "TERMINAL_WIDTH": "400"})
    text = " ".join(result.output.split())

    assert "errors.csv" in text and "shared file system" in text and "rerun" in text


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


def test_no_text_reports_hold_no_sentence(batch: Path) -> None:
    result = score(INPUTS, "out", jobs=1, no_text=True)
    sentences = read_sentences(result.outdir)
    pages = [p.read_text(encoding="utf-8") for p in (result.outdir / "reports").glob("*.html")]
    assert len(pages) == N_GOOD
    long_sentences = [t for t in sentences["text"] if len(t) > 30]
    assert long_sentences
    assert not any(t in page or html.escape(t) in page for t in long_sentences for page in pages)


def test_a_finished_batch_is_not_rebuilt_but_a_killed_one_is(batch: Path) -> None:
    first = score(["in/good"], "out", jobs=1)
    summary = first.outdir / "summary.csv"
    before = summary.stat().st_mtime_ns
    assert score(["in/good"], "out", jobs=1).skipped == N_GOOD
    assert summary.stat().st_mtime_ns == before  # nothing scored: outputs left as they were
    result = next((first.outdir / "results").glob("*.json"))
    os.utime(result, ns=(before + 10**9, before + 10**9))  # as if a killed run wrote it last
    score(["in/good"], "out", jobs=1)
    assert summary.stat().st_mtime_ns > before


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


def test_a_resumed_batch_with_nothing_to_do_never_loads_spacy(batch: Path) -> None:
    """Resuming a finished cohort should take a second, not the seconds spaCy takes to load."""
    score(["in/good"], "out", jobs=1)
    code = ("import sys; from analyzer.batch import score; r = score(['in/good'], 'out', jobs=1); "
            "print(r.skipped, 'spacy' in sys.modules, 'analyzer.analyze' in sys.modules)")

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(FIXTURES.parents[2]), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=batch, env=env)

    assert done.stdout.split() == [str(N_GOOD), "False", "False"]
