"""What the batch tests share: the fixture batch, and ways to compare and spy on runs.

Every batch runs from a folder holding ``in/`` (copies of tests/fixtures/batch) with
relative inputs, so the ``file`` column is the same in every run and whole output files
can be compared byte for byte.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from analyzer.batch import work as batch_work
from analyzer.reports.data import CSV_ENCODING

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "batch"
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
    with path.open(newline="", encoding=CSV_ENCODING) as fh:  # as the csv module must read them
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
