# ruff: noqa
# Second round, trial 3: features of the piece since the last boundary (how long it is, whether it
# already holds a finite verb, how it opened), decoded greedily left to right. Training uses the
# gold last boundary (teacher forcing); measuring uses the decoder's own boundaries.
# The score is linear: the static part is one hashed-matrix product, the piece part a lookup.
# PYTHONPATH=. python benchmarks/splitter_trials/v2_run3.py [config numbers]
import sys, time; sys.path.insert(0, "benchmarks/splitter_trials")
import numpy as np
from scipy.sparse import vstack
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from v2_lib import *
from v2_feats import v1
from analyzer.segment import _bucket, _word_class

FIN = frozenset(("VBD", "VBZ", "VBP", "MD"))


def static(words, tags, i):
    nv = any(t in FIN for t in tags[i:i + 4])
    return v1(words, tags, i) + ["nv=%d" % nv]


def piece(words, tags, i, b, fin_count):
    v = "0" if fin_count == 0 else "1" if fin_count == 1 else "2"
    first = words[b]
    return ["sb=" + _bucket(i - b), "sv=" + v, f"sbv={_bucket(i - b)}|{v}", f"sf={_word_class(first)}|{v}",
            f"sfw={first}|{v}", f"sfirst={int(b == 0)}|{v}", f"sv_w0={v}|{_word_class(words[i])}"]


def featurize_seq(d):
    X, y, idx = [], [], []
    for k, x in enumerate(d):
        w, t = x["w"], x["t"]
        cand = set(gaps(x))
        b, fc = 0, 0
        for i in range(len(w)):
            if i in cand:
                X.append(static(w, t, i) + piece(w, t, i, b, fc)); y.append(x["g"][i]); idx.append((k, i))
            if x["g"][i]:
                b, fc = i, 0
            fc += t[i] in FIN
    return X, np.array(y), idx


h = FeatureHasher(n_features=2**20, input_type="string")


class Scorer:
    def __init__(self, clf):
        self.coef = clf.coef_.ravel(); self.b0 = clf.intercept_[0]; self.memo = {}

    def w(self, f):
        if f not in self.memo:
            self.memo[f] = float((h.transform([[f]]) @ self.coef)[0])
        return self.memo[f]

    def decode(self, d, th):
        lt = np.log(th / (1 - th))
        pred = []
        for x in d:
            w, t = x["w"], x["t"]
            cand = gaps(x)
            if not cand:
                pred.append([]); continue
            s = h.transform([static(w, t, i) for i in cand]) @ self.coef + self.b0
            out, b, fc, j = [], 0, 0, 0
            cs = set(cand); sc = dict(zip(cand, s))
            for i in range(len(w)):
                if i in cs:
                    z = sc[i] + sum(self.w(f) for f in piece(w, t, i, b, fc))
                    if z >= lt and i - b >= (1 if b == 0 else 2):
                        out.append(i); b, fc = i, 0
                fc += t[i] in FIN
            pred.append(out)
        return pred


C = 0.3
configs = [
    {"conv_train": 5, "corpus_train": 5, "ami_train": 1},
    {"conv_train": 1, "corpus_train": 1, "ami_train": 0},
]
if len(sys.argv) > 1:
    configs = [configs[int(a)] for a in sys.argv[1:]]
D = load()
F = {n: featurize_seq(D[n]) for n in ["conv_train", "corpus_train", "ami_train"]}
M = {n: (h.transform(X), y) for n, (X, y, _) in F.items()}
for weights in configs:
    use = [n for n, v in weights.items() if v > 0]
    X = vstack([M[n][0] for n in use]); y = np.concatenate([M[n][1] for n in use])
    wt = np.concatenate([np.full(len(M[n][1]), float(weights[n])) for n in use])
    t0 = time.time(); clf = LogisticRegression(C=C, max_iter=3000).fit(X, y, sample_weight=wt)
    sc = Scorer(clf)
    th = max(np.arange(0.1, 0.8, 0.025), key=lambda t: prf(D["conv_calibration"], sc.decode(D["conv_calibration"], t))[2])
    res = {n: prf(D[n], sc.decode(D[n], th)) for n in EVAL}
    np.save(CACHE / f"seq_coef_{len(use)}.npy", np.append(clf.coef_.ravel(), clf.intercept_))
    print("seq", weights, "C", C, "th %.3f" % th, "fit %.0fs" % (time.time() - t0),
          " ".join(f"{n}={fmt(r)}" for n, r in res.items()), flush=True)
