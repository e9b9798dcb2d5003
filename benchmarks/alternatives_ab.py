"""An A/B review sheet: the current version's alternatives mixed in blind with an earlier one's.

Usage: python -m benchmarks.alternatives_ab --against 97c3022 --key KEY.csv --sheet OUT.csv

A different reviewer, or the same one on another day, may judge more or less strictly; to tell
a better version from a kinder reviewer, the reviewer judges, mixed in blind with the round's
sheet (``benchmarks/results/alternatives_for_review.csv``), an earlier version's suggestion for
``--n`` of the same sentences. The earlier version is ``analyzer/alternatives.py`` as it was at
``--against``, read with ``git show`` and imported from a temporary file (it needs nothing the
current package lacks). The n sentences are all those whose question changed (up to n), the rest
drawn at random. Rows get neutral ids (q001...), shuffled; the key (id, src_id, version)
is written apart, for whoever reads the filled sheet, never for the reviewer. When both versions
suggest the same question, both rows stay: the reviewer judges each row as it comes.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pandas as pd

from analyzer.config import CONVERSATIONS_DIR
from benchmarks.alternatives import REVIEW_ROUND, REVIEW_SHEET, SEED, held_out


def earlier_module(commit: str) -> ModuleType:
    """``analyzer/alternatives.py`` at ``commit``, imported under a name of its own."""
    source = subprocess.run(["git", "show", f"{commit}:analyzer/alternatives.py"], check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / f"alternatives_{commit}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="the commit of the earlier version")
    parser.add_argument("--label", default=f"round{REVIEW_ROUND - 1}", help="the earlier version's name in the key")
    parser.add_argument("--sheet-in", type=Path, default=REVIEW_SHEET, help="this round's review sheet")
    parser.add_argument("--conversations", type=Path, default=CONVERSATIONS_DIR)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--key", type=Path, required=True)
    parser.add_argument("--sheet", type=Path, required=True)
    args = parser.parse_args()

    current = pd.read_csv(args.sheet_in, dtype=str, keep_default_na=False)
    frame = held_out(args.conversations).set_index("id")
    every = current["id"].tolist()
    old = earlier_module(args.against)
    earlier = dict(zip(every, old.alternatives(frame.loc[every, "text"].tolist(), frame.loc[every, "act"].tolist(),
                                               contexts=frame.loc[every, "context"].tolist()), strict=True))
    now = current.set_index("id")["alternative"]
    random.Random(SEED).shuffle(every)
    # the sentences whose question changed first: a row both versions share tells the two apart
    # not at all; the rest of the n drawn at random
    picked = ([i for i in every if earlier[i].text != now[i]] + [i for i in every if earlier[i].text == now[i]])
    picked = picked[:args.n]
    found = [earlier[i] for i in picked]
    rows = [(i, o, a, f"round{REVIEW_ROUND}") for i, o, a in current[["id", "original", "alternative"]].itertuples(
        index=False)]
    rows += [(i, frame.at[i, "text"], a.text, args.label) for i, a in zip(picked, found, strict=True)]
    random.Random(SEED + 1).shuffle(rows)
    ids = [f"q{n:03d}" for n in range(1, len(rows) + 1)]
    pd.DataFrame({"id": ids, "original": [r[1] for r in rows], "alternative": [r[2] for r in rows]}).to_csv(
        args.sheet, index=False)
    pd.DataFrame({"id": ids, "src_id": [r[0] for r in rows], "version": [r[3] for r in rows]}).to_csv(
        args.key, index=False)
    same = sum(a.text == now[i] for i, a in zip(picked, found, strict=True))
    print(f"{len(rows)} rows ({len(current)} round {REVIEW_ROUND}, {len(picked)} {args.label}; "
          f"{same} of those {len(picked)} suggest the same question) -> {args.sheet}; key -> {args.key}")


if __name__ == "__main__":
    main()
