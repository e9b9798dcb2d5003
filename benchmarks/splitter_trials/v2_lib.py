# ruff: noqa
# Second round of splitter trials: shared helpers (cached sets from v2_cache.py, scoring, decoding).
import json, time
import numpy as np
from pathlib import Path
from analyzer.segment import MIN_FIRST_PIECE, MIN_PIECE

CACHE = Path("/tmp/split2")
NAMES = ["conv_train", "conv_calibration", "conv_test", "corpus_train", "corpus_test", "ami_train", "ami_dev", "samples"]
EVAL = ["conv_calibration", "conv_test", "ami_dev", "samples", "corpus_test"]


def load(names=NAMES):
    return {n: json.load(open(CACHE / f"{n}.json")) for n in names}


def gaps(x):
    """The component's candidate gaps: after whitespace, first piece >= 1, others >= 2."""
    n = len(x["w"])
    return [i for i in range(MIN_FIRST_PIECE, n - MIN_PIECE + 1) if x["ws"][i - 1]]


def featurize(d, ff):
    X, y, idx = [], [], []
    for k, x in enumerate(d):
        for i in gaps(x):
            X.append(ff(x["w"], x["t"], i)); y.append(x["g"][i]); idx.append((k, i))
    return X, np.array(y), idx


def decode(d, idx, p, th):
    """Greedy left to right, as the component does (keeps_pieces)."""
    pred = [[] for _ in d]
    last = {}
    for (k, i), q in zip(idx, p):
        lk = last.get(k, 0)
        if q >= th and i - lk >= (MIN_FIRST_PIECE if lk == 0 else MIN_PIECE):
            pred[k].append(i); last[k] = i
    return pred


def prf(d, pred, keep=None):
    tp = fp = fn = 0
    for x, p in zip(d, pred):
        if keep is not None and not keep(x):
            continue
        g = {i for i, v in enumerate(x["g"]) if v}; p = set(p)
        tp += len(p & g); fp += len(p - g); fn += len(g - p)
    P = tp / max(tp + fp, 1); R = tp / max(tp + fn, 1)
    return P, R, 2 * P * R / max(P + R, 1e-9)


def fmt(r):
    return "%.3f/%.3f/%.3f" % r
