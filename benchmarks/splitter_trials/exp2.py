# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import json, sys, time, numpy as np
sys.path.insert(0, "/tmp/split")
from feats import *
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
names = ["corpus_train_fit","corpus_train_tune","corpus_test","samples","ami_dev","ami_train_fit","ami_train_tune"]
D = {n: json.load(open(f"/tmp/split/{n}.json")) for n in names}
def words_of(x): return [w.replace("'", "").replace("\u2019","") for w in x["w"]]
def gaps(x):  # candidate gaps: token after whitespace, piece >= 1 each side
    return [i for i in range(1, len(x["w"])) if x["ws"][i-1]]
def featurize(d, ff):
    X, y, idx = [], [], []
    for k, x in enumerate(d):
        ws = words_of(x)
        for i in gaps(x):
            X.append(ff(ws, x["t"], i)); y.append(x["g"][i]); idx.append((k, i))
    return X, np.array(y), idx
def decode_threshold(d, idx, p, th, min_piece=2):
    pred = [[] for _ in d]
    last = {}
    for (k, i), q in zip(idx, p):
        n = len(d[k]["w"])
        if q >= th and i - last.get(k, 0) >= min_piece and n - i >= min_piece:
            pred[k].append(i); last[k] = i
    return pred
def prf(d, pred):
    tp=fp=fn=0
    for x, p in zip(d, pred):
        g = {i for i, v in enumerate(x["g"]) if v}; p = set(p)
        tp+=len(p&g); fp+=len(p-g); fn+=len(g-p)
    P=tp/max(tp+fp,1); R=tp/max(tp+fn,1); return P,R,2*P*R/max(P+R,1e-9)
