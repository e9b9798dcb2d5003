"""The suite's own set-up (tests/conftest.py): what keeps it fast without changing a check."""

from __future__ import annotations

import os

from threadpoolctl import threadpool_info


def test_tests_and_the_processes_they_start_use_one_blas_thread() -> None:
    """A second BLAS thread spin-waited on a busy two-core machine: the small training in
    tests/test_train.py took 104 s with it and 18 s without (issue 25, docs/testing.md)."""
    assert os.environ["OPENBLAS_NUM_THREADS"] == os.environ["OMP_NUM_THREADS"] == "1"
    import numpy  # noqa: F401  (loads OpenBLAS, if it is not loaded yet)

    assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {1}
