"""Scoring files in a worker: bad files recorded, faults pinned on the right file, the model checked."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from analyzer import analyze as analyze_module
from analyzer.batch import read_sentences, score
from analyzer.batch import run as batch_run
from analyzer.errors import InputError

from .helpers import BAD, FIXTURES, N_GOOD, output_files, read_csv_rows


def test_bad_files_go_to_errors_csv_and_the_rest_is_scored(reference: Path) -> None:
    errors = {Path(r["file"]).name: r["error"] for r in read_csv_rows(reference / "out" / "errors.csv")}

    assert sorted(errors) == BAD
    assert errors["empty.txt"] == "is empty"
    assert errors["invalid.json"].startswith("is not valid JSON")
    assert "unsupported file type '.mp3'" in errors["recording.mp3"]
    assert errors["memo.docx"].startswith("has no speaker names and no times: nothing says it is a transcript")
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
    assert errors[0]["error"].startswith("internal error ZeroDivisionError at test_work.py:")
    assert "secret" not in errors[0]["error"]


def test_a_fault_no_file_explains_stops_the_batch_instead_of_failing_every_file(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the pipeline broke before reading anything")

    monkeypatch.setattr(analyze_module, "grouped_turn_docs", broken)

    with pytest.raises(RuntimeError, match="before reading anything"):
        score(["in/good"], "out", jobs=1)
    assert read_csv_rows(batch / "out" / "errors.csv") == []


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


def test_a_resumed_batch_with_nothing_to_do_never_loads_spacy(batch: Path) -> None:
    """Resuming a finished cohort should take a second, not the seconds spaCy takes to load."""
    score(["in/good"], "out", jobs=1)
    code = ("import sys; from analyzer.batch import score; r = score(['in/good'], 'out', jobs=1); "
            "print(r.skipped, 'spacy' in sys.modules, 'analyzer.analyze' in sys.modules)")

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(FIXTURES.parents[2]), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=batch, env=env)

    assert done.stdout.split() == [str(N_GOOD), "False", "False"]


def test_a_worker_reports_the_shared_paths_it_does_not_see(tmp_path: Path) -> None:
    from analyzer.batch.work import unseen_shared_path

    probe, transcript = tmp_path / "out" / ".analyzer-cluster-check", tmp_path / "in.vtt"
    probe.parent.mkdir()
    probe.write_text("token", encoding="utf-8")
    transcript.write_text("WEBVTT\n", encoding="utf-8")

    assert unseen_shared_path(str(probe), "token", str(transcript)) == ""
    assert unseen_shared_path(str(probe), "another run's", str(transcript)) == f"the output folder {probe.parent}"
    assert unseen_shared_path(str(tmp_path / "none" / probe.name), "token", str(transcript)) == (
        f"the output folder {tmp_path / 'none'}")
    assert unseen_shared_path(str(probe), "token", str(tmp_path / "gone.vtt")) == (
        f"the input file {tmp_path / 'gone.vtt'}")



def test_a_report_that_cannot_be_drawn_fails_only_its_file(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chart code meeting odd data used to stop the whole batch, leaving the rest unscored."""
    from analyzer.batch import work as batch_work

    real = batch_work._write_report

    def broken_for_zoom(job: Any, analysis: Any) -> Any:
        if Path(job.path).name == "zoom.vtt":
            raise OverflowError("cannot convert float infinity to integer")
        return real(job, analysis)

    monkeypatch.setattr(batch_work, "_write_report", broken_for_zoom)

    result = score(["in/good"], "out", jobs=1)

    assert (result.scored, result.failed) == (N_GOOD - 1, 1)
    errors = read_csv_rows(batch / "out" / "errors.csv")
    assert [row["file"] for row in errors] == ["in/good/zoom.vtt"]
    assert errors[0]["error"].startswith("its report could not be drawn: internal error OverflowError")


