"""How well sentences are split in speech with no punctuation: boundary precision, recall, F1.

Usage: python -m benchmarks.segmentation [--conversations DIR | --stand-in] [--ami-dev CSV]
                                         [--samples] [--time] [--json OUT.json]

Each gold turn's sentences, in recogniser style (lower case, no punctuation), are joined
into one text and run through the analyzer's spaCy pipeline (its sentence recogniser and
the unpunctuated-speech splitter). A predicted sentence start counts as right when a gold
sentence starts at the same word. Sets (built by ``analyzer.gold_turns``):

- ``held_out``: recogniser-style turns of the held-out whole conversations (test split by
  ``analyzer.splits.conversation_split``) from ``--conversations`` (default data/conversations);
  when it has none, or with ``--stand-in``, the stand-in: the corpus's test groups dealt
  into pseudo-turns of 1-4 sentences.
- ``ami_dev``: AMI dev turns (consecutive acts of one speaker, AMI's act boundaries as
  gold), from ``../shared/dev/ami_dev.csv``; skipped when that file is absent. Measuring
  only: the splitter is never trained or tuned on it. AMI Meeting Corpus, CC BY 4.0,
  Carletta et al. (2005).
- ``samples`` (with ``--samples``): the bundled sample transcripts' gold tables.

``--time`` also times the splitter alone on an unpunctuated one-hour transcript.
:func:`segmentation_results` is what the one evaluation script calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from analyzer.config import CONVERSATIONS_DIR, CORPUS_PATH, PROJECT_DIR, SAMPLES_DIR
from analyzer.gold_turns import Turn, ami_turns, boundary_offsets, conversation_turns, corpus_turns, gold_sample_turns
from analyzer.nlp import build_nlp
from analyzer.segment import SPLITTER_COMPONENT

AMI_DEV_PATH = PROJECT_DIR.parent / "shared" / "dev" / "ami_dev.csv"


def predicted_offsets(doc: Doc) -> set[int]:
    """Word offsets where the pipeline started a sentence (the first word not counted)."""
    text = doc.text
    return {len(text[: s.start_char].split()) for s in list(doc.sents)[1:]}


def score_turns(nlp: Language, turns: list[Turn]) -> dict[str, float]:
    """Boundary precision, recall and F1 of ``nlp`` on gold turns, micro-averaged over boundaries."""
    tp = fp = fn = 0
    for turn, doc in zip(turns, nlp.pipe([" ".join(t) for t in turns], batch_size=256), strict=True):
        found, want = predicted_offsets(doc), boundary_offsets(turn)
        tp, fp, fn = tp + len(found & want), fp + len(found - want), fn + len(want - found)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"precision": precision, "recall": recall, "f1": f1, "boundaries": tp + fn, "turns": len(turns)}


def held_out_turns(
    conversations: str | Path | None = CONVERSATIONS_DIR, corpus: str | Path = CORPUS_PATH
) -> tuple[str, list[Turn]]:
    """The held-out set: test-split conversations when given and present, else the corpus stand-in."""
    if conversations is not None and Path(conversations).exists():
        turns = conversation_turns(conversations, "test")
        if turns:
            folder = Path(conversations).resolve()
            shown = folder.relative_to(PROJECT_DIR) if folder.is_relative_to(PROJECT_DIR) else folder.name
            return f"held-out conversations in {shown}", turns
    return "corpus test groups as pseudo-turns of 1-4 sentences (stand-in)", corpus_turns(corpus, "test")


def segmentation_results(
    nlp: Language | None = None,
    *,
    conversations: str | Path | None = CONVERSATIONS_DIR,
    ami_dev: str | Path | None = AMI_DEV_PATH,
    samples: bool = False,
) -> dict[str, dict]:
    """Scores per set, each with a ``source`` saying what was measured. AMI is left out when absent."""
    nlp = nlp or build_nlp()
    source, turns = held_out_turns(conversations)
    results = {"held_out": {"source": source, **score_turns(nlp, turns)}}
    if ami_dev is not None and Path(ami_dev).is_file():
        results["ami_dev"] = {
            "source": f"{Path(ami_dev).name}: consecutive acts of one speaker (AMI, CC BY 4.0)",
            **score_turns(nlp, ami_turns(ami_dev)),
        }
    if samples:
        paths = sorted((SAMPLES_DIR / "gold").glob("*.csv"))
        results["samples"] = {"source": "data/samples/gold", **score_turns(nlp, gold_sample_turns(paths))}
    return results


def splitter_seconds(nlp: Language, words: int = 9_000, runs: int = 3) -> dict[str, float]:
    """Time of the splitter alone on an unpunctuated transcript of ``words`` words (one hour ~ 9,000).

    The turns are corpus sentences in recogniser style, 1-4 per turn. The other
    components run once first; the splitter is then timed on copies of their output, so
    the figure is its own cost (best of ``runs``), beside the time of the rest of the pipeline.
    """
    turns, total = [], 0
    pool = [s for t in corpus_turns(CORPUS_PATH, "train") for s in t]
    k = 0
    while total < words:
        turn = pool[k % len(pool) : k % len(pool) + 1 + k % 4]
        turns.append(" ".join(turn))
        total, k = total + sum(len(s.split()) for s in turn), k + 1 + k % 4
    splitter = nlp.get_pipe(SPLITTER_COMPONENT)
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=[SPLITTER_COMPONENT]):
        docs = list(nlp.pipe(turns, batch_size=256))
    rest = time.perf_counter() - t0
    best = float("inf")
    for _ in range(runs):
        copies = [Doc(d.vocab).from_bytes(d.to_bytes()) for d in docs]
        t0 = time.perf_counter()
        for _ in splitter.pipe(copies):
            pass
        best = min(best, time.perf_counter() - t0)
    return {"words": total, "turns": len(turns), "splitter_seconds": best, "other_components_seconds": rest}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", default=str(CONVERSATIONS_DIR),
                        help="whole labelled conversations, their test split used (default data/conversations;"
                        " the corpus stand-in when it has none)")
    parser.add_argument("--stand-in", action="store_true", help="the corpus stand-in even with conversations")
    parser.add_argument("--ami-dev", default=str(AMI_DEV_PATH), help="AMI dev table (skipped when absent)")
    parser.add_argument("--samples", action="store_true", help="also the bundled samples' gold tables")
    parser.add_argument("--time", action="store_true", help="also time the splitter on a one-hour transcript")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args(argv)
    nlp = build_nlp()
    conversations = None if args.stand_in else args.conversations
    results = segmentation_results(nlp, conversations=conversations, ami_dev=args.ami_dev, samples=args.samples)
    for name, r in results.items():
        print(f"{name}: precision {r['precision']:.3f}, recall {r['recall']:.3f}, F1 {r['f1']:.3f} "
              f"over {r['boundaries']} gold boundaries in {r['turns']} turns ({r['source']})")
    if args.time:
        results["timing"] = splitter_seconds(nlp)
        t = results["timing"]
        print(f"splitter on an unpunctuated {t['words']}-word transcript: {t['splitter_seconds']:.3f} s "
              f"(the other components: {t['other_components_seconds']:.2f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
