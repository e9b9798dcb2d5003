# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import json, numpy as np, time
import spacy
from analyzer.nlp import build_nlp
from spacy.tokens import Doc
nlp = build_nlp()
for n in ["corpus_train_fit","corpus_train_tune","corpus_test","samples","ami_dev","ami_train_fit","ami_train_tune"]:
    d = json.load(open(f"/tmp/split/{n}.json")); t0=time.time()
    docs = [Doc(nlp.vocab, words=x["w"], spaces=x["ws"]) for x in d]
    # words are lower_ already; tensors from the lower-cased text are what the pipeline sees (input is lower case)
    out = []
    with nlp.select_pipes(enable=["tok2vec"]):
        for doc in nlp.pipe(docs, batch_size=256):
            out.append(doc.tensor.astype(np.float32))
    np.save(f"/tmp/split/{n}.tensor.npy", np.concatenate(out))
    print(n, time.time()-t0, flush=True)
