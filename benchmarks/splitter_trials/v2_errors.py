# ruff: noqa
# Second round: the bundled (first-round) model's misses and false boundaries by the word after the gap.
# PYTHONPATH=. python benchmarks/splitter_trials/v2_errors.py [MODEL.skops] (default: the bundled one; the log
# shows the first-round model, /tmp/split2/old.skops as in v2_speed.py)
import sys; sys.path.insert(0, "benchmarks/splitter_trials")
from v2_lib import *
from collections import Counter
from analyzer.segment import gap_features, load_splitter
from analyzer.config import SPLITTER_PATH
D = load(["conv_calibration", "conv_test"])
s = load_splitter(sys.argv[1] if len(sys.argv) > 1 else SPLITTER_PATH)
for n in ["conv_calibration", "conv_test"]:
    X, y, idx = featurize(D[n], gap_features)
    p = s.model.predict_proba(X)[:, 1]
    pred = decode(D[n], idx, p, s.threshold)
    fnw, fpw, tpw, fn_first = Counter(), Counter(), Counter(), 0
    allg = 0
    for x, pr in zip(D[n], pred):
        g = {i for i,v in enumerate(x["g"]) if v}; pr=set(pr)
        allg += len(g)
        for i in g - pr:
            fnw[x["w"][i]] += 1
            if i == 1 or min(g) == i and i <= 2: fn_first += 1
        for i in pr - g: fpw[x["w"][i]] += 1
        for i in pr & g: tpw[x["w"][i]] += 1
    # gold boundaries that are not candidate gaps at all
    cand = sum(len([i for i in gaps(x) if x["g"][i]]) for x in D[n])
    print(n, "gold", allg, "candidates-gold", cand, "fn first piece<=2 words", fn_first)
    print(" FN", fnw.most_common(25)); print(" FP", fpw.most_common(25)); print(" TP", tpw.most_common(15))
