"""Where an in-process analysis spends its time after spaCy, step by step, in CPU seconds.

Usage: python -m benchmarks.profile_analyze [--words 100000] [--runs 5]

spaCy runs once over a generated transcript (``bench_analyze.make_turns``); then the
analyzer's own work on its Docs (finding the sentences, both models, the rows and the
figures: ``analyze._label_and_summarize``) runs ``--runs`` times, and the fastest run is
shown with the CPU time of each step inside it, beside spaCy's. CPU seconds of this
process, not wall seconds: on a machine shared with other work they wander far less.
Steps nest (the staff model's transform is inside "staff model"), so they do not add up.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from threadpoolctl import threadpool_limits

from analyzer import analyze, context, features, figures, model_file, predict, staff
from analyzer.analyze import cached_model, loaded_objects_frozen
from analyzer.nlp import build_nlp
from analyzer.sentences import grouped_turn_docs, sentences
from analyzer.transcript import Transcript
from benchmarks.bench_analyze import make_turns

#: (where the function is looked up, its name, other modules that imported it by name, label)
STEPS = (
    (features, "feature_table", (predict, staff), "feature table (tokens, cues, shape)"),
    (context, "group_contexts", (predict,), "context strings (both passes)"),
    (model_file.Model, "transform", (), "classifier input matrix (both models)"),
    (model_file.Model, "with_contexts", (), "second pass: context block swapped"),
    (model_file.Model, "predict_matrix", (), "logistic regressions"),
    (staff, "label_staff_spans", (analyze,), "staff model, in all"),
    (predict, "sentence_rows", (analyze,), "sentence rows"),
    (figures, "conversation_figures", (analyze,), "conversation figures"),
    (figures, "summarize_rows", (analyze,), "per-speaker figures"),
)


def _timed(owner: Any, name: str, also: tuple[Any, ...], spent: Counter, label: str) -> None:
    """Replace ``owner.name`` (and the copies imported elsewhere) by a wrapper adding its CPU time."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    for where in (owner, *also):
        setattr(where, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    turns = make_turns(args.words)
    nlp, model, staff_model = build_nlp(), cached_model(), staff.cached_staff_model()
    transcript = Transcript(turns, source="generated", format="text")
    list(analyze._with_roles([(transcript, None)]))  # roles guessed once, as the analysis does
    spent: Counter = Counter()
    for owner, name, also, label in STEPS:
        _timed(owner, name, also, spent, label)
    runs = []
    with threadpool_limits(1, user_api="blas"), loaded_objects_frozen():
        start = time.process_time()
        docs = next(grouped_turn_docs([(0, turns)], nlp))[1]
        spacy_s = time.process_time() - start
        for _ in range(args.runs):
            spent.clear()
            start = time.process_time()
            spans = list(sentences(docs))
            list(analyze._label_and_summarize([(transcript, None, spans)], model, False, staff_model))
            runs.append((time.process_time() - start, dict(spent)))
    total, steps = min(runs, key=lambda run: run[0])
    words = sum(len(u.text.split()) for u in turns)
    print(f"{words:,} words, {len(spans):,} sentences; CPU seconds, fastest of {args.runs} runs")
    print(f"  spaCy (tagger, senter, splitter), once          {spacy_s:7.3f}")
    print(f"  the analyzer's own work after spaCy              {total:7.3f}  ({total / spacy_s:.3f} of spaCy's)")
    for label, seconds in sorted(steps.items(), key=lambda item: -item[1]):
        print(f"    {label:46s} {seconds:7.3f}")


if __name__ == "__main__":
    main()
