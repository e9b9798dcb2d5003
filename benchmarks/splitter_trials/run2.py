# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
from exp2 import *
import scipy.sparse as sp, pickle
h = FeatureHasher(n_features=2**20, input_type="string")
T = {n: np.load(f"/tmp/split/{n}.tensor.npy") for n in names}
def dense(n, idx):
    d = D[n]; offs = np.cumsum([0] + [len(x["w"]) for x in d])
    rows = np.array([offs[k] + i for k, i in idx])
    t = T[n]
    return np.hstack([t[rows - 1], t[rows]])
F = {n: featurize(D[n], gap_features_v2) for n in names}
M = {n: sp.hstack([h.transform(F[n][0]), sp.csr_matrix(dense(n, F[n][2]))]).tocsr() for n in names}
train_sets = ["corpus_train_fit","ami_train_fit"]
y = np.concatenate([F[n][1] for n in train_sets])
w = np.concatenate([np.full(len(F[n][1]), 5.0 if n.startswith("corpus") else 1.0) for n in train_sets])
for C in [0.3]:
    t0=time.time(); clf = LogisticRegression(C=C, max_iter=3000).fit(sp.vstack([M[n] for n in train_sets]), y, sample_weight=w)
    P = {n: clf.predict_proba(M[n])[:,1] for n in names if n not in train_sets}
    pickle.dump((P, {n: F[n][2] for n in names}), open(f"/tmp/split/P_dense_{C}.pkl","wb"))
    def tune(th): return prf(D["corpus_train_tune"], decode_threshold(D["corpus_train_tune"], F["corpus_train_tune"][2], P["corpus_train_tune"], th))[2] + prf(D["ami_train_tune"], decode_threshold(D["ami_train_tune"], F["ami_train_tune"][2], P["ami_train_tune"], th))[2]
    th = max((tune(th), th) for th in np.arange(0.1, 0.8, 0.05))[1]
    res = {n: prf(D[n], decode_threshold(D[n], F[n][2], P[n], th)) for n in ["corpus_train_tune","ami_train_tune","corpus_test","samples","ami_dev"]}
    print("v2+dense C", C, "th %.2f" % th, "fit %.0fs" % (time.time()-t0), " ".join(f"{n}=%.3f/%.3f/%.3f" % r for n, r in res.items()), flush=True)
