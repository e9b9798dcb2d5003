# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import json, sys, time, spacy, numpy as np
sys.path.insert(0, "/tmp/split")
from spacy.tokens import Doc
model = sys.argv[1]
nlp = spacy.load(model)
def prf(d, pred):
    tp=fp=fn=0
    for x, p in zip(d, pred):
        g = {i for i, v in enumerate(x["g"]) if v}; p = set(p)
        tp+=len(p&g); fp+=len(p-g); fn+=len(g-p)
    P=tp/max(tp+fp,1); R=tp/max(tp+fn,1); return P,R,2*P*R/max(P+R,1e-9)
for n in ["corpus_train_tune","ami_train_tune","corpus_test","samples","ami_dev"]:
    d = json.load(open(f"/tmp/split/{n}.json")); t0 = time.time()
    docs = list(nlp.pipe([Doc(nlp.vocab, words=x["w"], spaces=x["ws"]) for x in d], batch_size=256))
    pred = [[t.i for t in doc if t.i > 0 and t.is_sent_start] for doc in docs]
    print(model, n, "%.3f/%.3f/%.3f" % prf(d, pred), "%.1fs" % (time.time()-t0), sum(len(x["w"]) for x in d), "tokens", flush=True)
