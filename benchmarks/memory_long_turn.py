"""Peak memory of ``analyzer analyze`` on one turn of 1 MB, the longest the readers allow.

Usage: python benchmarks/memory_long_turn.py [--chars 1000000] [--json OUT.json]

Issue 26 measured 3.4 GB for one such turn: spaCy tags a Doc whole, and its activations
grow with the Doc. The turn is built from the sample transcripts' own sentences, repeated
without line breaks, so it is one speaker's single turn, punctuated as real speech is. It
is analysed by a fresh ``python -m analyzer analyze`` process (the user's path: read,
split, label, figures, JSON written), whose peak resident memory (``ru_maxrss`` of the
child) is reported, beside the same process on the small sample for the fixed cost.
The target is under 1.5 GB. Measured on the 2-core CI machine: 3,725 MB before long turns
went through spaCy in pieces, 788 MB after (results/memory_long_turn.json).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "coaching_one_to_one.vtt"
TARGET_MB = 1500


def long_turn(chars: int) -> str:
    """``Ann: `` and one turn of about ``chars`` characters of the samples' speech."""
    speech = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if "-->" in line or not line.strip() or line.startswith("WEBVTT") or line.strip().isdigit():
            continue
        speech.append(re.sub(r"^<v [^>]*>|</v>$|^[^:]{1,40}:\s", "", line.strip()))
    text = " ".join(speech)
    body = (text + " ") * (chars // (len(text) + 1) + 1)
    return "Ann: " + body[: chars - 5].rstrip() + "\n"


def peak_mb(transcript: Path) -> tuple[float, float]:
    """Peak RSS (MB) and wall time of one fresh ``analyze`` process on ``transcript``."""
    code = ("import resource, subprocess, sys, json\n"
            "p = subprocess.run([sys.executable, '-m', 'analyzer', 'analyze', sys.argv[1], '--format', 'json', "
            "'-o', sys.argv[2]], capture_output=True, text=True)\n"
            "print(json.dumps({'rc': p.returncode, 'err': p.stderr[-300:], "
            "'kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, str(transcript), str(Path(tmp) / "out.json")],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        seconds = time.perf_counter() - start
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"analyze failed: {result['err']}")
    return result["kb"] / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        turn = Path(tmp) / "one_long_turn.txt"
        turn.write_text(long_turn(args.chars), encoding="utf-8")
        small_mb, small_s = peak_mb(SAMPLE)
        long_mb, long_s = peak_mb(turn)
    result = {"turn_chars": args.chars, "peak_mb_long_turn": round(long_mb), "seconds_long_turn": round(long_s, 1),
              "peak_mb_sample": round(small_mb), "seconds_sample": round(small_s, 1), "target_mb": TARGET_MB,
              "met": long_mb < TARGET_MB}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
