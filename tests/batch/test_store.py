"""The output folder: results agree with analyze, atomic writes, and tables rebuilt only when stale."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import atomic
from analyzer.analyze import analyze_file
from analyzer.batch import SUMMARY_COLUMNS, read_sentences, score, store
from analyzer.batch.store import atomic_writer, figure_rows, one_run_at_a_time
from analyzer.config import MODEL_ENV
from analyzer.errors import InputError
from analyzer.hashing import file_sha256
from analyzer.model_file import load_model

from .helpers import FIXTURES, N_GOOD, read_csv_rows


def test_summary_and_sentences_match_analyze(reference: Path) -> None:
    """Batch figures are exactly what `analyze --format json` reports, flattened."""
    out, name = reference / "out", "coaching_one_to_one.vtt"
    analysis = analyze_file(reference / "in" / "good" / name, model=load_model(os.environ[MODEL_ENV]))
    expected = [{k: "" if v is None else str(v) for k, v in row.items()}
                for row in figure_rows(analysis.speakers, analysis.notes)]
    got = [{k: v for k, v in row.items() if k not in ("file", "content_hash", "model_hash", "file_missing")}
           for row in read_csv_rows(out / "summary.csv") if row["file"] == f"in/good/{name}"]
    sentences = read_sentences(out)
    mine = sentences[sentences["file"] == f"in/good/{name}"]

    assert got == expected
    assert set(expected[0]) == set(SUMMARY_COLUMNS) - {"file", "content_hash", "model_hash", "file_missing"}
    assert mine["text"].tolist() == analysis.sentences["text"].tolist()
    assert mine["act"].tolist() == analysis.sentences["act"].tolist()
    assert mine["content_hash"].nunique() == 1
    assert {row["model_hash"] for row in read_csv_rows(out / "summary.csv")} == {
        file_sha256(os.environ[MODEL_ENV])}


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
    (out / "reports" / ".x.html.123.tmp").write_text("<p>a sentence</p>", encoding="utf-8")

    result = score(["in/good"], "out", jobs=1)

    assert result.skipped == N_GOOD
    assert not list(out.rglob("*.tmp"))
    assert not (out / "sentences" / "orphan-0000.csv").exists()


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


def test_a_second_run_into_a_folder_in_use_is_refused_and_touches_nothing(batch: Path) -> None:
    """Two runs at once would score files twice and delete each other's temp files mid-write."""
    out = batch / "out"
    out.mkdir()
    in_flight = out / "results" / ".meeting.json.123.tmp"  # the other run's write in progress
    in_flight.parent.mkdir()
    in_flight.write_text("{", encoding="utf-8")

    with one_run_at_a_time(out), pytest.raises(InputError, match=r"another `analyzer score` is writing"):
        score(["in/good"], "out", jobs=1)
    assert in_flight.exists() and not list((out / "results").glob("*.json"))

    assert score(["in/good"], "out", jobs=1).scored == N_GOOD  # free again once the other is done
    assert not in_flight.exists()


def test_a_killed_run_leaves_the_folder_free(batch: Path) -> None:
    out = batch / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from analyzer.batch.store import one_run_at_a_time\n"
         "with one_run_at_a_time(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)", str(out)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(FIXTURES.parents[2])})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match="another `analyzer score`"):
            score(["in/good/meeting.txt"], "out", jobs=1)
    finally:
        holder.kill()  # SIGKILL: no cleanup code runs
        holder.wait()

    assert score(["in/good/meeting.txt"], "out", jobs=1).scored == 1


def test_outputs_get_the_permissions_the_umask_gives_not_owner_only(batch: Path) -> None:
    """Colleagues on a shared server must be able to open a cohort's tables (mkstemp makes 0600)."""
    previous = os.umask(0o027)
    try:
        score(["in/good/meeting.txt"], "out", jobs=1)
    finally:
        os.umask(previous)
    out = batch / "out"
    written = [out / "summary.csv", out / "errors.csv", out / "index.html",
               *(out / "results").iterdir(), *(out / "sentences").iterdir(), *(out / "reports").iterdir()]

    assert len(written) == 6
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == {
        path.name: 0o640 for path in written}


def test_a_full_disk_stops_the_batch_with_one_line_and_keeps_what_was_written(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every later file would fail the same way: stop, keep the finished files, say what to do."""
    real, tables = atomic.create_beside, []

    def full_after_one_table(path: Path, prefix: str, suffix: str) -> tuple[int, Path]:
        if path.parent.name == "sentences":
            tables.append(path)
            if len(tables) > 1:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, prefix, suffix)

    monkeypatch.setattr(atomic, "create_beside", full_after_one_table)

    with pytest.raises(InputError, match=r"\.csv: cannot be written \(No space left on device\); "
                                         r"the files finished before it are saved") as failure:
        score(["in/good"], "out", jobs=1, html=False)

    out = batch / "out"
    assert str(failure.value).startswith(str(tables[1]))
    results = list((out / "results").glob("*.json"))
    assert len(results) == 1  # the first file's, and nothing of the second
    saved = json.loads(results[0].read_text(encoding="utf-8"))["file"]
    assert {row["file"] for row in read_csv_rows(out / "summary.csv")} == {saved}  # rebuilt after the stop
    assert not list(out.rglob("*.tmp"))


def test_a_read_only_output_folder_is_one_line(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(store.FileLock, "acquire", read_only)

    with pytest.raises(InputError, match=r"out: cannot write in the output folder \(Read-only file system\)"):
        score(["in/good"], "out", jobs=1)


def test_an_old_result_that_cannot_be_removed_stops_the_batch_with_one_line(
        batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rescored file's old result goes first; a read-only results/ refuses that."""
    score(["in/good/meeting.txt"], "out", jobs=1, html=False)
    with (batch / "in" / "good" / "meeting.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nAnn: One more thing.\n")
    real_unlink = Path.unlink

    def refused(path: Path, missing_ok: bool = False) -> None:
        if path.parent.name == "results":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)

    with pytest.raises(InputError, match=r"results/meeting_txt-\w+\.json: cannot be written \(Permission denied"):
        score(["in/good/meeting.txt"], "out", jobs=1, html=False)