def test_the_analysis_runs_on_one_blas_thread_so_jobs_counts_cores(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's multiply would otherwise take every core in each worker: --jobs 1 would use
    two and --jobs 2 would fight over them."""
    seen: list[int] = []
    real = analyze_module.analyze_transcripts

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        return real(*args, **kwargs)

    monkeypatch.setattr(analyze_module, "analyze_transcripts", recording)
    with threadpool_limits(2, user_api="blas"):  # as on a two-core machine, whatever this one has
        assert score(["in/good/meeting.txt"], "out", jobs=1).scored == 1
        assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {2}

    assert seen and set(seen) == {1}


def test_the_analysis_runs_with_the_loaded_objects_frozen_and_restores_the_collector(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full collections would otherwise walk the loaded libraries and model again and again."""
    seen: list[int] = []
    real = analyze_module._label_and_summarize

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(analyze_module, "_label_and_summarize", recording)
    assert score(["in/good/meeting.txt"], "out", jobs=1).scored == 1

    assert seen and min(seen) > 0
    assert gc.get_freeze_count() == 0


def test_single_speaker_scores_a_file_without_names_as_one_speaker(tmp_path: Path) -> None:
    """The memo refused in the reference run is scored with --single-speaker, on purpose."""
    memo = tmp_path / "memo.docx"
    shutil.copy(FIXTURES / "bad" / "memo.docx", memo)
    result = score([str(memo)], tmp_path / "out", jobs=1, html=False, single_speaker=True)
    assert (result.scored, result.failed) == (1, 0)
    rows = read_csv_rows(tmp_path / "out" / "summary.csv")
    assert [r["speaker"] for r in rows] == ["Unknown"]
    assert "no speaker names found" in rows[0]["notes"]


def test_the_hash_recorded_is_of_the_bytes_scored_even_if_the_file_changes_mid_read(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 26: hashed and read in two opens, a file replaced between them was recorded under the
    other version's hash, and reruns kept its stale figures. Now it is read once."""
    import hashlib

    import analyzer.readers

    path = batch / "in" / "good" / "meeting.txt"
    scored = path.read_bytes()
    real = analyzer.readers.read_transcript

    def replaced_meanwhile(*args: Any, **kwargs: Any) -> Any:
        path.write_text("Zed: A different meeting altogether.\n", encoding="utf-8")  # the other version
        return real(*args, **kwargs)

    monkeypatch.setattr(analyzer.readers, "read_transcript", replaced_meanwhile)
    score(["in/good/meeting.txt"], "out", jobs=1, html=False)
    summary = read_csv_rows(batch / "out" / "summary.csv")

    assert {row["content_hash"] for row in summary} == {hashlib.sha256(scored).hexdigest()}
    assert "Zed" not in {row["speaker"] for row in summary}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_on_the_command_line_gets_its_line_in_errors_csv(batch: Path) -> None:
    """It was dropped without a word, against the docstring of ``score``."""
    os.mkfifo(batch / "in" / "pipe.txt")

    result = score(["in/good/meeting.txt", "in/pipe.txt"], "out", jobs=1, html=False)

    assert (result.scored, result.failed) == (1, 1)
    assert read_csv_rows(batch / "out" / "errors.csv") == [
        {"file": "in/pipe.txt", "error": "is a FIFO (named pipe), not a regular file; only files can be read"}]


def test_written_tables_escape_formulas_and_read_sentences_gives_the_text_back(batch: Path) -> None:
    """summary.csv, sentences/*.csv and errors.csv open in Excel: no cell may run as a formula."""
    (batch / "in" / "formulas.csv").write_text(
        'speaker,text\n=Ann,"=HYPERLINK(""http://evil.example"",""x"") is where it is."\n'
        'Bob,"@SUM(A1) is the total."\n',
        encoding="utf-8")
    (batch / "=bad.txt").write_bytes(b"")

    score(["in/formulas.csv", "=bad.txt"], "out", jobs=1, html=False)
    out = batch / "out"
    summary_speakers = {row["speaker"] for row in read_csv_rows(out / "summary.csv")}
    table = next((out / "sentences").glob("*.csv")).read_text(encoding="utf-8-sig")
    errors = read_csv_rows(out / "errors.csv")

    assert summary_speakers == {"'=Ann", "Bob"}
    assert "\n'=Ann," in table or ",'=Ann," in table
    assert "'=HYPERLINK(" in table and "'@SUM(A1)" in table
    assert errors == [{"file": "'=bad.txt", "error": "is empty"}]
    sentences = read_sentences("out")
    assert set(sentences["speaker"]) == {"=Ann", "Bob"}
    assert any(text.startswith("=HYPERLINK(") for text in sentences["text"])
