"""Shared fixtures for the reader tests: the fixture transcripts and a file writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from analyzer.readers.encoding import read_text_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts"


@pytest.fixture
def fixture_path() -> Callable[[str], Path]:
    """Return the path of a file in tests/fixtures/transcripts, failing if it is missing."""

    def _path(name: str) -> Path:
        path = FIXTURES / name
        assert path.is_file(), f"missing fixture {name}"
        return path

    return _path


@pytest.fixture
def fixture_text(fixture_path: Callable[[str], Path]) -> Callable[[str], str]:
    """Return the decoded text of a fixture file, as read_transcript would decode it."""
    return lambda name: read_text_file(fixture_path(name))


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to a file in tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write
