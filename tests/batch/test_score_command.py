"""The ``analyzer score`` command: exit codes, one-line errors, help, Ctrl-C and SIGTERM."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from analyzer.cli import app

from .helpers import FIXTURES, INPUTS, N_BAD, N_GOOD, count_analyses, read_csv_rows, scored_by


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
    (["in/good", "-o", "out", "--no-html", "--no-text"], "--no-text applies to the HTML reports"),
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


def _running(pid: int) -> bool:
    """Is the process alive (a zombie waiting to be reaped is not)?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


COPIES = 30  # of the good fixtures: enough that a signal lands mid-batch


def _score_until_first_result_then(sig: int, root: Path, to_a_worker: bool = False) -> tuple[int, str, set[int]]:
    """Run `analyzer score --jobs 2` on many files, send ``sig`` once a result is written (to
    the batch, or to the worker that wrote it); return the exit code, stderr and the worker
    pids, having left no process behind."""
    for copy in range(COPIES):
        shutil.copytree(FIXTURES / "good", root / "in" / f"copy{copy:02d}")
    results = root / "out" / "results"
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", "score", "in", "-o", "out", "--jobs", "2",
                             "--no-html"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not (results.is_dir() and any(results.glob("*.json"))):
            assert proc.poll() is None and time.monotonic() < deadline, "the batch never wrote a result"
            time.sleep(0.02)
        if to_a_worker:
            os.kill(next(iter(scored_by(root / "out"))), sig)
        else:
            proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)  # returns once every process holding stderr is gone
        workers = scored_by(root / "out")
        return proc.returncode, stderr, workers
    finally:  # on failure, leave no process behind
        proc.kill()
        for pid in workers or (scored_by(root / "out") if results.is_dir() else ()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process states from /proc")
def test_sigterm_stops_like_ctrl_c_workers_and_all(tmp_path: Path) -> None:
    # What `timeout`, Slurm or `docker stop` do to a batch; Python's default is to die at once,
    # which left summary.csv behind the results and the workers running for minutes.
    code, stderr, workers = _score_until_first_result_then(signal.SIGTERM, tmp_path)

    assert code == 128 + signal.SIGTERM
    assert stderr.splitlines()[-1].startswith("analyzer: error: stopped by SIGTERM; finished files are saved in ")
    done = {json.loads(p.read_text(encoding="utf-8"))["file"] for p in (tmp_path / "out" / "results").glob("*.json")}
    assert 0 < len(done) < COPIES * N_GOOD
    assert {row["file"] for row in read_csv_rows(tmp_path / "out" / "summary.csv")} == done
    assert workers and not [pid for pid in workers if _running(pid)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process states from /proc")
def test_workers_of_a_batch_killed_outright_exit_on_their_own(tmp_path: Path) -> None:
    # kill -9 or the OOM killer: nothing in the batch runs, so the workers must notice themselves
    code, _, workers = _score_until_first_result_then(signal.SIGKILL, tmp_path)

    assert code == -signal.SIGKILL
    assert workers and not [pid for pid in workers if _running(pid)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process states from /proc")
def test_a_worker_killed_under_the_batch_is_one_line_and_the_tables_agree(tmp_path: Path) -> None:
    # What the out-of-memory killer does to one worker: it was "internal error TerminatedWorkerError"
    code, stderr, workers = _score_until_first_result_then(signal.SIGKILL, tmp_path, to_a_worker=True)

    assert code == 2
    assert stderr.splitlines()[-1].startswith("analyzer: error: a worker process died while scoring (killed from "
                                              "outside, most often for lack of memory); the files finished before")
    done = {json.loads(p.read_text(encoding="utf-8"))["file"] for p in (tmp_path / "out" / "results").glob("*.json")}
    assert {row["file"] for row in read_csv_rows(tmp_path / "out" / "summary.csv")} == done
    assert not [pid for pid in workers if _running(pid)]
