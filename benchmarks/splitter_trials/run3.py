# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import pickle, json, numpy as np, sys
sys.path.insert(0, "/tmp/split")
from dp import *
from exp2 import D, prf, decode_threshold
P, IDX = pickle.load(open("/tmp/split/P_dense_0.3.pkl", "rb"))
lengths = []
for n in ["corpus_train_fit", "ami_train_fit"]:
    for x in D[n]:
        b = [0] + [i for i, v in enumerate(x["g"]) if v] + [len(x["w"])]
        lengths += list(np.diff(b))
prior = length_logprior(np.array(lengths))
def run(n, lam, bias):
    d = D[n]; per = {}
    for (k, i), q in zip(IDX[n], P[n]):
        per.setdefault(k, ([], []))[0].append(i); per[k][1].append(q)
    pred = []
    for k, x in enumerate(d):
        g, q = per.get(k, ([], []))
        pred.append(decode_dp(len(x["w"]), g, q, prior, lam, bias))
    return prf(d, pred)
res = []
for lam in [0.0, 0.3, 0.6, 1.0]:
    for bias in [-1.0, -0.5, 0.0, 0.5, 1.0]:
        a = run("corpus_train_tune", lam, bias); b = run("ami_train_tune", lam, bias)
        res.append((a[2] + b[2], lam, bias)); print(lam, bias, "%.3f %.3f" % (a[2], b[2]), flush=True)
s, lam, bias = max(res)
print("chosen", lam, bias)
for n in ["corpus_test", "samples", "ami_dev"]:
    print(n, "%.3f/%.3f/%.3f" % run(n, lam, bias))
