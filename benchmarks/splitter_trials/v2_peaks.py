# ruff: noqa
# Second round: peak picking (a gap must beat its neighbours within 1 or 2) instead of the greedy threshold, on the bundled model. PYTHONPATH=. python benchmarks/splitter_trials/v2_peaks.py
import sys; sys.path.insert(0, "benchmarks/splitter_trials")
from v2_lib import *
from analyzer.segment import gap_features, load_splitter
from analyzer.config import SPLITTER_PATH
D = load(EVAL)
s = load_splitter(SPLITTER_PATH)
def decode_peak(d, idx, p, th, win=1):
    by = {}
    for j,(k,i) in enumerate(idx): by.setdefault(k, []).append(j)
    pred=[[] for _ in d]
    for k, js in by.items():
        pos = {idx[j][1]: p[j] for j in js}
        last=0
        for j in js:
            i=idx[j][1]; q=p[j]
            if q < th: continue
            if any(pos.get(i+o, 0) > q for o in range(-win, win+1) if o): continue
            if i-last >= (1 if last==0 else 2): pred[k].append(i); last=i
    return pred
P={}; M={}
for n in EVAL:
    X, y, idx = featurize(D[n], gap_features); M[n]=idx; P[n]=s.model.predict_proba(X)[:, 1]
for win in (0,1,2):
    dec = (lambda d,idx,p,t: decode(d,idx,p,t)) if win==0 else (lambda d,idx,p,t,w=win: decode_peak(d,idx,p,t,w))
    th = max(np.arange(0.1, 0.8, 0.025), key=lambda t: prf(D["conv_calibration"], dec(D["conv_calibration"], M["conv_calibration"], P["conv_calibration"], t))[2])
    print(win, "th %.3f"%th, " ".join(f"{n}={fmt(prf(D[n], dec(D[n], M[n], P[n], th)))}" for n in EVAL))