def test_an_output_path_that_is_a_file_is_one_line_and_left_alone(batch: Path) -> None:
    (batch / "results.csv").write_text("someone's spreadsheet\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"results.csv: is a file; -o names the folder the results go in"):
        score(["in/good"], "results.csv", jobs=1)
    assert (batch / "results.csv").read_text(encoding="utf-8") == "someone's spreadsheet\n"


def test_a_summary_held_open_elsewhere_says_so(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What Windows does when summary.csv is open in Excel: the rename over it is refused."""
    score(["in/good/meeting.txt"], "out", jobs=1, html=False)
    real_replace = os.replace

    def held_open(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "summary.csv":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        real_replace(source, target)

    monkeypatch.setattr(store.os, "replace", held_open)

    with pytest.raises(InputError, match=r"summary.csv: cannot be written \(Permission denied; is it open in another "
                                         r"program, such as Excel\?\); the files finished before it are saved"):
        score(["in/good"], "out", jobs=1, html=False)
    assert len(list((batch / "out" / "results").glob("*.json"))) == N_GOOD  # every file scored and kept


def test_the_dashboard_and_read_sentences_keep_names_that_look_like_numbers(tmp_path: Path) -> None:
    """Speakers "007" and "01" came back from the CSV files as 7 and 1."""
    (tmp_path / "summary.csv").write_text(
        "file,content_hash,speaker,sentences,question_to_advice_ratio,notes\n"
        "in/0042.txt,00ab,007,2,1.5,\nin/0042.txt,00ab,01,2,,1\n", encoding="utf-8")
    (tmp_path / "sentences").mkdir()
    (tmp_path / "sentences" / "t.csv").write_text(
        "file,content_hash,speaker,turn,text,act,style,confidence,start,end\n"
        "in/0042.txt,00ab,007,0,1.,other,neutral,0.9,,\n", encoding="utf-8")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "t.json").write_text(json.dumps(
        {"schema": store.RESULT_SCHEMA, "status": "ok", "file": "in/0042.txt", "sentences_file": "sentences/t.csv"}))

    page = store.write_dashboard(tmp_path).read_text(encoding="utf-8")
    sentences = read_sentences(tmp_path)

    assert 'data-speaker="007"' in page and 'data-speaker="01"' in page and 'data-speaker="7"' not in page
    assert "007 · 0042.txt" in page
    assert sentences.loc[0, ["file", "speaker", "text"]].tolist() == ["in/0042.txt", "007", "1."]


def test_the_dashboard_counts_the_files_that_failed_and_links_errors_csv(tmp_path: Path) -> None:
    """A folder of broken files gave "0 transcripts ... No transcripts to show" and nothing else."""
    (tmp_path / "summary.csv").write_text(",".join(SUMMARY_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "errors.csv").write_text(
        "file,error\nin/a.docx,not a Word file\nin/b.txt,the file is empty\nin/c.mp3,\"audio, not a transcript\"\n",
        encoding="utf-8")

    page = store.write_dashboard(tmp_path).read_text(encoding="utf-8")

    assert '3 files could not be scored; see <a href="errors.csv">errors.csv</a>' in page
    assert "a.docx" not in page and "Word file" not in page  # the count and the link, nothing from the files
    assert 'href="#compare"' not in page  # no chart to compare, so no link to one


def test_the_dashboard_of_a_batch_without_failures_says_nothing_about_them(tmp_path: Path) -> None:
    (tmp_path / "summary.csv").write_text(",".join(SUMMARY_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "errors.csv").write_text("file,error\n", encoding="utf-8")

    assert "could not be scored" not in store.write_dashboard(tmp_path).read_text(encoding="utf-8")


def test_summary_columns_carry_the_role_the_staff_labels_and_the_ownership_figures():
    from analyzer.batch.store import SUMMARY_COLUMNS, figure_rows

    for column in ("role", "solution_ownership", "coaching_loop_share", "staff_commitments_own",
                   "missed_coaching_moments", "staff_talk_share", "own_options", "staff_act_own_option"):
        assert column in SUMMARY_COLUMNS, column
    staff = {"speaker": "Dan", "role": "staff", "staff_acts": {"own_option": 3, "commitment": 1}, "acts": None,
             "styles": {}, "solution_ownership": 0.75, "notes": []}
    row = figure_rows([staff], [])[0]
    assert (row["role"], row["staff_act_own_option"], row["act_advice"], row["solution_ownership"]) == \
        ("staff", 3, None, 0.75)
