"""Speed of ``analyzer analyze`` against spaCy alone, and wall time for a one-hour meeting.

Usage: python benchmarks/bench_analyze.py [--words 200000] [--runs 5] [--alternatives | --only-alternatives]
       [--json OUT.json]

1. Throughput: a long generated transcript (sentences from data/corpus.csv dealt into
   manager/staff turns) analysed in-process by ``analyze_transcript`` (reader output in,
   figures out), against raw ``nlp.pipe`` over the same turn texts with the very same
   spaCy pipeline, alternating the two. The ratio (median over the pairs of runs) is the
   share of spaCy's speed the analyzer keeps; the target is at least 0.80 (issue 21).
   The same ratio of CPU seconds (``cpu_ratio``) is shown beside it: on a machine other
   work shares, wall time measures the load as much as the code. The load average at the
   start and end is recorded with the machine.
   Both run on one BLAS thread, as a batch worker does, and with the loaded objects
   frozen out of the garbage collector, as the ``analyze`` command and a batch worker
   do. For the record, raw spaCy with thinc's default BLIS multiply (the analyzer loads
   it with numpy's; see analyzer/nlp.py) runs in the same rounds.
2. Start-up included: the median wall time of ``python -m analyzer analyze`` on a
   9,000-word transcript (about one hour of speech), run as a fresh process each time,
   after one warm-up run. The target is under 3 seconds. The command runs as users run
   it (numpy's BLAS may use every core for the multiply) and again with one BLAS thread.
3. Alternatives (``--alternatives``, alone with ``--only-alternatives``): ``analyze_transcript``
   with and without ``alternatives=True`` on the same generated transcript, alternating; the
   second spaCy pipeline (parser + lemmatizer) runs on the directive sentences only. Reports
   both speeds, the slowdown, the seconds per 1,000 directive sentences, and the one-off
   seconds to load the parsing pipeline.
4. Shutdown: a fresh process that loads the model and the pipeline and exits, with and
   without ``gc.freeze()`` before exiting (``analyzer.cli.main`` freezes): the difference
   is the time Python's shutdown spends collecting garbage among the loaded objects.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_info, threadpool_limits

from analyzer.analyze import analyze_transcript, cached_model, loaded_objects_frozen
from analyzer.config import CORPUS_PATH
from analyzer.nlp import build_nlp, pipeline_info
from analyzer.transcript import Transcript, Utterance

SPEAKERS = ("Alex Morgan", "Sam Patel")
#: Thread counts BLAS libraries read at start-up (OpenBLAS, MKL, OpenMP builds).
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def make_turns(n_words: int, seed: int = 0) -> list[Utterance]:
    """Turns of 1-4 corpus sentences, alternating speakers, until ``n_words`` words."""
    rng = random.Random(seed)
    texts = pd.read_csv(CORPUS_PATH, keep_default_na=False)["text"].tolist()
    turns, words, t = [], 0, 0.0
    while words < n_words:
        text = " ".join(rng.choice(texts) for _ in range(rng.randint(1, 4)))
        length = len(text.split())
        turns.append(Utterance(SPEAKERS[len(turns) % 2], text, round(t, 2), round(t + length / 2.5, 2)))
        words, t = words + length, t + length / 2.5 + 0.4
    return turns


def write_text_transcript(turns: list[Utterance], path: Path) -> None:
    path.write_text("".join(f"{u.speaker}: {u.text}\n" for u in turns), encoding="utf-8")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_with_cpu(fn) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds: on a machine shared with other work, the
    CPU time of a one-thread run wanders far less than its wall time."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def throughput(n_words: int, runs: int) -> dict[str, float]:
    """Alternate raw spaCy and full analyzer runs; the ratio is the median of the pairs.

    Pairing each analyzer run with the spaCy run just before it cancels most of the drift
    in machine speed (other processes, CPU frequency) that separate best-of timings suffer.
    """
    turns = make_turns(n_words)
    words = sum(len(u.text.split()) for u in turns)
    nlp, model, blis = build_nlp(), cached_model(), build_nlp(numpy_blas=False)
    transcript = Transcript(turns, source="generated", format="text")
    analyze_transcript(Transcript(turns[:50]), model, nlp)  # warm-up
    pairs, cpu_pairs, blis_times = [], [], []
    with threadpool_limits(1, user_api="blas"), loaded_objects_frozen():  # as `analyze` and `score` run
        for _ in range(runs):
            raw, raw_cpu = timed_with_cpu(lambda: [d for d in nlp.pipe((u.text for u in turns), batch_size=256)])
            full, full_cpu = timed_with_cpu(lambda: analyze_transcript(transcript, model, nlp))
            blis_times.append(timed(lambda: [d for d in blis.pipe((u.text for u in turns), batch_size=256)]))
            pairs.append((raw, full))
            cpu_pairs.append((raw_cpu, full_cpu))
    raw_best, full_best = min(p[0] for p in pairs), min(p[1] for p in pairs)
    return {"words": words, "spacy_words_per_s": round(words / raw_best),
            "spacy_with_blis_words_per_s": round(words / min(blis_times)),
            "analyzer_words_per_s": round(words / full_best),
            "ratio": round(statistics.median(raw / full for raw, full in pairs), 3),
            "ratio_of_pairs": [round(raw / full, 3) for raw, full in pairs],
            "cpu_ratio": round(statistics.median(raw / full for raw, full in cpu_pairs), 3),
            "cpu_ratio_of_pairs": [round(raw / full, 3) for raw, full in cpu_pairs]}


def alternatives_cost(n_words: int, runs: int) -> dict[str, float]:
    """What ``--alternatives`` adds: the directive sentences parsed a second time, and the frames."""
    from analyzer.alternatives import DIRECTIVE_ACTS, parser_nlp

    turns = make_turns(n_words, seed=2)
    words = sum(len(u.text.split()) for u in turns)
    nlp, model = build_nlp(), cached_model()
    transcript = Transcript(turns, source="generated", format="text")
    load_s = timed(parser_nlp)
    analyze_transcript(Transcript(turns[:50]), model, nlp, alternatives=True)  # warm-up
    pairs = []
    with threadpool_limits(1, user_api="blas"), loaded_objects_frozen():
        for _ in range(runs):
            plain = timed(lambda: analyze_transcript(transcript, model, nlp))
            with_alt = timed(lambda: analyze_transcript(transcript, model, nlp, alternatives=True))
            pairs.append((plain, with_alt))
    table = analyze_transcript(transcript, model, nlp).sentences
    directive = int(table["act"].isin(DIRECTIVE_ACTS).sum())
    plain_s, alt_s = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    return {"words": words, "sentences": len(table), "directive_sentences": directive,
            "words_per_s": round(words / plain_s), "with_alternatives_words_per_s": round(words / alt_s),
            "slowdown": round(alt_s / plain_s, 3),
            "extra_s_per_1000_directive": round((alt_s - plain_s) / directive * 1000, 3),
            "parser_load_s": round(load_s, 3)}


def one_hour(runs: int) -> dict[str, float]:
    turns = make_turns(9000, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one_hour_meeting.txt"
        write_text_transcript(turns, path)
        cmd = [sys.executable, "-m", "analyzer", "analyze", str(path), "--format", "json"]
        subprocess.run(cmd, check=True, capture_output=True)  # warm-up: fills the verified-model cache
        one_thread = {**os.environ, **dict.fromkeys(BLAS_THREAD_VARIABLES, "1")}
        times, times_one_thread = [], []
        for _ in range(runs):
            times.append(timed(lambda: subprocess.run(cmd, check=True, capture_output=True)))
            times_one_thread.append(timed(lambda: subprocess.run(cmd, check=True, capture_output=True,
                                                                 env=one_thread)))
    return {"words": sum(len(u.text.split()) for u in turns), "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3), "one_blas_thread_median_s": round(statistics.median(times_one_thread), 3)}


#: A fresh process that loads what ``analyze`` loads and exits; with ``gc.freeze()`` at the
#: end, as ``analyzer.cli.main`` does, or without.
LOAD_AND_EXIT = "from analyzer.analyze import cached_model; from analyzer.nlp import build_nlp; " \
                "cached_model(); build_nlp()"


def shutdown(runs: int) -> dict[str, float]:
    """What freezing at exit saves: a process that only loads, exiting with and without it."""
    plain = [sys.executable, "-c", LOAD_AND_EXIT]
    frozen = [sys.executable, "-c", LOAD_AND_EXIT + "; import gc; gc.freeze()"]
    times: dict[str, list[float]] = {"plain": [], "frozen": []}
    for _ in range(runs):
        for name, cmd in (("plain", plain), ("frozen", frozen)):
            times[name].append(timed(lambda cmd=cmd: subprocess.run(cmd, check=True, capture_output=True)))
    plain_s, frozen_s = statistics.median(times["plain"]), statistics.median(times["frozen"])
    return {"load_and_exit_median_s": round(plain_s, 3), "load_and_exit_frozen_median_s": round(frozen_s, 3),
            "saved_s": round(plain_s - frozen_s, 3)}


def machine() -> dict[str, object]:
    blas = [f"{pool['internal_api']} {pool['version']} ({pool['num_threads']} threads)"
            for pool in threadpool_info() if pool["user_api"] == "blas"]
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "processor": platform.processor()
            or platform.machine(), "spacy_pipeline": pipeline_info(build_nlp()), "numpy_blas": blas,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="size of the throughput transcript")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--alternatives", action="store_true", help="also time analyze with --alternatives")
    parser.add_argument("--only-alternatives", action="store_true", help="time only that")
    args = parser.parse_args()
    if args.only_alternatives:
        result = {"machine": machine(), "alternatives": alternatives_cost(args.words, args.runs)}
    else:
        result = {"machine": machine(), "throughput": throughput(args.words, args.runs),
                  "one_hour": one_hour(args.runs), "shutdown": shutdown(args.runs)}
        if args.alternatives:
            result["alternatives"] = alternatives_cost(args.words, args.runs)
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]  # how shared the machine was
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
