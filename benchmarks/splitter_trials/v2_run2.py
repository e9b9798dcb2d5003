# ruff: noqa
# Second round, trial 2: stacking. A logistic regression scores every gap (out-of-fold on the
# training sets, 3 folds by conversation / group / meeting); a gradient-boosted second stage
# reads each gap's score beside its neighbours' scores, the distance to the stretch's ends and
# a few categorical cues, so it can prefer the strongest of two close candidate gaps.
# PYTHONPATH=. python benchmarks/splitter_trials/v2_run2.py FEATURES [linear] (first stage C=0.1, weights 5/5/1;
# with 'linear', a scaled logistic regression over expanded dense features instead of the boosted trees)
import sys, time; sys.path.insert(0, "benchmarks/splitter_trials")
import numpy as np
from scipy.sparse import vstack
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import HistGradientBoostingClassifier
from v2_lib import *
from v2_feats import v1, v2, v3

fname = sys.argv[1] if len(sys.argv) > 1 else "v1"
ff = {"v1": v1, "v2": v2, "v3": v3}[fname]
WEIGHTS = {"conv_train": 5.0, "corpus_train": 5.0, "ami_train": 1.0}
D = load()
h = FeatureHasher(n_features=2**20, input_type="string")
M = {}
for n in NAMES:
    X, y, idx = featurize(D[n], ff); M[n] = (h.transform(X), y, idx)
TRAIN = list(WEIGHTS)


def fold_of(n, k):
    return hash(D[n][k]["grp"]) % 3 if False else (sum(map(ord, D[n][k]["grp"])) % 3)


def lr(parts):
    X = vstack([p[0] for p in parts]); y = np.concatenate([p[1] for p in parts]); w = np.concatenate([p[2] for p in parts])
    return LogisticRegression(C=0.1, max_iter=3000).fit(X, y, sample_weight=w)


t0 = time.time()
oof = {n: np.zeros(len(M[n][1])) for n in TRAIN}
for f in range(3):
    parts, held = [], {}
    for n in TRAIN:
        fo = np.array([fold_of(n, k) for k, _ in M[n][2]])
        parts.append((M[n][0][fo != f], M[n][1][fo != f], np.full((fo != f).sum(), WEIGHTS[n])))
        held[n] = fo == f
    clf = lr(parts)
    for n in TRAIN:
        oof[n][held[n]] = clf.predict_proba(M[n][0][held[n]])[:, 1]
    print("fold", f, "%.0fs" % (time.time() - t0), flush=True)
full = lr([(M[n][0], M[n][1], np.full(len(M[n][1]), WEIGHTS[n])) for n in TRAIN])
P1 = {**oof, **{n: full.predict_proba(M[n][0])[:, 1] for n in EVAL}}
CLASSES = {"wh": 0, "aux": 1, "mark": 2, "-": 3}


def stage2(d, idx, p):
    """Dense second-stage features of every gap: its score, its neighbours', distances, cues."""
    rows = []
    by_turn = {}
    for j, (k, i) in enumerate(idx):
        by_turn.setdefault(k, []).append(j)
    out = np.zeros((len(idx), 16), dtype=float)
    for k, js in by_turn.items():
        x = d[k]; n = len(x["w"]); ps = p[js]
        lo = np.log(ps / (1 - ps + 1e-9) + 1e-9)
        for a, j in enumerate(js):
            i = idx[j][1]
            nb = [lo[a + o] if 0 <= a + o < len(js) else -20.0 for o in (-3, -2, -1, 1, 2, 3)]
            out[j] = [lo[a], *nb, max(nb[2], nb[3]), lo[a] - max(nb[1:5]), i, n - i, n, len(js),
                      CLASSES[_wc(x["w"][i])], CLASSES[_wc(x["w"][i - 1])], (ps >= 0.5).sum()]
    return out


from analyzer.segment import _word_class as _wc
S = {n: stage2(D[n], M[n][2], P1[n]) for n in TRAIN + EVAL}
Xs = np.vstack([S[n] for n in TRAIN]); ys = np.concatenate([M[n][1] for n in TRAIN])
ws = np.concatenate([np.full(len(M[n][1]), WEIGHTS[n]) for n in TRAIN])
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def dense(S):
    """For a linear second stage: the numbers, their squares, one-hot word classes, beats-its-neighbours flags."""
    num = np.delete(S, [13, 14], axis=1)
    hot = np.hstack([(S[:, [c]] == v).astype(float) for c in (13, 14) for v in range(4)])
    beats = np.stack([S[:, 0] > S[:, 3], S[:, 0] > S[:, 4], S[:, 0] > np.maximum(S[:, 3], S[:, 4])], axis=1).astype(float)
    return np.hstack([num, np.clip(num, -20, 50) ** 2 / 100, hot, beats, S[:, [0]] * beats])


if "linear" in sys.argv:
    lin = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000)).fit(dense(Xs), ys, logisticregression__sample_weight=ws)
    P2 = {n: lin.predict_proba(dense(S[n]))[:, 1] for n in EVAL}
    th = max(np.arange(0.1, 0.8, 0.025), key=lambda t: prf(D["conv_calibration"], decode(D["conv_calibration"], M["conv_calibration"][2], P2["conv_calibration"], t))[2])
    res = {n: prf(D[n], decode(D[n], M[n][2], P2[n], th)) for n in EVAL}
    print(fname, "linear stack", "th %.3f" % th, " ".join(f"{n}={fmt(r)}" for n, r in res.items()), flush=True)
    sys.exit()
for depth_cfg in [dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=31), dict(max_iter=400, learning_rate=0.05, max_leaf_nodes=15)]:
    hgb = HistGradientBoostingClassifier(categorical_features=[13, 14], random_state=0, **depth_cfg).fit(Xs, ys, sample_weight=ws)
    P2 = {n: hgb.predict_proba(S[n])[:, 1] for n in EVAL}
    for name, P in [("lr", P1), ("stack", P2)]:
        th = max(np.arange(0.1, 0.8, 0.025), key=lambda t: prf(D["conv_calibration"], decode(D["conv_calibration"], M["conv_calibration"][2], P["conv_calibration"], t))[2])
        res = {n: prf(D[n], decode(D[n], M[n][2], P[n], th)) for n in EVAL}
        print(fname, name, depth_cfg, "th %.3f" % th, " ".join(f"{n}={fmt(r)}" for n, r in res.items()), flush=True)
