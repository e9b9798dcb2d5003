"""Write failures explained in words a user can act on."""

import errno
import os

from analyzer.errors import write_failure


def test_a_file_where_a_folder_should_be_is_named(tmp_path):
    (tmp_path / "two.csv").write_text("x")
    target = tmp_path / "two.csv" / "sub" / "model.skops"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        assert write_failure(exc, target) == f"{tmp_path / 'two.csv'} is a file, not a folder"
    else:
        raise AssertionError("mkdir under a file succeeded")


def test_other_failures_keep_the_system_reason(tmp_path):
    exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert write_failure(exc, tmp_path / "out.csv") == os.strerror(errno.ENOSPC)


def test_a_folder_that_refuses_a_write_is_not_blamed_on_excel(tmp_path):
    exc = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    assert write_failure(exc, tmp_path) == os.strerror(errno.EACCES)
    (tmp_path / "out.csv").write_text("x")
    assert "open in another program" in write_failure(exc, tmp_path / "out.csv")
