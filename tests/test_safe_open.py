"""Reading what the user named: regular files only, one open, capped whatever the size says."""

from __future__ import annotations

import os
import threading

import pytest

from analyzer.errors import InputError
from analyzer.safe_open import read_capped

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "meeting.txt"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_error(fifo)), daemon=True)
    reader.start()
    reader.join(5)

    assert outcome == [f"{fifo}: is a FIFO (named pipe), not a regular file; only files can be read"]


def test_a_symlink_to_dev_zero_is_refused_not_read_until_memory_runs_out(tmp_path):
    link = tmp_path / "meeting.txt"
    link.symlink_to("/dev/zero")

    assert _error(link) == f"{link}: is a character device, not a regular file; only files can be read"


def test_the_read_stops_past_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)

    assert read_capped(path, 101, "too large") == b"x" * 101
    with pytest.raises(InputError, match=r"big.txt: is over 100 bytes, too large"):
        read_capped(path, 100, "too large")


def _error(path) -> str:
    try:
        read_capped(path, 1000, "too large")
    except InputError as exc:
        return str(exc)
    return "read"
