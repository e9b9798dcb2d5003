# ruff: noqa
# Second round: the bundled (before) model on the cached sets, by variant; then sample turns with gold [G] / predicted [P] boundaries. PYTHONPATH=. python benchmarks/splitter_trials/v2_bundled.py
import sys; sys.path.insert(0, "benchmarks/splitter_trials")
from v2_lib import *
from analyzer.segment import gap_features, load_splitter
from analyzer.config import SPLITTER_PATH
D = load(EVAL)
s = load_splitter(SPLITTER_PATH)
for n in EVAL:
    X, y, idx = featurize(D[n], gap_features)
    p = s.model.predict_proba(X)[:, 1]
    pred = decode(D[n], idx, p, s.threshold)
    extra = ""
    if n.startswith("conv"):
        extra = " clean " + fmt(prf(D[n], pred, lambda x: x["var"] == "clean")) + " asr " + fmt(prf(D[n], pred, lambda x: x["var"] == "asr"))
    best = max((prf(D[n], decode(D[n], idx, p, t))[2], t) for t in np.arange(0.1, 0.9, 0.05))
    print(n, fmt(prf(D[n], pred)), extra, "oracle th %.3f@%.2f" % best)
import random
n="conv_calibration"; X, y, idx = featurize(D[n], gap_features); p = s.model.predict_proba(X)[:, 1]
pred = decode(D[n], idx, p, s.threshold)
random.seed(1)
for k in random.sample(range(len(D[n])), 25):
    x = D[n][k]; g = {i for i,v in enumerate(x["g"]) if v}; pr=set(pred[k])
    out=[]
    for i,w in enumerate(x["w"]):
        if i in g and i in pr: out.append("||")
        elif i in g: out.append("[G]")
        elif i in pr: out.append("[P]")
        out.append(w)
    print(x["var"], " ".join(out))
