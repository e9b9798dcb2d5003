"""Where a single-process batch spends its time: each step's share of ``score(..., jobs=1)``.

Usage:
    python benchmarks/profile_batch.py                          # 100 files of bench_batch's cohort
    python benchmarks/profile_batch.py --dir /tmp/bench_full --files 100

A diagnostic for issue 5's single-process target, not a target itself. The steps the batch
adds to spaCy are timed by wrapping the functions that do them; what is left is spaCy
(with the analyzer's boundary splitter, which the raw baseline runs too) and the glue
between the steps. Each wrapper adds about a microsecond per call, so the steps' shares
are slightly over-estimated. The batch is bench_batch.py's (same generator, same seed), and
its first ``--files`` files are the ones bench_batch times.

It also times Python's garbage collector (``gc.callbacks``) in that run, where ``score``
keeps the collector off the loaded libraries and model
(``analyzer.analyze.loaded_objects_frozen``), and in a second run without that.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import generate

import analyzer.analyze as analyze_module
import analyzer.predict as predict_module
from analyzer.batch import score
from analyzer.batch import work as work_module
from analyzer.model_file import Model

#: (module or class, function name, what the step is), in the order of the data flow.
STEPS: list[tuple[Any, str, str]] = [
    (work_module, "_read", "reading and hashing the files"),
    (analyze_module, "sentences", "collecting the sentences"),
    (predict_module, "feature_table", "the classifier's features"),
    (Model, "predict", "the classifier"),
    (analyze_module, "label_spans", "labelling in all (the two above and storing labels on the spans)"),
    (analyze_module, "sentence_rows", "the per-sentence rows"),
    (analyze_module, "summarize_rows", "the per-speaker figures"),
    (work_module, "_record_success", "writing the sentence table and the result"),
]
#: Steps timed inside another step (their time is already in it).
NESTED = {"feature_table", "predict"}


def timed(seconds: dict[str, float], name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` adding its run time to ``seconds[name]``; a generator is timed as it is consumed."""

    @functools.wraps(func)
    def plain(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            seconds[name] += time.perf_counter() - start

    @functools.wraps(func)
    def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = func(*args, **kwargs)
        while True:
            start = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                seconds[name] += time.perf_counter() - start
            yield item

    return generator if name == "sentences" else plain


@contextlib.contextmanager
def collector_timed(seconds: dict[str, float]) -> Iterator[None]:
    """Add the time of every garbage collection in the block to ``seconds["collector"]``."""
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            seconds["collector"] += time.perf_counter() - started[0]

    gc.callbacks.append(callback)
    try:
        yield
    finally:
        gc.callbacks.remove(callback)


def profile(files: list[Path], work: Path) -> tuple[float, int, dict[str, float]]:
    """Run the batch once warm, once timed; return seconds, words and seconds per step."""
    score(files[:2], work / "warm", jobs=1, html=False)  # load the model and the pipeline
    seconds: dict[str, float] = collections.defaultdict(float)
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in STEPS]
    for owner, name, func in originals:
        setattr(owner, name, timed(seconds, name, func))
    try:
        with collector_timed(seconds):
            start = time.perf_counter()
            result = score(files, work / "timed", jobs=1, html=False)
            total = time.perf_counter() - start
    finally:
        for owner, name, func in originals:
            setattr(owner, name, func)
    return total, result.words, seconds


def unfrozen(files: list[Path], work: Path) -> tuple[float, float]:
    """The same batch with the collector walking the loaded objects too: seconds, collector seconds."""
    seconds: dict[str, float] = collections.defaultdict(float)
    with mock.patch.object(analyze_module, "loaded_objects_frozen", contextlib.nullcontext), \
            collector_timed(seconds):
        start = time.perf_counter()
        score(files, work / "unfrozen", jobs=1, html=False)
        return time.perf_counter() - start, seconds["collector"]


def report(total: float, words: int, seconds: dict[str, float], unfrozen_total: float, unfrozen_gc: float) -> str:
    lines = [f"{words:,} words in {total:.2f} s: {words / total:,.0f} words/s end to end, one process", ""]
    for _, name, what in STEPS:
        indent = "    " if name in NESTED else ""
        lines.append(f"{indent}{seconds[name]:7.2f} s {seconds[name] / total:6.1%}  {what}")
    rest = total - sum(v for k, v in seconds.items() if k not in NESTED and k != "collector")
    lines.append(f"{rest:7.2f} s {rest / total:6.1%}  the rest: spaCy with the boundary splitter, and the glue")
    lines += ["", "Garbage collection, inside the steps above:",
              f"{seconds['collector']:7.2f} s {seconds['collector'] / total:6.1%}  with the loaded objects frozen, "
              "as score runs",
              f"{unfrozen_gc:7.2f} s {unfrozen_gc / unfrozen_total:6.1%}  without the freeze "
              f"(that run: {words / unfrozen_total:,.0f} words/s)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100, help="files of the cohort to score (default 100)")
    parser.add_argument("--cohort", type=int, default=1000, help="files in the generated cohort (default 1000, "
                        "as bench_batch; the first --files are scored)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="where bench_batch keeps the cohort (reused if the same)")
    args = parser.parse_args(argv)
    base = args.dir or Path(tempfile.mkdtemp(prefix="profile_batch_"))
    work = Path(tempfile.mkdtemp(prefix="profile_batch_runs_"))
    try:
        files = generate(base / "batch", args.cohort, args.seed)[: args.files]
        print(report(*profile(files, work), *unfrozen(files, work)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
