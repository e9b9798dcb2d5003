"""Temp files for atomic writes: new, private to this writer, with the umask's permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from analyzer import atomic
from analyzer.atomic import create_beside


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_the_temp_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        fd, temp = create_beside(tmp_path / "summary.csv", ".summary.csv.", ".tmp")
    finally:
        os.umask(previous)
    os.close(fd)

    assert temp.parent == tmp_path and temp.name.startswith(".summary.csv.") and temp.suffix == ".tmp"
    assert stat.S_IMODE(temp.stat().st_mode) == 0o666 & ~umask


def test_an_existing_file_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another run's temp file with the same name stays untouched: a new name is drawn."""
    names = iter(["taken", "free"])
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda n: next(names))
    (tmp_path / ".x.taken.tmp").write_text("another run's", encoding="utf-8")

    fd, temp = create_beside(tmp_path / "x", ".x.", ".tmp")
    os.close(fd)

    assert temp.name == ".x.free.tmp" and temp.read_text(encoding="utf-8") == ""
    assert (tmp_path / ".x.taken.tmp").read_text(encoding="utf-8") == "another run's"


def test_a_folder_full_of_taken_names_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda n: "taken")
    (tmp_path / ".x.taken.tmp").write_text("", encoding="utf-8")

    with pytest.raises(FileExistsError):
        create_beside(tmp_path / "x", ".x.", ".tmp")
