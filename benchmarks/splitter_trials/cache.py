# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import json, sys, time
import pandas as pd
from analyzer.nlp import build_nlp
from analyzer.gold_turns import *
from analyzer.config import CORPUS_PATH, SAMPLES_DIR
nlp = build_nlp()
def tag(turns):
    out = []
    with nlp.select_pipes(disable=["analyzer_asr_splitter"]):
        for turn, doc in zip(turns, nlp.pipe([" ".join(t) for t in turns], batch_size=256)):
            gold = boundary_offsets(turn)
            text = doc.text
            wi = [len(text[:t.idx].split()) for t in doc]
            out.append({
                "w": [t.lower_ for t in doc], "t": [t.tag_ for t in doc],
                "ws": [bool(t.whitespace_) for t in doc],
                "s": [int(bool(t.is_sent_start)) for t in doc],
                "g": [int(i > 0 and doc[i-1].whitespace_ != "" and wi[i] in gold) for i in range(len(doc))],
            })
    return out
ami_tr = pd.read_csv("../shared/train/ami_train.csv", keep_default_na=False)
ms = sorted(ami_tr.meeting.unique())
tune_m = set(ms[4::5])
sets = {
 "corpus_train_fit": [t for k,t in enumerate(corpus_turns(CORPUS_PATH,"train")) if k % 5],
 "corpus_train_tune": corpus_turns(CORPUS_PATH,"train")[::5],
 "corpus_test": corpus_turns(CORPUS_PATH,"test"),
 "samples": gold_sample_turns(sorted((SAMPLES_DIR/"gold").glob("*.csv"))),
 "ami_dev": ami_turns("../shared/dev/ami_dev.csv"),
 "ami_train_fit": ami_turns(ami_tr[~ami_tr.meeting.isin(tune_m)]),
 "ami_train_tune": ami_turns(ami_tr[ami_tr.meeting.isin(tune_m)]),
}
for name, turns in sets.items():
    t0=time.time(); d = tag(turns)
    json.dump(d, open(f"/tmp/split/{name}.json","w"))
    print(name, len(turns), sum(len(x["w"]) for x in d), sum(sum(x["g"]) for x in d), round(time.time()-t0,1), flush=True)
