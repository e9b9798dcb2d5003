# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import json, spacy
from spacy.tokens import Doc, DocBin
nlp = spacy.blank("en")
for out, names in [("train", ["corpus_train_fit", "ami_train_fit"]), ("dev", ["corpus_train_tune", "ami_train_tune"])]:
    db = DocBin()
    for n in names:
        for x in json.load(open(f"/tmp/split/{n}.json")):
            starts = [True] + [bool(v) for v in x["g"][1:]]
            db.add(Doc(nlp.vocab, words=x["w"], spaces=x["ws"], sent_starts=starts))
    db.to_disk(f"/tmp/split/senter/{out}.spacy")
    print(out, len(db))
