"""Which files a batch scores: folders searched, patterns expanded, the output folder left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.batch import find_transcripts, score
from analyzer.errors import InputError


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


def test_a_pattern_matching_only_files_that_are_not_transcripts_says_so(tmp_path: Path) -> None:
    (tmp_path / "call.mp3").write_bytes(b"ID3")
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"matches 2 files or folders but no transcript: transcripts are \.txt"):
        find_transcripts([str(tmp_path / "*")])


def test_a_pattern_matching_only_inside_an_earlier_output_says_they_are_skipped(tmp_path: Path) -> None:
    _fake_output(tmp_path / "out")

    with pytest.raises(InputError, match=r"matches 3 files or folders but no transcript: .* the output folders of "
                                         r"earlier runs are skipped$"):
        find_transcripts([str(tmp_path / "**" / "*.csv")])


def _fake_output(folder: Path, *, old_version: bool = False) -> None:
    """An earlier run's output folder: its sentence tables look like CSV transcripts."""
    (folder / "results").mkdir(parents=True)
    (folder / "sentences").mkdir()
    (folder / "sentences" / "x-1234abcd.csv").write_text("file,speaker,text\na.vtt,Ann,Hi.\n", encoding="utf-8")
    (folder / "summary.csv").write_text("file,speaker\n", encoding="utf-8")
    (folder / "errors.csv").write_text("file,error\n", encoding="utf-8")
    if not old_version:
        (folder / ".analyzer-score.lock").touch()


def test_earlier_output_folders_are_never_read_as_transcripts(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    (rec / "week2").mkdir(parents=True)
    for name in ("a.vtt", "week2/b.csv"):
        (rec / name).write_text("speaker,text\nAnn,Hi.\n", encoding="utf-8")
    _fake_output(rec / "out")
    _fake_output(rec / "week2" / "scored-by-an-older-version", old_version=True)
    (rec / "study" / "results").mkdir(parents=True)  # a summary.csv and results/ of the user's own
    (rec / "study" / "summary.csv").write_text("x\n", encoding="utf-8")
    (rec / "study" / "c.vtt").write_text("WEBVTT\n", encoding="utf-8")

    by_folder = find_transcripts([rec])
    by_pattern = find_transcripts([f"{rec}/**/*.csv", f"{rec}/*"])

    assert [p.relative_to(rec).as_posix() for p in by_folder] == [
        "a.vtt", "study/c.vtt", "study/summary.csv", "week2/b.csv"]
    assert [p.relative_to(rec).as_posix() for p in by_pattern] == [
        "study/summary.csv", "week2/b.csv", "a.vtt", "study/c.vtt"]


def test_naming_an_output_folder_as_input_says_what_it_is(tmp_path: Path) -> None:
    _fake_output(tmp_path / "out")

    with pytest.raises(InputError, match=r"is the output folder of an earlier `analyzer score`"):
        find_transcripts([tmp_path / "out"])


def test_an_input_folder_that_is_the_output_folder_is_refused_before_the_first_run(batch: Path) -> None:
    """`score . -o .` worked once, then the same command could never resume."""
    with pytest.raises(InputError, match=r"in/good: is the output folder, or inside it; give the results a folder"):
        score(["in/good"], "in/good", jobs=1)
    assert not (batch / "in" / "good" / "results").exists()


def test_files_named_one_by_one_inside_an_output_folder_are_skipped(tmp_path: Path) -> None:
    """What a shell hands over for ``rec/**/*.csv``: the last run's tables among the transcripts."""
    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "a.csv").write_text("speaker,text\nAnn,Hi.\n", encoding="utf-8")
    _fake_output(rec / "out")
    _fake_output(rec / "older")
    (rec / "out" / "stray.csv").write_text("speaker,text\nAnn,Hi.\n", encoding="utf-8")
    named = [rec / "a.csv", *sorted((rec / "out").rglob("*.csv")), *sorted((rec / "older").rglob("*.csv"))]

    assert find_transcripts(named, exclude=rec / "out") == [rec / "a.csv"]
    with pytest.raises(InputError, match="no transcripts found"):
        find_transcripts(named[1:], exclude=rec / "out")
