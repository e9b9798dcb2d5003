"""Rebuild the AMI act table (ami_train.csv and its kin) from the official AMI annotation download.

Usage: python scripts/ami_to_csv.py AMI_DIR OUT.csv [--split train|dev|test|all] [--meeting ES2002a ...]

AMI_DIR is the unpacked manual annotations (release 1.6.2 layout: dialogueActs/, words/,
ontologies/da-types.xml, corpusResources/meetings.xml). ``--split train`` (the default)
gives the table the model may learn from; see docs/ami.md for the rules and the credit.
AMI Meeting Corpus, (c) University of Edinburgh and the AMI consortium, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analyzer.corpora.ami import SPLITS, convert
from analyzer.errors import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ami_dir", type=Path, help="the unpacked AMI manual annotations")
    parser.add_argument("out", type=Path, help="the CSV to write")
    parser.add_argument("--split", default="train", choices=[*SPLITS, "all"],
                        help="the official split to convert (meetings.xml); default train")
    parser.add_argument("--meeting", nargs="*", help="only these meetings (e.g. ES2002a)")
    args = parser.parse_args(argv)
    try:
        table = convert(args.ami_dir, args.split, args.meeting)
    except InputError as exc:
        print(f"ami_to_csv: {exc}", file=sys.stderr)
        return 1
    if table.empty:
        print(f"ami_to_csv: no {args.split} meeting with dialogue acts under {args.ami_dir}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    print(f"{len(table)} acts of {table['meeting'].nunique()} meetings -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
