# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
from exp2 import *
import itertools
h = FeatureHasher(n_features=2**20, input_type="string")
for fname, ff in [("v1", gap_features_v1), ("v2", gap_features_v2)]:
    F = {n: featurize(D[n], ff) for n in names}
    for train_sets, cw in [(["corpus_train_fit"], 1), (["corpus_train_fit","ami_train_fit"], 1), (["corpus_train_fit","ami_train_fit"], 5)]:
        X = sum((F[n][0] for n in train_sets), []); y = np.concatenate([F[n][1] for n in train_sets])
        w = np.concatenate([np.full(len(F[n][1]), cw if n.startswith("corpus") else 1.0) for n in train_sets])
        t0=time.time(); clf = LogisticRegression(C=1.0, max_iter=3000).fit(h.transform(X), y, sample_weight=w)
        P = {n: clf.predict_proba(h.transform(F[n][0]))[:,1] for n in names if n not in train_sets}
        best = max(((prf(D["corpus_train_tune"], decode_threshold(D["corpus_train_tune"], F["corpus_train_tune"][2], P["corpus_train_tune"], th))[2] + (prf(D["ami_train_tune"], decode_threshold(D["ami_train_tune"], F["ami_train_tune"][2], P["ami_train_tune"], th))[2] if "ami_train_fit" in train_sets else 0)), th) for th in np.arange(0.1, 0.8, 0.05))
        th = best[1]
        res = {n: prf(D[n], decode_threshold(D[n], F[n][2], P[n], th)) for n in ["corpus_train_tune","ami_train_tune","corpus_test","samples","ami_dev"]}
        print(fname, "+".join(train_sets), "cw", cw, "th %.2f" % th, "fit %.0fs" % (time.time()-t0), " ".join(f"{n}=%.3f/%.3f/%.3f" % r for n, r in res.items()), flush=True)
