"""Benchmark batch scoring (``analyzer score``) on a generated cohort of transcripts.

Usage:
    python benchmarks/bench_batch.py                      # full: 1,000 transcripts (long)
    python benchmarks/bench_batch.py --small              # quick check that it all works
    python benchmarks/bench_batch.py --files 300 --speed-files 40 --dir /tmp/cohort --json bench.json

The batch: sentences from data/corpus.csv dealt into conversations between a manager and
one to three staff, 2,000 to 9,000 words each, written in turn in every supported format
(plain text, Zoom and Teams WebVTT, SubRip, Otter, JSON turns, WhisperX JSON, CSV, Teams
.docx) with the writers of scripts/make_samples.py. The same seed gives the same files.

Measured, with the target from issue 5:
1. words/s end to end in one process (``--jobs 1 --no-html``, model and pipeline loaded)
   over the first ``--speed-files`` files, next to raw ``nlp.pipe`` over the same turns
   with the same pipeline (``build_nlp()``, which includes the analyzer's own splitter
   component), all on one BLAS thread as a worker runs: ratio >= 0.85. The issue says
   "over the same sentences"; spaCy is fed turns, as the analyzer feeds it, because
   piping each sentence as its own text costs spaCy more per word and would flatter the
   ratio. That reading is still measured and shown beside it, for the record, and judged
   against nothing. So are raw spaCy and the batch with thinc's default BLIS multiply
   (``ANALYZER_MATMUL=blis``; the analyzer multiplies with numpy's BLAS by default, see
   analyzer/nlp.py). Also shown:
   ``analyze_transcripts`` alone over the same, already-read transcripts, which splits
   the gap into analysis and the batch's own reading, hashing and writing; and the same
   with the HTML reports on (the default),
   whose charts are timed per file. Everything here runs with the loaded objects frozen
   out of the garbage collector, as ``score`` runs its analysis
   (``analyzer.analyze.loaded_objects_frozen``);
2. the same files with 2 worker processes (started and warmed first): speed-up >= 1.7x;
3. peak memory (RSS summed over the process tree, sampled every 50 ms) of the command
   ``python -m analyzer score`` over all files vs over the first tenth: ratio <= 1.2;
4. the same full command again, with every file already done: < 5% of the full run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pandas as pd
import psutil
from threadpoolctl import threadpool_info, threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_samples as ms  # noqa: E402  (the sample writers: one per transcript format)

from analyzer.analyze import analyze_transcripts, cached_model, loaded_objects_frozen  # noqa: E402
from analyzer.batch import score  # noqa: E402
from analyzer.batch.work import pipeline_identity  # noqa: E402
from analyzer.config import CORPUS_PATH, MATMUL_ENV, model_path, spacy_model_name  # noqa: E402
from analyzer.nlp import build_nlp  # noqa: E402
from analyzer.readers import read_transcript  # noqa: E402
from analyzer.sentences import BATCH_SIZE, doc_text, grouped_turn_docs, sentences  # noqa: E402

#: (file suffix, writer): every supported format, dealt out in turn.
WRITERS: list[tuple[str, Callable[[ms.Conversation], bytes]]] = [
    ("txt", ms.write_text), ("vtt", ms.write_zoom_vtt), ("teams.vtt", ms.write_teams_vtt),
    ("srt", ms.write_srt), ("otter.txt", ms.write_otter), ("json", ms.write_json),
    ("whisper.json", ms.write_whisper), ("csv", ms.write_csv), ("docx", ms.write_docx),
]
MANAGERS = ("Priya Shah", "Gary Walsh", "Helen Carter", "Marcus Reid", "Aisha Bello", "Tom Becker")
STAFF = ("Daniel Okafor", "Tomasz Nowak", "Jas Sandhu", "Chloe Evans", "Ruth Adeyemi", "Liam Byrne",
         "Mei Chen", "Oliver Grant", "Sofia Rossi", "Kwame Mensah")
#: Acts a member of staff plausibly says (the corpus only labels what managers say).
STAFF_ACTS = ("information", "other", "affirmation")
TARGETS = {"ratio_e2e_to_raw": (">=", 0.85), "speedup_2_workers": (">=", 1.7),
           "memory_ratio": ("<=", 1.2), "resume_percent": ("<", 5.0)}


# --------------------------------------------------------------------------- the batch


def conversation(index: int, seed: int, manager_lines: list[list[str]], staff_lines: list[str]) -> ms.Conversation:
    """One manager and 1-3 staff, 2,000-9,000 words; the manager speaks in corpus order."""
    rng = random.Random(seed * 1_000_003 + index)
    target = rng.randint(2000, 9000)
    manager = rng.choice(MANAGERS)
    staff = rng.sample([s for s in STAFF if s != manager], rng.randint(1, 3))
    script = [line for group in rng.sample(manager_lines, len(manager_lines)) for line in group]
    turns: list[ms.Turn] = []
    words, clock, cursor = 0, 1.2, 0
    while words < target:
        if len(turns) % 2 == 0:
            speaker, n = manager, rng.randint(1, 4)
            sentences = tuple(script[(cursor + k) % len(script)] for k in range(n))
            cursor += n
        else:
            speaker, sentences = rng.choice(staff), tuple(rng.choices(staff_lines, k=rng.randint(1, 4)))
        length = sum(len(s.split()) for s in sentences)
        end = clock + length / 2.6
        turns.append(ms.Turn(speaker, round(clock, 2), round(end, 2), sentences, ("",) * len(sentences)))
        words, clock = words + length, end + 0.4
    return ms.Conversation(f"bench_{index:04d}", manager, tuple(turns))


def generate(folder: Path, n_files: int, seed: int) -> list[Path]:
    """Write the batch into ``folder/part-NN/`` (tenths of the batch); reuse it if already there."""
    params = {"files": n_files, "seed": seed, "corpus_bytes": CORPUS_PATH.stat().st_size, "version": 1}
    stamp = folder.with_name(f"{folder.name}.params.json")  # outside: .json files are transcripts
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == params:
        return sorted(p for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    corpus = pd.read_csv(CORPUS_PATH, keep_default_na=False)
    manager_lines = [g["text"].tolist() for _, g in corpus.groupby("group", sort=True)]
    staff_lines = corpus.loc[corpus["act"].isin(STAFF_ACTS), "text"].tolist()
    chunk = max(n_files // 10, 1)
    paths = []
    for i in range(n_files):
        suffix, write = WRITERS[i % len(WRITERS)]
        path = folder / f"part-{i // chunk:02d}" / f"{i:04d}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(write(conversation(i, seed, manager_lines, staff_lines)))
        paths.append(path)
    stamp.write_text(json.dumps(params), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- measurements


def speed(files: list[Path], work: Path, repeat: int) -> dict[str, Any]:
    """(1) and (2): in-process, with the pipeline, the model and the worker pool warmed up."""
    nlp, model, blis = build_nlp(), cached_model(), build_nlp(numpy_blas=False)
    transcripts = [read_transcript(path) for path in files]
    turns = [u.text for t in transcripts for u in t.utterances]
    words = sum(len(t.split()) for t in turns)
    one_by_one = sentence_texts(transcripts, nlp)
    score(files[:1], work / "warm-1", jobs=1, html=False)
    _fresh_score(files[:1], work / "warm-1-blis", jobs=1, matmul="blis")
    # One core, as `score` runs each worker, and the collector off the loaded objects, as
    # `score` runs the analysis: every side of every ratio runs the same way.
    with threadpool_limits(1, user_api="blas"), loaded_objects_frozen():
        raw, raw_blis, raw_sentences, analysis, one, one_blis, one_html = interleaved_best_of({
            "raw": lambda: sum(1 for _ in nlp.pipe(turns, batch_size=BATCH_SIZE)),
            "raw_blis": lambda: sum(1 for _ in blis.pipe(turns, batch_size=BATCH_SIZE)),
            "raw_sentences": lambda: sum(1 for _ in nlp.pipe(one_by_one, batch_size=BATCH_SIZE)),
            "analysis": lambda: sum(1 for _ in analyze_transcripts(((t, None) for t in transcripts), model, nlp)),
            "one": lambda: _fresh_score(files, work / "jobs-1", jobs=1),
            "one_blis": lambda: _fresh_score(files, work / "jobs-1-blis", jobs=1, matmul="blis"),
            # In the same rounds as the run without reports: timed once, apart, on a shared
            # machine it measured the load as much as the reports (0.41 to 1.0 of it).
            "one_html": lambda: _fresh_score(files, work / "jobs-1-html", jobs=1, html=True),
        }, repeat).values()
    score(files[:4], work / "warm-2", jobs=2, html=False)  # start both workers and load their models
    two = best_of(lambda: _fresh_score(files, work / "jobs-2", jobs=2), repeat)
    same = (work / "jobs-1" / "summary.csv").read_bytes() == (work / "jobs-2" / "summary.csv").read_bytes()
    return {
        "files": len(files), "words": words, "raw_nlp_pipe_words_per_s": round(words / raw),
        "raw_nlp_pipe_with_blis_words_per_s": round(words / raw_blis),
        "e2e_1_job_with_blis_words_per_s": round(words / one_blis),
        "ratio_e2e_with_blis_to_raw_with_blis": round(raw_blis / one_blis, 3),
        "e2e_1_job_words_per_s": round(words / one), "ratio_e2e_to_raw": round(raw / one, 3),
        "raw_nlp_pipe_one_text_per_sentence_words_per_s": round(words / raw_sentences),
        "ratio_e2e_to_raw_one_text_per_sentence": round(raw_sentences / one, 3),
        "analyze_transcripts_words_per_s": round(words / analysis),
        "ratio_analysis_to_raw": round(raw / analysis, 3),
        "batch_overhead_percent": round(100 * (one - analysis) / one, 1),
        "e2e_1_job_with_html_reports_words_per_s": round(words / one_html),
        "html_report_seconds_per_file": round((one_html - one) / len(files), 3),
        "e2e_2_jobs_words_per_s": round(words / two), "speedup_2_workers": round(one / two, 3),
        "same_results_1_and_2_jobs": same,
    }


def sentence_texts(transcripts: list[Any], nlp: Any) -> list[str]:
    """Every sentence the analyzer finds in the transcripts, each as a text of its own."""
    return [doc_text(span.doc)[span.start_char : span.end_char]
            for _, docs in grouped_turn_docs(((t, t.utterances) for t in transcripts), nlp)
            for span in sentences(docs)]


def _fresh_score(files: list[Path], outdir: Path, jobs: int, html: bool = False, matmul: str = "numpy") -> None:
    """Scoring alone (``--no-html``) unless asked: the HTML reports are timed separately.
    ``matmul`` is ``$ANALYZER_MATMUL`` for the run."""
    shutil.rmtree(outdir, ignore_errors=True)
    with mock.patch.dict(os.environ, {MATMUL_ENV: matmul}):
        result = score(files, outdir, jobs=jobs, html=html)
    if result.failed:
        raise SystemExit(f"bench_batch: {result.failed} file(s) failed; see {result.errors}")


def interleaved_best_of(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Fastest of ``repeat`` rounds for each, the rounds interleaved: a slow patch of the
    machine then hits every measurement of a round, not just one side of the ratio."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest of ``repeat`` runs: the machine's noise only ever adds time."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run_command(inputs: list[Path], outdir: Path, jobs: int | None) -> dict[str, float]:
    """Run ``python -m analyzer score`` as users do; wall time and peak RSS of its process tree."""
    cmd = [sys.executable, "-m", "analyzer", "score", *map(str, inputs), "-o", str(outdir)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    log = outdir.with_suffix(".log")
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        peak = PeakRss(proc.pid)
        peak.start()
        code = proc.wait()
        seconds = time.perf_counter() - start
        peak.stop()
    if code != 0:
        raise SystemExit(f"bench_batch: {' '.join(cmd)} exited with {code}; see {log}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak.peak / 2**20, 1)}


class PeakRss(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._done.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def memory_and_resume(folder: Path, work: Path, jobs: int | None) -> dict[str, Any]:
    """(3) and (4): the real command over a tenth and over all of the batch, then again."""
    tenth = run_command([folder / "part-00"], work / "cli-tenth", jobs)
    full = run_command([folder], work / "cli-full", jobs)
    resume = run_command([folder], work / "cli-full", jobs)
    return {
        "tenth": tenth, "full": full, "resume": resume,
        "memory_ratio": round(full["peak_rss_mb"] / tenth["peak_rss_mb"], 3),
        "resume_percent": round(100 * resume["seconds"] / full["seconds"], 2),
    }


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu, "logical_cpus": os.cpu_count(), "physical_cpus": psutil.cpu_count(logical=False),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1), "os": platform.platform(),
        "python": platform.python_version(), "spacy_pipeline": pipeline_identity(spacy_model_name()),
        "model": str(model_path()), "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "numpy_blas": [f"{pool['internal_api']} {pool['version']}" for pool in threadpool_info()
                       if pool["user_api"] == "blas"],
    }


def verdict(name: str, value: float) -> str:
    op, target = TARGETS[name]
    ok = {">=": value >= target, "<=": value <= target, "<": value < target}[op]
    return f"(target {op} {target}: {'PASS' if ok else 'FAIL'})"


def report(result: dict[str, Any]) -> str:
    m, b, s, r = result["machine"], result["batch"], result["speed"], result["memory_resume"]
    return "\n".join([
        f"machine: {m['cpu']}, {m['logical_cpus']} logical / {m['physical_cpus']} physical CPUs, "
        f"{m['ram_gb']} GB RAM, Python {m['python']}, {m['os']}",
        f"         {m['spacy_pipeline']}; load average at start {m['load_average_at_start']}",
        f"batch:   {b['files']} transcripts, {b['words']:,} words, {b['formats']} formats",
        f"(1) one process: {s['e2e_1_job_words_per_s']:,} words/s end to end vs "
        f"{s['raw_nlp_pipe_words_per_s']:,} words/s raw nlp.pipe ({s['files']} files, {s['words']:,} words): "
        f"ratio {s['ratio_e2e_to_raw']} {verdict('ratio_e2e_to_raw', s['ratio_e2e_to_raw'])}",
        f"    of which analyze_transcripts alone (already read, nothing written): "
        f"{s['analyze_transcripts_words_per_s']:,} words/s (ratio {s['ratio_analysis_to_raw']}); "
        f"reading + hashing + writing: {s['batch_overhead_percent']}% of the end-to-end time",
        f"    with thinc's default BLIS multiply instead of numpy's (ANALYZER_MATMUL=blis): "
        f"{s['e2e_1_job_with_blis_words_per_s']:,} words/s end to end vs {s['raw_nlp_pipe_with_blis_words_per_s']:,} "
        f"raw: ratio {s['ratio_e2e_with_blis_to_raw_with_blis']}",
        f"    for the record, raw nlp.pipe with each sentence as its own text (the issue's words; "
        f"not the target's baseline): {s['raw_nlp_pipe_one_text_per_sentence_words_per_s']:,} words/s, "
        f"ratio {s['ratio_e2e_to_raw_one_text_per_sentence']}",
        f"(2) 2 workers: {s['e2e_2_jobs_words_per_s']:,} words/s: speed-up {s['speedup_2_workers']}x "
        f"{verdict('speedup_2_workers', s['speedup_2_workers'])}; identical results: {s['same_results_1_and_2_jobs']}",
        f"(3) peak RSS of `analyzer score`: {r['tenth']['peak_rss_mb']} MB for {b['files'] // 10 or 1} files, "
        f"{r['full']['peak_rss_mb']} MB for {b['files']}: ratio {r['memory_ratio']} "
        f"{verdict('memory_ratio', r['memory_ratio'])}",
        f"(4) resume with every file done: {r['resume']['seconds']} s vs full run {r['full']['seconds']} s: "
        f"{r['resume_percent']}% {verdict('resume_percent', r['resume_percent'])}",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="transcripts in the batch (default 1000)")
    parser.add_argument("--speed-files", type=int, default=100, help="files timed for (1) and (2) (default 100)")
    parser.add_argument("--small", action="store_true", help="quick run: 40 files, 8 timed")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (1) and (2); the fastest counts (default 3)")
    parser.add_argument("--jobs", type=int, help="--jobs for (3) and (4) (default: all cores)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="keep the batch and outputs here (reused if the same)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.small:
        args.files, args.speed_files = 40, 8
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        files = generate(base / "batch", args.files, args.seed)
        work = base / "runs"
        shutil.rmtree(work, ignore_errors=True)
        result = {
            "machine": machine(),
            "batch": {"files": len(files), "formats": len(WRITERS), "seed": args.seed,
                      "words": sum(len(u.text.split()) for p in files for u in read_transcript(p).utterances)},
            "speed": speed(files[: args.speed_files], work, args.repeat),
            "memory_resume": memory_and_resume(base / "batch", work, args.jobs),
        }
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
