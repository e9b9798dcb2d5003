# ruff: noqa
# Second round of splitter trials (docs/segmentation.md, "Second round"): tag every set once.
# Run from the repository root: PYTHONPATH=. python benchmarks/splitter_trials/v2_cache.py
# Writes /tmp/split2/<set>.json: per turn the words (lower case, no apostrophes), fine tags,
# whether a token follows whitespace, gold sentence starts, and a group id (conversation,
# corpus group or AMI meeting) plus the conversation's variant (clean / asr).
import json, sys, time
from pathlib import Path
import pandas as pd
from analyzer.nlp import build_nlp
from analyzer.gold_turns import _clean, ami_turns, boundary_offsets, corpus_turns, gold_sample_turns, conversation_files
from analyzer.config import CORPUS_PATH, SAMPLES_DIR, CONVERSATIONS_DIR
from analyzer.splits import conversation_split

OUT = Path("/tmp/split2"); OUT.mkdir(exist_ok=True)
nlp = build_nlp()

def tag(turns, groups, variants):
    out = []
    with nlp.select_pipes(disable=["analyzer_asr_splitter"]):
        for turn, g, v, doc in zip(turns, groups, variants, nlp.pipe([" ".join(t) for t in turns], batch_size=256)):
            gold = boundary_offsets(turn)
            text = doc.text
            wi = [len(text[:t.idx].split()) for t in doc]
            out.append({
                "w": [t.lower_.replace("'", "").replace("\u2019", "") for t in doc], "t": [t.tag_ for t in doc],
                "ws": [bool(t.whitespace_) for t in doc],
                "g": [int(i > 0 and doc[i-1].whitespace_ != "" and wi[i] in gold) for i in range(len(doc))],
                "grp": g, "var": v,
            })
    return out

def conv_sets():
    sets = {"conv_train": ([], [], []), "conv_calibration": ([], [], []), "conv_test": ([], [], [])}
    for path in conversation_files(CONVERSATIONS_DIR):
        table = pd.read_csv(path, keep_default_na=False, dtype={"conversation": str})
        if table.empty:
            continue
        cid = str(table["conversation"].iloc[0]); split = conversation_split(cid)
        for _, turn in table.groupby("turn", sort=True):
            s = _clean(turn["text"])
            if s:
                for lst, val in zip(sets["conv_" + split], (s, cid, turn["variant"].iloc[0])):
                    lst.append(val)
    return sets

def ami_sets(path, name):
    frame = pd.read_csv(path, keep_default_na=False).sort_values(["meeting", "position"], kind="stable")
    turns, groups = [], []
    for m, part in frame.groupby("meeting", sort=True):
        t = ami_turns(part); turns += t; groups += [m] * len(t)
    return {name: (turns, groups, ["ami"] * len(turns))}

def corpus_sets():
    out = {}
    for split in ("train", "test"):
        t = corpus_turns(CORPUS_PATH, split)
        out["corpus_" + split] = (t, [f"c{k // 20}" for k in range(len(t))], ["corpus"] * len(t))
    return out

samples = gold_sample_turns(sorted((SAMPLES_DIR / "gold").glob("*.csv")))
sets = {**conv_sets(), **corpus_sets(), **ami_sets("../shared/train/ami_train.csv", "ami_train"),
        **ami_sets("../shared/dev/ami_dev.csv", "ami_dev"), "samples": (samples, ["s"] * len(samples), ["samples"] * len(samples))}
for name, (turns, groups, variants) in sets.items():
    t0 = time.time(); d = tag(turns, groups, variants)
    json.dump(d, open(OUT / f"{name}.json", "w"))
    print(name, len(turns), sum(len(x["w"]) for x in d), sum(sum(x["g"]) for x in d), round(time.time() - t0, 1), flush=True)
