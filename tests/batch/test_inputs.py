"""Which files a batch scores: folders searched, patterns expanded, the output folder left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.batch import find_transcripts
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
