# ruff: noqa
# Second round, trial 1: features x data mixture x C, threshold chosen on conv_calibration.
# PYTHONPATH=. python benchmarks/splitter_trials/v2_run1.py
import sys, time; sys.path.insert(0, "benchmarks/splitter_trials")
import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from v2_lib import *
from v2_feats import v1, v2, v3

D = load()
h = FeatureHasher(n_features=2**20, input_type="string")
TRAIN = ["conv_train", "corpus_train", "ami_train"]
configs = [  # (features, {set: weight}, C); 8: stronger regularisation still
    ("v1", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 1.0),
    ("v2", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 1.0),
    ("v3", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 1.0),
    ("v1", {"conv_train": 1, "corpus_train": 1, "ami_train": 0}, 1.0),
    ("v1", {"conv_train": 1, "corpus_train": 0, "ami_train": 0}, 1.0),
    ("v1", {"conv_train": 10, "corpus_train": 2, "ami_train": 1}, 1.0),
    ("v1", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 0.3),
    ("v1", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 3.0),
    ("v1", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 0.1),
    ("v1", {"conv_train": 5, "corpus_train": 2, "ami_train": 1}, 0.1),
    ("v1", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 0.03),
    ("v2", {"conv_train": 5, "corpus_train": 5, "ami_train": 1}, 0.1),
]
if len(sys.argv) > 1:
    configs = [configs[int(a)] for a in sys.argv[1:]]
cache = {}
for fname, weights, C in configs:
    ff = {"v1": v1, "v2": v2, "v3": v3}[fname]
    if fname not in cache:
        F = {n: featurize(D[n], ff) for n in NAMES}
        cache = {fname: {n: (h.transform(X), y, idx) for n, (X, y, idx) in F.items()}}
    M = cache[fname]
    use = [n for n in TRAIN if weights.get(n, 0) > 0]
    from scipy.sparse import vstack
    X = vstack([M[n][0] for n in use]); y = np.concatenate([M[n][1] for n in use])
    w = np.concatenate([np.full(len(M[n][1]), float(weights[n])) for n in use])
    t0 = time.time(); clf = LogisticRegression(C=C, max_iter=3000).fit(X, y, sample_weight=w)
    P = {n: clf.predict_proba(M[n][0])[:, 1] for n in EVAL}
    th = max(np.arange(0.1, 0.8, 0.025), key=lambda t: prf(D["conv_calibration"], decode(D["conv_calibration"], M["conv_calibration"][2], P["conv_calibration"], t))[2])
    res = {n: prf(D[n], decode(D[n], M[n][2], P[n], th)) for n in EVAL}
    print(fname, weights, "C", C, "th %.3f" % th, "fit %.0fs" % (time.time() - t0),
          " ".join(f"{n}={fmt(r)}" for n, r in res.items()), flush=True)
